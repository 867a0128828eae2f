"""Every error under /api/ in the error shape of API.md, from one table.

Services raise domain errors (core/errors.py), which carry their own code and message. Everything else (what
Django REST framework raises, what Django answers before a view runs, outages, bugs) is named in `ERRORS`.
DRF's own exception handler runs first, so its headers (`WWW-Authenticate` on a 401, `Retry-After` on a
429) and its mapping of Django's Http404 and PermissionDenied are kept."""

from dataclasses import dataclass

from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError

from .responses import error_body


@dataclass(frozen=True)
class ApiError:
    code: str
    status: int
    message: str  # a sentence a person can act on
    drf_code: str | None = None  # the `default_code` of the DRF exception answered with it, where it differs


# The first entry of a status is what a bare answer of that status (Django's own 404, 405, 500…) becomes.
ERRORS = [
    ApiError("bad_request", 400, "The request is invalid."),
    ApiError("malformed_request", 400, "The request body could not be parsed.", drf_code="parse_error"),
    ApiError("not_authenticated", 401, "Log in or send a valid token to use this endpoint."),
    ApiError("authentication_failed", 401, "The credentials sent are not valid."),
    ApiError("forbidden", 403, "The request was refused; reload the page and try again."),
    ApiError("csrf_failed", 403, "The CSRF token is missing or wrong; reload the page and try again."),
    ApiError("not_found", 404, "Nothing was found at this address."),
    ApiError("method_not_allowed", 405, "This endpoint does not accept that method."),
    ApiError("not_acceptable", 406, "This endpoint only answers with JSON."),
    ApiError("too_large", 413, "The request body is too large."),
    ApiError("unsupported_media_type", 415, "Send the body with a supported content type."),
    ApiError("throttled", 429, "Too many requests; wait a moment and try again."),
    ApiError("internal_error", 500, "Something went wrong on our side; it has been logged."),
    ApiError("database_unavailable", 503, "The database is unreachable; try again shortly."),
    ApiError("broker_unavailable", 503, "The task queue is unreachable; try again shortly."),
]
BY_CODE = {error.code: error for error in ERRORS}
_BY_DRF_CODE = {error.drf_code or error.code: error for error in ERRORS}
_BY_STATUS = {error.status: error for error in reversed(ERRORS)}


def error_for_status(status: int) -> ApiError:
    return _BY_STATUS.get(status) or ApiError("error", status, "The request failed.")


def handle_api_exception(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status_code)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # an outage or a bug: ApiErrorMiddleware answers in the error shape
    if isinstance(exc, exceptions.ValidationError):
        response.data = error_body("invalid_input", _first_validation_message(exc.detail), {"fields": exc.detail})
        return response
    if response.status_code == 403:
        # API.md: never reveal that something exists but belongs to another user; a CSRF refusal says so.
        if "CSRF" not in str(response.data.get("detail", "")):
            return Response(_body(BY_CODE["not_found"], {"detail": exceptions.NotFound.default_detail}), status=404)
        error = BY_CODE["csrf_failed"]
    else:
        detail = response.data.get("detail") if isinstance(response.data, dict) else None
        error = _BY_DRF_CODE.get(getattr(detail, "code", None)) or error_for_status(response.status_code)
    response.data = _body(error, response.data)
    return response


def _body(error: ApiError, drf_data) -> dict:
    reason = drf_data.get("detail") if isinstance(drf_data, dict) else None
    return error_body(error.code, error.message, {"reason": str(reason)} if reason is not None else None)


def _first_validation_message(detail) -> str:
    """The first leaf message of a DRF validation error, prefixed by its field name."""
    path = []
    while isinstance(detail, dict | list) and detail:
        if isinstance(detail, dict):
            key = next(iter(detail))
            if key != "non_field_errors":
                path.append(str(key))
            detail = detail[key]
        else:
            detail = detail[0]
    message = str(detail) if detail else "The request is invalid."
    return f"{'.'.join(path)}: {message}" if path else message
