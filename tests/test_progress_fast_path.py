"""The progress fast path (long_running_tasks/progress_fast_path.py): the polls it answers get Django's
answer byte for byte, and every request it must not answer reaches Django.

Requests go through the real ASGI stack in process, the fast path in front of Django's ASGI handler, on
the PostgreSQL test database; rows are committed, since the fast path reads them on connections of its own.
"""

import asyncio
import json
import socket
from datetime import timedelta

import pytest
from asgiref.sync import sync_to_async
from django.contrib.auth import get_user_model
from django.core.handlers.asgi import ASGIHandler
from django.db import connection, connections
from django.utils import timezone
from rest_framework.authtoken.models import Token

from conftest import asgi_request
from image_processing.models import Detection, Image
from long_running_tasks.models import Task
from long_running_tasks.progress_fast_path import ProgressFastPath

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="the fast path serves PostgreSQL only"),
]


class CountingDjango:
    """Django's ASGI handler, counting the requests that reach it."""

    def __init__(self):
        self.handler, self.calls = ASGIHandler(), 0

    async def __call__(self, scope, receive, send):
        self.calls += 1
        await self.handler(scope, receive, send)


def serve(scenario, *apps):
    """Run an async scenario, then close what it opened: the fast path's pool and Django's connection in
    the thread that ran the views (the test database is dropped at the end of the run)."""

    async def run():
        try:
            return await scenario()
        finally:
            for app in apps:
                await app.close()
            await sync_to_async(connections.close_all, thread_sensitive=True)()

    return asyncio.run(run())


def user_with_token(active: bool = True) -> tuple:
    user = get_user_model().objects.create_user(f"poller-{Task.objects.count()}-{timezone.now().timestamp()}")
    user.is_active = active
    user.save()
    return user, Token.objects.create(user=user).key


def tasks_in_every_state(owner) -> list[Task]:
    now = timezone.now()
    image = Image.objects.create(
        owner=owner,
        filename="a.jpg",
        content_type="image/jpeg",
        width=4,
        height=3,
        size_bytes=10,
        sha256="0" * 64,
        file_name="x",
        thumbnail_name="y",
    )

    def task(**fields) -> Task:
        return Task.objects.create(owner=owner, type="detect", **fields)

    done = task(total=3, processed=3, status="succeeded", started_at=now - timedelta(seconds=2), finished_at=now,
                options={"min_confidence": 0.5, "classes": ["cat", "dog"]})  # fmt: skip
    for label in ("cat", "dog", "dog"):  # most found first, not alphabetical
        Detection.objects.create(
            image=image, task_id=done.id, model="m", label=label, confidence=0.9, x_min=0, y_min=0, x_max=1, y_max=1
        )
    odd_error = 'Detection failed: caf\u00e9 \u2028 \U0001f408 "quoted"'  # DRF escapes U+2028, keeps é and 🐈
    return [
        done,
        task(total=5),
        # 3 photos in 60 s: 0.05 photos/s, rounded alike from 54.5 s to 66.7 s, so two answers a moment apart
        # agree (at 10 s the rounding flipped after 0.17 s, and a slow run of the test crossed it)
        task(total=10, processed=3, status="running", started_at=now - timedelta(seconds=60)),
        task(total=4, processed=2, failed=2, status="failed", started_at=now, finished_at=now, error=odd_error),
        task(total=9, processed=1, status="cancelled", started_at=now, finished_at=now),
    ]


def test_answers_polls_exactly_as_django_does():
    owner, token = user_with_token()
    tasks = tasks_in_every_state(owner)
    django, fast = ASGIHandler(), ProgressFastPath(counting := CountingDjango())

    async def scenario():
        for task in tasks:
            for path in (f"/api/tasks/{task.id}/", f"/api/tasks/{task.id}"):
                expected = await asgi_request(django, path, token)
                answer = await asgi_request(fast, path, token, accept="application/json")
                assert (answer.status, answer.body) == (200, expected.body), task.status
                assert answer.headers == expected.headers
        assert counting.calls == 0  # all of them answered by the fast path

    serve(scenario, fast)


