import asyncio
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from asgiref.sync import sync_to_async
from django.db import connection, connections
from django.http import FileResponse, JsonResponse, StreamingHttpResponse


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JsonResponse:
    return JsonResponse(error_body(code, message, details), status=status)


def give_back_connection() -> None:
    """For a view whose answer is sent piece by piece, for as long as the client takes: its database connection
    goes back to the pool now, not when the last piece is sent (Django's default), so that slow downloads and
    open streams never hold the pool. (A test's transaction keeps its connection.)"""
    if not connection.in_atomic_block:
        connection.close()


class ChunkedFileResponse(FileResponse):
    """A FileResponse that an ASGI server sends a chunk at a time.

    Django's ASGI handler reads a file response's whole (synchronous) iterator into memory before sending
    it; for a 25 MB original that is 25 MB per download. Here each chunk (the handler's 64 KiB) is read in
    a worker thread as it is sent. WSGI servers and the test client iterate it synchronously, as any
    FileResponse."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        give_back_connection()

    async def __aiter__(self):
        chunks = iter(self.streaming_content)
        read_next = sync_to_async(next, thread_sensitive=False)
        while (chunk := await read_next(chunks, None)) is not None:
            yield chunk


class StreamedFromThread(StreamingHttpResponse):
    """A response made as it is sent by a synchronous iterator of bytes that reads the database (an export).

    Django's ASGI handler would read such an iterator whole, into memory, before sending a byte, and a
    client that left meanwhile would leave a connection out of the web process's pool for good. Here a
    thread of the response's own reads one piece at a time, as the client takes them; when the stream
    ends, fails or the client goes away, the same thread, and only it, closes the iterator and its database
    connection (the server's `close()` of the response, from another thread, leaves them alone: two threads
    closing one database cursor at once crashed the process). WSGI servers and the test client iterate it
    as any StreamingHttpResponse, and `close()` closes the iterator."""

    def __init__(self, pieces: Iterator[bytes], **kwargs):
        super().__init__(_Unclosable(pieces), **kwargs)  # Django would add the iterator's close to close()
        self.pieces = pieces
        self.read_by_thread = False
        give_back_connection()  # the view's: the thread reads with its own

    def close(self) -> None:
        if not self.read_by_thread and hasattr(self.pieces, "close"):
            self.pieces.close()
        super().close()

    async def __aiter__(self):
        self.read_by_thread = True
        thread, loop = ThreadPoolExecutor(max_workers=1, thread_name_prefix="stream"), asyncio.get_running_loop()
        try:
            while (piece := await loop.run_in_executor(thread, next, self.pieces, None)) is not None:
                yield piece
        finally:
            thread.submit(self._close_in_thread)  # runs after the piece being read, if the client left
            thread.shutdown(wait=False)

    def _close_in_thread(self) -> None:
        try:
            if hasattr(self.pieces, "close"):
                self.pieces.close()
        finally:
            connections.close_all()


class _Unclosable:
    """An iterator without a `close` for Django to call."""

    def __init__(self, pieces: Iterator[bytes]):
        self._pieces = pieces

    def __iter__(self):
        return self

    def __next__(self) -> bytes:
        return next(self._pieces)
