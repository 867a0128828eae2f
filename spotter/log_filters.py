"""Filters for the project's logging (settings.LOGGING)."""


def not_a_health_check(record) -> bool:
    """Leave out what Django logs of /api/health answers: `make run` asks it every half second while the
    worker loads its model, and 503 is then the expected answer, not an error worth a line each time."""
    request = getattr(record, "request", None)
    return request is None or not request.path.startswith("/api/health")
