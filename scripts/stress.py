"""`make stress`: Spotter under load, with real processes. Prints a table of figures.

  1. polling   100 clients poll a running task's progress; p50/p95/p99 latency and errors, and the
               worker's images/s meanwhile against the same task run with nobody polling;
  2. events    the same with the 100 clients following the task on its event stream, as the web app does;
  3. uploads   200 photos uploaded by 20 concurrent clients: all stored, rows = files on disk = 200;
  4. users     20 users each run a task at once: every task completes, each user's results are their own.

It starts its own uvicorn web process, one Celery worker (with the beat) and uses a database
(`<DATABASE_URL's name>_stress_<pid>`) and a Redis queue of its own, created and removed here; photos go to
a temporary MEDIA_ROOT. Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL as for `make test`).
"""

import argparse
import http.client as http_client
import io
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spotter.settings")

import psycopg  # noqa: E402
from PIL import Image as PILImage  # noqa: E402

from long_running_tasks.queue import delete_queue  # noqa: E402
from tests.reliability.harness import Http, WebProcess, Worker  # noqa: E402

SITE = Path(PILImage.__file__).resolve().parents[1]
SOURCES = [SITE / "skimage/data/astronaut.png", SITE / "skimage/data/chelsea.png",
           SITE / "matplotlib/mpl-data/sample_data/grace_hopper.jpg"]  # fmt: skip


def photos(folder: Path, count: int, tag: str) -> list[Path]:
    """Distinct real photos (crops and flips of the samples, unique bytes: the result cache never hits)."""
    folder.mkdir(parents=True, exist_ok=True)
    sources = [PILImage.open(path).convert("RGB") for path in SOURCES]
    made = []
    for n in range(count):
        picture = sources[n % 3]
        if n % 2:
            picture = picture.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)
        buffer = io.BytesIO()
        picture.resize((int(picture.width * 1.5), int(picture.height * 1.5))).save(buffer, "JPEG", quality=90)
        path = folder / f"{tag}-{n:03d}.jpg"
        path.write_bytes(buffer.getvalue() + uuid.uuid4().bytes)  # bytes after the JPEG's end: a new sha256
        made.append(path)
    return made


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q / 100 * (len(ordered) - 1)))] if ordered else float("nan")


def upload_all(http: Http, paths: list[Path]) -> list[str]:
    """Image ids of the uploaded photos, sent 50 to a request (the upload limit)."""
    return [image["id"] for n in range(0, len(paths), 50) for image in http.upload(*paths[n : n + 50])]


def run_task(http: Http, ids: list[str]) -> dict:
    status, _, body = http.call("POST", "/api/tasks/detect/", {"image_ids": ids})
    assert status == 202, body
    return body


def task_rate(task: dict) -> float:
    from datetime import datetime

    started = datetime.fromisoformat(task["started_at"].replace("Z", "+00:00"))
    finished = datetime.fromisoformat(task["finished_at"].replace("Z", "+00:00"))
    return task["processed"] / max((finished - started).total_seconds(), 1e-6)


