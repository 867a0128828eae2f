"""The only code that queries the long_running_tasks tables.

State changes are conditional UPDATEs (`UPDATE … WHERE id = … AND status = …`): the row count says
whether this caller won, so two workers, or a worker and a stop request, never both win. What a task
does for every photo, chunk and write is plain SQL (spotter/sql.py); the rest is the ORM.
"""

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.db.models import Exists, OuterRef, QuerySet, Subquery
from django.utils import timezone

from spotter import sql

from .models import Task, TaskChunk, TaskItem


@dataclass(frozen=True)
class Joined:
    """What a message's first round trip found (TaskRepository.join_chunk)."""

    task: Task
    claimable: bool  # there was a chunk of the task to take
    chunk: TaskChunk | None  # the message's chunk, taken; None if someone else has it or the task is stopping
    invitation: uuid.UUID | None  # a chunk reserved for one more process's message, once the chunk was taken


class TaskRepository:
    # --- tasks ---

    def create(
        self,
        owner_id: int,
        type_name: str,
        options: dict,
        image_ids: Sequence[uuid.UUID],
        chunk_sizes: list[int],
        published: int = 0,
    ) -> tuple[Task, list[TaskChunk]]:
        """The task, its chunks (of these sizes, in order; the first `published` marked as published, for their
        messages go out at commit) and its items, in three INSERTs sent together with the transaction's BEGIN
        and COMMIT: one round trip (spotter/sql.py), while the workers wait for the task's first message.
        Call first thing inside transaction.atomic()."""
        task = Task(owner_id=owner_id, type=type_name, options=options, total=len(image_ids), created_at=timezone.now())
        chunks = [
            TaskChunk(task=task, index=n, enqueued_at=task.created_at if n < published else None)
            for n in range(len(chunk_sizes))
        ]
        chunk_of_position = [chunk.id for chunk, size in zip(chunks, chunk_sizes, strict=True) for _ in range(size)]
        with sql.transaction_in_one_round_trip():
            sql.insert(
                Task,
                ("id", "owner", "type", "options", "status", "total", "processed", "failed", "created_at"),
                [(task.id, owner_id, type_name, options, task.status, task.total, 0, 0, task.created_at)],
            )
            sql.insert(
                TaskChunk,
                ("id", "task", "index", "status", "attempts", "worker", "enqueued_at"),
                [(chunk.id, task.id, chunk.index, chunk.status, 0, "", chunk.enqueued_at) for chunk in chunks],
            )
            sql.insert(
                TaskItem,
                ("task", "chunk", "position", "image_id", "status"),
                [
                    (task.id, chunk_of_position[position], position, image_id, TaskItem.Status.PENDING)
                    for position, image_id in enumerate(image_ids)
                ],
            )
        for row in (task, *chunks):  # as if loaded: stored, in this database
            row._state.adding, row._state.db = False, connection.alias
        return task, chunks

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
        rows = sql.fetch(f"SELECT status FROM {sql.table(Task)} WHERE id = %s", [sql.value(Task, "id", task_id)])
        return rows[0][0] if rows else None

    def request_stop(self, task_id: uuid.UUID) -> bool:
        updated = Task.objects.filter(id=task_id, status__in=[Task.Status.QUEUED, Task.Status.RUNNING])
        return bool(updated.update(status=Task.Status.CANCELLING))

    def finish(self, task_id: uuid.UUID, status: str, now: datetime, error: str | None = None) -> bool:
        """Give an active task its final status (plain SQL, like the rest of a task's last steps: they are on
        the way between its last photo and the status its owner sees)."""
        finished = sql.execute(
            f"UPDATE {sql.table(Task)} SET status = %s, finished_at = %s, error = %s WHERE id = %s"
            f" AND status IN ({sql.placeholders(len(Task.ACTIVE))})",
            [status, sql.value(Task, "finished_at", now), error, sql.value(Task, "id", task_id), *Task.ACTIVE],
        )
        return bool(finished)

    def succeed_if_done(self, task_id: uuid.UUID, now: datetime) -> Callable[[], bool]:
        """Give a running task its final status `succeeded` if every chunk of it is done; the returned function
        tells whether it did (sql.fetch_later). A worker runs this in its last write, after finish_items (or
        add_progress): that UPDATE holds the task's row until the commit, and each statement sees what was
        committed before it began, so of two workers whose last writes meet, the later sees the earlier's
        chunks settled, and the task never waits on both thinking the other still runs. Any other end (a stop,
        a failed chunk) is finalize_if_settled's."""
        tasks, chunks = sql.table(Task), sql.table(TaskChunk)
        rows = sql.fetch_later(
            f"UPDATE {tasks} SET status = %s, finished_at = %s WHERE id = %s AND status = %s"
            f" AND NOT EXISTS (SELECT 1 FROM {chunks} WHERE task_id = %s AND status <> %s) RETURNING id",
            [
                Task.Status.SUCCEEDED,
                sql.value(Task, "finished_at", now),
                sql.value(Task, "id", task_id),
                Task.Status.RUNNING,
                sql.value(TaskChunk, "task", task_id),
                TaskChunk.Status.DONE,
            ],
        )
        return lambda: bool(rows())

    def add_progress(self, task_id: uuid.UUID, processed: int, failed: int) -> Callable[[], str | None]:
        """Count images done into the task; the returned function gives its status as of that moment (None: no
        such task), to be read after a pipeline (sql.fetch_later). The worker's stop check for the next image
        comes with its write, not as a query of its own. (Plain SQL for RETURNING, which PostgreSQL and
        SQLite both have and the ORM's update() does not.)"""
        rows = sql.fetch_later(
            f"UPDATE {sql.table(Task)} SET processed = processed + %s, failed = failed + %s WHERE id = %s"
            " RETURNING status",
            [processed, failed, sql.value(Task, "id", task_id)],
        )
        return lambda: next((status for (status,) in rows()), None)

    # --- chunks ---

    def join_chunk(self, chunk_id: uuid.UUID, worker: str, now: datetime, stale_before: datetime) -> Joined | None:
        """The first steps of every message, in one transaction and one round trip (they lie between a task's
        submit and its first photo): read the chunk's task, take the chunk, and if that won, reserve an
        invitation for one more process (reserve_invitation). None if the chunk is gone with its task.

        The task comes with only what a worker reads of it (id, type, options, status), and with whether
        there was a chunk of it to claim: a queued one, or this one if its worker went silent (a late message,
        of a task whose chunks are all taken, ends here). The chunk is taken if it is queued, or running with
        a worker gone silent, unless the task is stopping; it comes with its `pending_items`. Whoever takes a
        queued task's first chunk marks the task running."""
        tasks, chunks = sql.table(Task), sql.table(TaskChunk)
        chunk = sql.value(TaskChunk, "id", chunk_id)
        stale = sql.value(TaskChunk, "heartbeat_at", stale_before)
        # One transaction, so that an error anywhere in it leaves the chunk as it was, not taken by nobody.
        with transaction.atomic(), sql.transaction_in_one_round_trip():
            found = sql.fetch_later(
                f"SELECT t.id, t.type, t.options, t.status, EXISTS (SELECT 1 FROM {chunks} q WHERE q.task_id = t.id"
                " AND q.status = %s) OR (c.status = %s AND c.heartbeat_at < %s)"
                f" FROM {tasks} t JOIN {chunks} c ON c.task_id = t.id WHERE c.id = %s",
                [TaskChunk.Status.QUEUED, TaskChunk.Status.RUNNING, stale, chunk],
            )
            # Whoever takes a queued task's first chunk starts it. Run before the claim, whether or not it wins:
            # a task still queued has had no chunk taken, so a claim that loses was of a task not queued.
            sql.execute(
                f"UPDATE {tasks} SET status = %s, started_at = %s WHERE id = (SELECT task_id FROM {chunks}"
                " WHERE id = %s) AND status = %s",
                [Task.Status.RUNNING, sql.value(Task, "started_at", now), chunk, Task.Status.QUEUED],
            )
            claimed = sql.fetch_later(
                f"UPDATE {chunks} SET {_CLAIM} WHERE id = %s"
                f" AND (status = %s OR (status = %s AND heartbeat_at < %s)) AND {_TASK_NOT_STOPPING}"
                f" RETURNING {sql.column('index')}, attempts",
                [
                    *_claim_params(worker, now),
                    chunk,
                    TaskChunk.Status.QUEUED,
                    TaskChunk.Status.RUNNING,
                    stale,
                    *_STOPPING,
                ],
            )
            items = sql.fetch_later(
                f"{_PENDING_ITEMS} WHERE chunk_id = %s AND status = %s ORDER BY position",
                [sql.value(TaskItem, "chunk", chunk_id), TaskItem.Status.PENDING],
            )
            # Only if the claim above won: the chunk is then this worker's, with this instant's heartbeat.
            invitation = self._reserve_invitation_later(
                f"(SELECT task_id FROM {chunks} WHERE id = %s)",
                [chunk],
                now,
                unpublished_only=True,
                condition=(
                    f" AND EXISTS (SELECT 1 FROM {chunks} WHERE id = %s AND status = %s AND worker = %s"
                    " AND heartbeat_at = %s)",
                    [chunk, *_claim_params(worker, now)],
                ),
            )
        rows = found()
        if not rows:
            return None
        task_id, type_name, options, status, claimable = rows[0]
        options = Task._meta.get_field("options").from_db_value(options, None, connection)
        # from_db takes the values in the model's field order
        task = Task.from_db(
            connection.alias, ["id", "type", "options", "status"], [sql.to_uuid(task_id), type_name, options, status]
        )
        taken = claimed()
        if not taken:
            return Joined(task, bool(claimable), None, None)
        position, attempts = taken[0]
        return Joined(task, True, _claimed(chunk_id, task, position, attempts, worker, now, items()), invitation())

    def claim_next_queued_chunk(self, task: Task, worker: str, now: datetime) -> TaskChunk | None:
        """Take this task's first queued chunk, unless the task is stopping; None if there is none.

        One round trip, run after every chunk of a running task. On PostgreSQL the chunk is chosen with FOR
        UPDATE SKIP LOCKED, so a chunk another worker is taking is skipped, not waited for or lost to it;
        SQLite runs one write at a time. The chunk comes with `task`, whose status is set to the task's as
        of the claim, and with its `pending_items`: read by the same round trip, as the items of the chunk
        this worker claimed at `now`, whose id the claim's answer then confirms."""
        chunks, tasks, index = sql.table(TaskChunk), sql.table(Task), sql.column("index")
        skip_locked = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
        task_id = sql.value(Task, "id", task.id)
        with sql.pipelined():
            claimed = sql.fetch_later(
                f"UPDATE {chunks} SET {_CLAIM}"
                f" WHERE id = (SELECT id FROM {chunks} WHERE task_id = %s AND status = %s ORDER BY {index}"
                f" LIMIT 1{skip_locked}) AND status = %s AND {_TASK_NOT_STOPPING}"
                f" RETURNING id, {index}, attempts, (SELECT status FROM {tasks} WHERE id = %s)",
                [
                    *_claim_params(worker, now),
                    task_id,
                    TaskChunk.Status.QUEUED,
                    TaskChunk.Status.QUEUED,
                    *_STOPPING,
                    task_id,
                ],
            )
            items = sql.fetch_later(
                f"{_PENDING_ITEMS} WHERE chunk_id IN (SELECT id FROM {chunks} WHERE task_id = %s AND status = %s"
                " AND worker = %s AND heartbeat_at = %s) AND status = %s ORDER BY position",
                [task_id, *_claim_params(worker, now), TaskItem.Status.PENDING],
            )
        rows = claimed()
        if not rows:
            return None
        chunk_id, position, attempts, task.status = rows[0]
        chunk_id = sql.to_uuid(chunk_id)
        items = [item for item in items() if sql.to_uuid(item[3]) == chunk_id]
        return _claimed(chunk_id, task, position, attempts, worker, now, items)

    def reserve_invitation(self, task_id: uuid.UUID, now: datetime, unpublished_only: bool) -> uuid.UUID | None:
        """Mark the task's first queued chunk (`unpublished_only`: that no message was published for yet) as
        published, and return it, for a message to be published for it; None if there is none. One statement
        finds and marks it, skipping a chunk another process is taking or marking (FOR UPDATE SKIP LOCKED on
        PostgreSQL), so two processes joining at once invite for two chunks, never twice for one."""
        return self._reserve_invitation_later("%s", [sql.value(TaskChunk, "task", task_id)], now, unpublished_only)()

    @staticmethod
    def _reserve_invitation_later(
        task: str, task_params: list, now: datetime, unpublished_only: bool, condition: tuple[str, list] = ("", [])
    ) -> Callable[[], uuid.UUID | None]:
        """reserve_invitation's statement for the task that the SQL expression `task` names, if `condition` (SQL
        after the WHERE's first term, and its parameters) holds; the returned function gives the chunk."""
        chunks = sql.table(TaskChunk)
        unpublished = " AND enqueued_at IS NULL" if unpublished_only else ""
        skip_locked = " FOR UPDATE SKIP LOCKED" if connection.features.has_select_for_update_skip_locked else ""
        rows = sql.fetch_later(
            f"UPDATE {chunks} SET enqueued_at = %s WHERE id = (SELECT id FROM {chunks} WHERE task_id = {task}"
            f" AND status = %s{unpublished} ORDER BY {sql.column('index')} LIMIT 1{skip_locked}){condition[0]}"
            " RETURNING id",
            [sql.value(TaskChunk, "enqueued_at", now), *task_params, TaskChunk.Status.QUEUED, *condition[1]],
        )
        return lambda: next((sql.to_uuid(chunk_id) for (chunk_id,) in rows()), None)

    def chunk(self, chunk_id: uuid.UUID) -> TaskChunk | None:
        return TaskChunk.objects.filter(id=chunk_id).first()

    def heartbeat(self, chunk_id: uuid.UUID, now: datetime) -> None:
        """A sign of life of the chunk's worker (plain SQL: part of a worker's write)."""
        sql.execute(
            f"UPDATE {sql.table(TaskChunk)} SET heartbeat_at = %s WHERE id = %s",
            [sql.value(TaskChunk, "heartbeat_at", now), sql.value(TaskChunk, "id", chunk_id)],
        )

    def settle_chunk(self, chunk_id: uuid.UUID, status: str, error: str | None = None) -> bool:
        """Give a queued or running chunk its final status; False if it had one already."""
        return bool(self.settle_chunks([chunk_id], status, error))

    def settle_chunks(self, chunk_ids: Sequence[uuid.UUID], status: str, error: str | None = None) -> int:
        """settle_chunk for several at once; how many were settled (plain SQL: a worker does this per write)."""
        if not chunk_ids:
            return 0
        return sql.execute(
            f"UPDATE {sql.table(TaskChunk)} SET status = %s, error = %s"
            f" WHERE id IN ({sql.placeholders(len(chunk_ids))}) AND status IN (%s, %s)",
            [status, error, *(sql.value(TaskChunk, "id", chunk_id) for chunk_id in chunk_ids), *TaskChunk.UNSETTLED],
        )

    def release_chunk(self, chunk_id: uuid.UUID) -> bool:
        """Hand a running chunk back to the queue (its worker is giving up on it for now)."""
        running = TaskChunk.objects.filter(id=chunk_id, status=TaskChunk.Status.RUNNING)
        return bool(running.update(status=TaskChunk.Status.QUEUED))

    def requeue_stale_chunk(self, chunk_id: uuid.UUID, stale_before: datetime, now: datetime) -> bool:
        stale = TaskChunk.objects.filter(id=chunk_id, status=TaskChunk.Status.RUNNING, heartbeat_at__lt=stale_before)
        return bool(stale.update(status=TaskChunk.Status.QUEUED, enqueued_at=now))

    def cancel_queued_chunks(self, task_id: uuid.UUID) -> list[uuid.UUID]:
        """Cancel the task's queued chunks; the ids of those a message was published for (to revoke)."""
        queued = TaskChunk.objects.filter(task_id=task_id, status=TaskChunk.Status.QUEUED)
        rows = list(queued.values_list("id", "enqueued_at"))
        cancelled = TaskChunk.objects.filter(id__in=[chunk_id for chunk_id, _ in rows], status=TaskChunk.Status.QUEUED)
        cancelled.update(status=TaskChunk.Status.CANCELLED)
        return [chunk_id for chunk_id, published_at in rows if published_at is not None]

    def has_unsettled_chunks(self, task_id: uuid.UUID) -> bool:
        return bool(
            sql.fetch(
                f"SELECT 1 FROM {sql.table(TaskChunk)} WHERE task_id = %s AND status IN (%s, %s) LIMIT 1",
                [sql.value(TaskChunk, "task", task_id), *TaskChunk.UNSETTLED],
            )
        )

    def mark_enqueued(self, chunk_ids: Sequence[uuid.UUID], now: datetime | None) -> None:
        """Record that a message was published for these chunks (None: that none was after all). Plain SQL."""
        sql.execute(
            f"UPDATE {sql.table(TaskChunk)} SET enqueued_at = %s WHERE id IN ({sql.placeholders(len(chunk_ids))})",
            [sql.value(TaskChunk, "enqueued_at", now), *(sql.value(TaskChunk, "id", c) for c in chunk_ids)],
        )

    def stale_running_chunks(self, stale_before: datetime) -> list[TaskChunk]:
        stale = TaskChunk.objects.filter(status=TaskChunk.Status.RUNNING, heartbeat_at__lt=stale_before)
        return list(stale.select_related("task"))

    def tasks_without_a_worker(self, published_before: datetime) -> list[tuple[uuid.UUID, str, uuid.UUID]]:
        """(task id, task status, its first queued chunk) of each task with queued chunks, no running chunk and
        no message published for it since `published_before`: nobody is working on it or on the way to it."""
        chunks = TaskChunk.objects.filter(task_id=OuterRef("pk"))
        queued = chunks.filter(status=TaskChunk.Status.QUEUED)
        waiting = (
            Task.objects.filter(id__in=TaskChunk.objects.filter(status=TaskChunk.Status.QUEUED).values("task_id"))
            .exclude(Exists(chunks.filter(status=TaskChunk.Status.RUNNING)))
            .exclude(Exists(queued.filter(enqueued_at__gte=published_before)))
            .annotate(first_queued=Subquery(queued.order_by("index").values("id")[:1]))
            .order_by()
        )
        return list(waiting.values_list("id", "status", "first_queued"))

    # --- items ---

    def finish_items(
        self, task_id: uuid.UUID, errors: dict[int, str | None], now: datetime
    ) -> Callable[[], str | None]:
        """Finish those of these items (of this task) still pending, as failed with their error or succeeded
        where it is None, and count them into the task: only those this statement finished, so photos another
        worker recorded first are not counted twice. The returned function gives the task's status after it
        (None: no such task), to be read after a pipeline (sql.fetch_later): the worker's stop check.

        On PostgreSQL one statement (the items' UPDATE in a WITH), so two workers finishing the same items
        lock them in one order, then the task's row, held until commit (see succeed_if_done). SQLite has no
        UPDATE in a WITH: two statements. Plain SQL: once per write of a worker."""
        failed = {item_id: error for item_id, error in errors.items() if error is not None}
        status, error = "%s", "NULL"
        if failed:
            status = f"CASE WHEN id IN ({sql.placeholders(len(failed))}) THEN %s ELSE %s END"
            error = f"CASE {' '.join(['WHEN id = %s THEN %s'] * len(failed))} END"
        finish = (
            f"UPDATE {sql.table(TaskItem)} SET status = {status}, error = {error}, finished_at = %s"
            f" WHERE id IN ({sql.placeholders(len(errors))}) AND status = %s RETURNING status"
        )
        params = [
            *failed,
            *([TaskItem.Status.FAILED] if failed else []),
            TaskItem.Status.SUCCEEDED,
            *(value for pair in failed.items() for value in pair),
            sql.value(TaskItem, "finished_at", now),
            *errors,
            TaskItem.Status.PENDING,
        ]
        if connection.vendor != "postgresql":
            statuses = [item_status for (item_status,) in sql.fetch(finish, params)]
            return self.add_progress(task_id, len(statuses), statuses.count(TaskItem.Status.FAILED))
        rows = sql.fetch_later(
            f"WITH finished AS ({finish}) UPDATE {sql.table(Task)} SET processed = processed + (SELECT count(*)"
            " FROM finished), failed = failed + (SELECT count(*) FROM finished WHERE status = %s) WHERE id = %s"
            " RETURNING status",
            [*params, TaskItem.Status.FAILED, sql.value(Task, "id", task_id)],
        )
        return lambda: next((task_status for (task_status,) in rows()), None)

    def fail_pending_items(self, chunk_id: uuid.UUID, reason: str, now: datetime) -> int:
        pending = TaskItem.objects.filter(chunk_id=chunk_id, status=TaskItem.Status.PENDING)
        return pending.update(status=TaskItem.Status.FAILED, error=reason, finished_at=now)

    def skip_pending_items(self, task_id: uuid.UUID, now: datetime) -> tuple[bool, list[str]]:
        """Skip the task's items still pending (once no chunk of it is left to run); whether it has skipped
        items, and the errors of its failed chunks. One round trip: the task's last steps are on the way
        between its last photo and the status its owner sees."""
        with sql.pipelined():
            sql.execute(
                f"UPDATE {sql.table(TaskItem)} SET status = %s, finished_at = %s WHERE task_id = %s AND status = %s",
                [
                    TaskItem.Status.SKIPPED,
                    sql.value(TaskItem, "finished_at", now),
                    sql.value(TaskItem, "task", task_id),
                    TaskItem.Status.PENDING,
                ],
            )
            skipped = sql.fetch_later(
                f"SELECT 1 FROM {sql.table(TaskItem)} WHERE task_id = %s AND status = %s LIMIT 1",
                [sql.value(TaskItem, "task", task_id), TaskItem.Status.SKIPPED],
            )
            failed = sql.fetch_later(
                f"SELECT error FROM {sql.table(TaskChunk)} WHERE task_id = %s AND status = %s",
                [sql.value(TaskChunk, "task", task_id), TaskChunk.Status.FAILED],
            )
        return bool(skipped()), [error or "unknown error" for (error,) in failed()]

    def items_of(self, task_id: uuid.UUID) -> QuerySet[TaskItem]:
        return TaskItem.objects.filter(task_id=task_id).order_by("position")


