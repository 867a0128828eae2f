"""Stop requested at every point of a task's life, and the worker's other edges. What a message does
(TaskService.work_on_task) runs in this process with a stand-in detector, so each point is hit exactly,
not by luck of timing; the final status must always agree with `processed`, the items and the detections
stored. The real worker, model and broker are exercised in long_running_tasks/tests/test_worker.py."""

import io
from datetime import timedelta

import pytest
from django.db import DataError, OperationalError, connection
from django.utils import timezone
from PIL import Image as PILImage

from image_processing.detection import Box, Found
from image_processing.services.examination import Detected, ExaminationService
from long_running_tasks.chunking import chunk_sizes
from long_running_tasks.models import Task, TaskChunk, TaskItem
from long_running_tasks.repository import Outcome, TaskRepository
from long_running_tasks.service import TaskService
from tests.support import store_detections, upload

from .checks import assert_consistent, assert_one_set_of_detections

pytestmark = pytest.mark.django_db

TOTAL = 10
SIZES = chunk_sizes(TOTAL)  # [3, 3, 2, 2]
FOUND = Found("person", 0.9, Box(0.1, 0.1, 0.5, 0.5))


class Detector:
    """Stands in for the model; `on_call[n]` runs just before the n-th photo (1-based) is detected, and
    `answers[n]` replaces what it finds there."""

    def __init__(self):
        self.calls, self.on_call, self.answers = 0, {}, {}

    def __call__(self, photo, exam, should_stop=None) -> Detected:
        self.calls += 1
        if hook := self.on_call.get(self.calls):
            hook()
        return self.answers.get(self.calls, Detected([FOUND], summary=[FOUND.label]))


@pytest.fixture
def detector(monkeypatch) -> Detector:
    monkeypatch.setattr("long_running_tasks.batch.STOP_CHECK_SECONDS", 0)  # the stand-in takes no time
    fake = Detector()
    monkeypatch.setattr(ExaminationService, "detect", lambda service, *args: fake(*args))
    return fake


@pytest.fixture
def published(monkeypatch) -> list:
    """(task id, messages) of each publish (nothing reaches the broker: the messages are run by hand)."""
    calls = []
    monkeypatch.setattr("long_running_tasks.queue.publish_task", lambda task_id, n: calls.append((str(task_id), n)))
    return calls


@pytest.fixture
def task(api, media_root, published) -> dict:
    photos = []
    for n in range(TOTAL):
        buffer = io.BytesIO()
        PILImage.new("RGB", (32 + n, 24), (n * 20, 80, 160)).save(buffer, "JPEG")
        photos.append((f"p{n}.jpg", buffer.getvalue()))
    ids = [image["id"] for image in upload(api, *photos).json()["images"]]
    submitted = api.post("/api/tasks/detect/", {"image_ids": ids}, format="json")
    assert submitted.status_code == 202
    return submitted.json()


def _run(task) -> None:
    """One message of the task, as a worker process runs it."""
    TaskService().work_on_task(task["id"], "test-worker pid 1")


def _run_all(task) -> None:
    for _ in SIZES:
        _run(task)


def _stop(api, task) -> dict:
    response = api.delete(f"/api/tasks/{task['id']}/")
    assert response.status_code == 202, response.content
    return response.json()


def _chunk_statuses(task) -> list[str]:
    return list(TaskChunk.objects.filter(task_id=task["id"]).order_by("index").values_list("status", flat=True))


def _final(api, task, failed: int = 0) -> dict:
    assert_consistent(task["id"])
    body = api.get(f"/api/tasks/{task['id']}/").json()
    assert body["failed"] == failed
    assert body["progress"] == round(100 * body["processed"] / body["total"], 1)
    results = api.get(f"/api/tasks/{task['id']}/results?page_size=100").json()["results"]
    assert sum(r["status"] in ("succeeded", "failed") for r in results) == body["processed"]
    assert all(bool(r["detections"]) == (r["status"] == "succeeded") for r in results)
    return body


def test_submit_publishes_one_message_per_chunk_inside_a_committed_transaction(
    api, media_root, published, django_capture_on_commit_callbacks
):
    photos = [(f"p{n}.jpg", _jpeg(n)) for n in range(4)]
    ids = [image["id"] for image in upload(api, *photos).json()["images"]]
    with django_capture_on_commit_callbacks(execute=True):
        task = api.post("/api/tasks/detect/", {"image_ids": ids}, format="json").json()
    assert published == [(task["id"], len(chunk_sizes(4)))]
    assert Task.objects.get(id=task["id"]).published_at is not None


def test_one_message_goes_from_chunk_to_chunk_to_the_end_and_late_messages_do_nothing(api, task, detector):
    _run(task)
    assert _chunk_statuses(task) == ["done"] * len(SIZES)
    _run(task)  # a duplicate or redelivered message
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("succeeded", TOTAL, TOTAL)


