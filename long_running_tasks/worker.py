"""Celery entry points: thin, they take ids and call TaskService."""

import os
import uuid

from celery import Task as CeleryTask
from celery import shared_task
from celery.signals import worker_process_init
from django.db import InterfaceError, OperationalError

from image_processing.detection.detector import get_detector

from .service import TaskService


class ChunkTask(CeleryTask):
    def on_failure(self, exc, task_id, args, kwargs, einfo) -> None:
        """The chunk gave up (retries spent or an unexpected error): record why, never swallow it."""
        TaskService().fail_chunk(uuid.UUID(args[0]), f"{type(exc).__name__}: {exc}")


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
def load_detector(**_) -> None:
    """Load the model once per worker process, before the first chunk arrives."""
    get_detector()
