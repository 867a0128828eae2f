"""Long Running Task use cases: submit a task over photos, follow it, stop it, and do its work.

Life of a task: `submit` writes the Task, its chunks and items in one transaction and, after commit,
publishes a message for each of its first two chunks. A worker process that takes a message (`run_chunk`)
claims that chunk with a conditional UPDATE, in one round trip that also reads its task and photos and
reserves one more chunk, or it claims the task's next queued one if that chunk is taken; it publishes a
message for the chunk reserved: each process that joins invites another, until every idle process on
every machine has joined or no chunk is left. It then checks for a stop and detects, image by image; a
PhotoWriter records the photos, a few at a time, each write one transaction (items, detections, the
task's counters). The process then takes the task's next queued chunk itself, with no message. When no
chunk is left unsettled the task is finalised from what its items say. `recover_stale_chunks` (run
periodically) re-queues chunks whose worker went silent and publishes again for tasks nobody is on.
"""

import contextlib
import logging
import time
import uuid
from collections.abc import Sequence
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from django.utils import timezone

from image_processing.detection.detector import DEFAULT_MIN_CONFIDENCE
from image_processing.imaging import PhotoUnreadable
from image_processing.models import Image
from image_processing.service import ImageService
from spotter.errors import Conflict, InvalidInput, NotFound

from . import queue
from .models import Task, TaskChunk, TaskItem
from .photo_writer import PhotoResult, PhotoWriter
from .repository import TaskRepository
from .task_types import TASK_TYPES, TaskType

logger = logging.getLogger(__name__)


# Messages a submitted task starts with. Two: the default worker's two processes start together, not one
# invitation hop (~5 ms) apart, and on many machines the processes on a task grow by two per hop, since
# each that joins invites one more (run_chunk). A message that finds no work left costs one query.
MESSAGES_AT_SUBMIT = 2


