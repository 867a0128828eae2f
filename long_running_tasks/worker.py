"""Celery entry points: thin, they take ids and call TaskService."""

import contextlib
import logging
import os
import signal
import threading
import time
import uuid

from billiard.process import active_children
from celery import shared_task
from celery.signals import (
    task_postrun,
    task_prerun,
    worker_process_init,
    worker_process_shutdown,
    worker_ready,
    worker_shutdown,
)
from django.conf import settings
from django.db import DatabaseError, close_old_connections, connection, connections

from image_processing.detection import DetectorUnavailable
from image_processing.services.examination import ExaminationService

from . import readiness
from .service import TaskService

logger = logging.getLogger(__name__)


@shared_task(bind=True)  # acknowledged late, rejected on worker loss: the CELERY_TASK_ settings
def work_on_task(self, task_id: str) -> None:
    """A cue to work on the task's chunks. A failure is handled by the task service's retry policy (the chunk
    goes back to the queue, counted), not by Celery's retries."""
    TaskService().work_on_task(uuid.UUID(task_id), f"{self.request.hostname} pid {os.getpid()}")


@shared_task(ignore_result=True)
def recover_stale_chunks() -> None:
    TaskService().recover_stale_chunks()


@worker_process_init.connect
def prepare_process(**_) -> None:
    """Load the model once per worker process, before the first message arrives. The process keeps its
    database connection between messages (a broken one is replaced before the next message, below)."""
    signal.signal(signal.SIGTERM, hand_back_on_sigterm)
    for alias in connections:
        connections[alias].settings_dict["CONN_MAX_AGE"] = None
    try:
        runtime = ExaminationService().load_default_detector(settings.SPOTTER_DETECTOR_PRECISION)
    except DetectorUnavailable as refused:  # each photo fails with the reason; health says it too
        logger.error("worker process %d: the detector cannot run: %s", os.getpid(), refused)
        readiness.mark_process(None, str(refused))
    else:
        logger.info("worker process %d: detector on %s", os.getpid(), runtime)
        readiness.mark_process(runtime, None)


def hand_back_on_sigterm(signum, frame) -> None:
    """A pool process told to stop (the worker's cold shutdown, or SIGTERM to the whole process group) exits
    by an exception, so that the chunk in hand goes back to the queue on the way out (TaskService._hand_back_all).
    A second SIGTERM (the group's, then the worker's own) must not cut that hand back short: it is ignored."""
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise SystemExit(f"worker process {os.getpid()} stopped by signal {signum}")


@worker_process_shutdown.connect
def forget_process(**_) -> None:
    with contextlib.suppress(DatabaseError):
        readiness.unmark_process()


@task_prerun.connect
@task_postrun.connect
def replace_broken_connections(**_) -> None:
    close_old_connections()


# Told to stop, a worker is gone within this many seconds, whatever Celery's shutdown is waiting for.
SHUTDOWN_DEADLINE_SECONDS = 2.5


@worker_ready.connect
def stop_at_once_on_sigterm(**_) -> None:
    """SIGTERM (supervisord, systemd, Docker, Kubernetes) means stop now: Celery's cold shutdown, the one it runs on
    SIGQUIT, which terminates the pool's processes; each hands its chunk back as it goes (`hand_back_on_sigterm`).
    (Celery maps SIGTERM to it only when REMAP_SIGTERM is in the environment before its command starts, which
    a deployment need not know.) Should the shutdown still be waiting at the deadline (on the filesystem
    broker it can wait for good), the worker ends what is left of its pool and itself; a chunk not handed back
    is re-queued by the sweep. The deadline is set as the signal arrives, before Celery's handler, which may
    not return."""
    cold_shutdown = signal.getsignal(signal.SIGQUIT)

    def end_by_the_deadline() -> None:
        time.sleep(SHUTDOWN_DEADLINE_SECONDS)
        for process in active_children():
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
        os._exit(1)

    def on_sigterm(signum, frame) -> None:
        threading.Thread(target=end_by_the_deadline, name="shutdown-deadline", daemon=True).start()
        if callable(cold_shutdown):
            cold_shutdown(signum, frame)

    signal.signal(signal.SIGTERM, on_sigterm)


@worker_ready.connect
def start_heartbeat(**_) -> None:
    """Every few seconds the worker's main process marks its live pool processes seen, and forgets the dead
    (readiness.py), from a thread of its own."""

    def beat_forever() -> None:
        while True:
            with contextlib.suppress(DatabaseError):  # the database away: health says so itself
                readiness.beat([process.pid for process in active_children()])
            # Closed between beats, so that no pool process forked meanwhile inherits it.
            connection.close()
            time.sleep(readiness.HEARTBEAT_SECONDS)

    threading.Thread(target=beat_forever, name="heartbeat", daemon=True).start()


@worker_shutdown.connect
def forget_worker(**_) -> None:
    with contextlib.suppress(DatabaseError):
        readiness.forget_worker()
