"""Stop requested at every point of a task's life. The worker's code (TaskService.run_chunk) runs
in this process with a stand-in detector, so each point is hit exactly, not by luck of timing; the
final status must always agree with `processed`, the items and the detections stored."""

import io
from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.db import DataError, OperationalError, connection, transaction
from django.utils import timezone
from PIL import Image as PILImage

from conftest import upload
from image_processing.detection.detector import Box, Found
from image_processing.imaging import PhotoUnreadable
from image_processing.service import ImageService
from long_running_tasks.models import Task, TaskChunk, TaskItem
from long_running_tasks.repository import TaskRepository
from long_running_tasks.service import TaskService

from .checks import assert_consistent, assert_one_set_of_detections

pytestmark = pytest.mark.django_db

TOTAL, CHUNK = 10, 4  # three chunks: 4, 4 and 2 images
FOUND = Found("person", 0.9, Box(0.1, 0.1, 0.5, 0.5))
# TaskRepository.join_chunk, one round trip: BEGIN, the task, its start, the claim, the chunk's photos, an
# invitation, COMMIT
JOIN_STATEMENTS = 7


class Detector:
    """Stands in for the model; `on_call[n]` runs just before the n-th image (1-based) is detected."""

    def __init__(self):
        self.calls, self.on_call = 0, {}

    def __call__(self, image, labels, min_confidence):
        self.calls += 1
        if hook := self.on_call.get(self.calls):
            hook()
        return [FOUND]


@pytest.fixture
def detector(monkeypatch) -> Detector:
    fake = Detector()
    monkeypatch.setattr(ImageService, "detect", lambda service, *args: fake(*args))
    monkeypatch.setattr("image_processing.service.get_detector", lambda: SimpleNamespace(model_name="stand-in"))
    return fake


@pytest.fixture
def task(api, media_root, settings) -> dict:
    settings.SPOTTER_CHUNK_SIZE = CHUNK
    # Each message runs its own chunk only, so that every point between chunks can be reached by hand.
    settings.SPOTTER_CHUNK_FOLLOW_ON_SECONDS = 0
    # Each photo written alone, so that a stop lands before the very next photo (batches: tests at the end).
    settings.SPOTTER_RECORD_SECONDS = 0
    photos = []
    for n in range(TOTAL):
        buffer = io.BytesIO()
        PILImage.new("RGB", (32 + n, 24), (n * 20, 80, 160)).save(buffer, "JPEG")
        photos.append((f"p{n}.jpg", buffer.getvalue()))
    ids = [image["id"] for image in upload(api, *photos).json()["images"]]
    # Inside the test's transaction nothing is published: the chunks are run by hand below.
    submitted = api.post("/api/tasks/detect/", {"image_ids": ids}, format="json")
    assert submitted.status_code == 202
    return submitted.json()


def _chunks(task) -> list:
    return list(TaskChunk.objects.filter(task_id=task["id"]).order_by("index").values_list("id", flat=True))


def _run(chunk_id) -> None:
    TaskService().run_chunk(chunk_id, "test-worker pid 1")


def _stop(api, task) -> dict:
    response = api.delete(f"/api/tasks/{task['id']}/")
    assert response.status_code == 202, response.content
    return response.json()


def _final(api, task, failed: int = 0) -> dict:
    assert_consistent(task["id"])
    body = api.get(f"/api/tasks/{task['id']}/").json()
    assert body["failed"] == failed
    assert body["progress"] == round(100 * body["processed"] / body["total"], 1)
    results = api.get(f"/api/tasks/{task['id']}/results?page_size=100").json()["results"]
    assert sum(r["status"] in ("succeeded", "failed") for r in results) == body["processed"]
    assert all(bool(r["detections"]) == (r["status"] == "succeeded") for r in results)
    return body


def test_stop_while_queued_cancels_at_once_and_late_messages_do_nothing(api, task, detector):
    assert _stop(api, task)["status"] == "cancelled"
    for chunk_id in _chunks(task):
        _run(chunk_id)  # messages that were already in the broker
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("cancelled", 0, 0)


def test_stop_between_chunks_keeps_the_finished_chunk(api, task, detector):
    first, *rest = _chunks(task)
    _run(first)
    assert _stop(api, task)["status"] == "cancelled"  # nothing was running: final at once
    for chunk_id in rest:
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("cancelled", CHUNK)


