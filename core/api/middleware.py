"""Keeps /api/ answers in the error shape whatever goes wrong: outside DRF's views, and for what its
exception handler leaves to Django (outages of the database or the broker, bugs). The codes and messages
are those of the one table, `exception_handler.ERRORS`."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from .exception_handler import BY_CODE, error_for_status
from .responses import error_response

logger = logging.getLogger(__name__)


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _is_api(request) or response.status_code < 400 or _is_json(response):
            return response
        if response.status_code == 403 and "CSRF" in response.content.decode(errors="replace"):
            return _answer("csrf_failed")
        error = error_for_status(response.status_code)
        return error_response(response.status_code, error.code, error.message)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _is_api(request):
            return None
        if isinstance(exception, DatabaseError):
            logger.warning("database unavailable: %s", exception)
            return _answer("database_unavailable")
        if isinstance(exception, BrokerError | RedisError):  # Redis is the broker and the throttling cache
            logger.warning("broker unavailable: %s", exception)
            return _answer("broker_unavailable")
        if isinstance(exception, RequestDataTooBig | TooManyFilesSent | TooManyFieldsSent):
            # Raised while Django reads the body (its size, file and field limits): the client's doing.
            return _answer("too_large", _too_large(exception))
        if isinstance(exception, SuspiciousOperation):
            logger.warning("suspicious request on %s %s: %s", request.method, request.path, exception)
            return _answer("bad_request")
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return _answer("internal_error")


def _answer(code: str, message: str | None = None) -> HttpResponse:
    error = BY_CODE[code]
    return error_response(error.status, error.code, message or error.message)


def _too_large(exception: Exception) -> str:
    """Which of the body's limits the request passed, in the user's words (Django's messages name its settings)."""
    if isinstance(exception, TooManyFilesSent):
        return f"An upload takes at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files: send the others in another."
    if isinstance(exception, TooManyFieldsSent):
        return f"The request has more than {settings.DATA_UPLOAD_MAX_NUMBER_FIELDS} fields."
    return f"The request's body is over {settings.DATA_UPLOAD_MAX_MEMORY_SIZE / 2**20:.1f} MB (photos aside)."


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _is_json(response: HttpResponse) -> bool:
    return "application/json" in response.get("Content-Type", "")
