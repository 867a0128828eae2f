"""Long Running Task use cases: submit a task over photos, follow it, stop it, and do its work.

Life of a task (the terms are defined in docs/architecture.md): `submit` writes the Task, its chunks and
items in one transaction and, on commit, publishes one message per chunk. The worker process that takes
a message claims a queued chunk (of the task with the fewest chunks running, so that tasks share the
processes) and, photo by photo, checks for a stop or a pause and has the image service detect, then
claims the next, until none is left (`work_on_task`). Results are recorded in small batches, each one transaction
(`_record`). When no chunk of a task is left queued or running, its final status follows from its items.
A paused task's chunks wait, queued, for a resume. `recover_stale_chunks` (run periodically) re-queues
chunks whose worker went silent and publishes again for tasks whose messages never went out.

It is longer than most modules on purpose: a chunk's whole walk through the engine (claim, run, record,
hand back, settle) and the controls that race with it (stop, pause, the sweep) read in one file.
"""

import contextlib
import logging
import time
import uuid
from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import Conflict, NotFound
from image_processing.detection import DEFAULT_MIN_CONFIDENCE
from image_processing.services.examination import (
    Examination,
    ExaminationService,
    Interrupted,
)
from image_processing.services.photos import PhotoService

from . import queue
from .batch import Batch
from .chunking import chunk_sizes
from .models import Task, TaskChunk, TaskItem
from .repository import Outcome, TaskRepository
from .task_types import TASK_TYPES, TaskType, checked_options, classes_looked_for, examination_for

logger = logging.getLogger(__name__)


