"""The onnxruntime detector (opt-in, SPOTTER_DETECTOR_RUNTIME=onnxruntime) finds what the OpenCV one finds.

Needs the converted model (`make model-onnx`): without it these tests are skipped, and say why."""

import importlib.util
import io
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings

from conftest import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER
from image_processing.detection import detector as detector_module
from image_processing.detection.detector import SsdMobilenetDetector
from image_processing.imaging import load_oriented

MODEL = Path(settings.SPOTTER_ONNX_MODEL)
pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("onnxruntime") is None or not MODEL.exists(),
    reason=f"needs onnxruntime and the converted model at {MODEL} (`make model-onnx`)",
)


@pytest.mark.parametrize("photo", [ASTRONAUT, CHELSEA, GRACE_HOPPER, COFFEE])
def test_onnxruntime_finds_the_same_objects_as_opencv(photo):
    from image_processing.detection.onnx_detector import OnnxSsdDetector

    picture = np.asarray(load_oriented(io.BytesIO(photo.read_bytes()), 300))
    reference = SsdMobilenetDetector(threads=1).detect(picture, min_confidence=0.3)
    found = OnnxSsdDetector(MODEL, threads=1).detect(picture, min_confidence=0.3)
    assert reference
    assert [f.label for f in found] == [f.label for f in reference]
    for mine, theirs in zip(found, reference, strict=True):
        assert mine.confidence == pytest.approx(theirs.confidence, abs=1e-3)
        for side in ("x_min", "y_min", "x_max", "y_max"):
            assert getattr(mine.box, side) == pytest.approx(getattr(theirs.box, side), abs=2e-3)


def test_the_runtime_is_chosen_by_setting(settings):
    from image_processing.detection.onnx_detector import OnnxSsdDetector

    settings.SPOTTER_DETECTOR_RUNTIME = "onnxruntime"
    detector_module.get_detector.cache_clear()
    try:
        assert isinstance(detector_module.get_detector(), OnnxSsdDetector)
    finally:
        detector_module.get_detector.cache_clear()
