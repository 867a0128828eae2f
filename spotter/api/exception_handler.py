"""Maps every exception raised under /api/ to the error shape of API.md."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response

from spotter.errors import DomainError

from .responses import error_body

# DRF exception class → (status, code, message). Messages are sentences a person can act on.
_DRF_ERRORS: list[tuple[type[exceptions.APIException], int, str, str]] = [
    (exceptions.NotAuthenticated, 401, "not_authenticated", "Log in or send a valid token to use this endpoint."),
    (exceptions.AuthenticationFailed, 401, "authentication_failed", "The credentials sent are not valid."),
    (exceptions.NotFound, 404, "not_found", "Nothing was found at this address."),
    (exceptions.MethodNotAllowed, 405, "method_not_allowed", "This endpoint does not accept that method."),
    (exceptions.NotAcceptable, 406, "not_acceptable", "This endpoint only answers with JSON."),
    (exceptions.UnsupportedMediaType, 415, "unsupported_media_type", "Send the body with a supported content type."),
    (exceptions.ParseError, 400, "malformed_request", "The request body could not be parsed."),
    (exceptions.Throttled, 429, "throttled", "Too many requests; wait a moment and try again."),
]


def handle_api_exception(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.details), status=exc.status_code)
    if isinstance(exc, exceptions.ValidationError):
        return Response(
            error_body("invalid_input", _first_validation_message(exc.detail), {"fields": exc.detail}),
            status=400,
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, exceptions.PermissionDenied) and "CSRF" in str(exc.detail):
        return Response(
            error_body("csrf_failed", "The CSRF token is missing or wrong; reload the page and try again."), status=403
        )
    if isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        # API.md: never reveal that something exists but belongs to another user.
        exc = exceptions.NotFound()
    for exc_class, status, code, message in _DRF_ERRORS:
        if isinstance(exc, exc_class):
            response = Response(error_body(code, message, {"reason": str(exc.detail)}), status=status)
            if isinstance(exc, exceptions.Throttled) and exc.wait:
                response["Retry-After"] = str(int(exc.wait))
            return response
    if isinstance(exc, exceptions.APIException):
        return Response(error_body("error", str(exc.detail)), status=exc.status_code)
    return None  # an outage or a bug: ApiErrorMiddleware answers in the error shape


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