class TaskService:
    def __init__(
        self,
        repository: TaskRepository | None = None,
        examination: ExaminationService | None = None,
        photos: PhotoService | None = None,
    ):
        self.tasks = repository or TaskRepository()
        self.examination = examination or ExaminationService()
        self.photos = photos or PhotoService()

    # --- the API side ---

    def task_types(self) -> list[TaskType]:
        """The task types, with what each looks for when run by the default model."""
        default, tiles = self.examination.model_run(None, "exact").spec, self.examination.thorough_tiles(4032, 3024)
        return [
            replace(
                task_type,
                classes=classes_looked_for(task_type, default),
                thorough_tiles=tiles if task_type.detects else None,
            )
            for task_type in TASK_TYPES.values()
        ]

    def submit(self, owner_id: int, type_name: str, image_ids: Sequence[uuid.UUID], options: dict) -> Task:
        task_type = TASK_TYPES.get(type_name)
        if task_type is None:
            raise NotFound(
                f"There is no task type '{type_name}'.", code="unknown_task_type", details={"known": sorted(TASK_TYPES)}
            )
        precision = options.get("precision", settings.SPOTTER_DETECTOR_PRECISION)
        run = self.examination.model_run(options.get("model"), precision)
        options = checked_options(task_type, options, run)
        self.photos.require_owned(owner_id, image_ids)
        sizes = chunk_sizes(len(image_ids))
        with transaction.atomic():
            model = examination_for(task_type, options, run).result_name
            task = self.tasks.create(owner_id, type_name, options, model, image_ids, sizes)
            transaction.on_commit(lambda: self._publish(task.id, len(sizes)))
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

    def image_ids(self, owner_id: int, task_id: uuid.UUID) -> list[uuid.UUID]:
        """The photos a task of this owner ran over."""
        return list(self.results(owner_id, task_id).values_list("image_id", flat=True))

    def results(self, owner_id: int, task_id: uuid.UUID) -> QuerySet[TaskItem]:
        return self.tasks.items_of(self.get(owner_id, task_id).id)

    def detections_for_items(self, task: Task, items: Sequence[TaskItem]) -> dict[uuid.UUID, list[dict]]:
        """What the task found in these of its photos, at its minimum confidence."""
        min_confidence = task.options.get("min_confidence", DEFAULT_MIN_CONFIDENCE)
        return self.examination.detections_by_task(task.id, [item.image_id for item in items], min_confidence)

    def stop(self, owner_id: int, task_id: uuid.UUID) -> Task:
        """Stop a task: queued chunks are cancelled; running ones stop before their next photo."""
        task = self.get(owner_id, task_id)
        if task.status in (Task.Status.SUCCEEDED, Task.Status.FAILED):
            raise Conflict(
                "The task has already finished.", code="task_already_finished", details={"status": task.status}
            )
        if self.tasks.request_stop(task.id):
            self.tasks.cancel_queued_chunks(task.id)  # their messages then find nothing to claim
            self.finalize_if_settled(task.id)
        return self.tasks.get(task.id)

    def pause(self, owner_id: int, task_id: uuid.UUID) -> Task:
        """Pause a task: running chunks are handed back before their next photo, and no chunk of it is taken
        until it is resumed. Photos done stay done."""
        task = self.get(owner_id, task_id)
        if task.status not in (*Task.WORKABLE, Task.Status.PAUSED):
            raise Conflict(
                f"A {task.status} task cannot be paused.", code="task_not_pausable", details={"status": task.status}
            )
        self.tasks.pause(task.id, timezone.now())
        return self.tasks.get(task.id)

    def resume(self, owner_id: int, task_id: uuid.UUID) -> Task:
        """Resume a paused task where it stopped: its photos not yet done, each once."""
        task = self.get(owner_id, task_id)
        if task.status not in (*Task.WORKABLE, Task.Status.PAUSED):
            raise Conflict(
                f"A {task.status} task cannot be resumed.", code="task_not_paused", details={"status": task.status}
            )
        if self.tasks.resume(task.id, timezone.now()):
            if self.tasks.has_unsettled_chunks(task.id):  # one message at least: a chunk may still be on its way back
                self._publish(task.id, max(1, self.tasks.queued_chunk_count(task.id)))
            self.finalize_if_settled(task.id)  # every photo was done before the pause landed
        return self.tasks.get(task.id)

    def retry(self, owner_id: int, task_id: uuid.UUID) -> Task:
        """A new task of the same type and options over the photos of this one that failed (and still exist)."""
        task = self.get(owner_id, task_id)
        if task.status not in Task.FINISHED:
            raise Conflict(
                "The task has not finished: stop it or wait for it first.",
                code="task_not_finished",
                details={"status": task.status},
            )
        failed = self.tasks.failed_image_ids(task.id)
        existing = self.photos.owned_ids(owner_id, failed)
        if not existing:
            raise Conflict("No photo of this task failed (or those that did were deleted).", code="nothing_to_retry")
        return self.submit(owner_id, task.type, [image_id for image_id in failed if image_id in existing], task.options)

    # --- the worker side ---

    def work_on_task(self, task_id: uuid.UUID, worker: str) -> None:
        """What one message of a task does: claim a queued chunk and detect its photos, then the next, until
        no chunk is left queued. A process goes from chunk to chunk without waiting for the broker, taking
        them in turn from every task that has some; messages that arrive once the work is gone end after a
        query or two."""
        batch = Batch()
        try:
            while (chunk := self.tasks.claim_next_chunk(worker, timezone.now())) is not None:
                try:
                    self._run_chunk(chunk, batch)
                except Exception as error:
                    self._give_up(chunk, error)
                    raise
                self.finalize_if_settled(chunk.task_id)
        except (SystemExit, KeyboardInterrupt):  # the process is being stopped (worker.hand_back_on_sigterm)
            self._hand_back_all(worker)
            raise
        # A chunk handed back just as a stop cancelled the queued ones is still queued: its message ends it.
        if self.tasks.status_of(task_id) == Task.Status.CANCELLING and self.tasks.cancel_queued_chunks(task_id):
            self.finalize_if_settled(task_id)

    def _give_up(self, chunk: TaskChunk, error: Exception) -> None:
        """The retry policy, one for every fault: a chunk whose worker failed goes back to the queue at once,
        with a message, for this or another process to try again; photos recorded stay recorded. After
        SPOTTER_CHUNK_MAX_ATTEMPTS tries its remaining photos fail with the reason. Should even this fail (the
        database is down), the sweep re-queues the chunk once its heartbeat is stale."""
        with contextlib.suppress(DatabaseError):
            if chunk.attempts >= settings.SPOTTER_CHUNK_MAX_ATTEMPTS:
                self.fail_chunk(chunk, f"{type(error).__name__}: {error}")
            elif self.tasks.hand_back_chunk(chunk.id):
                self._publish(chunk.task_id, 1)
                self.finalize_if_settled(chunk.task_id)  # handed back cancelled: the task may be settled now

    def _hand_back_all(self, worker: str) -> None:
        """A process being stopped hands back what it holds, a chunk claimed as the signal struck included
        (never failed for it: the stop is no fault of the chunk's), on a fresh connection: the signal may have
        struck in the middle of a query, leaving the old one unusable. What it cannot hand back, the sweep
        re-queues."""
        connections.close_all()
        try:
            task_ids = self.tasks.hand_back_chunks_of(worker)
            for task_id in task_ids:
                self._publish(task_id, 1)
                self.finalize_if_settled(task_id)
        except DatabaseError as error:
            logger.warning("%s stopped and could not hand back its chunks (the sweep will): %s", worker, error)
        else:
            logger.info("%s stopped: handed back the chunks it held of %d tasks", worker, len(task_ids))

    def _run_chunk(self, chunk: TaskChunk, batch: Batch) -> None:
        """Detect the chunk's photos not done yet, recording them in batches, and settle the chunk with the
        last. A stop first settles it cancelled; a pause hands it back, queued, with the photos it has done
        recorded."""
        task = chunk.task
        exam = self._examination(task)
        items = self.tasks.pending_items(chunk.id)
        photos = self.examination.photos_to_detect([item.image_id for item in items], exam)
        batch.beaten_at = time.monotonic()  # the claim was a sign of life
        if task.status == Task.Status.RUNNING:  # and a stop check, as of the claim
            batch.stop_checked_at = batch.beaten_at
        halted: list[str] = []  # the status that halted the chunk, once one has

        def should_stop() -> bool:
            if (
                not halted
                and batch.stop_check_due()
                and (status := self.tasks.status_of(task.id)) != Task.Status.RUNNING
            ):
                halted.append(status)
            return bool(halted)

        for item in items:
            if not should_stop():
                with contextlib.suppress(Interrupted):  # between two tiles of a thorough examination
                    batch.results[item] = self.examination.detect(photos.get(item.image_id), exam, should_stop)
            if halted:  # a stop or a pause lands before the next photo, or the next tile
                if halted[0] == Task.Status.PAUSED:
                    self._record(chunk, exam, batch)
                    self.tasks.hand_back_chunk(chunk.id)
                else:
                    self._record(chunk, exam, batch, settle=TaskChunk.Status.CANCELLED)
                return
            if batch.due():
                self._record(chunk, exam, batch)
        self._record(chunk, exam, batch, settle=TaskChunk.Status.DONE)

    def _record(self, chunk: TaskChunk, exam: Examination, batch: Batch, settle: str = "") -> None:
        """One unit of work: the image service stores the batch's detections and the result cache, the
        items are finished and counted into the task with what they found, and the chunk shows a sign of
        life or, with `settle`, gets its final status."""
        if not batch.results and not settle:
            return
        now, found = timezone.now(), {item.image_id: result for item, result in batch.results.items()}
        beat = not settle and batch.beat_due()
        with transaction.atomic():
            if found:
                gone = self.examination.record_detections(chunk.task_id, exam, found)
                outcomes = {
                    item.id: Outcome("The photo was deleted while it was processed.")
                    if item.image_id in gone
                    else Outcome(result.error, result.summary, result.examined)
                    for item, result in batch.results.items()
                }
                self.tasks.finish_items(chunk.task_id, outcomes, now)
            if settle:
                self.tasks.settle_chunk(chunk.id, settle)
            elif beat:
                self.tasks.heartbeat(chunk.id, now)
        batch.recorded(beat)

    def _examination(self, task: Task) -> Examination:
        run = self.examination.model_run(task.options.get("model"), task.options.get("precision", "exact"))
        return examination_for(TASK_TYPES[task.type], task.options, run)

    def fail_chunk(self, chunk: TaskChunk, reason: str) -> None:
        """A chunk that cannot be completed: its remaining photos fail with the reason, visibly."""
        with transaction.atomic():
            if not self.tasks.settle_chunk(chunk.id, TaskChunk.Status.FAILED, reason):
                return
            failed = self.tasks.fail_pending_items(chunk.id, reason, timezone.now())
            self.tasks.count_done(chunk.task_id, processed=failed, failed=failed)
        self.finalize_if_settled(chunk.task_id)

    def finalize_if_settled(self, task_id: uuid.UUID) -> None:
        """Give the task its final status once no chunk is queued or running.

        The status follows from the items and chunks, so whoever gets here (the last chunk, a stop request,
        the sweep) reaches the same answer: skipped photos mean cancelled, a failed chunk means failed. Run
        after the caller's own chunk is committed, so of two processes settling the last chunks at once,
        the later one sees both settled."""
        now = timezone.now()
        if self.tasks.succeed_if_every_chunk_done(task_id, now) or self.tasks.has_unsettled_chunks(task_id):
            return
        self.tasks.skip_pending_items(task_id, now)
        errors = self.tasks.failed_chunk_errors(task_id)
        if self.tasks.has_skipped_items(task_id):
            self.tasks.finish(task_id, Task.Status.CANCELLED, now)
        elif errors:
            self.tasks.finish(task_id, Task.Status.FAILED, now, error="; ".join(sorted(set(errors))))
        else:
            self.tasks.finish(task_id, Task.Status.SUCCEEDED, now)

    def recover_stale_chunks(self) -> None:
        """Re-queue chunks whose worker went silent; publish again for tasks whose messages never went out
        or were lost."""
        now = timezone.now()
        stale_before = now - timedelta(seconds=settings.SPOTTER_CHUNK_STALE_SECONDS)
        for chunk in self.tasks.stale_running_chunks(stale_before):
            if chunk.attempts >= settings.SPOTTER_CHUNK_MAX_ATTEMPTS and chunk.task.status != Task.Status.CANCELLING:
                self.fail_chunk(chunk, f"Its worker stopped responding {chunk.attempts} times (last: {chunk.worker}).")
            elif self.tasks.hand_back_chunk(chunk.id, stale_before):
                logger.warning("chunk %s of task %s lost its worker %s", chunk.id, chunk.task_id, chunk.worker)
                self._publish(chunk.task_id, 1)
                self.finalize_if_settled(chunk.task_id)
        republish_before = now - timedelta(seconds=settings.SPOTTER_CHUNK_REPUBLISH_SECONDS)
        for task_id, queued in self.tasks.tasks_without_messages(republish_before):
            logger.warning("task %s has %d queued chunks and no worker on the way; publishing again", task_id, queued)
            self.tasks.mark_published(task_id, now)
            self._publish(task_id, queued)

    def _publish(self, task_id: uuid.UUID, messages: int) -> None:
        """Publish `messages` messages for the task (marked as published by the caller). If the broker is
        down, the task is marked as having none out, and the sweep publishes for it once the broker is
        back: a submitted task is never lost."""
        try:
            queue.publish_task(task_id, messages)
        except Exception as error:  # noqa: BLE001 - kombu raises several kinds; the rows are safe
            logger.error("could not publish task %s, the sweep will retry: %s", task_id, error)
            with contextlib.suppress(DatabaseError):
                self.tasks.mark_published(task_id, None)
