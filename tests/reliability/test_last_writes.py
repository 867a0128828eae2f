"""Two worker processes writing their last photos of a task at the same moment, on real PostgreSQL
connections: the task must get its final status from one of them, never wait on both (each seeing the
other's chunk still running), whatever the order their transactions commit in.

A write goes to PostgreSQL in one round trip, commit included, so the test cannot pause a worker between
its statements; it makes PostgreSQL pause one instead, by holding a row lock the first writer's transaction
needs after it has taken the task's row."""

import io
import threading
import time

import psycopg
import pytest
from django.db import connection, connections
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


def _connect() -> psycopg.Connection:
    database = connection.settings_dict
    return psycopg.connect(
        dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"] or 5432
    )


def _wait_for_blocked_statements(count: int) -> None:
    """Until `count` statements of this database wait for a lock."""
    with _connect() as observer:
        observer.autocommit = True
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            (waiting,) = observer.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            ).fetchone()
            if waiting >= count:
                return
            time.sleep(0.02)
    raise AssertionError(f"{count} statements never waited for a lock")


def test_of_two_last_writes_that_meet_the_later_one_finishes_the_task(api, media_root, settings, monkeypatch):
    settings.SPOTTER_CHUNK_SIZE = 1  # two chunks, one per worker
    monkeypatch.setattr("long_running_tasks.queue.publish_chunks", lambda chunk_ids: None)  # no worker here
    ids = [image["id"] for image in upload(api, _photo(1), _photo(2)).json()["images"]]
    task_id = api.post("/api/tasks/detect/", {"image_ids": ids}, format="json").json()["id"]
    tasks = TaskRepository()
    chunks = list(TaskChunk.objects.filter(task_id=task_id).order_by("index").values_list("id", flat=True))
    for worker, chunk_id in zip(("first", "second"), chunks, strict=True):
        now = timezone.now()
        assert tasks.join_chunk(chunk_id, worker, now, now).chunk is not None
    connections.close_all()  # the threads' transactions, not this one's, are what is tested

    finished_by = {}
    original = TaskRepository.succeed_if_done

    def succeed_if_done(repository, task_id, now):
        answer = original(repository, task_id, now)

        def read() -> bool:
            finished_by[threading.current_thread().name] = succeeded = answer()
            return succeeded

        return read

    monkeypatch.setattr(TaskRepository, "succeed_if_done", succeed_if_done)

    def last_write(chunk_id) -> None:
        try:
            writer = PhotoWriter(tasks, ImageService(), tasks.get(task_id), frozenset({"person"}))
            writer.chunk_done(chunk_id)  # its photos were recorded by earlier writes
            writer.write(last=True)
        finally:
            connections.close_all()

    first = threading.Thread(target=last_write, args=(chunks[0],), name="first")
    second = threading.Thread(target=last_write, args=(chunks[1],), name="second")
    with _connect() as blocker:
        # The first writer's transaction takes the task's row, then waits here to settle its chunk.
        blocker.execute(f"SELECT 1 FROM {TaskChunk._meta.db_table} WHERE id = %s FOR UPDATE", [chunks[0]])
        first.start()
        _wait_for_blocked_statements(1)
        second.start()
        _wait_for_blocked_statements(2)  # the second waits for the task's row, which the first holds
        blocker.rollback()
    first.join(10)
    second.join(10)
    assert finished_by == {"first": False, "second": True}
    task = Task.objects.get(id=task_id)
    assert task.status == Task.Status.SUCCEEDED and task.finished_at is not None