def test_stop_while_queued_cancels_at_once_and_late_messages_do_nothing(api, task, detector):
    assert _stop(api, task)["status"] == "cancelled"
    _run_all(task)  # messages that were already in the broker
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("cancelled", 0, 0)


def test_stop_as_a_chunk_ends_keeps_the_finished_chunk_and_takes_up_no_other(api, task, detector):
    detector.on_call[SIZES[0]] = lambda: _stop(api, task)  # the first chunk's last photo
    _run_all(task)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("cancelled", SIZES[0], SIZES[0])
    assert _chunk_statuses(task) == ["done"] + ["cancelled"] * (len(SIZES) - 1)


def test_stop_in_the_middle_of_a_chunk_stops_before_the_next_photo(api, task, detector):
    detector.on_call[SIZES[0] + 1] = lambda: _stop(api, task)  # the second chunk's first photo
    _run_all(task)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("cancelled", SIZES[0] + 1, SIZES[0] + 1)
    assert _chunk_statuses(task) == ["done"] + ["cancelled"] * (len(SIZES) - 1)


def test_stop_during_the_last_photo_of_the_last_chunk(api, task, detector):
    detector.on_call[TOTAL] = lambda: _stop(api, task)
    _run_all(task)
    final = _final(api, task)
    # The photo being detected when the stop came is recorded; there was no next one to skip.
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)


def test_stop_between_the_last_settle_and_the_final_status(api, task, detector, monkeypatch):
    finalize = TaskService.finalize_if_settled
    stopped = []

    def stop_first(service, task_id):
        if not stopped and set(_chunk_statuses(task)) == {"done"}:  # the worker settled the last chunk
            stopped.append(_stop(api, task))  # the stop request finalizes first...
        return finalize(service, task_id)  # ...and the worker's own finalize changes nothing

    monkeypatch.setattr(TaskService, "finalize_if_settled", stop_first)
    _run(task)
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)


def test_stop_after_the_end_is_409_and_changes_nothing(api, task, detector):
    _run_all(task)
    response = api.delete(f"/api/tasks/{task['id']}/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "task_already_finished"
    assert _final(api, task)["status"] == "succeeded"


def test_stop_twice_while_running_is_harmless(api, task, detector):
    detector.on_call[1] = lambda: (_stop(api, task), _stop(api, task))
    _run_all(task)
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("cancelled", 1)


def test_stop_while_the_running_chunks_worker_is_dead_is_settled_by_the_sweep(api, task, detector, settings):
    first = TaskChunk.objects.filter(task_id=task["id"]).order_by("index").first()
    long_ago = timezone.now() - timedelta(seconds=settings.SPOTTER_CHUNK_STALE_SECONDS + 5)
    TaskChunk.objects.filter(id=first.id).update(status="running", heartbeat_at=long_ago, attempts=1)
    Task.objects.filter(id=task["id"]).update(status="running", started_at=long_ago)
    assert _stop(api, task)["status"] == "cancelling"  # the dead worker's chunk still looks running
    TaskService().recover_stale_chunks()
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("cancelled", 0)


def test_a_chunk_whose_worker_went_silent_is_requeued_with_a_message_and_finished(
    api, task, detector, published, settings
):
    silent_since = timezone.now() - timedelta(seconds=settings.SPOTTER_CHUNK_STALE_SECONDS + 5)
    second = TaskChunk.objects.filter(task_id=task["id"]).order_by("index")[1]
    TaskChunk.objects.filter(id=second.id).update(status="running", worker="gone", heartbeat_at=silent_since)
    _run(task)  # every other chunk: the task waits for the silent one
    assert Task.objects.get(id=task["id"]).status == "running"
    TaskService().recover_stale_chunks()
    assert published[-1] == (task["id"], 1) and TaskChunk.objects.get(id=second.id).status == "queued"
    _run_all(task)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("succeeded", TOTAL, TOTAL)


def test_the_sweep_publishes_for_a_task_whose_messages_never_went_out_and_for_no_other(
    api, task, detector, published, settings
):
    service = TaskService()
    Task.objects.filter(id=task["id"]).update(published_at=None)  # the broker was down at submit
    service.recover_stale_chunks()
    assert published == [(task["id"], len(SIZES))]
    service.recover_stale_chunks()  # its messages are on their way now
    assert len(published) == 1
    first = TaskChunk.objects.filter(task_id=task["id"]).order_by("index").first()
    TaskChunk.objects.filter(id=first.id).update(status="running", heartbeat_at=timezone.now())
    long_ago = timezone.now() - timedelta(seconds=settings.SPOTTER_CHUNK_REPUBLISH_SECONDS + 5)
    Task.objects.filter(id=task["id"]).update(published_at=long_ago)
    service.recover_stale_chunks()  # a live worker is on it: its other messages may wait behind other tasks
    assert len(published) == 1
    TaskChunk.objects.filter(id=first.id).update(status="done")
    service.recover_stale_chunks()  # nobody on it and nothing published for long: the messages were lost
    assert published[-1] == (task["id"], len(SIZES) - 1)


def test_a_worker_failing_hands_its_chunk_back_and_nothing_is_counted_twice(api, task, detector):
    def database_gone():
        raise OperationalError("the database went away")

    detector.on_call[2] = database_gone  # the first chunk's second photo (its first is recorded at once)
    with pytest.raises(OperationalError):
        _run(task)
    assert _chunk_statuses(task) == ["queued"] * len(SIZES)
    _run_all(task)  # the retry of that message, then the others
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)
    image_ids = TaskItem.objects.filter(task_id=task["id"]).values_list("image_id", flat=True)
    assert_one_set_of_detections(image_ids, task["id"])


