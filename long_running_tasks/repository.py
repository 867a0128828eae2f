"""The only code that queries the long_running_tasks tables.

A task's or a chunk's status moves by `transition` (models.StatusQuerySet), a conditional update whose row
count says whether this caller won, so two workers, or a worker and a stop request, never both win.
"""

import uuid
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from .models import Task, TaskChunk, TaskItem


@dataclass(frozen=True)
class Outcome:
    """What became of one item's photo: an error, or the labels of what was found in it."""

    error: str | None
    labels: list[str] = field(default_factory=list)
    examined: bool = False  # a model looked at it (not answered from the result cache)


class TaskRepository:
    # --- tasks ---

    def create(
        self,
        owner_id: int,
        type_name: str,
        options: dict,
        model: str,
        image_ids: Sequence[uuid.UUID],
        chunk_sizes: list[int],
    ) -> Task:
        """The task, its chunks (of these sizes, in order) and its items, marked as published: the caller
        publishes its messages once committed. Call inside transaction.atomic()."""
        task = Task.objects.create(
            owner_id=owner_id,
            type=type_name,
            options=options,
            model=model,
            total=len(image_ids),
            published_at=timezone.now(),
        )
        chunks = TaskChunk.objects.bulk_create(TaskChunk(task=task, index=n) for n in range(len(chunk_sizes)))
        chunk_of_position = [chunk for chunk, size in zip(chunks, chunk_sizes, strict=True) for _ in range(size)]
        TaskItem.objects.bulk_create(
            (
                TaskItem(task=task, chunk=chunk_of_position[position], position=position, image_id=image_id)
                for position, image_id in enumerate(image_ids)
            ),
            batch_size=2000,
        )
        return task

    def get(self, task_id: uuid.UUID) -> Task | None:
        return Task.objects.filter(id=task_id).first()

    def get_owned(self, owner_id: int, task_id: uuid.UUID) -> Task | None:
        return Task.objects.filter(id=task_id, owner_id=owner_id).first()

    def list_for_owner(self, owner_id: int, status: str | None = None) -> QuerySet[Task]:
        tasks = Task.objects.filter(owner_id=owner_id)
        if status:
            tasks = tasks.filter(status=status)
        return tasks.order_by("-created_at", "-id")

    def progress_state(self, owner_id: int, task_id: uuid.UUID) -> tuple[str, int, int] | None:
        owned = Task.objects.filter(id=task_id, owner_id=owner_id)
        return owned.values_list("status", "processed", "failed").first()

    def status_of(self, task_id: uuid.UUID) -> str | None:
        return Task.objects.filter(id=task_id).values_list("status", flat=True).first()

    def mark_published(self, task_id: uuid.UUID, at: datetime | None) -> None:
        Task.objects.filter(id=task_id).update(published_at=at)

    def request_stop(self, task_id: uuid.UUID) -> bool:
        task = Task.objects.filter(id=task_id)
        return task.transition([*Task.WORKABLE, Task.Status.PAUSED], Task.Status.CANCELLING)

    def pause(self, task_id: uuid.UUID, now: datetime) -> bool:
        return Task.objects.filter(id=task_id).transition(Task.WORKABLE, Task.Status.PAUSED, paused_at=now)

    def resume(self, task_id: uuid.UUID, now: datetime) -> bool:
        """Paused → running (queued if no photo was started), marked as published: the caller publishes. The
        pause counts into paused_for if the task had started."""
        status = Case(When(started_at__isnull=True, then=Value(Task.Status.QUEUED)), default=Value(Task.Status.RUNNING))
        pause = ExpressionWrapper(Value(now) - F("paused_at"), output_field=DurationField())
        paused_for = Case(When(started_at__isnull=True, then=F("paused_for")), default=F("paused_for") + pause)
        task = Task.objects.filter(id=task_id)
        return task.transition([Task.Status.PAUSED], status, published_at=now, paused_at=None, paused_for=paused_for)

    def finish(self, task_id: uuid.UUID, status: str, now: datetime, error: str | None = None) -> bool:
        """Give an active task its final status; False if it had one already."""
        return Task.objects.filter(id=task_id).transition(Task.ACTIVE, status, finished_at=now, error=error)

    def succeed_if_every_chunk_done(self, task_id: uuid.UUID, now: datetime) -> bool:
        """The usual end of a task, in one statement: `succeeded` if it is active and every chunk of it is
        done (a chunk is done only once each of its photos is recorded)."""
        not_done = TaskChunk.objects.filter(task_id=OuterRef("pk")).exclude(status=TaskChunk.Status.DONE)
        every_chunk_done = Task.objects.filter(id=task_id).exclude(Exists(not_done))
        return every_chunk_done.transition(Task.ACTIVE, Task.Status.SUCCEEDED, finished_at=now)

    def count_done(
        self, task_id: uuid.UUID, processed: int, failed: int, found: Counter | None = None, examined: int = 0
    ) -> None:
        """Count photos done (and those of them a model examined) into the task, and what they found into its
        summary (under the row's lock: a JSON object cannot be added to in one UPDATE on both databases)."""
        if not processed:
            return
        changes = {"processed": F("processed") + processed, "failed": F("failed") + failed}
        if examined:
            changes["examined"] = F("examined") + examined
        if found:
            summary = Task.objects.select_for_update().values_list("summary", flat=True).get(id=task_id)
            changes["summary"] = dict(Counter(summary) + found)
        Task.objects.filter(id=task_id).update(**changes)

    # --- chunks ---

    def claim_next_chunk(self, worker: str, now: datetime) -> TaskChunk | None:
        """Take a queued chunk of a queued or running task, with its task; None if there is none.

        Tasks share the worker processes: the chunk comes from the task with the fewest chunks running, the
        oldest of those, so a small task submitted behind a large one starts as soon as a process is free.
        A chunk another process is taking is skipped, not waited for (SQLite, which has no row locks, runs
        one write at a time). Whoever takes a queued task's first chunk marks the task running."""
        running = (
            TaskChunk.objects.filter(task_id=OuterRef("task_id"), status=TaskChunk.Status.RUNNING)
            .values("task_id")
            .annotate(n=Count("id"))
            .values("n")
        )
        with transaction.atomic():
            chunk = (
                TaskChunk.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("task")
                .filter(status=TaskChunk.Status.QUEUED, task__status__in=Task.WORKABLE)
                .annotate(running=Coalesce(Subquery(running), 0))
                .order_by("running", "task__created_at", "task_id", "index")
                .first()
            )
            if chunk is None:
                return None
            TaskChunk.objects.filter(id=chunk.id).update(
                status=TaskChunk.Status.RUNNING, worker=worker, heartbeat_at=now, attempts=F("attempts") + 1
            )
            chunk.attempts += 1
            if chunk.task.status == Task.Status.QUEUED and Task.objects.filter(id=chunk.task_id).transition(
                [Task.Status.QUEUED], Task.Status.RUNNING, started_at=now
            ):
                chunk.task.status = Task.Status.RUNNING
        return chunk

    def chunk(self, chunk_id: uuid.UUID) -> TaskChunk | None:
        return TaskChunk.objects.filter(id=chunk_id).first()

    def heartbeat(self, chunk_id: uuid.UUID, now: datetime) -> None:
        TaskChunk.objects.filter(id=chunk_id).update(heartbeat_at=now)

    def settle_chunk(self, chunk_id: uuid.UUID, status: str, error: str | None = None) -> bool:
        """Give a queued or running chunk its final status; False if it had one already."""
        return TaskChunk.objects.filter(id=chunk_id).transition(TaskChunk.UNSETTLED, status, error=error)

    def hand_back_chunk(self, chunk_id: uuid.UUID, stale_before: datetime | None = None) -> bool:
        """A running chunk (only if its heartbeat is older than `stale_before`, where given) that its worker
        gave up or lost: queued for another try, or cancelled if its task is being stopped, in one statement,
        so a stop landing meanwhile never leaves it queued on a task nobody will work on."""
        chunk = TaskChunk.objects.filter(id=chunk_id)
        if stale_before is not None:
            chunk = chunk.filter(heartbeat_at__lt=stale_before)
        return self._hand_back(chunk)

    def hand_back_chunks_of(self, worker: str) -> set[uuid.UUID]:
        """Every chunk this worker process holds, handed back as `hand_back_chunk` does; the ids of their
        tasks."""
        held = TaskChunk.objects.filter(worker=worker, status=TaskChunk.Status.RUNNING)
        task_ids = set(held.values_list("task_id", flat=True))
        self._hand_back(held)
        return task_ids

    def _hand_back(self, chunks: QuerySet[TaskChunk]) -> bool:
        stopping = Exists(Task.objects.filter(id=OuterRef("task_id"), status=Task.Status.CANCELLING))
        status = Case(When(stopping, then=Value(TaskChunk.Status.CANCELLED)), default=Value(TaskChunk.Status.QUEUED))
        return chunks.transition([TaskChunk.Status.RUNNING], status)

    def cancel_queued_chunks(self, task_id: uuid.UUID) -> bool:
        return TaskChunk.objects.filter(task_id=task_id).transition(
            [TaskChunk.Status.QUEUED], TaskChunk.Status.CANCELLED
        )

    def queued_chunk_count(self, task_id: uuid.UUID) -> int:
        return TaskChunk.objects.filter(task_id=task_id, status=TaskChunk.Status.QUEUED).count()

    def has_unsettled_chunks(self, task_id: uuid.UUID) -> bool:
        return TaskChunk.objects.filter(task_id=task_id, status__in=TaskChunk.UNSETTLED).exists()

    def failed_chunk_errors(self, task_id: uuid.UUID) -> list[str]:
        failed = TaskChunk.objects.filter(task_id=task_id, status=TaskChunk.Status.FAILED)
        return [error or "unknown error" for error in failed.values_list("error", flat=True)]

    def stale_running_chunks(self, stale_before: datetime) -> list[TaskChunk]:
        stale = TaskChunk.objects.filter(status=TaskChunk.Status.RUNNING, heartbeat_at__lt=stale_before)
        return list(stale.select_related("task"))

    def tasks_without_messages(self, published_before: datetime) -> list[tuple[uuid.UUID, int]]:
        """(task id, queued chunks) of each active task that has queued chunks, none running, and no
        messages published since `published_before`: nobody is working on it or on the way to it."""
        chunks = TaskChunk.objects.filter(task_id=OuterRef("task_id"))
        waiting = (
            TaskChunk.objects.filter(status=TaskChunk.Status.QUEUED, task__status__in=Task.ACTIVE)
            .exclude(task__published_at__gte=published_before)
            .exclude(Exists(chunks.filter(status=TaskChunk.Status.RUNNING)))
            .values("task_id")
            .annotate(queued=Count("id"))
            .order_by()
        )
        return [(row["task_id"], row["queued"]) for row in waiting]

    # --- items ---

    def pending_items(self, chunk_id: uuid.UUID) -> list[TaskItem]:
        return list(TaskItem.objects.filter(chunk_id=chunk_id, status=TaskItem.Status.PENDING).order_by("position"))

    def finish_items(self, task_id: uuid.UUID, outcomes: dict[int, Outcome], now: datetime) -> None:
        """Finish those of these items still pending, as failed with their error or succeeded, and count them
        into the task: only those this call finished, so a photo another worker recorded first (its
        photos' rows were locked first) is not counted twice."""
        pending = TaskItem.objects.filter(task_id=task_id, status=TaskItem.Status.PENDING)
        mine = {
            item_id: outcomes[item_id] for item_id in pending.filter(id__in=list(outcomes)).values_list("id", flat=True)
        }
        succeeded = [item_id for item_id, outcome in mine.items() if outcome.error is None]
        pending.filter(id__in=succeeded).update(status=TaskItem.Status.SUCCEEDED, finished_at=now)
        for item_id, outcome in mine.items():
            if outcome.error is not None:
                pending.filter(id=item_id).update(status=TaskItem.Status.FAILED, error=outcome.error, finished_at=now)
        found = Counter(label for item_id in succeeded for label in mine[item_id].labels)
        examined = sum(outcome.examined for outcome in mine.values())
        self.count_done(task_id, len(mine), len(mine) - len(succeeded), found, examined)

    def fail_pending_items(self, chunk_id: uuid.UUID, reason: str, now: datetime) -> int:
        pending = TaskItem.objects.filter(chunk_id=chunk_id, status=TaskItem.Status.PENDING)
        return pending.update(status=TaskItem.Status.FAILED, error=reason, finished_at=now)

    def skip_pending_items(self, task_id: uuid.UUID, now: datetime) -> int:
        pending = TaskItem.objects.filter(task_id=task_id, status=TaskItem.Status.PENDING)
        return pending.update(status=TaskItem.Status.SKIPPED, finished_at=now)

    def has_skipped_items(self, task_id: uuid.UUID) -> bool:
        return TaskItem.objects.filter(task_id=task_id, status=TaskItem.Status.SKIPPED).exists()

    def failed_image_ids(self, task_id: uuid.UUID) -> list[uuid.UUID]:
        failed = TaskItem.objects.filter(task_id=task_id, status=TaskItem.Status.FAILED).order_by("position")
        return list(failed.values_list("image_id", flat=True))

    def items_of(self, task_id: uuid.UUID) -> QuerySet[TaskItem]:
        return TaskItem.objects.filter(task_id=task_id).order_by("position")
