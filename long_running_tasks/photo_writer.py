"""How a worker records what it detected: photos written together, once per SPOTTER_RECORD_SECONDS of work.

Each write is one transaction: the photos' items finished, their detections replaced, the model's new
results cached, the chunks whose last photo is among them settled, the task's counters moved on. That
last UPDATE returns the task's status, which is the worker's stop check for the next photo: a stop is
noticed at the next write, never later. On PostgreSQL its statements are pipelined (spotter/sql.py): one
round trip and the commit, whatever the number of photos.
"""

import contextlib
import time
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from image_processing.service import ImageService
from spotter import sql

from .models import Task, TaskChunk, TaskItem
from .repository import TaskRepository

# A running chunk records a sign of life at most this often (claiming it counts as one); far below
# SPOTTER_CHUNK_STALE_SECONDS, and one UPDATE fewer for most writes.
HEARTBEAT_SECONDS = 1.0


class AlreadyRecorded(Exception):
    """Another worker recorded one of these photos first: the write is undone."""


@dataclass(frozen=True)
class PhotoResult:
    item: TaskItem
    found: list
    error: str | None


@dataclass
class Unwritten:
    """What was done since the last write: photos, and chunks whose photos are all among them."""

    results: list[PhotoResult] = field(default_factory=list)
    done_chunks: list[uuid.UUID] = field(default_factory=list)


class PhotoWriter:
    def __init__(self, tasks: TaskRepository, images: ImageService, task: Task, labels: frozenset[str]):
        self.tasks, self.images, self.task_id, self.labels = tasks, images, task.id, labels
        self.status = task.status  # as of the last write, or of the claim before the first
        self.unwritten = Unwritten()
        self.last_write = self.last_beat = time.monotonic()

    def add(self, result: PhotoResult, chunk_id: uuid.UUID, completes_chunk: bool) -> None:
        """One more photo of this chunk done (the last of it: `completes_chunk`); written when one is due."""
        self.unwritten.results.append(result)
        if completes_chunk:
            self.unwritten.done_chunks.append(chunk_id)
        now = time.monotonic()
        if now - self.last_write >= settings.SPOTTER_RECORD_SECONDS:
            beat = not completes_chunk and now - self.last_beat >= HEARTBEAT_SECONDS
            self.write(chunk_id if beat else None)
            self.last_beat = self.last_write if beat else self.last_beat

    def chunk_done(self, chunk_id: uuid.UUID) -> None:
        """A chunk with no photo left to do: settled by the next write."""
        self.unwritten.done_chunks.append(chunk_id)

    def write(self, beat: uuid.UUID | None = None, last: bool = False) -> None:
        """Write what was done since the last write (and a sign of life of the chunk `beat`), if anything.
        The `last` write of a worker's run on the task also gives the task its final status `succeeded` if
        that leaves every chunk of it done (then `status` says so): no round trips of their own for the
        task's last steps, which are between its last photo and what its owner sees.

        One transaction where possible. If one of the photos was recorded by another worker in the meantime
        (after a redelivery), or deleted, that is undone and they are written one by one."""
        unwritten, self.unwritten = self.unwritten, Unwritten()
        if unwritten.results or unwritten.done_chunks:
            self.status = self._record(unwritten, beat, last)
        self.last_write = time.monotonic()

    def _record(self, unwritten: Unwritten, beat: uuid.UUID | None, last: bool) -> str:
        try:
            return self._write(unwritten.results, unwritten.done_chunks, beat, last)
        except (AlreadyRecorded, IntegrityError):
            pass
        status = None
        for result in unwritten.results:
            try:
                status = self._write([result], [], beat)
            except AlreadyRecorded:
                continue
            except IntegrityError:  # the photo was deleted while we looked at it
                deleted = PhotoResult(result.item, [], "The photo was deleted while it was processed.")
                with contextlib.suppress(AlreadyRecorded):
                    status = self._write([deleted], [], beat)
        self.tasks.settle_chunks(unwritten.done_chunks, TaskChunk.Status.DONE)
        # None: other workers had recorded these photos; ask. None again: the task was deleted.
        return status or self.tasks.status_of(self.task_id) or Task.Status.CANCELLING

    def _write(
        self, results: list[PhotoResult], done_chunks: list[uuid.UUID], beat: uuid.UUID | None, last: bool = False
    ) -> str | None:
        """The one transaction; the task's status after it (None: no task). AlreadyRecorded undoes it all."""
        now = timezone.now()
        found = {result.item.image_id: result.found for result in results if not result.error}
        # Every statement, one wait for all their answers, then the commit (or, if the items' count is short,
        # the rollback of all of it): two round trips.
        with transaction.atomic():
            with sql.pipelined():
                finished = None
                if results:
                    finished = self.tasks.finish_items({result.item.id: result.error for result in results}, now)
                    self.images.save_detections_of_many(found, self.labels, self.task_id)
                    self.images.store_results()
                self.tasks.settle_chunks(done_chunks, TaskChunk.Status.DONE)
                if beat:
                    self.tasks.heartbeat(beat, now)
                failed = len(results) - len(found)
                status = self.tasks.add_progress(self.task_id, processed=len(results), failed=failed)
                # After add_progress, which holds the task's row: see TaskRepository.succeed_if_done.
                succeeded = self.tasks.succeed_if_done(self.task_id, timezone.now()) if last else None
            if finished and finished() != len(results):
                raise AlreadyRecorded
            return Task.Status.SUCCEEDED if succeeded and succeeded() else status()