def test_stop_in_the_middle_of_a_chunk_stops_before_the_next_image(api, task, detector):
    detector.on_call[2] = lambda: _stop(api, task)
    chunks = _chunks(task)
    _run(chunks[0])
    for chunk_id in chunks[1:]:
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("cancelled", 2, 2)


def test_stop_during_the_last_image_of_the_last_chunk(api, task, detector):
    detector.on_call[TOTAL] = lambda: _stop(api, task)
    for chunk_id in _chunks(task):
        _run(chunk_id)
    final = _final(api, task)
    # The image being detected when the stop came is recorded; there was no next one to skip.
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)


def test_stop_just_as_the_last_chunk_settles(api, task, detector, monkeypatch):
    chunks = _chunks(task)
    for chunk_id in chunks[:-1]:
        _run(chunk_id)
    settle = TaskRepository.settle_chunks
    stopped = []

    def stop_first(repository, chunk_ids, status, error=None):
        if chunk_ids and not stopped:  # the write of the last photo settles the last chunk
            stopped.append(_stop(api, task))
        return settle(repository, chunk_ids, status, error)

    monkeypatch.setattr(TaskRepository, "settle_chunks", stop_first)
    _run(chunks[-1])
    final = _final(api, task)
    assert stopped[0]["status"] == "cancelling"
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)  # every image was done


def test_stop_between_the_last_settle_and_the_final_status(api, task, detector, monkeypatch):
    chunks = _chunks(task)
    for chunk_id in chunks[:-1]:
        _run(chunk_id)
    finalize = TaskService.finalize_if_settled
    stopped = []

    def stop_first(service, task_id):
        if not stopped:
            stopped.append(_stop(api, task))  # the stop request finalizes first...
        return finalize(service, task_id)  # ...and the worker's own finalize changes nothing

    monkeypatch.setattr(TaskService, "finalize_if_settled", stop_first)
    _run(chunks[-1])
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)


def test_stop_after_the_end_is_409_and_changes_nothing(api, task, detector):
    for chunk_id in _chunks(task):
        _run(chunk_id)
    response = api.delete(f"/api/tasks/{task['id']}/")
    assert response.status_code == 409 and response.json()["error"]["code"] == "task_already_finished"
    assert _final(api, task)["status"] == "succeeded"


def test_stop_twice_while_running_is_harmless(api, task, detector):
    detector.on_call[1] = lambda: (_stop(api, task), _stop(api, task))
    for chunk_id in _chunks(task):
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("cancelled", 1)


def test_stop_while_the_running_chunks_worker_is_dead_is_settled_by_the_sweep(api, task, detector, settings):
    first, *_ = _chunks(task)
    long_ago = timezone.now() - timedelta(seconds=settings.SPOTTER_CHUNK_STALE_SECONDS + 5)
    TaskChunk.objects.filter(id=first).update(status="running", heartbeat_at=long_ago, attempts=1)
    Task.objects.filter(id=task["id"]).update(status="running", started_at=long_ago)
    assert _stop(api, task)["status"] == "cancelling"  # the dead worker's chunk still looks running
    TaskService().recover_stale_chunks()
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("cancelled", 0)


def test_a_worker_goes_on_with_the_next_queued_chunks_and_a_stop_still_lands(api, task, detector, settings):
    settings.SPOTTER_CHUNK_FOLLOW_ON_SECONDS = 60
    detector.on_call[6] = lambda: _stop(api, task)  # in the second chunk, taken without a message
    first, *rest = _chunks(task)
    _run(first)
    assert detector.calls == 6
    for chunk_id in rest:  # their messages arrive later: nothing is left to do
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("cancelled", 6, 6)


def test_a_worker_going_on_from_chunk_to_chunk_finishes_the_task_once(api, task, detector, settings):
    settings.SPOTTER_CHUNK_FOLLOW_ON_SECONDS = 60
    first, *rest = _chunks(task)
    _run(first)
    for chunk_id in rest:
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("succeeded", TOTAL, TOTAL)


# --- photos written together (SPOTTER_RECORD_SECONDS): here a whole chunk's photos in one write ---


def _chunk_statuses(task) -> list[str]:
    return list(TaskChunk.objects.filter(task_id=task["id"]).order_by("index").values_list("status", flat=True))


