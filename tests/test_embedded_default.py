"""`make run`'s own configuration, end to end: no DATABASE_URL, no REDIS_URL, so SQLite and the
filesystem broker under a var/ directory; the web server and the worker started by supervisord from
supervisord.conf, exactly as `make run` does; one real detection task through them over HTTP."""

import contextlib
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import urllib.request
import uuid
from pathlib import Path

import psutil
import pytest

from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, PROJECT_ROOT, free_port


class Http:
    def __init__(self, base: str):
        self.base, self.token = base, None

    def call(self, method: str, path: str, body: bytes | None = None, content_type: str = "application/json"):
        request = urllib.request.Request(self.base + path, data=body, method=method)
        request.add_header("Content-Type", content_type)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")

    def events(self, path: str) -> list[dict]:
        """Read a whole server-sent event stream; return the JSON of its `data:` lines."""
        request = urllib.request.Request(self.base + path, headers={"Accept": "text/event-stream"})
        request.add_header("Authorization", f"Bearer {self.token}")
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.headers["Content-Type"].startswith("text/event-stream")
            lines = response.read().decode().splitlines()
        return [json.loads(line[len("data: ") :]) for line in lines if line.startswith("data: ")]

    def upload(self, path: Path):
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
                f"Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + path.read_bytes()
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.call("POST", "/api/images/", body, f"multipart/form-data; boundary={boundary}")


@pytest.fixture
def embedded_app(tmp_path):
    port = free_port()
    env = {key: value for key, value in os.environ.items()
           if key not in ("DATABASE_URL", "REDIS_URL", "CELERY_BROKER_URL", "MEDIA_ROOT")}  # fmt: skip
    env.update(SPOTTER_VAR_DIR=str(tmp_path / "var"), HOST="127.0.0.1", PORT=str(port), WORKER_CONCURRENCY="2",
               SPOTTER_URL=f"http://127.0.0.1:{port}")  # fmt: skip
    migrate = subprocess.run([".venv/bin/python", "manage.py", "migrate", "--noinput"], cwd=PROJECT_ROOT, env=env,
                             capture_output=True, text=True)  # fmt: skip
    assert migrate.returncode == 0, migrate.stderr
    # Appended to: supervisord and each program it runs open the log (their stdout) apart.
    log = (tmp_path / "make-run.log").open("a")
    command = [".venv/bin/supervisord", "-c", "supervisord.conf", "-j", str(tmp_path / "supervisord.pid")]
    app = subprocess.Popen(command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                           start_new_session=True)  # fmt: skip
    http = Http(f"http://127.0.0.1:{port}")
    try:
        _wait_until_serving(http, app, tmp_path / "make-run.log")
        yield http, tmp_path / "var", app
    finally:
        with contextlib.suppress(ProcessLookupError):  # a test may have stopped it already
            os.killpg(app.pid, signal.SIGINT)  # what Ctrl-C does
            try:
                app.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(app.pid, signal.SIGKILL)
        log.close()


