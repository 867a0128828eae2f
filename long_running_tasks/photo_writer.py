"""How a worker records what it detected: photos written together, once per SPOTTER_RECORD_SECONDS of work.

Each write is one transaction: the photos' items finished and counted into the task, their detections
replaced, the model's new results cached, the chunks whose last photo is among them settled. The task's
UPDATE returns its status, which is the worker's stop check for the next photo: a stop is noticed at the
next write, never later. On PostgreSQL the transaction goes out in one piece (spotter/sql.py,
transaction_in_one_round_trip): one round trip with its commit, whatever the number of photos.
"""

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

        One transaction where possible. A photo another worker recorded in the meantime (after a redelivery)
        is not counted again (TaskRepository.finish_items); if one was deleted, the transaction is undone and
        they are written one by one."""
        unwritten, self.unwritten = self.unwritten, Unwritten()
        if unwritten.results or unwritten.done_chunks:
            self.status = self._record(unwritten, beat, last)
        self.last_write = time.monotonic()

    def _record(self, unwritten: Unwritten, beat: uuid.UUID | None, last: bool) -> str:
        try:
            return self._write(unwritten.results, unwritten.done_chunks, beat, last) or Task.Status.CANCELLING
        except IntegrityError:  # a photo was deleted while we looked at it: find which, one by one
            pass
        for result in unwritten.results:
            try:
                self._write([result], [], beat)
            except IntegrityError:
                self._write([PhotoResult(result.item, [], "The photo was deleted while it was processed.")], [], beat)
        # None: the task was deleted.
        return self._write([], unwritten.done_chunks, None, last) or Task.Status.CANCELLING

    def _write(
        self, results: list[PhotoResult], done_chunks: list[uuid.UUID], beat: uuid.UUID | None, last: bool = False
    ) -> str | None:
        """The one transaction, one round trip with its commit; the task's status after it (None: no task)."""
        now = timezone.now()
        found = {result.item.image_id: result.found for result in results if not result.error}
        with transaction.atomic(), sql.transaction_in_one_round_trip():
            if results:
                status = self.tasks.finish_items(self.task_id, {r.item.id: r.error for r in results}, now)
                self.images.save_detections_of_many(found, self.labels, self.task_id)
                self.images.store_results()
            else:
                status = self.tasks.add_progress(self.task_id, processed=0, failed=0)
            self.tasks.settle_chunks(done_chunks, TaskChunk.Status.DONE)
            if beat:
                self.tasks.heartbeat(beat, now)
            # After the task's row is held (by finish_items or add_progress): see TaskRepository.succeed_if_done.
            succeeded = self.tasks.succeed_if_done(self.task_id, timezone.now()) if last else None
        return Task.Status.SUCCEEDED if succeeded and succeeded() else status()