class TaskService:
    def __init__(self, repository: TaskRepository | None = None, images: ImageService | None = None):
        self.tasks = repository or TaskRepository()
        self.images = images or ImageService()

    # --- the API side ---

    def task_types(self) -> list[TaskType]:
        return list(TASK_TYPES.values())

    def submit(self, owner_id: int, type_name: str, image_ids: Sequence[uuid.UUID], options: dict) -> Task:
        task_type = TASK_TYPES.get(type_name)
        if task_type is None:
            raise NotFound(
                f"There is no task type '{type_name}'.", code="unknown_task_type", details={"known": sorted(TASK_TYPES)}
            )
        options = _checked_options(task_type, options)
        missing = set(image_ids) - self.images.existing_ids(owner_id, image_ids)
        if missing:
            raise NotFound(
                f"{len(missing)} of the images do not exist.",
                code="images_not_found",
                details={"missing": sorted(str(image_id) for image_id in missing)},
            )
        with transaction.atomic():
            task, chunks = self.tasks.create(
                owner_id, type_name, options, image_ids, chunk_sizes(len(image_ids)), published=MESSAGES_AT_SUBMIT
            )
            first = [chunk.id for chunk in chunks[:MESSAGES_AT_SUBMIT]]
            transaction.on_commit(lambda: self._publish(first))
        return task

    def get(self, owner_id: int, task_id: uuid.UUID) -> Task:
        task = self.tasks.get_owned(owner_id, task_id)
        if task is None:
            raise NotFound("No task with this id.", code="task_not_found")
        return task

    def progress_state(self, owner_id: int, task_id: uuid.UUID) -> tuple[str, int, int]:
        """(status, processed, failed): what a live progress view needs to know whether anything changed."""
        state = self.tasks.progress_state(owner_id, task_id)
        if state is None:
            raise NotFound("No task with this id.", code="task_not_found")
        return state

    def list_tasks(self, owner_id: int, status: str | None) -> QuerySet[Task]:
        return self.tasks.list_for_owner(owner_id, status)

    def summary(self, task: Task) -> dict[str, int]:
        if task.processed == 0:  # a photo's detections are written with the count that includes it
            return {}
        return self.images.label_summary_of_task(task.id)

    def results(self, owner_id: int, task_id: uuid.UUID) -> QuerySet[TaskItem]:
        return self.tasks.items_of(self.get(owner_id, task_id).id)

    def detections_for_items(self, task_id: uuid.UUID, items: Sequence[TaskItem]) -> dict[uuid.UUID, list]:
        return self.images.detections_by_task(task_id, (item.image_id for item in items))

    def stop(self, owner_id: int, task_id: uuid.UUID) -> Task:
        """Stop a task: queued chunks are cancelled and revoked; running ones stop before their next image."""
        task = self.get(owner_id, task_id)
        if task.status in (Task.Status.SUCCEEDED, Task.Status.FAILED):
            raise Conflict(
                "The task has already finished.", code="task_already_finished", details={"status": task.status}
            )
        if self.tasks.request_stop(task.id):
            self._cancel_queued_chunks(task.id)
        return self.tasks.get(task.id)

    # --- the worker side ---

    def run_chunk(self, chunk_id: uuid.UUID, worker: str) -> None:
        """Join this chunk's task: run the chunk, or the task's next queued one if that is taken, then keep
        taking the task's next queued chunks for up to SPOTTER_CHUNK_FOLLOW_ON_SECONDS.

        A task has a message for only a few of its chunks: any message of a task with work left brings
        one more process to it, and that process publishes a message for the next. Taking the next chunk
        straight from the database skips the broker round trip between chunks, where the process would
        sit idle. Photos are written together whichever chunks they belong to (photo_writer.py)."""
        now = timezone.now()
        stale_before = now - _stale_after()
        joined = self.tasks.join_chunk(chunk_id, worker, now, stale_before)
        if joined is None:
            logger.info("chunk %s is gone with its task", chunk_id)
            return
        task, claimable, chunk = joined.task, joined.claimable, joined.chunk
        if chunk is None and claimable:  # else a late message: every chunk is done or held by a live worker
            chunk = self.tasks.claim_next_queued_chunk(task, worker, now)
        if chunk is None:
            logger.info("task %s has no chunk left to take (done, stopping or held by live workers)", task.id)
            if claimable or task.status == Task.Status.CANCELLING:
                self._cancel_if_task_stopping(task.id)
            return
        held, give_way_at = [chunk.id], time.monotonic() + settings.SPOTTER_CHUNK_FOLLOW_ON_SECONDS
        try:
            if joined.chunk is None:  # the chunk taken is another one: no invitation reserved yet
                self._invite_another_process(task.id)
            else:
                self._publish_invitation(joined.invitation)
            labels = frozenset(task.options.get("classes") or TASK_TYPES[task.type].classes)
            min_confidence = task.options.get("min_confidence", DEFAULT_MIN_CONFIDENCE)
            writer = PhotoWriter(self.tasks, self.images, task, labels)
            while True:
                stopped = self._detect_chunk(chunk, writer, labels, min_confidence)
                if stopped:
                    break
                if time.monotonic() >= give_way_at:
                    # Let other messages (other tasks, the sweep) have this process; one for this task waits
                    # behind them, so the task goes on even if no other message of it is left.
                    self._invite_another_process(task.id, unpublished_only=False)
                    break
                chunk = self.tasks.claim_next_queued_chunk(task, worker, timezone.now())
                if chunk is None:
                    break
                held.append(chunk.id)
            writer.write(last=True)
        except BaseException as error:
            # Let a retry or another worker take them up at once; finished items stay finished, and settled
            # chunks settled. If even that fails (database down), the sweeper re-queues them once stale.
            with contextlib.suppress(DatabaseError):
                for held_id in held:
                    self.tasks.release_chunk(held_id)
            error.failed_chunk_id = held[-1]  # for the message's on_failure: not always the chunk it named
            raise
        if stopped:
            self.tasks.settle_chunk(chunk.id, TaskChunk.Status.CANCELLED)
        # Only once no chunk is left to take can the task be settled: no need to ask after every chunk. The
        # last write has already done it if it left every chunk done.
        if writer.status != Task.Status.SUCCEEDED:
            self.finalize_if_settled(task.id)

    def _detect_chunk(
        self, chunk: TaskChunk, writer: PhotoWriter, labels: frozenset[str], min_confidence: float
    ) -> bool:
        """Detect the chunk's photos not done yet, each handed to the writer; True if a stop came first."""
        items = chunk.pending_items
        # One query for the chunk's photos and their cached results, not one per photo.
        images = self.images.find_images_to_detect(item.image_id for item in items)
        for position, item in enumerate(items):
            if writer.status == Task.Status.CANCELLING:  # as of the last write: the stop check
                return True
            result = self._detect(item, images.get(item.image_id), labels, min_confidence)
            writer.add(result, chunk.id, completes_chunk=position == len(items) - 1)
        if not items:
            writer.chunk_done(chunk.id)
        return False

    def _detect(
        self, item: TaskItem, image: Image | None, labels: frozenset[str], min_confidence: float
    ) -> PhotoResult:
        """What the model found in one photo, or why it could not look."""
        if image is None:
            return PhotoResult(item, [], "The photo was deleted before it was processed.")
        try:
            return PhotoResult(item, self.images.detect(image, labels, min_confidence), None)
        except DatabaseError:
            raise
        except (PhotoUnreadable, FileNotFoundError) as unreadable:
            return PhotoResult(item, [], str(unreadable) or "The photo's file is missing.")
        except Exception as unexpected:
            logger.exception("detection failed on image %s", item.image_id)
            return PhotoResult(item, [], f"Detection failed: {unexpected}")

    def _cancel_if_task_stopping(self, task_id: uuid.UUID) -> None:
        """Chunks left queued after their task was told to stop (released by a failing worker, say) would
        keep the task `cancelling` for ever: settle them as cancelled instead."""
        if self.tasks.status_of(task_id) == Task.Status.CANCELLING:
            self._cancel_queued_chunks(task_id)

    def _cancel_queued_chunks(self, task_id: uuid.UUID) -> None:
        """Cancel the task's queued chunks, revoke their messages, and settle the task if nothing runs."""
        queue.revoke_chunks(self.tasks.cancel_queued_chunks(task_id))
        self.finalize_if_settled(task_id)

    def record_message_failure(self, chunk_id: uuid.UUID, failed_chunk_id: uuid.UUID | None, reason: str) -> None:
        """A message gave up (retries spent or an unexpected error). The chunk it was working on fails; if it
        failed before it held one, the chunk it named fails, unless another worker is running that one."""
        if failed_chunk_id:
            self.fail_chunk(failed_chunk_id, reason)
        elif (chunk := self.tasks.chunk(chunk_id)) and chunk.status == TaskChunk.Status.QUEUED:
            self.fail_chunk(chunk_id, reason)

    def fail_chunk(self, chunk_id: uuid.UUID, reason: str) -> None:
        """A chunk that cannot be completed: its remaining images fail with the reason, visibly."""
        chunk = self.tasks.chunk(chunk_id)
        if chunk is None or not self.tasks.settle_chunk(chunk.id, TaskChunk.Status.FAILED, reason):
            return
        with transaction.atomic():
            failed = self.tasks.fail_pending_items(chunk.id, reason, timezone.now())
            self.tasks.add_progress(chunk.task_id, processed=failed, failed=failed)
        self.finalize_if_settled(chunk.task_id)

    def finalize_if_settled(self, task_id: uuid.UUID) -> None:
        """Give the task its final status once no chunk is queued or running.

        The status follows from the items, so whoever gets here (the last chunk, a stop request, the
        sweeper) reaches the same answer: skipped images mean cancelled, a failed chunk means failed.
        """
        if self.tasks.has_unsettled_chunks(task_id):
            return
        now = timezone.now()
        skipped, errors = self.tasks.skip_pending_items(task_id, now)
        if skipped:
            self.tasks.finish(task_id, Task.Status.CANCELLED, now)
        elif errors:
            self.tasks.finish(task_id, Task.Status.FAILED, now, error="; ".join(sorted(set(errors))))
        else:
            self.tasks.finish(task_id, Task.Status.SUCCEEDED, now)

    def recover_stale_chunks(self) -> None:
        """Re-queue chunks whose worker went silent; publish for tasks nobody is on whose message never went
        out or was lost."""
        now = timezone.now()
        stale_before = now - _stale_after()
        for chunk in self.tasks.stale_running_chunks(stale_before):
            if chunk.task.status == Task.Status.CANCELLING:
                self.tasks.settle_chunk(chunk.id, TaskChunk.Status.CANCELLED)
                self.finalize_if_settled(chunk.task_id)
            elif chunk.attempts >= settings.SPOTTER_CHUNK_MAX_ATTEMPTS:
                self.fail_chunk(
                    chunk.id, f"Its worker stopped responding {chunk.attempts} times (last: {chunk.worker})."
                )
            elif self.tasks.requeue_stale_chunk(chunk.id, stale_before, now):
                logger.warning(
                    "chunk %s of task %s lost its worker %s; re-queued", chunk.id, chunk.task_id, chunk.worker
                )
                self._publish([chunk.id])
        # A task with queued chunks, nobody on it and no message on the way: its message never went out
        # (broker down at submit) or was lost. One message is enough, as in submit.
        republish_before = now - timedelta(seconds=settings.SPOTTER_CHUNK_REPUBLISH_SECONDS)
        for task_id, status, first_queued in self.tasks.tasks_without_a_worker(republish_before):
            if status == Task.Status.CANCELLING:
                self._cancel_queued_chunks(task_id)
            elif status in Task.ACTIVE:
                logger.warning("task %s has queued chunks and no worker: publishing again", task_id)
                self.tasks.mark_enqueued([first_queued], now)
                self._publish([first_queued])

    def _invite_another_process(self, task_id: uuid.UUID, unpublished_only: bool = True) -> None:
        """Publish a message for the task's first queued chunk that has none (or, `unpublished_only=False`,
        its first queued chunk), if any: an idle process anywhere takes it and joins, and invites the next in
        turn. The statement that finds the chunk marks it published, so processes joining at once never
        invite for the same one. After commit, as in submit."""
        self._publish_invitation(self.tasks.reserve_invitation(task_id, timezone.now(), unpublished_only))

    def _publish_invitation(self, chunk_id: uuid.UUID | None) -> None:
        """The message for a chunk reserved as an invitation (if any), once the reservation is committed."""
        if chunk_id:
            transaction.on_commit(lambda: self._publish([chunk_id]))

    def _publish(self, chunk_ids: Sequence[uuid.UUID]) -> None:
        """Publish messages for chunks already marked as published (by submit, an invitation or the sweep: no
        round trip of its own after). If the broker is down they are marked unpublished again, and
        recover_stale_chunks publishes for their task once nobody is on it (at once for a task with no
        message out, after SPOTTER_CHUNK_REPUBLISH_SECONDS if even that mark failed): a submitted task is never
        lost."""
        try:
            queue.publish_chunks(chunk_ids)
        except Exception as error:  # noqa: BLE001 - kombu raises several kinds; the rows are safe
            logger.error("could not publish %d chunks, will retry: %s", len(chunk_ids), error)
            with contextlib.suppress(DatabaseError):
                self.tasks.mark_enqueued(chunk_ids, None)


