"""Shared test fixtures: API clients for real users, real photos, and a real Celery worker.

The worker is a separate `celery worker` process on the Redis broker and the PostgreSQL test
database; tests that use it run with `transaction=True` so the worker sees their rows.
"""

import asyncio
import io
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from PIL import Image as PILImage
from rest_framework.test import APIClient

SITE_PACKAGES = Path(PILImage.__file__).resolve().parents[1]
ASTRONAUT = SITE_PACKAGES / "skimage" / "data" / "astronaut.png"  # a person
CHELSEA = SITE_PACKAGES / "skimage" / "data" / "chelsea.png"  # a cat
GRACE_HOPPER = SITE_PACKAGES / "matplotlib" / "mpl-data" / "sample_data" / "grace_hopper.jpg"  # a person
COFFEE = SITE_PACKAGES / "skimage" / "data" / "coffee.png"  # a cup
PROJECT_ROOT = Path(__file__).resolve().parent


def register(client: APIClient, username: str | None = None) -> APIClient:
    """Register a fresh user through the API and authenticate the client with their token."""
    username = username or f"user-{uuid.uuid4().hex[:10]}"
    response = client.post("/api/auth/register", {"username": username, "password": "a-long-secret-42"}, format="json")
    assert response.status_code == 201, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    client.username = username
    return client


@pytest.fixture
def api(db) -> APIClient:
    return register(APIClient())


@pytest.fixture
def other_api(db) -> APIClient:
    return register(APIClient())


def upload(client: APIClient, *files: tuple[str, bytes]):
    parts = [_named_file(name, content) for name, content in files]
    return client.post("/api/images/", {"files": parts}, format="multipart")


def upload_paths(client: APIClient, *paths: Path) -> list[dict]:
    response = upload(client, *((path.name, path.read_bytes()) for path in paths))
    assert response.status_code == 201, response.content
    assert response.json()["errors"] == []
    return response.json()["images"]


def store_detections(image_id, labels, found: list, task_id=None, model: str | None = None) -> None:
    """Store detections for a photo as a worker would (replacing that model's earlier ones of `labels`); the
    default model's unless `model` names another."""
    from django.db import transaction

    from image_processing.service import Detected, Examination, ImageService

    service = ImageService()
    with transaction.atomic():
        exam = Examination(service.model_run(model, "exact"), frozenset(labels))
        service.record_detections(task_id, exam, {uuid.UUID(str(image_id)): Detected(found)})


def _named_file(name: str, content: bytes) -> io.BytesIO:
    part = io.BytesIO(content)
    part.name = name
    return part


def jpeg_bytes(picture: PILImage.Image, **save_options) -> bytes:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=90, **save_options)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def many_photos(tmp_path_factory) -> list[Path]:
    """48 distinct real photos: crops, flips and scales of the three sample photos."""
    folder = tmp_path_factory.mktemp("many")
    sources = [PILImage.open(path).convert("RGB") for path in (ASTRONAUT, CHELSEA, GRACE_HOPPER)]
    photos = []
    for n in range(48):
        picture = sources[n % 3]
        if n % 2:
            picture = picture.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)
        scale = 1.0 + (n % 8) * 0.25
        picture = picture.resize((int(picture.width * scale) + n, int(picture.height * scale)))  # + n: all distinct
        path = folder / f"photo-{n:02d}.jpg"
        path.write_bytes(jpeg_bytes(picture))
        photos.append(path)
    return photos


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    """A MEDIA_ROOT of the test's own (for tests that do not involve the worker)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def files_under(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


# --- the real worker ---


class WorkerProcess:
    def __init__(self, env: dict[str, str], concurrency: int = 2, name: str = "w1", cwd: Path = PROJECT_ROOT):
        command = [sys.executable, "-m", "celery", "-A", "spotter", "worker", "--loglevel", "INFO",
                   "--concurrency", str(concurrency), "--hostname", f"{name}@%h", "--without-mingle",
                   "--without-gossip", "--queues", settings.CELERY_TASK_DEFAULT_QUEUE]  # fmt: skip
        self.concurrency = concurrency
        self.log_path = Path(settings.VAR_DIR) / f"worker-{name}-{uuid.uuid4().hex[:6]}.log"
        self.log = self.log_path.open("w")
        env = {**env, "LOG_LEVEL": "INFO"}  # wait_ready reads the processes' "detector on" lines
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT,
                                        start_new_session=True)  # fmt: skip

    def wait_ready(self, timeout: float = 60) -> None:
        """Until the worker consumes and every one of its processes has loaded the model. Celery says `ready.`
        before its processes have run worker_process_init: a message taken meanwhile waits for them, seconds
        on a loaded machine, while another worker may do the whole task."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            log = self.log_path.read_text()
            if "ready." in log and log.count("detector on") >= self.concurrency:
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.2)
        raise RuntimeError(f"worker did not start:\n{self.log_path.read_text()[-3000:]}")

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.log.close()


