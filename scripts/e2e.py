"""Browser end-to-end tests against the real thing.

Creates a fresh PostgreSQL database, starts the real web server (uvicorn, serving the built React
app) and a real Celery worker on Redis, prepares real photos, then runs the Playwright suite in
frontend/e2e with Debian's Chromium. Screenshots land in frontend/e2e/artifacts/.
Run through `make test` (scripts/test.sh), which exports DATABASE_URL, REDIS_URL and the rest.
Arguments go on to `playwright test`; E2E_GREP=pattern runs only the tests whose titles match.
"""

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
from PIL import Image

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from long_running_tasks.queue import delete_queue  # noqa: E402

SITE_PACKAGES = Path(Image.__file__).resolve().parents[1]
PHOTOS = {
    "astronaut.png": SITE_PACKAGES / "skimage" / "data" / "astronaut.png",
    "chelsea.png": SITE_PACKAGES / "skimage" / "data" / "chelsea.png",
    "grace_hopper.jpg": SITE_PACKAGES / "matplotlib" / "mpl-data" / "sample_data" / "grace_hopper.jpg",
}
# More single photos, not among the sources of the generated ones below: a cup of coffee, for search (no cat in it).
MORE_PHOTOS = {"coffee.png": SITE_PACKAGES / "skimage" / "data" / "coffee.png"}
MANY_PHOTOS = 48  # one gallery page (50), and about 2.5 s of detection to press Stop in the middle
SMALL_PHOTOS = 120  # more than two gallery pages, to select 100 and more; tiny, so they upload fast


def main() -> int:
    database_url = _fresh_database(os.environ["DATABASE_URL"], "spotter_e2e")
    work = Path(tempfile.mkdtemp(prefix="spotter-e2e-"))
    photos = _prepare_photos(work / "photos")
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=database_url, SPOTTER_VAR_DIR=str(work / "var"),
               MEDIA_ROOT=str(work / "var" / "media"))  # fmt: skip
    subprocess.run([sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    log = (work / "servers.log").open("w")
    servers = [
        subprocess.Popen([str(ROOT / ".venv/bin/uvicorn"), "spotter.asgi:application", "--port", str(port),
                          "--no-access-log", "--no-proxy-headers"], cwd=ROOT, env=env, stdout=log,
                         stderr=subprocess.STDOUT, start_new_session=True),
        subprocess.Popen([sys.executable, "-m", "celery", "-A", "spotter", "worker", "--concurrency", "2",
                          "--without-mingle", "--without-gossip", "--loglevel", "WARNING"], cwd=ROOT, env=env,
                         stdout=log, stderr=subprocess.STDOUT, start_new_session=True),
    ]  # fmt: skip
    try:
        _wait_for_health(f"http://127.0.0.1:{port}/api/health")
        grep = ["--grep", os.environ["E2E_GREP"]] if os.environ.get("E2E_GREP") else []
        result = subprocess.run(
            ["npx", "playwright", "test", *grep, *sys.argv[1:]],
            cwd=ROOT / "frontend",
            env=dict(os.environ, E2E_BASE_URL=f"http://127.0.0.1:{port}", E2E_PHOTOS_DIR=str(photos), CI="1"),
        )
        if result.returncode != 0:
            log.flush()
            print((work / "servers.log").read_text()[-5000:])
        return result.returncode
    finally:
        for server in servers:
            os.killpg(server.pid, signal.SIGTERM)
        for server in servers:
            server.wait(timeout=30)
        log.close()
        shutil.rmtree(work, ignore_errors=True)  # the servers' log was printed above if anything failed
        broker, queue_name = os.environ.get("CELERY_BROKER_URL", ""), os.environ.get("SPOTTER_QUEUE", "")
        if broker.startswith("redis") and queue_name.startswith("spotter-test-"):  # this run's own (test.sh)
            delete_queue(queue_name, broker)
        _drop_database(database_url)


def _fresh_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    return urlunsplit(parts._replace(path=f"/{name}"))


def _drop_database(url: str) -> None:
    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)')


def _prepare_photos(folder: Path) -> Path:
    (folder / "small").mkdir(parents=True)
    for name, source in {**PHOTOS, **MORE_PHOTOS}.items():
        (folder / name).write_bytes(source.read_bytes())
    sources = [Image.open(path).convert("RGB") for path in PHOTOS.values()]
    # Two sets of the same sizes but other content (mirrored), for the stop and the pause tests: photos one
    # test examined would be answered from the result cache in the other, too fast to pause in the middle.
    for set_name, mirrored in (("many", False), ("many-mirrored", True)):
        (folder / set_name).mkdir()
        for n in range(MANY_PHOTOS):
            picture = sources[n % 3].resize((640 + 8 * n, 480 + 6 * n))
            picture = picture.transpose(Image.Transpose.FLIP_LEFT_RIGHT) if mirrored else picture
            picture.save(folder / set_name / f"photo-{n:02d}.jpg", quality=88)
    tiles = [source.resize((96, 72)) for source in sources]
    for n in range(SMALL_PHOTOS):
        tiles[n % 3].rotate(3 * n, fillcolor=(n, 2 * n % 256, 128)).save(folder / "small" / f"small-{n:03d}.jpg")
    return folder


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for_health(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if json.load(response)["workers"]:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"the server did not become healthy at {url}")


if __name__ == "__main__":
    sys.exit(main())
