"""What a worker process has detected and not yet recorded, and when it is due to record, show a sign of life
and check for a stop: the pace of a chunk's walk (TaskService.work_on_task)."""

import math
import time
from dataclasses import dataclass, field

from image_processing.services.examination import Detected

from .models import TaskItem

# A worker records its photos' results at least this often and at the end of each chunk: often enough for
# a live progress bar, seldom enough that the writes cost little beside detection.
RECORD_SECONDS = 0.25
# A running chunk shows a sign of life at most this often, far below SPOTTER_CHUNK_STALE_SECONDS.
HEARTBEAT_SECONDS = 5.0
# The task's status (the stop check) is read before each photo, but not again within this time: a stop
# lands before the next photo the model examines (each takes longer), or within this time of photos
# answered from the result cache.
STOP_CHECK_SECONDS = 0.02


@dataclass
class Batch:
    """Photos a worker process has detected and not yet recorded, and when it last recorded, beat and
    checked for a stop."""

    results: dict[TaskItem, Detected] = field(default_factory=dict)
    recorded_at: float = -math.inf  # a process's first photo is recorded at once: the bar moves at once
    beaten_at: float = -math.inf
    stop_checked_at: float = -math.inf

    def stop_check_due(self) -> bool:
        now = time.monotonic()
        if now - self.stop_checked_at < STOP_CHECK_SECONDS:
            return False
        self.stop_checked_at = now
        return True

    def due(self) -> bool:
        return time.monotonic() - self.recorded_at >= RECORD_SECONDS

    def beat_due(self) -> bool:
        return time.monotonic() - self.beaten_at >= HEARTBEAT_SECONDS

    def recorded(self, beat: bool) -> None:
        self.results = {}
        self.recorded_at = time.monotonic()
        if beat:
            self.beaten_at = self.recorded_at