def worker_environment(**overrides: str) -> dict[str, str]:
    """The test process's environment, pointed at the test database the test run created."""
    from django.db import connection

    database = connection.settings_dict
    env = dict(os.environ)
    env["DATABASE_URL"] = (
        f"postgres://{database['USER']}@{database['HOST'] or '127.0.0.1'}:{database['PORT'] or 5432}/{database['NAME']}"
    )
    env["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    env.update(overrides)
    return env


@pytest.fixture(scope="session", autouse=True)
def own_queue_removed_at_the_end() -> Iterator[None]:
    """The run's own queue (SPOTTER_QUEUE=spotter-test-<pid>, see scripts/test.sh) leaves no messages or
    bindings in the shared Redis. Any other queue (pytest run by hand on `spotter`, say) is left alone."""
    yield
    queue_name = settings.CELERY_TASK_DEFAULT_QUEUE
    if settings.CELERY_BROKER_URL.startswith("redis") and queue_name.startswith("spotter-test-"):
        from long_running_tasks.queue import delete_queue

        delete_queue(queue_name)


@pytest.fixture(scope="session")
def celery_worker(django_db_setup, django_db_blocker) -> Iterator[WorkerProcess]:
    if not settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        pytest.fail("The worker tests need PostgreSQL: run them through `make test`.")
    with django_db_blocker.unblock():
        worker = WorkerProcess(worker_environment())
    worker.wait_ready()
    yield worker
    worker.stop()


def wait_for(condition: Callable[[], object], timeout: float = 60, interval: float = 0.05, what: str = "condition"):
    """The first truthy value of condition(), checked every `interval` seconds for up to `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"{what} not met within {timeout} s")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_task(client: APIClient, task_id: str, timeout: float = 120) -> dict:
    def finished():
        task = client.get(f"/api/tasks/{task_id}/").json()
        return task if task["status"] in ("succeeded", "failed", "cancelled") else None

    return wait_for(finished, timeout, interval=0.1)


# --- requests through an ASGI app in process ---


@dataclass
class AsgiAnswer:
    status: int
    headers: set[tuple[bytes, bytes]]
    body: bytes
    parts: int  # body messages sent


async def asgi_request(app, path: str, token: str | None = None, method: str = "GET", query: bytes = b"", **headers):
    """Call an ASGI app in process as uvicorn would; `headers` by name (`x_forwarded_proto="https"`)."""
    sent_headers = [(b"host", b"testserver")]
    if token:
        sent_headers.append((b"authorization", f"Bearer {token}".encode()))
    sent_headers += [(name.replace("_", "-").encode(), value.encode()) for name, value in headers.items()]
    sent_headers = list({name: (name, value) for name, value in sent_headers}.values())  # later ones win
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": query, "root_path": "", "headers": sent_headers,
             "client": ("127.0.0.1", 50000), "server": ("testserver", 80)}  # fmt: skip
    messages, body_sent = [], asyncio.Event()

    async def receive():
        if not body_sent.is_set():
            body_sent.set()
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays connected until it has the whole answer

    async def send(message):
        messages.append(message)

    await app(scope, receive, send)
    start = messages[0]
    headers = {(name.lower(), value) for name, value in start["headers"]}  # names are case-insensitive
    parts = [message["body"] for message in messages[1:] if message.get("body")]
    return AsgiAnswer(start["status"], headers, b"".join(parts), len(parts))
