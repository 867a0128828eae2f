"""Helpers the tests share: API clients for real users, uploads, real photos, a real Celery worker process,
and waiting on conditions. Fixtures are in conftest.py."""

import asyncio
import io
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from PIL import Image as PILImage
from rest_framework.test import APIClient

from image_processing.detection import Box

SITE_PACKAGES = Path(PILImage.__file__).resolve().parents[1]


ASTRONAUT = SITE_PACKAGES / "skimage" / "data" / "astronaut.png"  # a person


CHELSEA = SITE_PACKAGES / "skimage" / "data" / "chelsea.png"  # a cat


GRACE_HOPPER = SITE_PACKAGES / "matplotlib" / "mpl-data" / "sample_data" / "grace_hopper.jpg"  # a person


COFFEE = SITE_PACKAGES / "skimage" / "data" / "coffee.png"  # a cup


PROJECT_ROOT = Path(__file__).resolve().parents[1]


def register(client: APIClient, username: str | None = None) -> APIClient:
    """Register a fresh user through the API and authenticate the client with their token."""
    username = username or f"user-{uuid.uuid4().hex[:10]}"
    response = client.post("/api/auth/register", {"username": username, "password": "a-long-secret-42"}, format="json")
    assert response.status_code == 201, response.content
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['token']}")
    client.username = username
    return client


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

    from image_processing.services.examination import Detected, Examination, ExaminationService

    service = ExaminationService()
    with transaction.atomic():
        exam = Examination(service.model_run(model, "exact"), frozenset(labels))
        service.record_detections(task_id, exam, {uuid.UUID(str(image_id)): Detected(found)})


def store_faces(image_id, faces: list, task_id=None) -> None:
    """Store faces (detection.FaceFound) for a photo as a faces task would: replacing those found before, then
    sorted into the owner's people."""
    from django.db import transaction

    from image_processing.services.examination import Detected, Examination, ExaminationService

    with transaction.atomic():
        detected = Detected([], faces=faces)
        ExaminationService().record_detections(
            task_id, Examination(None, faces=True), {uuid.UUID(str(image_id)): detected}
        )


def _named_file(name: str, content: bytes) -> io.BytesIO:
    part = io.BytesIO(content)
    part.name = name
    return part


def jpeg_bytes(picture: PILImage.Image, **save_options) -> bytes:
    buffer = io.BytesIO()
    picture.convert("RGB").save(buffer, "JPEG", quality=90, **save_options)
    return buffer.getvalue()


def files_under(root: Path) -> list[Path]:
    return [path for path in Path(root).rglob("*") if path.is_file()] if Path(root).exists() else []


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

    def wait_ready(self, timeout: float = 240) -> None:
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


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    inter_w = min(a.x_max, b.x_max) - max(a.x_min, b.x_min)
    inter_h = min(a.y_max, b.y_max) - max(a.y_min, b.y_min)
    if inter_w <= 0 or inter_h <= 0:
        return 0.0
    inter = inter_w * inter_h
    union = (a.x_max - a.x_min) * (a.y_max - a.y_min) + (b.x_max - b.x_min) * (b.y_max - b.y_min) - inter
    return inter / union
