"""Publishing a task's messages to the broker. The worker's task is addressed by name: no import cycle
with worker.py, and the web process never imports the detector."""

import uuid

from celery import current_app, group
from django.conf import settings
from kombu import Connection, Exchange, Queue

WORK_ON_TASK = "long_running_tasks.worker.work_on_task"


def publish_task(task_id: uuid.UUID, messages: int) -> None:
    """A Celery group of `messages` messages naming the task: each takes up its chunks while any is left."""
    queue = settings.CELERY_TASK_DEFAULT_QUEUE  # read now, not when Celery was configured
    group(current_app.signature(WORK_ON_TASK, args=[str(task_id)], queue=queue) for _ in range(messages)).apply_async()


def delete_queue(name: str, broker_url: str | None = None) -> None:
    """Remove a queue, its messages and its bindings from the broker (Celery's, or the one at `broker_url`),
    for runs (tests, benchmarks) that use a queue of their own. Kombu deletes only the bindings its channel
    knows of, so the queue is declared first, as Celery declares it (a direct exchange of the same name)."""
    with Connection(broker_url) if broker_url else current_app.connection_for_write() as connection:
        channel = connection.default_channel
        Queue(name, Exchange(name), routing_key=name)(channel).declare()
        channel.queue_delete(name)
