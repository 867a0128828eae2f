"""`GET /api/tasks/<id>/` answered beside Django, for the clients that poll a task's progress.

A poll through Django and DRF costs the web process about 4 ms of CPU (request objects, the middleware,
the token lookup, three queries, the serializer), and on a small machine that CPU is taken from detection:
a hundred clients polling once a second took over a third off the workers' images per second. This ASGI
layer answers the common case itself, a bearer token that owns the task and wants JSON, with one query on
an async connection pool and the body `task_json` renders for DRF too, under the headers Django's own
middleware would add.

Everything else goes on to Django, which answers as always: no token or an unknown one (401), another
user's task or an unknown one (404), any cookies, a query string, HEAD, an Accept header other than plain
JSON, a host not in ALLOWED_HOSTS, plain HTTP where HTTPS is required, and any database error (Django
then says 503).
"""

import asyncio
import logging
import re
import time

import psycopg
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connections
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port, validate_host
from django.middleware.clickjacking import XFrameOptionsMiddleware
from django.middleware.security import SecurityMiddleware
from psycopg_pool import AsyncConnectionPool, PoolTimeout
from rest_framework.authtoken.models import Token
from rest_framework.renderers import JSONRenderer

from image_processing.models import Detection

from .models import Task
from .serializers import task_json

logger = logging.getLogger(__name__)

TASK_PATH = re.compile(r"/api/tasks/(?P<id>[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})/?")
# The task's columns in the model's order (as Task.from_db takes them); the owner is known from the token.
TASK_FIELDS = [field.attname for field in Task._meta.concrete_fields if field.name != "owner"]
POOL_SIZE = 4  # connections per web process; a poll holds one for a single query
# After a database error, leave polls to Django (which says 503) for this long instead of trying each time.
BACKOFF_SECONDS = 5.0


def with_progress_fast_path(app):
    """`app` behind the fast path, where it can work: PostgreSQL, and not switched off."""
    engine = settings.DATABASES["default"]["ENGINE"]
    if not settings.SPOTTER_PROGRESS_FAST_PATH or not engine.endswith("postgresql"):
        return app
    return ProgressFastPath(app)


