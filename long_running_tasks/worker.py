"""Celery entry points: thin, they take ids and call TaskService."""

import logging
import os
import uuid

from celery import Task as CeleryTask
from celery import shared_task
from celery.signals import task_postrun, task_prerun, worker_process_init
from django.db import InterfaceError, OperationalError, close_old_connections, connections

from image_processing.detection.detector import get_detector

from .service import TaskService

logger = logging.getLogger(__name__)


class ChunkTask(CeleryTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """The message gave up (retries spent or an unexpected error): record why, never swallow it."""
        failed_chunk_id = getattr(exc, "failed_chunk_id", None)  # set by run_chunk
        TaskService().record_message_failure(uuid.UUID(args[0]), failed_chunk_id, f"{type(exc).__name__}: {exc}")


@shared_task(
    base=ChunkTask,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def run_chunk(self, chunk_id: str) -> None:
    TaskService().run_chunk(uuid.UUID(chunk_id), f"{self.request.hostname} pid {os.getpid()}")


@shared_task(ignore_result=True)
def recover_stale_chunks() -> None:
    TaskService().recover_stale_chunks()


@worker_process_init.connect
def prepare_process(**_) -> None:
    """Load the model once per worker process, before the first chunk arrives, and set up its database
    connection for many small transactions."""
    for alias in connections:
        database = connections[alias].settings_dict
        # Kept between messages: opening one costs PostgreSQL a new backend process, several ms of CPU taken
        # from the detector on the next core. A broken one is replaced before the next message
        # (close_old_connections below, with CONN_HEALTH_CHECKS); Celery's own closing is off (CELERY_DB_REUSE_MAX).
        database["CONN_MAX_AGE"] = None
        if connections[alias].vendor == "postgresql":
            # The worker's commits do not wait for the disk: at a crash of the database server its last
            # fraction of a second of results may be lost, never half of one, and the stale-chunk sweep has them
            # detected again. What people store (photos, tasks, stop requests) is written by the web process,
            # which keeps synchronous commits.
            options = database.setdefault("OPTIONS", {})
            options["options"] = f"{options.get('options', '')} -c synchronous_commit=off".strip()
            # A worker runs the same few statements over and over: bound by PostgreSQL and prepared on their
            # second run, they skip parsing and planning (a third less of PostgreSQL's CPU for a write, and a
            # quarter less of ours). The web process keeps Django's default, client-side binding.
            options["server_side_binding"] = True
            options["prepare_threshold"] = 2
    logger.info("worker process %d: detector on %s", os.getpid(), get_detector().runtime)


@task_prerun.connect
@task_postrun.connect
def replace_broken_connections(**_) -> None:
    close_old_connections()