def test_photos_of_chunks_taken_one_after_another_are_written_together(api, task, detector, settings):
    settings.SPOTTER_CHUNK_FOLLOW_ON_SECONDS = 60
    settings.SPOTTER_RECORD_SECONDS = 60
    seen = []
    # The second chunk's last photo: the first chunk's photos are done but not written, so it is not settled.
    detector.on_call[2 * CHUNK] = lambda: seen.append((_processed(task), _chunk_statuses(task)))
    first, *rest = _chunks(task)
    _run(first)
    assert seen == [(0, ["running", "running", "queued"])]
    assert _chunk_statuses(task) == ["done", "done", "done"]  # each settled by the write of its last photo
    for chunk_id in rest:
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("succeeded", TOTAL, TOTAL)


def test_a_worker_failing_hands_back_every_chunk_it_had_not_written(api, task, detector, settings):
    settings.SPOTTER_CHUNK_FOLLOW_ON_SECONDS = 60
    settings.SPOTTER_RECORD_SECONDS = 60

    def database_gone():
        raise OperationalError("the database went away")

    detector.on_call[CHUNK + 2] = database_gone  # in the second chunk, before anything was written
    with pytest.raises(OperationalError):
        _run(_chunks(task)[0])
    assert (_processed(task), _chunk_statuses(task)) == (0, ["queued", "queued", "queued"])
    for chunk_id in _chunks(task):  # the retry of the first message, then the others' messages
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)
    assert_one_set_of_detections(
        TaskItem.objects.filter(task_id=task["id"]).values_list("image_id", flat=True), task["id"]
    )


def _processed(task) -> int:
    return Task.objects.filter(id=task["id"]).values_list("processed", flat=True).get()


def test_a_chunks_photos_written_together_are_counted_once_when_written(api, task, detector, settings):
    settings.SPOTTER_RECORD_SECONDS = 60
    seen = []
    detector.on_call[CHUNK] = lambda: seen.append(_processed(task))  # the first chunk's last photo
    for chunk_id in _chunks(task):
        _run(chunk_id)
    final = _final(api, task)
    assert seen == [0]  # nothing of the chunk was written before its last photo
    assert (final["status"], final["processed"], detector.calls) == ("succeeded", TOTAL, TOTAL)


def test_a_stop_during_written_together_photos_lands_at_their_write(api, task, detector, settings):
    settings.SPOTTER_RECORD_SECONDS = 60
    detector.on_call[2] = lambda: _stop(api, task)
    for chunk_id in _chunks(task):
        _run(chunk_id)
    final = _final(api, task)
    # The first chunk's photos were written together after the stop came, which that write returned.
    assert (final["status"], final["processed"], detector.calls) == ("cancelled", CHUNK, CHUNK)


def test_a_photo_another_worker_recorded_meanwhile_is_counted_once(api, task, detector, settings):
    settings.SPOTTER_RECORD_SECONDS = 60
    first_chunk = _chunks(task)[0]
    first_item = TaskItem.objects.filter(chunk_id=first_chunk).order_by("position").first()

    def another_worker_records_the_first_photo():
        with transaction.atomic():
            TaskRepository().finish_items(task["id"], {first_item.id: None}, timezone.now())
            ImageService().save_detections(first_item.image_id, ["person"], [FOUND], task["id"])

    detector.on_call[3] = another_worker_records_the_first_photo
    for chunk_id in _chunks(task):
        _run(chunk_id)
    final = _final(api, task)
    assert (final["status"], final["processed"], detector.calls) == ("succeeded", TOTAL, TOTAL)
    image_ids = TaskItem.objects.filter(task_id=task["id"]).values_list("image_id", flat=True)
    assert_one_set_of_detections(image_ids, task["id"])


def test_a_photo_deleted_while_written_together_fails_alone(api, task, detector, settings):
    settings.SPOTTER_RECORD_SECONDS = 60
    with connection.cursor() as cursor:
        # PostgreSQL checks foreign keys at commit, which never comes inside the test's transaction: at once
        # instead, so the write of the deleted photo's detections fails as it would at its commit.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    first_item = TaskItem.objects.filter(chunk_id=_chunks(task)[0]).order_by("position").first()
    detector.on_call[2] = lambda: api.delete(f"/api/images/{first_item.image_id}/")
    for chunk_id in _chunks(task):
        _run(chunk_id)
    final = _final(api, task, failed=1)
    assert (final["status"], final["processed"], final["failed"]) == ("succeeded", TOTAL, 1)
    deleted = TaskItem.objects.get(id=first_item.id)
    assert (deleted.status, deleted.error) == ("failed", "The photo was deleted while it was processed.")


