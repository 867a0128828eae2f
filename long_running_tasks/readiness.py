"""Which worker processes can take work, for /api/health, read from what they wrote rather than asked at the
time (a worker busy on every core may take seconds to answer a question).

A worker process writes its row of ProcessHeartbeat once it has loaded its model (or found it cannot), and
deletes it when it exits. Every HEARTBEAT_SECONDS its worker's main process marks its live processes' rows
as seen and deletes those of processes that died. Health counts the rows seen within SILENT_AFTER_SECONDS,
on whatever machines the workers run.
"""

import os
import socket
from datetime import timedelta

from django.utils import timezone

from .models import ProcessHeartbeat

HEARTBEAT_SECONDS = 5.0
# A process not seen for this long is counted gone: its worker was killed, or its machine is down.
SILENT_AFTER_SECONDS = 20.0


def _worker(main_pid: int) -> str:
    return f"{socket.gethostname()} pid {main_pid}"


def mark_process(detector: str | None, error: str | None) -> None:
    """From a pool process: it can take work with this detector, or cannot for this reason."""
    ProcessHeartbeat.objects.update_or_create(
        worker=_worker(os.getppid()),
        pid=os.getpid(),
        defaults={"detector": detector or "", "detector_error": error or "", "seen_at": timezone.now()},
    )


def unmark_process() -> None:
    ProcessHeartbeat.objects.filter(worker=_worker(os.getppid()), pid=os.getpid()).delete()


def beat(live_pids: list[int]) -> None:
    """From a worker's main process: these of its pool processes are alive; its other rows are of the dead."""
    rows = ProcessHeartbeat.objects.filter(worker=_worker(os.getpid()))
    rows.exclude(pid__in=live_pids).delete()
    rows.update(seen_at=timezone.now())


def forget_worker() -> None:
    """From a worker's main process, as it stops."""
    ProcessHeartbeat.objects.filter(worker=_worker(os.getpid())).delete()


def summary() -> dict:
    """{"workers": workers with a process seen lately, "processes_ready": those processes that can take work,
    "detector": what they detect with, "detector_error": why some cannot}."""
    seen = list(ProcessHeartbeat.objects.filter(seen_at__gte=timezone.now() - timedelta(seconds=SILENT_AFTER_SECONDS)))
    return {
        "workers": len({process.worker for process in seen}),
        "processes_ready": sum(not process.detector_error for process in seen),
        "detector": next((p.detector for p in seen if p.detector), None),
        "detector_error": next((p.detector_error for p in seen if p.detector_error), None),
    }
