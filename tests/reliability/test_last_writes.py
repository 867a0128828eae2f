"""Two worker processes writing their last photos of a task at the same moment, on real PostgreSQL
connections: the task must get its final status from one of them, never wait on both (each seeing the
other's chunk still running), whatever the order their transactions commit in."""

import io
import threading

import pytest
from django.db import connections
from django.utils import timezone
from PIL import Image as PILImage

from conftest import upload
from image_processing.service import ImageService
from long_running_tasks.models import Task, TaskChunk
from long_running_tasks.photo_writer import PhotoWriter
from long_running_tasks.repository import TaskRepository

pytestmark = pytest.mark.django_db(transaction=True)


def _photo(n: int) -> tuple[str, bytes]:
    buffer = io.BytesIO()
    PILImage.new("RGB", (32 + n, 24), (n * 40, 80, 160)).save(buffer, "JPEG")
    return f"p{n}.jpg", buffer.getvalue()


def test_of_two_last_writes_that_meet_the_later_one_finishes_the_task(api, media_root, settings, monkeypatch):
    settings.SPOTTER_CHUNK_SIZE = 1  # two chunks, one per worker
    monkeypatch.setattr("long_running_tasks.queue.publish_chunks", lambda chunk_ids: None)  # no worker here
    ids = [image["id"] for image in upload(api, _photo(1), _photo(2)).json()["images"]]
    task_id = api.post("/api/tasks/detect/", {"image_ids": ids}, format="json").json()["id"]
    tasks = TaskRepository()
    chunks = list(TaskChunk.objects.filter(task_id=task_id).order_by("index").values_list("id", flat=True))

    first_checked, first_may_commit = threading.Event(), threading.Event()
    finished_by = {}
    original = TaskRepository.succeed_if_done

    def succeed_if_done(repository, task_id, now):
        # The answer is read once every statement of the write has run, before the commit.
        answer = original(repository, task_id, now)

        def read() -> bool:
            finished_by[threading.current_thread().name] = succeeded = answer()
            if threading.current_thread().name == "first":
                first_checked.set()
                assert first_may_commit.wait(10)
            return succeeded

        return read

    monkeypatch.setattr(TaskRepository, "succeed_if_done", succeed_if_done)

    def last_write(chunk_id) -> None:
        try:
            task = tasks.get(task_id)
            claimed = tasks.claim_chunk(chunk_id, task, threading.current_thread().name, timezone.now(), timezone.now())
            assert claimed is not None
            writer = PhotoWriter(tasks, ImageService(), task, frozenset({"person"}))
            writer.chunk_done(chunk_id)  # its photos were recorded by earlier writes
            writer.write(last=True)
        finally:
            connections.close_all()

    first = threading.Thread(target=last_write, args=(chunks[0],), name="first")
    second = threading.Thread(target=last_write, args=(chunks[1],), name="second")
    first.start()
    assert first_checked.wait(10)  # the first has written, seen the second's chunk running, not committed
    second.start()
    second.join(0.5)
    assert second.is_alive()  # waiting for the task's row, which the first holds until it commits
    first_may_commit.set()
    first.join(10)
    second.join(10)
    assert finished_by == {"first": False, "second": True}
    task = Task.objects.get(id=task_id)
    assert task.status == Task.Status.SUCCEEDED and task.finished_at is not None