class ProgressFastPath:
    def __init__(self, app, database: dict | None = None):
        self.app = app
        self.database = database  # Django's settings_dict form; None: the default connection's, when first used
        self.pool: AsyncConnectionPool | None = None
        self.opening = asyncio.Lock()
        self.paused_until = 0.0
        self.query = _progress_query()
        self.headers = {secure: _middleware_headers(secure) for secure in (False, True)}

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "lifespan":  # Django does not speak it; here it closes the pool on shutdown
            await self._lifespan(receive, send)
            return
        answer = await self._answer(scope) if scope["type"] == "http" else None
        if answer is None:
            await self.app(scope, receive, send)
            return
        body, secure = answer
        headers = [*self.headers[secure], (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    async def close(self) -> None:
        if self.pool is not None:
            await self.pool.close()
            self.pool = None

    async def _lifespan(self, receive, send) -> None:
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await self.close()
                await send({"type": "lifespan.shutdown.complete"})
                return

    async def _answer(self, scope) -> tuple[bytes, bool] | None:
        """(the response body, whether it came over HTTPS) if this request is one the fast path answers."""
        match = TASK_PATH.fullmatch(scope["path"])
        if not match or scope["method"] != "GET" or scope["query_string"] or time.monotonic() < self.paused_until:
            return None
        headers = _headers(scope)
        secure = _is_secure(scope, headers)
        token = _bearer_token(headers.get(b"authorization"))
        if (
            token is None
            or b"cookie" in headers  # Django's session and CSRF middleware may answer with cookies of their own
            or not _accepts_json(headers.get(b"accept"))
            or not _host_allowed(headers.get(b"host"))
            or (settings.SECURE_SSL_REDIRECT and not secure)
        ):
            return None
        try:
            row = await self._fetch(token, match["id"])
        except (psycopg.Error, PoolTimeout) as error:
            logger.warning("progress fast path: database error, leaving polls to Django for a while: %s", error)
            self.paused_until = time.monotonic() + BACKOFF_SECONDS
            return None
        if row is None:
            return None
        task = Task.from_db("default", TASK_FIELDS, row[:-1])
        return JSONRenderer().render(task_json(task, row[-1])), secure

    async def _fetch(self, token: str, task_id: str) -> tuple | None:
        pool = self.pool or await self._open_pool()
        async with pool.connection() as connection:
            cursor = await connection.execute(self.query, (token, task_id))
            return await cursor.fetchone()

    async def _open_pool(self) -> AsyncConnectionPool:
        async with self.opening:
            if self.pool is None:
                pool = AsyncConnectionPool(
                    kwargs=_connect_kwargs(self.database or connections["default"].settings_dict),
                    min_size=1,
                    max_size=POOL_SIZE,
                    timeout=2,
                    open=False,
                )
                await pool.open(wait=False)
                self.pool = pool
        return self.pool


def _progress_query() -> str:
    """One row: the task, if the token's active user owns it, and its label summary (counted as
    ImageRepository.label_summary_of_task counts it) as JSON."""
    tables = {"task": Task, "detection": Detection, "token": Token, "user": get_user_model()}
    return """
        SELECT {columns},
               (SELECT COALESCE(json_object_agg(s.label, s.n ORDER BY s.n DESC, s.label), '{{}}')
                  FROM (SELECT label, COUNT(*) AS n FROM {detection} WHERE task_id = t.id GROUP BY label) s)
          FROM {task} t
          JOIN {token} k ON k.user_id = t.owner_id
          JOIN {user} u ON u.id = k.user_id
         WHERE k.key = %s AND t.id = %s AND u.is_active
    """.format(
        columns=", ".join(f"t.{name}" for name in TASK_FIELDS),
        **{name: model._meta.db_table for name, model in tables.items()},
    )


def _connect_kwargs(database: dict) -> dict:
    kwargs = {k: v for k, v in database.get("OPTIONS", {}).items() if k not in _DJANGO_ONLY_OPTIONS}
    for key, setting in (("dbname", "NAME"), ("user", "USER"), ("password", "PASSWORD"), ("host", "HOST"),
                         ("port", "PORT")):  # fmt: skip
        if database.get(setting):
            kwargs[key] = database[setting]
    return {**kwargs, "autocommit": True}


_DJANGO_ONLY_OPTIONS = {"pool", "isolation_level", "server_side_binding", "assume_role"}


def _middleware_headers(secure: bool) -> list[tuple[bytes, bytes]]:
    """The headers of Django's answer to a poll: its content type and Allow, plus what the security and
    clickjacking middleware add (asked of the middleware themselves, so settings keep applying)."""
    request = HttpRequest()
    request.is_secure = lambda: secure
    response = HttpResponse(content_type="application/json")
    response["Allow"] = "GET, DELETE, HEAD, OPTIONS"
    for middleware in (SecurityMiddleware, XFrameOptionsMiddleware):
        response = middleware(get_response=lambda _request, answer=response: answer).process_response(request, response)
    return [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in response.items()]


def _headers(scope) -> dict[bytes, bytes]:
    headers: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        headers[name] = headers[name] + b"," + value if name in headers else value
    return headers


def _bearer_token(authorization: bytes | None) -> str | None:
    """The key of `Authorization: Bearer <key>`, as BearerTokenAuthentication reads it."""
    parts = (authorization or b"").split()
    if len(parts) != 2 or parts[0].lower() != b"bearer":
        return None
    try:
        return parts[1].decode()
    except UnicodeDecodeError:
        return None


def _accepts_json(accept: bytes | None) -> bool:
    """True where DRF would render plain JSON for sure: no Accept header, or one listing only these types
    without parameters (a parameter such as `indent=4` changes DRF's output; an empty header gets a 406)."""
    if accept is None:
        return True
    kinds = [kind.strip() for kind in accept.split(b",")]
    return bool(kinds) and all(kind in _PLAIN_JSON for kind in kinds)


_PLAIN_JSON = {b"application/json", b"application/*", b"*/*"}


def _host_allowed(host: bytes | None) -> bool:
    if not host:
        return False
    domain, _ = split_domain_port(host.decode("latin-1"))
    return bool(domain) and validate_host(domain, settings.ALLOWED_HOSTS)


def _is_secure(scope, headers: dict[bytes, bytes]) -> bool:
    """HttpRequest.is_secure(): the proxy's header where SECURE_PROXY_SSL_HEADER names one, else the scheme."""
    if settings.SECURE_PROXY_SSL_HEADER:
        name, secure_value = settings.SECURE_PROXY_SSL_HEADER
        header = name.removeprefix("HTTP_").replace("_", "-").lower().encode("latin-1")
        if header in headers:
            return headers[header].decode("latin-1").split(",")[0].strip() == secure_value
    return scope.get("scheme") == "https"
