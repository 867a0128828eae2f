"""Keeps /api/ answers in the error shape whatever goes wrong: outside DRF's views, and for what its
exception handler leaves to Django (outages of the database or the broker, bugs)."""

import logging

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, SuspiciousOperation, TooManyFieldsSent, TooManyFilesSent
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from .responses import error_response

logger = logging.getLogger(__name__)

_GENERIC = {
    400: ("bad_request", "The request is invalid."),
    403: ("forbidden", "The request was refused; reload the page and try again."),
    404: ("not_found", "Nothing was found at this address."),
    405: ("method_not_allowed", "This endpoint does not accept that method."),
    413: ("too_large", "The request body is too large."),
    500: ("internal_error", "Something went wrong on our side; it has been logged."),
}


class ApiErrorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not _is_api(request) or response.status_code < 400 or _is_json(response):
            return response
        if response.status_code == 403 and "CSRF" in response.content.decode(errors="replace"):
            return error_response(403, "csrf_failed", "The CSRF token is missing or wrong; reload the page.")
        code, message = _GENERIC.get(response.status_code, ("error", "The request failed."))
        return error_response(response.status_code, code, message)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not _is_api(request):
            return None
        if isinstance(exception, DatabaseError):
            logger.warning("database unavailable: %s", exception)
            return error_response(503, "database_unavailable", "The database is unreachable; try again shortly.")
        if isinstance(exception, BrokerError | RedisError):  # Redis is the broker and the throttling cache
            logger.warning("broker unavailable: %s", exception)
            return error_response(503, "broker_unavailable", "The task queue is unreachable; try again shortly.")
        if isinstance(exception, RequestDataTooBig | TooManyFilesSent | TooManyFieldsSent):
            # Raised while Django reads the body (its size, file and field limits): the client's doing.
            return error_response(413, "too_large", _too_large(exception))
        if isinstance(exception, SuspiciousOperation):
            logger.warning("suspicious request on %s %s: %s", request.method, request.path, exception)
            return error_response(400, *_GENERIC[400])
        logger.exception("unhandled error on %s %s", request.method, request.path)
        return error_response(500, *_GENERIC[500])


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
