"""Server-sent events for one task: a `progress` event whenever its progress or status changes, until its
final status.

The generator is asynchronous so that, under the ASGI server, an open stream costs a coroutine, not a
thread; each poll reads the task row (the source of truth) in Django's sync thread. Streams of the same
task in one process share their reads (`SharedReads`): a hundred browsers following one task cost one
small query per tick, not a hundred.
"""

import asyncio
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection as db_connection
from rest_framework.renderers import BaseRenderer

from .models import Task

POLL_SECONDS = 0.25  # the UI must show a change within a second
KEEPALIVE_SECONDS = 15.0


class EventStreamRenderer(BaseRenderer):
    """Lets DRF accept `Accept: text/event-stream`; error bodies are still the JSON error shape."""

    media_type = "text/event-stream"
    format = "event-stream"
    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None) -> bytes:
        return json.dumps(data).encode()


def _pooled(read: Callable[[uuid.UUID], Any]) -> Callable[[uuid.UUID], Awaitable[Any]]:
    def read_and_give_back(task_id: uuid.UUID) -> Any:
        try:
            return read(task_id)
        finally:
            # Any of the executor's threads may run a read: none keeps a connection between reads, or as
            # many threads as it grows to (file downloads share it) would keep the web process's pool empty.
            db_connection.close()

    return sync_to_async(read_and_give_back, thread_sensitive=False)


class SharedReads:
    """Results of recent reads by key, kept for `ttl` seconds and shared by every stream in this process
    that asks within that time, in-flight reads included."""

    def __init__(self, ttl: float):
        self.ttl = ttl
        self._entries: dict[Any, tuple[float, asyncio.Future]] = {}

    async def get(self, key: Any, read: Callable[[], Awaitable[Any]]) -> Any:
        now, loop = time.monotonic(), asyncio.get_running_loop()
        entry = self._entries.get(key)
        if entry is None or now - entry[0] >= self.ttl or entry[1].get_loop() is not loop:
            if len(self._entries) > 512:  # forget finished tasks' entries now and then
                self._entries = {k: e for k, e in self._entries.items() if now - e[0] < self.ttl}
            entry = (now, asyncio.ensure_future(read()))
            self._entries[key] = entry
        # Shielded: a client that disconnects cancels its own wait, not the read the others share.
        return await asyncio.shield(entry[1])


_shared_reads = SharedReads(ttl=POLL_SECONDS)


async def progress_events(
    task_id: uuid.UUID, load_state: Callable[[uuid.UUID], tuple], load_task: Callable[[uuid.UUID], dict]
) -> AsyncIterator[str]:
    """Each tick reads only the task's (status, processed, failed), one indexed row; the full Task
    (serializer, label summary) is built only when that changed, so an idle stream costs little."""
    # Not thread-sensitive: the reads run in the executor's few threads, each borrowing a connection from the
    # pool for the read, rather than one thread and connection per open stream.
    state_of, task_of = _pooled(load_state), _pooled(load_task)
    last_state, quiet_for = None, 0.0
    while True:
        state = await _shared_reads.get(("state", task_id), lambda: state_of(task_id))
        if state != last_state:
            status, event = await _shared_reads.get(
                ("event", task_id, state), lambda: _progress_event(task_of, task_id)
            )
            yield event
            last_state, quiet_for = state, 0.0
            if status in Task.FINISHED:
                return
        if quiet_for >= KEEPALIVE_SECONDS:
            yield ": keep-alive\n\n"  # a comment line: keeps proxies from closing an idle stream
            quiet_for = 0.0
        await asyncio.sleep(POLL_SECONDS)
        quiet_for += POLL_SECONDS


async def _progress_event(task_of: Callable[[uuid.UUID], Awaitable[dict]], task_id: uuid.UUID) -> tuple[str, str]:
    """(status, the event's text), serialized once for every stream that sends it."""
    task = await task_of(task_id)
    return task["status"], f"event: progress\ndata: {json.dumps(task, default=str)}\n\n"