def test_written_together_a_failed_photo_and_the_others_are_each_recorded(api, task, detector, settings):
    settings.SPOTTER_RECORD_SECONDS = 60

    def unreadable():
        raise PhotoUnreadable("The photo could not be decoded.")

    detector.on_call[2] = unreadable
    for chunk_id in _chunks(task):
        _run(chunk_id)
    final = _final(api, task, failed=1)
    assert (final["status"], final["processed"]) == ("succeeded", TOTAL)
    failed = TaskItem.objects.get(task_id=task["id"], status="failed")
    assert failed.error == "The photo could not be decoded."


# --- messages: two at submit, one more from each process that joins ---


@pytest.fixture
def published(monkeypatch) -> list:
    """The chunk ids each publish named, in order (nothing reaches the broker: there is no worker here)."""
    calls = []
    monkeypatch.setattr("long_running_tasks.queue.publish_chunks", lambda chunk_ids: calls.append(list(chunk_ids)))
    return calls


def _published_chunks(task) -> list[bool]:
    enqueued = TaskChunk.objects.filter(task_id=task["id"]).order_by("index").values_list("enqueued_at", flat=True)
    return [at is not None for at in enqueued]


def test_submit_publishes_two_messages_and_each_joining_process_one_more(
    api, media_root, detector, published, django_capture_on_commit_callbacks, settings
):
    settings.SPOTTER_CHUNK_SIZE = 1  # four chunks
    ids = [image["id"] for image in upload(api, *[(f"p{n}.jpg", _jpeg(n)) for n in range(4)]).json()["images"]]
    with django_capture_on_commit_callbacks(execute=True):
        task = api.post("/api/tasks/detect/", {"image_ids": ids}, format="json").json()
    chunks = _chunks(task)
    assert len(chunks) == 4 and published == [chunks[:2]] and _published_chunks(task) == [True, True, False, False]
    with django_capture_on_commit_callbacks(execute=True):
        _run(chunks[0])  # this process joins (and goes on to the next chunks): it invites one more
    assert published == [chunks[:2], chunks[2:3]] and _published_chunks(task) == [True, True, True, False]
    assert _final(api, task)["status"] == "succeeded"
    with django_capture_on_commit_callbacks(execute=True):
        _run(chunks[1])  # the second process finds nothing left: it invites nobody
    assert len(published) == 2 and detector.calls == 4


def test_a_message_whose_chunk_was_taken_takes_the_tasks_next_queued_chunk(api, task, detector, published):
    first, _, third = _chunks(task)
    _run(first)
    _run(first)  # a late message of a taken chunk: its task still has work, so it brings one more process
    assert _chunk_statuses(task) == ["done", "done", "queued"]
    _run(third)
    assert _final(api, task)["status"] == "succeeded" and detector.calls == TOTAL


def test_a_late_message_of_a_task_with_every_chunk_taken_ends_after_one_round_trip(
    api, task, detector, django_assert_num_queries
):
    first, second, third = _chunks(task)
    TaskChunk.objects.filter(id__in=[first, second]).update(status="done")
    TaskChunk.objects.filter(id=third).update(status="running", worker="other", heartbeat_at=timezone.now())
    with django_assert_num_queries(JOIN_STATEMENTS):
        _run(first)
    assert _chunk_statuses(task) == ["done", "done", "running"] and detector.calls == 0


def test_a_message_for_a_chunk_whose_worker_went_silent_takes_it_over(api, task, detector, settings):
    first, second, third = _chunks(task)
    TaskChunk.objects.filter(id__in=[first, second]).update(status="done")
    silent_since = timezone.now() - timedelta(seconds=settings.SPOTTER_CHUNK_STALE_SECONDS + 5)
    TaskChunk.objects.filter(id=third).update(status="running", worker="gone", heartbeat_at=silent_since)
    _run(third)  # its message, redelivered: no chunk is queued, but this one is claimable
    assert _chunk_statuses(task) == ["done", "done", "done"] and detector.calls == TOTAL - 2 * CHUNK


def test_the_sweep_publishes_for_a_task_nobody_is_on_and_for_no_other(api, task, detector, published, settings):
    service, long_ago = TaskService(), timezone.now() - timedelta(seconds=settings.SPOTTER_CHUNK_REPUBLISH_SECONDS + 5)
    first, second, _ = _chunks(task)
    TaskChunk.objects.filter(task_id=task["id"]).update(enqueued_at=None)  # its message never went out
    service.recover_stale_chunks()
    assert published == [[first]]
    TaskChunk.objects.filter(id=first).update(status="running", heartbeat_at=timezone.now())
    service.recover_stale_chunks()  # a live worker is on it: it takes the queued chunks itself
    TaskChunk.objects.filter(id=first).update(status="done")
    TaskChunk.objects.filter(id=second).update(enqueued_at=timezone.now())
    service.recover_stale_chunks()  # a message for it is on the way
    assert published == [[first]]
    TaskChunk.objects.filter(id=second).update(enqueued_at=long_ago)
    service.recover_stale_chunks()  # that message was lost long ago
    assert published == [[first], [second]]


