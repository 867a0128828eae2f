from typing import Any

from asgiref.sync import sync_to_async
from django.http import FileResponse, JsonResponse


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


def error_response(status: int, code: str, message: str, details: dict[str, Any] | None = None) -> JsonResponse:
    return JsonResponse(error_body(code, message, details), status=status)


class ChunkedFileResponse(FileResponse):
    """A FileResponse that an ASGI server sends a chunk at a time.

    Django's ASGI handler reads a file response's whole (synchronous) iterator into memory before sending
    it; for a 25 MB original that is 25 MB per download. Here each chunk (the handler's 64 KiB) is read in
    a worker thread as it is sent. WSGI servers and the test client iterate it synchronously, as any
    FileResponse."""

    async def __aiter__(self):
        chunks = iter(self.streaming_content)
        read_next = sync_to_async(next, thread_sensitive=False)
        while (chunk := await read_next(chunks, None)) is not None:
            yield chunk
