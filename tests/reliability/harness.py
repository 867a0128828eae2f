"""Real processes for the fault tests: a Redis of the test's own, a TCP proxy that plays a
PostgreSQL outage, a uvicorn web process and Celery workers, and a tiny HTTP client.

Everything listens on 127.0.0.1 only, on ports picked free at run time, so that parallel runs and the
shared services on this machine are never disturbed.
"""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from tests.support import PROJECT_ROOT, free_port, wait_for


def _stop_group(process: subprocess.Popen, sig: int = signal.SIGTERM, timeout: float = 30) -> None:
    if process.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, sig)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class RedisServer:
    """A redis-server of our own, without persistence: a restart loses every message, as a crash would."""

    def __init__(self, folder: Path):
        self.port, self.folder = free_port(), folder
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(self.folder)]  # fmt: skip
        log = (self.folder / "redis.log").open("a")
        self.process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        wait_for(self._answers, 20, what="redis-server answering")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as conn:
                conn.sendall(b"PING\r\n")
                return conn.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process:
            _stop_group(self.process, signal.SIGKILL)
            self.process = None


class TcpProxy:
    """Forwards 127.0.0.1:port to a target. `stop()` refuses new connections and cuts the open ones,
    which is what a stopped PostgreSQL looks like to its clients, without touching the real server."""

    def __init__(self, target_port: int, target_host: str = "127.0.0.1"):
        self.port, self.target = free_port(), (target_host, target_port)
        self._listener: socket.socket | None = None
        self._open: set[socket.socket] = set()
        self._lock = threading.Lock()

    def start(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def stop(self) -> None:
        listener, self._listener = self._listener, None
        if listener:
            with contextlib.suppress(OSError):
                listener.shutdown(socket.SHUT_RDWR)
            listener.close()
        with self._lock:
            for conn in list(self._open):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)
                conn.close()
            self._open.clear()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.update((client, upstream))
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(source, sink), daemon=True).start()

    def _pipe(self, source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for conn in (source, sink):
                with contextlib.suppress(OSError):
                    conn.shutdown(socket.SHUT_RDWR)


class Worker:
    """A `celery worker` process (optionally with the beat that runs the stale-chunk sweep)."""

    def __init__(self, env: dict[str, str], log_dir: Path, name: str, beat: bool = False, concurrency: int = 1):
        command = [sys.executable, "-m", "celery", "-A", "spotter", "worker", "--loglevel", "INFO",
                   "--concurrency", str(concurrency), "--hostname", f"{name}-{uuid.uuid4().hex[:6]}@%h",
                   "--without-mingle", "--without-gossip", "--queues", env["SPOTTER_QUEUE"]]  # fmt: skip
        if beat:
            command += ["--beat", "--schedule", str(log_dir / f"beat-{name}-{uuid.uuid4().hex[:6]}")]
        self.name = name
        self.log_path = log_dir / f"worker-{name}-{uuid.uuid4().hex[:6]}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip

    def wait_ready(self, timeout: float = 240) -> "Worker":
        wait_for(lambda: "ready." in self.log_path.read_text() or self.process.poll() is not None, timeout,
                   what=f"worker {self.name} ready")  # fmt: skip
        assert self.process.poll() is None, self.log_path.read_text()[-3000:]
        return self

    def kill_hard(self) -> None:
        """kill -9 the worker and its pool processes at once: a machine that lost power."""
        _stop_group(self.process, signal.SIGKILL)

    def stop(self) -> None:
        _stop_group(self.process, signal.SIGTERM)
        self._log.close()

    def tail(self) -> str:
        return self.log_path.read_text()[-4000:]


class WebProcess:
    """The ASGI app under uvicorn, as `make run` starts it."""

    def __init__(self, env: dict[str, str], log_dir: Path, workers: int = 1):
        self.port = free_port()
        # As the Procfile starts it: the client's address is the socket's peer, whatever the headers say.
        command = [sys.executable, "-m", "uvicorn", "spotter.asgi:application", "--host", "127.0.0.1",
                   "--port", str(self.port), "--no-access-log", "--no-proxy-headers",
                   "--workers", str(workers)]  # fmt: skip
        self.log_path = log_dir / f"web-{self.port}.log"
        self._log = self.log_path.open("w")
        self.process = subprocess.Popen(command, env=env, cwd=PROJECT_ROOT, stdout=self._log,
                                        stderr=subprocess.STDOUT, start_new_session=True)  # fmt: skip
        self.http = Http(f"http://127.0.0.1:{self.port}")

    def wait_ready(self, timeout: float = 180) -> "WebProcess":
        def serving():
            assert self.process.poll() is None, self.log_path.read_text()[-3000:]
            try:
                return self.http.call("GET", "/api/schema/?format=json")[0] == 200
            except OSError:
                return False

        try:
            wait_for(serving, timeout, 0.3, what="web process serving")
        except BaseException:
            self.stop()  # callers stop it only once it serves
            raise
        return self

    def stop(self) -> None:
        _stop_group(self.process, signal.SIGTERM)
        self._log.close()


class Http:
    def __init__(self, base: str):
        self.base, self.token = base, None

    def call(self, method: str, path: str, body=None, content_type: str = "application/json", timeout: float = 60):
        """(status, headers, parsed JSON or raw bytes); HTTP errors are answers, not exceptions."""
        data = json.dumps(body).encode() if body is not None and not isinstance(body, bytes) else body
        request = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            request.add_header("Content-Type", content_type)
        if self.token:
            request.add_header("Authorization", f"Bearer {self.token}")
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status, headers, raw = response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            status, headers, raw = error.code, error.headers, error.read()
        if "json" in (headers.get("Content-Type") or ""):
            return status, headers, json.loads(raw or b"null")
        return status, headers, raw

    def register(self) -> "Http":
        name = f"user-{uuid.uuid4().hex[:10]}"
        status, _, body = self.call("POST", "/api/auth/register", {"username": name, "password": "a-long-secret-42"})
        assert status == 201, body
        self.token = body["token"]
        return self

    def upload(self, *paths: Path) -> list[dict]:
        boundary = uuid.uuid4().hex
        body = b""
        for path in paths:
            head = f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{path.name}"\r\n'
            body += (head + "Content-Type: application/octet-stream\r\n\r\n").encode() + path.read_bytes() + b"\r\n"
        body += f"--{boundary}--\r\n".encode()
        status, _, answer = self.call("POST", "/api/images/", body, f"multipart/form-data; boundary={boundary}")
        assert status == 201 and not answer["errors"], answer
        return answer["images"]

    def task(self, task_id: str) -> dict:
        status, _, body = self.call("GET", f"/api/tasks/{task_id}/")
        assert status == 200, body
        return body

    def wait_for_task(self, task_id: str, timeout: float = 240) -> dict:
        def finished():
            task = self.task(task_id)
            return task if task["status"] in ("succeeded", "failed", "cancelled") else None

        return wait_for(finished, timeout, 0.25, what=f"task {task_id} finished")