def scenario_polling(web: WebProcess, folder: Path, args) -> list[tuple[str, str]]:
    http = Http(web.http.base).register()
    quiet_ids = upload_all(http, photos(folder / "quiet", args.photos, "quiet"))
    busy_ids = upload_all(http, photos(folder / "busy", args.photos, "busy"))
    quiet = http.wait_for_task(run_task(http, quiet_ids)["id"], timeout=1200)

    task_id = run_task(http, busy_ids)["id"]
    latencies, errors, done = [], [], threading.Event()
    lock = threading.Lock()

    def poll():
        # One kept-alive connection per client, as a browser's fetch() would use.
        connection = http_client.HTTPConnection(urlparse(http.base).hostname, urlparse(http.base).port, timeout=30)
        headers = {"Authorization": f"Bearer {http.token}"}
        time.sleep(random.uniform(0, args.poll_interval))  # clients arrive spread out, not in one burst
        while not done.is_set():
            began = time.perf_counter()
            try:
                connection.request("GET", f"/api/tasks/{task_id}/", headers=headers)
                response = connection.getresponse()
                status, body = response.status, json.loads(response.read())
            except (OSError, http_client.HTTPException, ValueError) as error:
                status, body = 0, str(error)
                connection.close()
            elapsed = time.perf_counter() - began
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append((status, str(body)[:100]))
            if status == 200 and body["status"] in ("succeeded", "failed", "cancelled"):
                done.set()
            time.sleep(random.uniform(0, 2 * args.poll_interval))

    threads = [threading.Thread(target=poll, daemon=True) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    done.wait(timeout=1200)
    for thread in threads:
        thread.join(timeout=60)
    busy = http.task(task_id)
    slowdown = 100 * (1 - task_rate(busy) / task_rate(quiet))
    ms = [1000 * value for value in latencies]
    return [
        ("polling: clients, requests, errors", f"{args.clients}, {len(latencies)}, {len(errors)}"),
        ("polling: latency p50 / p95 / p99 / max (ms)",
         f"{percentile(ms, 50):.0f} / {percentile(ms, 95):.0f} / {percentile(ms, 99):.0f} / {max(ms):.0f}"),
        ("polling: worker images/s quiet -> polled", f"{task_rate(quiet):.2f} -> {task_rate(busy):.2f}"),
        ("polling: detection slowed by", f"{slowdown:.1f} % (no target: the web app follows the event stream)"),
        ("polling: task statuses", f"{quiet['status']}, {busy['status']}"),
    ] + ([("polling: first errors", repr(errors[:3]))] if errors else [])  # fmt: skip


def scenario_events(web: WebProcess, folder: Path, args) -> list[tuple[str, str]]:
    """The same measurement with the clients following the task as the web app does: on its event stream."""
    http = Http(web.http.base).register()
    quiet_ids = upload_all(http, photos(folder / "quiet-sse", args.photos, "quiet-sse"))
    busy_ids = upload_all(http, photos(folder / "busy-sse", args.photos, "busy-sse"))
    quiet = http.wait_for_task(run_task(http, quiet_ids)["id"], timeout=1200)

    task_id = run_task(http, busy_ids)["id"]
    first_event, finals, errors = [], [], []
    lock = threading.Lock()

    def follow():
        request = urllib.request.Request(f"{http.base}/api/tasks/{task_id}/events")
        request.add_header("Authorization", f"Bearer {http.token}")
        began, last = time.perf_counter(), None
        try:
            with urllib.request.urlopen(request, timeout=120) as stream:
                for line in stream:
                    if line.startswith(b"data: "):
                        if last is None:
                            with lock:
                                first_event.append(time.perf_counter() - began)
                        last = json.loads(line[6:])
        except OSError as error:
            with lock:
                errors.append(str(error)[:100])
        with lock:
            finals.append(last["status"] if last else None)

    threads = [threading.Thread(target=follow, daemon=True) for _ in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=1200)
    busy = http.task(task_id)
    slowdown = 100 * (1 - task_rate(busy) / task_rate(quiet))
    ms = [1000 * value for value in first_event]
    return [
        ("events: streams, errors, last event succeeded", f"{args.clients}, {len(errors)}, "
         f"{finals.count('succeeded')}"),
        ("events: first event p50 / p95 / max (ms)",
         f"{percentile(ms, 50):.0f} / {percentile(ms, 95):.0f} / {max(ms, default=float('nan')):.0f}"),
        ("events: worker images/s quiet -> followed", f"{task_rate(quiet):.2f} -> {task_rate(busy):.2f}"),
        ("events: detection slowed by", f"{slowdown:.1f} % (target <= 10 %)"),
    ] + ([("events: first errors", repr(errors[:3]))] if errors else [])  # fmt: skip


def scenario_uploads(web: WebProcess, folder: Path, media: Path, db_url: str, args) -> list[tuple[str, str]]:
    pictures = photos(folder / "uploads", args.uploads, "up")
    per_client = [pictures[n :: args.uploaders] for n in range(args.uploaders)]
    outcomes, lock = [], threading.Lock()
    users = [Http(web.http.base).register() for _ in range(args.uploaders)]
    rows_before = _count(db_url, "SELECT count(*) FROM image_processing_image")

    def send(client: Http, mine: list[Path]):
        for path in mine:
            began = time.perf_counter()
            try:
                client.upload(path)
                ok = True
            except (AssertionError, OSError):
                ok = False
            with lock:
                outcomes.append((ok, time.perf_counter() - began))

    began = time.perf_counter()
    threads = [threading.Thread(target=send, args=(users[n], per_client[n])) for n in range(args.uploaders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - began
    rows = _count(db_url, "SELECT count(*) FROM image_processing_image") - rows_before
    originals = len([p for p in (media / "originals").rglob("*") if p.is_file()])
    thumbnails = len([p for p in (media / "thumbnails").rglob("*") if p.is_file()])
    total_rows = _count(db_url, "SELECT count(*) FROM image_processing_image")
    ms = [1000 * t for _, t in outcomes]
    return [
        (
            "uploads: clients x photos, stored (201)",
            f"{args.uploaders} x {args.uploads // args.uploaders}, {sum(ok for ok, _ in outcomes)}",
        ),
        ("uploads: new rows; all rows = originals = thumbnails", f"{rows}; {total_rows} = {originals} = {thumbnails}"),
        (
            "uploads: p50 / p95 / p99 per upload (ms), photos/s",
            f"{percentile(ms, 50):.0f} / {percentile(ms, 95):.0f} / {percentile(ms, 99):.0f}, "
            f"{len(outcomes) / elapsed:.1f}",
        ),
    ]


def scenario_users(web: WebProcess, folder: Path, args) -> list[tuple[str, str]]:
    users = [Http(web.http.base).register() for _ in range(args.users)]
    owned = [[i["id"] for i in user.upload(*photos(folder / f"u{n}", args.per_user, f"u{n}"))]
             for n, user in enumerate(users)]  # fmt: skip
    began = time.perf_counter()
    tasks = [None] * args.users
    barrier = threading.Barrier(args.users)

    def submit(n):
        barrier.wait()
        tasks[n] = run_task(users[n], owned[n])["id"]

    threads = [threading.Thread(target=submit, args=(n,)) for n in range(args.users)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    finals = [users[n].wait_for_task(tasks[n], timeout=1800) for n in range(args.users)]
    elapsed = time.perf_counter() - began
    own_only, foreign_404 = True, True
    for n, user in enumerate(users):
        results = user.call("GET", f"/api/tasks/{tasks[n]}/results?page_size=200")[2]["results"]
        own_only &= sorted(r["image_id"] for r in results) == sorted(owned[n])
        own_only &= user.call("GET", "/api/images/")[2]["count"] == len(owned[n])
        other = users[(n + 1) % args.users]
        foreign_404 &= other.call("GET", f"/api/tasks/{tasks[n]}/results")[0] == 404
    statuses = {}
    for final in finals:
        statuses[final["status"]] = statuses.get(final["status"], 0) + 1
    return [
        ("users: tasks x photos, final statuses", f"{args.users} x {args.per_user}, {statuses}"),
        ("users: all images processed", str(all(f["processed"] == f["total"] for f in finals))),
        ("users: each user's results are their own; others get 404", f"{own_only}; {foreign_404}"),
        ("users: wall time for all tasks (s)", f"{elapsed:.1f}"),
    ]


def _count(db_url: str, sql: str) -> int:
    with psycopg.connect(db_url) as conn:
        return conn.execute(sql).fetchone()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=100)
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=1.0,
        help="mean seconds between one client's polls (the web app polls once a second)",
    )
    parser.add_argument("--photos", type=int, default=200, help="photos in each polling or events task")
    parser.add_argument("--uploaders", type=int, default=20)
    parser.add_argument("--uploads", type=int, default=200)
    parser.add_argument("--users", type=int, default=20)
    parser.add_argument("--per-user", type=int, default=4)
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--concurrency", type=int, default=2, help="Celery worker processes")
    parser.add_argument("--only", choices=["polling", "events", "uploads", "users"], action="append")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/spotter")
    redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
    parsed = urlparse(base)
    name = f"{parsed.path.lstrip('/') or 'spotter'}_stress_{os.getpid()}"
    admin = parsed._replace(path="/postgres").geturl()
    db_url = parsed._replace(path=f"/{name}").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    folder = Path(tempfile.mkdtemp(prefix="spotter-stress-"))
    media = folder / "media"
    env = {**os.environ, "DATABASE_URL": db_url, "REDIS_URL": redis_url, "CELERY_BROKER_URL": redis_url,
           "SPOTTER_QUEUE": f"stress-{os.getpid()}", "SPOTTER_VAR_DIR": str(folder / "var"),
           "MEDIA_ROOT": str(media), "SECRET_KEY": uuid.uuid4().hex * 2, "SPOTTER_AUTH_THROTTLE": "100000/minute",
           "SPOTTER_DETECTOR_THREADS": os.environ.get("SPOTTER_DETECTOR_THREADS", "1")}  # fmt: skip
    web = worker = None
    try:
        subprocess.run([sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        web = WebProcess(env, folder, workers=args.web_workers).wait_ready()
        worker = Worker(env, folder, "stress", beat=True, concurrency=args.concurrency).wait_ready()
        load = os.getloadavg()
        rows: list[tuple[str, str]] = [
            ("machine", f"{os.cpu_count()} CPUs, load average {load[0]:.1f} at start"),
            ("layout", f"uvicorn x{args.web_workers}, celery worker x{args.concurrency}"),
        ]
        chosen = args.only or ["polling", "events", "uploads", "users"]
        if "polling" in chosen:
            rows += scenario_polling(web, folder, args)
        if "events" in chosen:
            rows += scenario_events(web, folder, args)
        if "uploads" in chosen:
            rows += scenario_uploads(web, folder, media, db_url, args)
        if "users" in chosen:
            rows += scenario_users(web, folder, args)
        rows.append(("load average at the end", f"{os.getloadavg()[0]:.1f}"))
        width = max(len(label) for label, _ in rows)
        print(f"\n{'what':<{width}}  figure\n{'-' * width}  {'-' * 40}")
        for label, value in rows:
            print(f"{label:<{width}}  {value}")
    finally:
        for process in (worker, web):
            if process:
                process.stop()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        shutil.rmtree(folder, ignore_errors=True)
        delete_queue(env["SPOTTER_QUEUE"], redis_url)


if __name__ == "__main__":
    main()
