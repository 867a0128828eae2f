"""The onnxruntime detector (the default wherever its converted model is) finds what the OpenCV one finds.

Needs the converted model (`make model-onnx`, which `make test` runs): without it these tests are
skipped, and say why."""

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


@pytest.mark.parametrize(
    ("runtime", "model_exists", "chosen"),
    [("auto", True, "onnxruntime"), ("auto", False, "OpenCV"), ("opencv", True, "OpenCV")],
)
def test_the_runtime_is_onnxruntime_where_its_model_is_unless_set(settings, tmp_path, runtime, model_exists, chosen):
    settings.SPOTTER_DETECTOR_RUNTIME = runtime
    settings.SPOTTER_ONNX_MODEL = str(MODEL if model_exists else tmp_path / "missing.onnx")
    detector_module.get_detector.cache_clear()
    try:
        assert detector_module.get_detector().runtime.startswith(chosen)
    finally:
        detector_module.get_detector.cache_clear()


def test_onnxruntime_asked_for_without_its_model_says_how_to_make_it(settings, tmp_path):
    settings.SPOTTER_DETECTOR_RUNTIME = "onnxruntime"
    settings.SPOTTER_ONNX_MODEL = str(tmp_path / "missing.onnx")
    detector_module.get_detector.cache_clear()
    try:
        with pytest.raises(detector_module.DetectorUnavailable, match="make model-onnx"):
            detector_module.get_detector()
    finally:
        detector_module.get_detector.cache_clear()
