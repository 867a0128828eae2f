"""Publishing chunks to the broker and revoking them. Tasks are addressed by name: no import cycle
with worker.py, and the web process never imports the detector."""

import logging
import uuid
from collections.abc import Sequence

from django.conf import settings
from kombu import Connection, Exchange, Queue

from spotter.celery import app

logger = logging.getLogger(__name__)

RUN_CHUNK = "long_running_tasks.worker.run_chunk"


def publish_chunks(chunk_ids: Sequence[uuid.UUID]) -> None:
    """One message per chunk named; the Celery task id is the chunk id, so revoking needs no lookup."""
    queue = settings.CELERY_TASK_DEFAULT_QUEUE  # read now, not when Celery was configured
    with app.producer_or_acquire() as producer:
        for chunk_id in chunk_ids:
            app.send_task(RUN_CHUNK, args=[str(chunk_id)], task_id=str(chunk_id), producer=producer, queue=queue)


def revoke_chunks(chunk_ids: Sequence[uuid.UUID]) -> None:
    """Best effort: workers drop revoked messages unopened. A chunk that is cancelled in the database
    is skipped by the worker anyway, so a broker without broadcast (filesystem) loses nothing."""
    if not chunk_ids:
        return
    try:
        app.control.revoke([str(chunk_id) for chunk_id in chunk_ids])
    except Exception as error:  # noqa: BLE001 - the database already says these chunks are cancelled
        logger.info("could not broadcast revoke for %d chunks: %s", len(chunk_ids), error)


def delete_queue(name: str, broker_url: str | None = None) -> None:
    """Remove a queue, its messages and its bindings from the broker (Celery's, or the one at `broker_url`),
    for runs (tests, benchmarks) that use a queue of their own. Kombu deletes only the bindings its channel
    knows of, so the queue is declared first, as Celery declares it (a direct exchange of the same name)."""
    with Connection(broker_url) if broker_url else app.connection_for_write() as connection:
        channel = connection.default_channel
        Queue(name, Exchange(name), routing_key=name)(channel).declare()
        channel.queue_delete(name)
