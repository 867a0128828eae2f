"""The detector on OpenVINO, read straight from the wheel's frozen graph, finds what the reference runtime
found: onnxruntime on the tf2onnx conversion, whose detections on these photos (shipped in scikit-image and
matplotlib) are kept in onnxruntime_detections.json."""

import io
import json
from pathlib import Path

import numpy as np
import pytest
import skimage

from image_processing.detection import SHIPPED_MODEL, Box, DetectorUnavailable, model_files
from image_processing.detection.loader import forget_detectors, get_detector
from image_processing.detection.runtimes.openvino import OpenVinoDetector, converted_model
from image_processing.imaging import load_oriented
from tests.support import GRACE_HOPPER, iou

RECORDED = json.loads((Path(__file__).parent / "onnxruntime_detections.json").read_text())["photos"]
PHOTOS = {name: Path(skimage.__file__).parent / "data" / name for name in RECORDED} | {"grace_hopper.jpg": GRACE_HOPPER}


@pytest.mark.parametrize("name", sorted(RECORDED))
def test_openvino_finds_what_the_reference_runtime_found(name):
    detector = get_detector()
    assert detector.runtime.startswith("OpenVINO") and detector.runtime.endswith("f32")
    picture = np.asarray(load_oriented(io.BytesIO(PHOTOS[name].read_bytes()), SHIPPED_MODEL.input_width))
    found = detector.detect(picture, min_confidence=0.3)
    expected = [e for e in RECORDED[name] if e["confidence"] >= 0.5]
    assert [f.label for f in found if f.confidence >= 0.5] == [e["label"] for e in expected]
    for mine, theirs in zip(found, expected, strict=False):
        assert mine.confidence == pytest.approx(theirs["confidence"], abs=0.01)
        assert iou(mine.box, Box(*theirs["box"])) >= 0.99


def test_a_changed_or_truncated_model_file_is_refused(monkeypatch, tmp_path):
    graph, description = model_files.shipped_model_files()
    truncated = tmp_path / "frozen_inference_graph.pb"
    truncated.write_bytes(graph.read_bytes()[:1_000_000])
    monkeypatch.setattr(model_files, "shipped_model_files", lambda: (truncated, description))
    forget_detectors()
    try:
        with pytest.raises(DetectorUnavailable, match=f"sha256 .*expected {SHIPPED_MODEL.sha256}"):
            get_detector()
    finally:
        forget_detectors()


def test_a_model_is_converted_once_and_kept_under_its_sha256(tmp_path):
    graph = model_files.verified_shipped_graph()
    first = converted_model(graph, SHIPPED_MODEL.sha256, tmp_path)
    assert first.parent.parent.name == SHIPPED_MODEL.sha256
    built_at = first.stat().st_mtime_ns
    assert converted_model(graph, SHIPPED_MODEL.sha256, tmp_path).stat().st_mtime_ns == built_at  # kept
    first.unlink()  # a conversion cut short: done again
    assert converted_model(graph, SHIPPED_MODEL.sha256, tmp_path).stat().st_mtime_ns > built_at
    detector = OpenVinoDetector(SHIPPED_MODEL, graph, tmp_path, threads=1)
    picture = np.asarray(load_oriented(io.BytesIO(GRACE_HOPPER.read_bytes()), SHIPPED_MODEL.input_width))
    assert detector.detect(picture)[0].label == "person"


def test_where_openvino_cannot_load_the_detector_runs_on_opencv_and_says_so(monkeypatch, caplog, settings):
    from image_processing.detection.runtimes import openvino as openvino_runtime

    def cannot_load(*args, **kwargs):
        raise RuntimeError("no plugin for this CPU")

    monkeypatch.setattr(openvino_runtime, "OpenVinoDetector", cannot_load)  # as on a platform without it
    settings.SPOTTER_DETECTOR_RUNTIME = "auto"
    forget_detectors()
    try:
        detector = get_detector()
        assert detector.runtime.startswith("OpenCV")
        assert "OpenVINO cannot run the detector (no plugin for this CPU)" in caplog.text
        picture = np.asarray(load_oriented(io.BytesIO(GRACE_HOPPER.read_bytes()), SHIPPED_MODEL.input_width))
        assert detector.detect(picture)[0].label == "person"
        settings.SPOTTER_DETECTOR_RUNTIME = "openvino"  # asked for by name: no quiet fallback
        forget_detectors()
        with pytest.raises(DetectorUnavailable, match="no plugin for this CPU"):
            get_detector()
    finally:
        forget_detectors()
