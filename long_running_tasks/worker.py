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
)
from celery.worker.control import inspect_command
from django.conf import settings
from django.db import close_old_connections, connections

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


@worker_process_shutdown.connect
def forget_process(**_) -> None:
    readiness.unmark_process()


@task_prerun.connect
@task_postrun.connect
def replace_broken_connections(**_) -> None:
    close_old_connections()


# Told to stop, a worker is gone within this many seconds, whatever Celery's shutdown is waiting for.
SHUTDOWN_DEADLINE_SECONDS = 8


@worker_ready.connect
def exit_by_the_deadline_when_told_to_stop(**_) -> None:
    """SIGTERM is Celery's cold shutdown here (spotter/celery.py): the pool's processes hand their chunks back
    at once (TaskService.work_on_task) and exit, and the worker with them, in a second or two. Should the
    shutdown still be waiting at the deadline (on the filesystem broker it can wait for good), the worker
    ends what is left of its pool and itself; a chunk not handed back is re-queued by the sweep. The deadline
    is set as the signal arrives, before Celery's own handler, which may not return."""
    celery_handler = signal.getsignal(signal.SIGTERM)

    def end_by_the_deadline() -> None:
        time.sleep(SHUTDOWN_DEADLINE_SECONDS)
        for process in active_children():
            with contextlib.suppress(ProcessLookupError):
                os.kill(process.pid, signal.SIGKILL)
        os._exit(1)

    def on_sigterm(signum, frame) -> None:
        threading.Thread(target=end_by_the_deadline, name="shutdown-deadline", daemon=True).start()
        if callable(celery_handler):
            celery_handler(signum, frame)

    signal.signal(signal.SIGTERM, on_sigterm)


@inspect_command()
def ready_processes(state) -> dict:
    """For /api/health: how many of this worker's processes can take work (their model loaded), what they
    detect with, or why they cannot; each process said so in its ready file (spotter/readiness.py)."""
    return readiness.summary([process.pid for process in active_children()])