def _jpeg(n: int) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (40 + n, 30), (n * 40, 90, 150)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_a_message_that_gives_up_fails_the_chunk_it_worked_on_not_one_another_worker_holds(api, task, detector):
    from long_running_tasks.worker import run_chunk

    first, second, _ = _chunks(task)
    TaskChunk.objects.filter(id=first).update(status="running", worker="other", heartbeat_at=timezone.now())

    def bad_data():
        raise DataError("value out of range")  # a database error no retry can help

    detector.on_call[1] = bad_data
    with pytest.raises(DataError) as raised:
        _run(first)  # its chunk is another worker's: it takes the next queued one, and fails there
    run_chunk.on_failure(raised.value, str(first), [str(first)], {}, None)  # Celery's call once it gives up
    assert _chunk_statuses(task) == ["running", "failed", "queued"]
    assert TaskItem.objects.filter(chunk_id=second, status="failed").count() == CHUNK


def test_an_error_while_inviting_leaves_the_chunk_to_be_claimed_again(api, task, detector, monkeypatch):
    def database_gone(*_, **__):
        raise OperationalError("the database went away")

    # The invitation is reserved in the claim's own transaction: an error there undoes the claim too.
    monkeypatch.setattr(TaskRepository, "_reserve_invitation_later", database_gone)
    with pytest.raises(OperationalError):
        _run(_chunks(task)[0])
    assert _chunk_statuses(task) == ["queued", "queued", "queued"]


def test_a_process_giving_way_leaves_a_message_for_its_task(
    api, task, detector, published, django_capture_on_commit_callbacks
):
    first, second, third = _chunks(task)
    TaskChunk.objects.filter(id=second).update(enqueued_at=timezone.now())  # its message was lost, say
    with django_capture_on_commit_callbacks(execute=True):
        _run(first)  # follow-on is 0 s here: it gives way after one chunk
    assert published == [[third], [second]]  # the invitation, then the message it leaves behind


def test_a_late_message_of_a_stopping_task_cancels_every_chunk_handed_back(api, task, detector):
    first, *rest = _chunks(task)
    TaskChunk.objects.filter(id=first).update(status="running", heartbeat_at=timezone.now())
    Task.objects.filter(id=task["id"]).update(status="running")
    assert _stop(api, task)["status"] == "cancelling"
    TaskChunk.objects.filter(id__in=[first, *rest]).update(status="queued")  # handed back by a failing worker
    _run(first)  # its retry
    assert _chunk_statuses(task) == ["cancelled", "cancelled", "cancelled"]
    assert _final(api, task)["status"] == "cancelled"


def test_a_claim_comes_with_the_pending_photos_of_the_chunk_it_took_and_no_other(task):
    """A claim reads its chunk's photos in the same round trip as the items of the chunk this worker claimed
    at that instant; the claim's answer then says which chunk that is."""
    tasks = TaskRepository()
    first, second, _ = _chunks(task)
    done = TaskItem.objects.filter(chunk_id=first).order_by("position")[:1].get()
    TaskItem.objects.filter(id=done.id).update(status=TaskItem.Status.SUCCEEDED)  # one photo of it was done
    now = timezone.now()
    taken = tasks.join_chunk(first, "worker-a", now, now - timedelta(minutes=1)).chunk
    # The same worker at the same instant: the read matches both chunks' items.
    following = tasks.claim_next_queued_chunk(tasks.get(task["id"]), "worker-a", now)

    def pending(chunk_id) -> list:
        items = TaskItem.objects.filter(chunk_id=chunk_id, status=TaskItem.Status.PENDING).order_by("position")
        return list(items.values_list("id", "image_id"))

    assert [(item.id, item.image_id) for item in taken.pending_items] == pending(first)
    assert len(taken.pending_items) == CHUNK - 1
    assert following.id == second and [(item.id, item.image_id) for item in following.pending_items] == pending(second)
    assert Task.objects.get(id=task["id"]).status == Task.Status.RUNNING  # the first claim started the task
