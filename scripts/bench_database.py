"""A PostgreSQL database of a benchmark's own, made for one run and dropped after it, with Django set up on it:
the benchmarks that fill a library with generated rows never touch a real one."""

import contextlib
import os
import statistics
import tempfile
from collections.abc import Iterator


@contextlib.contextmanager
def own_database(name: str, **environment: str) -> Iterator[None]:
    """Django set up on a new database `spotter_bench_<name>_<pid>` (on DATABASE_URL's server) and these
    environment variables, migrated; the database is dropped at the end."""
    import django
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/spotter")
    server, database = base.rsplit("/", 1)[0], f"spotter_bench_{name}_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{database}"')
    os.environ.update(
        DJANGO_SETTINGS_MODULE="spotter.settings",
        DATABASE_URL=f"{server}/{database}",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=tempfile.mkdtemp(prefix=f"spotter-bench-{name}-"),
        **environment,
    )
    django.setup()
    try:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        yield
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def p50_p95(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
