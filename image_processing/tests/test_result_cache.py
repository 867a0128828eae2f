"""The result cache: a photo whose content this model has seen is answered without running the model."""

import numpy as np
import pytest

from image_processing import storage
from image_processing.detection import SHIPPED_MODEL, get_detector
from image_processing.detection.coco import COCO_LABELS_BY_ID
from image_processing.imaging import load_oriented
from image_processing.models import DetectionCache, Image
from image_processing.services.examination import KEPT_FLOOR, Examination, ExaminationService
from tests.support import ASTRONAUT, CHELSEA, upload_paths

pytestmark = pytest.mark.django_db

EVERYTHING = frozenset(COCO_LABELS_BY_ID.values())


@pytest.fixture
def forward_calls(monkeypatch) -> list[int]:
    """Counts the model's forward passes (the real ones still run)."""
    calls: list[int] = []
    runtime = type(get_detector())  # whichever runtime is configured, in either precision
    real_candidates = runtime.candidates

    def counting_candidates(self, rgb, floor=0.0):
        calls.append(1)
        return real_candidates(self, rgb, floor)

    monkeypatch.setattr(runtime, "candidates", counting_candidates)
    return calls


def _image(api, path) -> Image:
    (uploaded,) = upload_paths(api, path)
    return Image.objects.get(id=uploaded["id"])


def _detect(image: Image, labels: frozenset[str], min_confidence: float, precision: str = "exact") -> list:
    """What a worker does for one photo: look it up, detect, record (which fills the result cache); what it
    found at this minimum confidence (every box from KEPT_FLOOR up is kept)."""
    service = ExaminationService()
    exam = Examination(service.model_run(None, precision), labels, min_confidence)
    photo = service.photos_to_detect([image.id], exam)[image.id]
    detected = service.detect(photo, exam)
    assert detected.error is None
    service.record_detections(None, exam, {image.id: detected})
    return [found for found in detected.found if found.confidence >= min_confidence]


def test_the_second_detection_of_the_same_content_does_not_run_the_model(api, media_root, forward_calls):
    astronaut = _image(api, ASTRONAUT)
    first = _detect(astronaut, EVERYTHING, 0.5)
    assert len(forward_calls) == 1 and first
    again = _detect(astronaut, EVERYTHING, 0.5)
    assert again == first
    assert len(forward_calls) == 1
    cached = DetectionCache.objects.get(sha256=astronaut.sha256, model=SHIPPED_MODEL.sha256)  # the weights' sha256
    assert cached.floor == KEPT_FLOOR
    assert cached.candidates and all(score >= KEPT_FLOOR for _, score, *_ in cached.candidates)


def test_cached_answers_equal_fresh_inference_for_any_confidence_and_classes(api, other_api, media_root, forward_calls):
    mine = _image(api, ASTRONAUT)
    _detect(mine, EVERYTHING, 0.9)  # fills the cache
    # The same bytes uploaded by someone else: another image, same sha256, answered from the cache.
    theirs = _image(other_api, ASTRONAUT)
    assert theirs.id != mine.id and theirs.sha256 == mine.sha256
    calls_before = len(forward_calls)
    detector = get_detector()
    for min_confidence, labels in [(0.3, EVERYTHING), (0.5, frozenset({"person"})), (0.15, frozenset({"cup"}))]:
        cached = _detect(theirs, labels, min_confidence)
        fresh = detector.detect(_decoded(theirs), min_confidence, labels)
        assert cached == fresh
    assert len(forward_calls) == calls_before + 3  # only the three fresh reference runs
    assert _detect(theirs, EVERYTHING, 0.3) != _detect(theirs, EVERYTHING, 0.8)


def test_a_minimum_confidence_below_the_cache_floor_runs_the_model(api, media_root, forward_calls):
    cat = _image(api, CHELSEA)
    _detect(cat, EVERYTHING, 0.5)
    low = _detect(cat, EVERYTHING, KEPT_FLOOR / 2)
    assert len(forward_calls) == 2
    assert len(low) >= len(_detect(cat, EVERYTHING, 0.5))
    assert DetectionCache.objects.count() == 1


def _decoded(image: Image) -> np.ndarray:
    with storage.open_file(image.file_name) as stream:
        return np.asarray(load_oriented(stream, SHIPPED_MODEL.input_width))


def test_the_reduced_precision_is_recorded_under_its_own_name_and_cached_apart(api, media_root, forward_calls):
    astronaut = _image(api, ASTRONAUT)
    exact = _detect(astronaut, EVERYTHING, 0.3)
    reduced = _detect(astronaut, EVERYTHING, 0.3, precision="reduced")
    assert len(forward_calls) == 2  # the exact result in the cache does not answer for the reduced one
    models = set(DetectionCache.objects.filter(sha256=astronaut.sha256).values_list("model", flat=True))
    assert models == {SHIPPED_MODEL.sha256, f"{SHIPPED_MODEL.sha256}-bf16"}
    assert get_detector(SHIPPED_MODEL, "reduced").model_name.endswith("-bf16")
    # The photo shows its latest examination: the reduced one replaced the exact one's detections.
    assert set(astronaut.detections.values_list("model", flat=True)) == {
        get_detector(SHIPPED_MODEL, "reduced").model_name
    }
    assert [f.label for f in reduced][:1] == [f.label for f in exact][:1]
    assert _detect(astronaut, EVERYTHING, 0.3, precision="reduced") == reduced
    assert len(forward_calls) == 2