# The claim of a chunk, in plain SQL (spotter/sql.py): these run for every chunk.
_CLAIM = "status = %s, worker = %s, heartbeat_at = %s, attempts = attempts + 1"
_TASK_NOT_STOPPING = (
    f"NOT EXISTS (SELECT 1 FROM {Task._meta.db_table} t WHERE t.id = {TaskChunk._meta.db_table}.task_id"
    " AND t.status IN (%s, %s))"
)
_STOPPING = (Task.Status.CANCELLING, Task.Status.CANCELLED)


# A claimed chunk's items still to do (id, position, image_id, chunk_id), in order: read with every claim.
_PENDING_ITEMS = f"SELECT id, position, image_id, chunk_id FROM {TaskItem._meta.db_table}"


def _claimed(
    chunk_id: uuid.UUID, task: Task, position: int, attempts: int, worker: str, now: datetime, items: list[tuple]
) -> TaskChunk:
    """The chunk as claimed, with `pending_items`: its items still to do, in order."""
    chunk = TaskChunk(
        id=chunk_id, index=position, status=TaskChunk.Status.RUNNING, attempts=attempts, worker=worker, heartbeat_at=now
    )
    chunk.task = task
    chunk.pending_items = [
        TaskItem(
            id=item_id,
            task_id=task.id,
            chunk_id=chunk_id,
            position=item_position,
            image_id=sql.to_uuid(image_id),
            status=TaskItem.Status.PENDING,
        )
        for item_id, item_position, image_id, _ in items
    ]
    return chunk


def _claim_params(worker: str, now: datetime) -> list:
    return [TaskChunk.Status.RUNNING, worker, sql.value(TaskChunk, "heartbeat_at", now)]
