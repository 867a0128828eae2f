"""Filters for the project's logging (settings.LOGGING)."""

import re


def not_a_health_check(record) -> bool:
    """Leave out what Django logs of /api/health answers: `make run` asks it every half second while the
    worker loads its model, and 503 is then the expected answer, not an error worth a line each time."""
    request = getattr(record, "request", None)
    return request is None or not request.path.startswith("/api/health")


_SHARE_TOKEN = re.compile(r"(/shared/)[A-Za-z0-9_-]+")


def without_share_tokens(record) -> bool:
    """Mask the token of a share link in any line (Django logs a 404's path: a revoked link's, for one): whoever
    reads the logs must not be able to open the albums shared by link."""
    message = record.getMessage()
    if "/shared/" in message:
        record.msg, record.args = _SHARE_TOKEN.sub(r"\1[token]", message), None
    return True
