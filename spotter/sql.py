"""Plain SQL for the statements on a task's hot path (a worker's per-photo and per-chunk statements, a
task's creation and its last steps), beside the ORM.

The ORM compiles each query anew: 0.3-0.9 ms of CPU per statement on our cores, several times what
PostgreSQL spends running it, and a one-photo chunk made about a dozen. These helpers run a statement
as written (same text on PostgreSQL and SQLite, with `%s` placeholders) at a fifth of that. Values go
in through the model field's own conversion, so both databases get what the ORM would send.
"""

import contextlib
import uuid
from collections.abc import Callable, Iterator, Sequence

from django.db import connection, models
from psycopg.pq import TransactionStatus


def execute(sql: str, params: Sequence = ()) -> int:
    """Run a statement; how many rows it changed (-1, the DB-API's "not known", inside `pipelined`)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.rowcount


def fetch(sql: str, params: Sequence = ()) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def fetch_later(sql: str, params: Sequence = ()) -> Callable[[], list[tuple]]:
    """Run a statement now; the returned function gives its rows. Inside `pipelined`, read them after the
    block: the block's end waits once for the answers to all its statements. On SQLite the rows are read at
    once: a statement left unread there keeps the connection from committing ("SQL statements in
    progress"), whether or not its rows are ever asked for."""
    if connection.vendor != "postgresql":
        rows = fetch(sql, params)
        return lambda: rows
    cursor = connection.cursor()
    cursor.execute(sql, params)

    def later() -> list[tuple]:
        with cursor:
            return cursor.fetchall()

    return later


@contextlib.contextmanager
def pipelined() -> Iterator[None]:
    """On PostgreSQL, statements run inside are sent without waiting for each one's answer, and the end of
    the block waits for all of them: one round trip for the lot. Each round trip wakes PostgreSQL on a core
    where a detector runs, and the worker waits meanwhile. So statements whose results matter are run with
    `fetch_later` (with RETURNING) and read after the block; a `fetch` inside would wait on the spot. An
    error of one statement surfaces at the end of the block, as Django's exception. SQLite runs in process:
    there, statements run one by one, as outside."""
    if connection.vendor != "postgresql":
        yield
        return
    connection.ensure_connection()
    with connection.wrap_database_errors, connection.connection.pipeline():
        yield


@contextlib.contextmanager
def transaction_in_one_round_trip() -> Iterator[None]:
    """`pipelined`, for the statements of a whole transaction: on PostgreSQL its BEGIN, its statements and its
    COMMIT go out together, one round trip in all. Call it first thing inside `transaction.atomic()`, which
    still runs the on-commit hooks (or drops them); its commit finds nothing left to do.

    (psycopg, left to begin the transaction itself, waits for the answer to its BEGIN when pipelining, and
    the atomic block's COMMIT is one more wait: three round trips for a worker's write.) A statement's error
    surfaces at the end of the block, after which the transaction is rolled back. Since the COMMIT is sent
    with the rest, a check of a statement's result cannot undo the transaction: write statements whose
    effect is right whatever they find (a count taken from the rows a statement changed, not assumed). Inside
    another atomic block (a test's, say) the statements are just pipelined, in that block's transaction."""
    if connection.vendor != "postgresql":
        yield
        return
    assert connection.in_atomic_block, "inside transaction.atomic()"
    raw = connection.connection
    if len(connection.atomic_blocks) > 1 or raw.info.transaction_status != TransactionStatus.IDLE:
        with pipelined():
            yield
        return
    raw.autocommit = True  # psycopg sends no BEGIN of its own; Django still counts this as its atomic block
    try:
        with pipelined():
            execute("BEGIN")
            yield
            execute("COMMIT")
    except BaseException:
        if raw.info.transaction_status != TransactionStatus.IDLE:
            with connection.wrap_database_errors:
                raw.execute("ROLLBACK")
        raise
    finally:
        raw.autocommit = False


def table(model: type[models.Model]) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def column(name: str) -> str:
    return connection.ops.quote_name(name)


def placeholders(count: int) -> str:
    return ", ".join(["%s"] * count)


def insert(model: type[models.Model], field_names: Sequence[str], rows: Sequence[Sequence], suffix: str = "") -> None:
    """INSERT these rows (Python values of these fields, in order), as few statements as the database's
    limit on parameters allows. `suffix`: e.g. " ON CONFLICT DO NOTHING"."""
    fields = [model._meta.get_field(name) for name in field_names]
    columns = ", ".join(column(field.column) for field in fields)
    per_statement = (connection.features.max_query_params or 10_000) // len(fields)
    for start in range(0, len(rows), per_statement):
        batch = rows[start : start + per_statement]
        params = [field.get_db_prep_value(v, connection) for row in batch for field, v in zip(fields, row, strict=True)]
        values = ", ".join([f"({placeholders(len(fields))})"] * len(batch))
        execute(f"INSERT INTO {table(model)} ({columns}) VALUES {values}{suffix}", params)


def value(model: type[models.Model], field_name: str, python_value):
    """A Python value as this model field stores it in the current database (a UUID is text on SQLite)."""
    return model._meta.get_field(field_name).get_db_prep_value(python_value, connection)


def to_uuid(stored) -> uuid.UUID:
    """A UUID column as read back: PostgreSQL gives a UUID, SQLite its hex text."""
    return stored if isinstance(stored, uuid.UUID) else uuid.UUID(stored)
