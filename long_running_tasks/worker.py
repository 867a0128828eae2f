"""Celery entry points: thin, they take ids and call TaskService."""

import logging
import os
import uuid

from celery import Task as CeleryTask
from celery import shared_task
from celery.signals import task_postrun, task_prerun, worker_process_init
from django.db import InterfaceError, OperationalError, close_old_connections, connections

from image_processing.service import ImageService

from .service import TaskService

logger = logging.getLogger(__name__)


class ChunkMessage(CeleryTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """The message gave up (retries spent or an unexpected error): the chunk it held fails, visibly."""
        TaskService().record_message_failure(getattr(exc, "chunk_id", None), f"{type(exc).__name__}: {exc}")


@shared_task(
    base=ChunkMessage,
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError, InterfaceError),
    retry_backoff=2,
    retry_backoff_max=60,
    max_retries=8,
)
def run_next_chunk(self, task_id: str) -> None:
    TaskService().run_next_chunk(uuid.UUID(task_id), f"{self.request.hostname} pid {os.getpid()}")


@shared_task(ignore_result=True)
def recover_stale_chunks() -> None:
    TaskService().recover_stale_chunks()


@worker_process_init.connect
def prepare_process(**_) -> None:
    """Load the model once per worker process, before the first message arrives. The process keeps its
    database connection between messages (a broken one is replaced before the next message, below)."""
    for alias in connections:
        connections[alias].settings_dict["CONN_MAX_AGE"] = None
    logger.info("worker process %d: detector on %s", os.getpid(), ImageService().detector_runtime())


@task_prerun.connect
@task_postrun.connect
def replace_broken_connections(**_) -> None:
    close_old_connections()