def test_the_summary_and_the_running_figures_are_the_tasks_own():
    owner, token = user_with_token()
    done, _, running, *_ = tasks_in_every_state(owner)
    fast = ProgressFastPath(CountingDjango())

    async def scenario():
        return [await asgi_request(fast, f"/api/tasks/{task.id}/", token) for task in (done, running)]

    done_body, running_body = (json.loads(answer.body) for answer in serve(scenario, fast))
    assert done_body["summary"] == {"dog": 2, "cat": 1} and list(done_body["summary"]) == ["dog", "cat"]
    assert done_body["options"] == {"min_confidence": 0.5, "classes": ["cat", "dog"]}
    assert running_body["progress"] == 30.0 and running_body["images_per_second"] == 0.05
    assert running_body["eta_seconds"] == 140.0  # 7 photos left at 0.05 photos/s


def test_leaves_every_other_request_to_django():
    owner, token = user_with_token()
    _, other_token = user_with_token()
    inactive, inactive_token = user_with_token(active=False)
    task, inactive_task = tasks_in_every_state(owner)[0], tasks_in_every_state(inactive)[0]
    path = f"/api/tasks/{task.id}/"
    cases = {
        "another user's task": dict(path=path, token=other_token),
        "an unknown task": dict(path="/api/tasks/00000000-0000-4000-8000-000000000000/", token=token),
        "an unknown token": dict(path=path, token="0" * 40),
        "an inactive user": dict(path=f"/api/tasks/{inactive_task.id}/", token=inactive_token),
        "no credentials": dict(path=path),
        "DRF's own keyword": dict(path=path, authorization=f"Token {token}"),
        "a query string": dict(path=path, token=token, query=b"format=json"),
        "HEAD": dict(path=path, token=token, method="HEAD"),
        "HTML wanted": dict(path=path, token=token, accept="text/html"),
        "an empty Accept": dict(path=path, token=token, accept=""),
        "indented JSON wanted": dict(path=path, token=token, accept="application/json; indent=4"),
        "another JSON type": dict(path=path, token=token, accept="application/jsonp"),
        "a cookie": dict(path=path, token=token, cookie="csrftoken=short"),
        "a host not allowed": dict(path=path, token=token, host="evil.example"),
        "the results": dict(path=f"{path}results", token=token),
        "an upper-case id": dict(path=path.upper().replace("/API/TASKS/", "/api/tasks/"), token=token),
    }
    django, fast = ASGIHandler(), ProgressFastPath(counting := CountingDjango())

    async def scenario():
        for name, case in cases.items():
            calls = counting.calls
            expected, answer = await asgi_request(django, **case), await asgi_request(fast, **case)
            assert counting.calls == calls + 1, f"{name}: answered by the fast path"
            assert (answer.status, answer.body) == (expected.status, expected.body), name

    serve(scenario, fast)


def test_https_settings_apply_as_in_django(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 3600
    owner, token = user_with_token()
    path = f"/api/tasks/{tasks_in_every_state(owner)[1].id}/"
    django, fast = ASGIHandler(), ProgressFastPath(counting := CountingDjango())

    async def scenario():
        plain = await asgi_request(fast, path, token)
        assert (plain.status, counting.calls) == (301, 1)  # Django redirects plain HTTP
        expected = await asgi_request(django, path, token, x_forwarded_proto="https")
        answer = await asgi_request(fast, path, token, x_forwarded_proto="https")
        assert counting.calls == 1
        assert (answer.status, answer.body, answer.headers) == (200, expected.body, expected.headers)
        assert (b"strict-transport-security", b"max-age=3600") in answer.headers

    serve(scenario, fast)


def test_a_database_error_hands_polls_to_django():
    owner, token = user_with_token()
    path = f"/api/tasks/{tasks_in_every_state(owner)[1].id}/"
    with socket.socket() as unused:  # a port nothing listens on: connections are refused
        unused.bind(("127.0.0.1", 0))
        closed_port = unused.getsockname()[1]
    unreachable = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": closed_port}
    fast = ProgressFastPath(counting := CountingDjango(), database=unreachable)

    async def scenario():
        first, second = await asgi_request(fast, path, token), await asgi_request(fast, path, token)
        assert (first.status, second.status, counting.calls) == (200, 200, 2)  # Django answered both

    serve(scenario, fast)
