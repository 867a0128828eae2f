"""The real detector on real photos: no mocks."""

import io

import numpy as np
import pytest
from PIL import Image as PILImage

from image_processing.detection import Box, DetectorUnavailable, Found, get_detector, model_files
from image_processing.detection.postprocessing import distinct_objects as suppress_overlaps
from image_processing.detection.runtimes.opencv import OpenCvSsdDetector
from image_processing.imaging import load_oriented
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, jpeg_bytes


def _detect(content: bytes, **options) -> list[Found]:
    detector = get_detector()
    picture = load_oriented(io.BytesIO(content), detector.spec.input_width)
    return detector.detect(np.asarray(picture), **options)


@pytest.mark.parametrize(("photo", "label"), [(ASTRONAUT, "person"), (CHELSEA, "cat"), (GRACE_HOPPER, "person")])
def test_finds_the_obvious_object_in_real_photos(photo, label):
    found = _detect(photo.read_bytes())
    assert found[0].label == label
    assert found[0].confidence >= 0.5
    assert all(0 <= f.box.x_min < f.box.x_max <= 1 and 0 <= f.box.y_min < f.box.y_max <= 1 for f in found)


def test_minimum_confidence_and_class_filter_are_applied():
    everything = _detect(ASTRONAUT.read_bytes(), min_confidence=0.3)
    assert len(everything) > 1
    people_only = _detect(ASTRONAUT.read_bytes(), min_confidence=0.3, labels=frozenset({"person"}))
    assert [f.label for f in people_only] == ["person"]
    assert all(f.confidence >= 0.8 for f in _detect(ASTRONAUT.read_bytes(), min_confidence=0.8))


def test_boxes_follow_exif_orientation():
    """A cat stored sideways with an EXIF tag saying so is found at the same place as the upright cat."""
    upright = PILImage.open(CHELSEA).convert("RGB")
    exif = PILImage.Exif()
    exif[0x0112] = 8  # displayed = stored rotated 90° counter-clockwise
    sideways = jpeg_bytes(upright.transpose(PILImage.Transpose.ROTATE_270), exif=exif.tobytes())
    reference = _detect(jpeg_bytes(upright))[0]
    rotated = _detect(sideways)[0]
    assert rotated.label == reference.label == "cat"
    for side in ("x_min", "y_min", "x_max", "y_max"):
        assert getattr(rotated.box, side) == pytest.approx(getattr(reference.box, side), abs=0.05)


def test_class_agnostic_suppression_keeps_the_best_of_overlapping_boxes():
    cat = Found("cat", 0.9, Box(0.1, 0.1, 0.5, 0.5))
    dog_on_the_cat = Found("dog", 0.6, Box(0.11, 0.1, 0.5, 0.52))
    dog_elsewhere = Found("dog", 0.7, Box(0.6, 0.6, 0.9, 0.9))
    assert suppress_overlaps([dog_on_the_cat, cat, dog_elsewhere], 0.7) == [cat, dog_elsewhere]


def test_is_loaded_once_per_process():
    assert get_detector() is get_detector()


def test_refuses_weights_that_are_not_the_expected_ones(monkeypatch, tmp_path):
    _, description = model_files.shipped_model_files()
    fake_graph = tmp_path / "frozen_inference_graph.pb"
    fake_graph.write_bytes(b"not the weights")
    monkeypatch.setattr(model_files, "shipped_model_files", lambda: (fake_graph, description))
    with pytest.raises(DetectorUnavailable, match="sha256"):
        OpenCvSsdDetector()