def _wait_until_serving(http: Http, app: subprocess.Popen, log: Path) -> None:
    """Until `make run` says Spotter is ready, which it says only once a worker process can take work."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert app.poll() is None, log.read_text()
        if "Spotter is ready at" in log.read_text():
            status, health = http.call("GET", "/api/health")
            assert status == 200 and health["processes_ready"] >= 1, health
            return
        time.sleep(0.05)
    raise AssertionError(log.read_text())


def _register(http: Http) -> None:
    status, registered = http.call("POST", "/api/auth/register", json.dumps(
        {"username": "local", "password": "a-long-secret-42"}).encode())  # fmt: skip
    assert status == 201
    http.token = registered["token"]


def test_a_full_task_runs_on_sqlite_and_the_filesystem_broker(embedded_app, tmp_path):
    http, var, _ = embedded_app
    _register(http)
    image_ids = []
    for photo in (CHELSEA, ASTRONAUT, GRACE_HOPPER):
        status, uploaded = http.upload(photo)
        assert status == 201
        image_ids.append(uploaded["images"][0]["id"])
    status, task = http.call("POST", "/api/tasks/detect/", json.dumps({"image_ids": image_ids}).encode())
    assert status == 202
    streamed: list[dict] = []
    reader = threading.Thread(target=lambda: streamed.extend(http.events(f"/api/tasks/{task['id']}/events")))
    reader.start()
    deadline = time.monotonic() + 60
    while task["status"] not in ("succeeded", "failed", "cancelled") and time.monotonic() < deadline:
        time.sleep(0.3)
        task = http.call("GET", f"/api/tasks/{task['id']}/")[1]  # answered while the stream is open
    reader.join(timeout=30)
    assert task["status"] == "succeeded"
    assert task["summary"].get("cat") == 1 and task["summary"].get("person") == 2
    assert streamed and streamed[-1]["status"] == "succeeded" and streamed[-1]["processed"] == 3
    progress = [event["processed"] for event in streamed]
    assert progress == sorted(progress)
    assert (var / "spotter.sqlite3").exists()
    assert list((var / "media" / "originals").rglob("*.png"))
    # Search on SQLite: the same statement as on PostgreSQL, a page at a time with the count of all matches.
    status, cats = http.call("GET", "/api/images/?q=cat")
    assert status == 200 and [photo["filename"] for photo in cats["results"]] == ["chelsea.png"]
    status, people = http.call("GET", "/api/images/?q=person%20-cat&page_size=1")
    assert status == 200 and people["count"] == 2 and people["next"] and len(people["results"]) == 1
    # Again, answered by the result cache: both worker processes race through its chunks in milliseconds.
    status, again = http.call("POST", "/api/tasks/detect/", json.dumps({"image_ids": image_ids}).encode())
    assert status == 202
    deadline = time.monotonic() + 30
    while again["status"] not in ("succeeded", "failed", "cancelled") and time.monotonic() < deadline:
        time.sleep(0.3)
        again = http.call("GET", f"/api/tasks/{again['id']}/")[1]
    assert (again["status"], again["processed"]) == ("succeeded", 3)
    # Done at the first try: a message retried on a database error would hide a bug behind a delay.
    log = (tmp_path / "make-run.log").read_text()
    assert "retry:" not in log
    # It says once that it is starting and once that it is ready, not a line for each health check meanwhile.
    assert log.count("Spotter is starting") == 1 and "Service Unavailable: /api/health" not in log


def test_a_task_right_after_ready_starts_at_once_and_ctrl_c_leaves_nothing_behind(embedded_app, many_photos):
    http, _, app = embedded_app
    _register(http)
    ids = [http.upload(photo)[1]["images"][0]["id"] for photo in many_photos[:12]]
    submitted_at = time.monotonic()
    status, task = http.call("POST", "/api/tasks/detect/", json.dumps({"image_ids": ids}).encode())
    assert status == 202
    while (task := http.call("GET", f"/api/tasks/{task['id']}/")[1])["processed"] == 0:
        assert time.monotonic() - submitted_at < 5, "no progress 5 s after submitting, right after ready"
        time.sleep(0.02)
    first_progress = time.monotonic() - submitted_at
    print(f"filesystem broker: first progress {first_progress * 1000:.0f} ms after submitting, right after ready")

    os.killpg(app.pid, signal.SIGINT)  # Ctrl-C, mid-task
    stopped_at = time.monotonic()
    app.wait(timeout=15)
    waited = time.monotonic() - stopped_at
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _session_alive(app.pid):
        time.sleep(0.1)
    assert not _session_alive(app.pid), "a process of `make run` outlived Ctrl-C"
    assert waited < 10, f"Ctrl-C took {waited:.1f} s"
    print(f"Ctrl-C mid-task: everything gone {waited:.1f} s later")


def _session_alive(session_id: int) -> bool:
    """Whether any process of this session (supervisord and everything it started) is still running."""
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session_id and fields[0] != "Z":  # its session id, not a zombie
                return True
    return False


def test_a_worker_stopped_and_a_web_server_killed_mid_task_come_back_and_finish_it(embedded_app, many_photos):
    """A part that ends must not take the app down: SIGTERM to the worker (as systemd or Docker send it)
    hands its chunks back and it exits within 3 s; kill -9 of the web server; supervisord starts both again,
    and the task finishes, each photo once."""
    http, var, app = embedded_app
    _register(http)
    ids = [http.upload(photo)[1]["images"][0]["id"] for photo in many_photos]
    status, task = http.call("POST", "/api/tasks/detect/", json.dumps({"image_ids": ids}).encode())
    assert status == 202
    while http.call("GET", f"/api/tasks/{task['id']}/")[1]["processed"] < 2:
        time.sleep(0.02)
    (worker,) = [p for p in psutil.Process(app.pid).children(recursive=True) if _is_worker_main(p)]
    worker.terminate()  # SIGTERM to the worker's main process only
    signalled_at = time.monotonic()
    worker.wait(timeout=15)
    exited_after = time.monotonic() - signalled_at
    assert exited_after < 5, f"the worker took {exited_after:.1f} s to exit"  # 3 s, and room for a loaded machine
    (web,) = [p for p in psutil.Process(app.pid).children() if "uvicorn" in " ".join(p.cmdline())]
    web.kill()
    deadline = time.monotonic() + 180
    while True:  # the web server comes back, and the worker started again finishes the task
        with contextlib.suppress(OSError):
            task = http.call("GET", f"/api/tasks/{task['id']}/")[1]
            if task["status"] in ("succeeded", "failed", "cancelled"):
                break
        assert time.monotonic() < deadline, task
        time.sleep(0.2)
    assert app.poll() is None
    assert (task["status"], task["processed"], task["failed"]) == ("succeeded", len(ids), 0), task
    database = sqlite3.connect(var / "spotter.sqlite3")
    items = database.execute("SELECT status, COUNT(*) FROM long_running_tasks_taskitem GROUP BY status").fetchall()
    assert items == [("succeeded", len(ids))]
    print(f"filesystem broker: SIGTERM to the worker mid-task, exited {exited_after:.1f} s later; both came back")


def _is_worker_main(process: psutil.Process) -> bool:
    """The worker's main process: a celery worker whose parent is not one."""

    def is_worker(p: psutil.Process) -> bool:
        command = " ".join(p.cmdline())
        return p.name() not in ("sh", "bash", "dash") and "celery" in command and " worker" in command

    return is_worker(process) and not is_worker(process.parent())