def chunk_size(total: int) -> int:
    """Images per chunk for a task of `total` images: SPOTTER_CHUNK_SIZE if set, else small enough for at
    least SPOTTER_MIN_CHUNKS chunks (every worker process gets a share), at most SPOTTER_MAX_CHUNK_SIZE
    (fewer claims for a large task) and at least SPOTTER_MIN_CHUNK_SIZE (a tiny task's chunks are not mostly
    claims and reads)."""
    if settings.SPOTTER_CHUNK_SIZE > 0:
        return settings.SPOTTER_CHUNK_SIZE
    size = min(settings.SPOTTER_MAX_CHUNK_SIZE, total // settings.SPOTTER_MIN_CHUNKS)
    return max(1, settings.SPOTTER_MIN_CHUNK_SIZE, size)


def chunk_sizes(total: int) -> list[int]:
    """How many images each chunk of a task of `total` images gets, in the order they are taken.

    Chunks of chunk_size(total); unless SPOTTER_CHUNK_SIZE is set, the last ones shrink by halves to one
    image, two of each size: whichever worker processes take the last chunks then finish within about one
    image of each other, not one whole chunk."""
    size = chunk_size(total)
    tail = [] if settings.SPOTTER_CHUNK_SIZE > 0 else [size >> n for n in range(1, size.bit_length()) for _ in "ab"]
    if sum(tail) > total:
        tail = []
    bulk = total - sum(tail)
    return [size] * (bulk // size) + ([bulk % size] if bulk % size else []) + tail


def _stale_after() -> timedelta:
    return timedelta(seconds=settings.SPOTTER_CHUNK_STALE_SECONDS)


def _checked_options(task_type: TaskType, options: dict) -> dict:
    """Options with defaults filled in; classes must be ones this task type looks for."""
    checked = {"min_confidence": options.get("min_confidence", DEFAULT_MIN_CONFIDENCE)}
    classes = options.get("classes")
    if classes:
        unknown = sorted(set(classes) - set(task_type.classes))
        if unknown:
            raise InvalidInput(
                f"'{task_type.name}' does not look for: {', '.join(unknown)}.",
                code="unknown_classes",
                details={"unknown": unknown, "known": list(task_type.classes)},
            )
        checked["classes"] = sorted(set(classes))
    return checked