def test_a_chunk_that_fails_on_every_try_fails_after_the_last_attempt_with_the_reason(api, task, detector, settings):
    def bad_data():
        raise DataError("value out of range")  # a database error no retry can help

    settings.SPOTTER_CHUNK_MAX_ATTEMPTS = 3
    first_photo_of_each_try = (1, 2, 3)  # each try records nothing: the error comes before the first record
    for call in first_photo_of_each_try:
        detector.on_call[call] = bad_data
    for attempt in range(1, 4):
        with pytest.raises(DataError):
            _run(task)
        expected = "failed" if attempt == 3 else "queued"
        assert _chunk_statuses(task) == [expected] + ["queued"] * (len(SIZES) - 1), attempt
    assert TaskItem.objects.filter(task_id=task["id"], status="failed").count() == SIZES[0]
    _run_all(task)
    final = _final(api, task, failed=SIZES[0])
    assert final["status"] == "failed" and "value out of range" in final["error"]


def test_a_chunk_handed_back_after_a_stop_is_cancelled_and_the_task_settles(api, task, detector, published):
    def stopped_then_database_gone():
        _stop(api, task)
        raise OperationalError("the database went away")

    detector.on_call[2] = stopped_then_database_gone  # the first chunk's second photo
    with pytest.raises(OperationalError):
        _run(task)
    assert _chunk_statuses(task) == ["cancelled"] * len(SIZES)
    assert _final(api, task)["status"] == "cancelled" and detector.calls == 2
    _run(task)  # the message published with the hand-back finds nothing to do
    assert detector.calls == 2


def test_a_photo_another_worker_recorded_meanwhile_is_counted_once(api, task, detector):
    second_item = TaskItem.objects.filter(task_id=task["id"]).order_by("position")[1]

    def another_worker_records_the_second_photo():  # after a redelivery, say
        store_detections(second_item.image_id, ["person"], [FOUND], task["id"])
        TaskRepository().finish_items(task["id"], {second_item.id: Outcome(None, ["person"])}, timezone.now())

    detector.on_call[3] = another_worker_records_the_second_photo  # the second is detected, not yet recorded
    _run_all(task)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("succeeded", TOTAL, TOTAL)
    image_ids = TaskItem.objects.filter(task_id=task["id"]).values_list("image_id", flat=True)
    assert_one_set_of_detections(image_ids, task["id"])
    assert final["summary"] == {"person": TOTAL}  # its person counted once


def test_a_photo_deleted_while_it_was_processed_fails_alone(api, task, detector):
    with connection.cursor() as cursor:
        # PostgreSQL checks foreign keys at commit, which never comes inside the test's transaction: at once.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    first_item = TaskItem.objects.filter(task_id=task["id"]).order_by("position").first()
    detector.on_call[1] = lambda: api.delete(f"/api/images/{first_item.image_id}/")
    _run_all(task)
    final = _final(api, task, failed=1)
    assert (final["status"], final["processed"], final["failed"]) == ("succeeded", TOTAL, 1)
    deleted = TaskItem.objects.get(id=first_item.id)
    assert (deleted.status, deleted.error) == ("failed", "The photo was deleted while it was processed.")


def test_a_photo_that_cannot_be_read_fails_alone_with_its_reason(api, task, detector):
    detector.answers[2] = Detected([], error="The photo could not be decoded.")
    _run_all(task)
    final = _final(api, task, failed=1)
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)
    failed = TaskItem.objects.get(task_id=task["id"], status="failed")
    assert failed.error == "The photo could not be decoded."


def _jpeg(n: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40 + n, 30), (n * 40, 90, 150)).save(buffer, "JPEG")
    return buffer.getvalue()
