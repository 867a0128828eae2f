"""A task over a list of photos, split into chunks that any worker process can claim.

The Task row is the source of truth for status and progress; its counters only ever move by `F()`
expressions (`processed = processed + n`), never by read-modify-write. Terms: docs/architecture.md.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class StatusQuerySet(models.QuerySet):
    def transition(self, from_statuses, to_status, **changes) -> bool:
        """Move these rows that are in one of `from_statuses` to `to_status` (an expression may choose it), with
        `changes`, in one conditional UPDATE: whether this caller moved any. Two callers racing for the same
        move (two workers, a worker and a stop request) never both win."""
        return bool(self.filter(status__in=from_statuses).update(status=to_status, **changes))


class Task(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        PAUSED = "paused"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        CANCELLING = "cancelling"
        CANCELLED = "cancelled"

    ACTIVE = (Status.QUEUED, Status.RUNNING, Status.CANCELLING)  # paused tasks wait for a resume
    WORKABLE = (Status.QUEUED, Status.RUNNING)  # whose chunks a worker may take
    FINISHED = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)
    MEASURED_AFTER = 3  # photos examined before a running task's rate and time left are told

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tasks")
    type = models.CharField(max_length=64)
    options = models.JSONField(default=dict)
    model = models.CharField(max_length=64, blank=True, default="", help_text="The detector model it runs.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField()
    processed = models.PositiveIntegerField(default=0, help_text="Images done, failed ones included.")
    failed = models.PositiveIntegerField(default=0)
    examined = models.PositiveIntegerField(
        default=0, help_text="Photos a model looked at, not answered from the result cache: its rate's measure."
    )
    error = models.TextField(null=True, blank=True)
    summary = models.JSONField(default=dict, help_text="Objects found per class, counted as photos are recorded.")
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True, help_text="When it was paused; null: it is not.")
    paused_for = models.DurationField(
        default=timedelta(0), help_text="How long it was paused after it started: its rate leaves that time out."
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="When its messages last went to the broker; null: they never did."
    )

    objects = StatusQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["owner", "-created_at"], name="task_owner_created_idx"),
            models.Index(fields=["owner", "status"], name="task_owner_status_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(processed__lte=models.F("total")), name="task_processed_le_total"
            ),
            models.CheckConstraint(
                condition=models.Q(failed__lte=models.F("processed")), name="task_failed_le_processed"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.type} {self.id} ({self.status})"

    @property
    def images_per_second(self) -> float | None:
        """Photos a model examined per second of work (the time it was paused left out): photos answered from
        the result cache take no time and would make it a promise. None before it means anything: until
        MEASURED_AFTER photos were examined (or any, once finished)."""
        enough = 1 if self.status in self.FINISHED else self.MEASURED_AFTER
        if not self.started_at or self.examined < enough or self.status == self.Status.PAUSED:
            return None
        end = self.paused_at or self.finished_at or timezone.now()  # stopped while paused: it worked until the pause
        elapsed = (end - self.started_at - self.paused_for).total_seconds()
        return round(self.examined / elapsed, 2) if elapsed > 0 else None

    @property
    def eta_seconds(self) -> float | None:
        """Seconds left at the current rate, as if every photo left needs the model: 0 once finished, None
        while it cannot be told."""
        if self.status in self.FINISHED:
            return 0.0
        rate = self.images_per_second
        if self.status == self.Status.RUNNING and rate:
            return round((self.total - self.processed) / rate, 1)
        return None


class TaskChunk(models.Model):
    """A slice of a task's images, what a worker process claims at once."""

    class Status(models.TextChoices):
        QUEUED = "queued"
        RUNNING = "running"
        DONE = "done"
        CANCELLED = "cancelled"
        FAILED = "failed"

    UNSETTLED = (Status.QUEUED, Status.RUNNING)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=255, blank=True, default="")
    error = models.TextField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True, help_text="Last sign of life of its worker.")

    objects = StatusQuerySet.as_manager()

    class Meta:
        ordering = ["task", "index"]
        constraints = [models.UniqueConstraint(fields=["task", "index"], name="chunk_task_index_unique")]
        indexes = [models.Index(fields=["status", "heartbeat_at"], name="chunk_status_heartbeat_idx")]


class TaskItem(models.Model):
    """One image of a task, and what happened to it."""

    class Status(models.TextChoices):
        PENDING = "pending"
        SUCCEEDED = "succeeded"
        FAILED = "failed"
        SKIPPED = "skipped"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="items")
    chunk = models.ForeignKey(TaskChunk, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    image_id = models.UUIDField(help_text="Not a foreign key: results outlive a deleted photo.")
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PENDING)
    error = models.TextField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["task", "position"]
        constraints = [models.UniqueConstraint(fields=["task", "position"], name="item_task_position_unique")]
        indexes = [models.Index(fields=["chunk", "status"], name="item_chunk_status_idx")]


class ProcessHeartbeat(models.Model):
    """One worker process (of a `celery worker` command, on any machine) as it last said it was: written when
    it has loaded its model (or found it cannot), refreshed every few seconds by its worker's main process,
    read by /api/health. A worker busy on every core is thus not taken for a dead one."""

    worker = models.CharField(max_length=255, help_text="Its worker: the machine and the main process's pid.")
    pid = models.PositiveIntegerField()
    detector = models.CharField(max_length=255, blank=True, help_text="What it detects with.")
    detector_error = models.TextField(blank=True, help_text="Why it cannot detect.")
    seen_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["worker", "pid"], name="heartbeat_process_unique")]
