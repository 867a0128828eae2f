"""Pixel floods: photos under the pixel limit whose few hundred KB decode to hundreds of MB. The web
process decodes one such photo at a time and reduces it at once, so its peak memory stays bounded
whatever arrives together. An export streams its zip, whatever its size, and a client that leaves in the
middle leaves nothing held. Measured on the real server (uvicorn), as the kernel counts it."""

import contextlib
import io
import socket
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
from PIL import Image as PILImage

from tests.support import worker_environment

from .harness import Http, WebProcess

pytestmark = pytest.mark.django_db(transaction=True)

SIDE = 7740  # 59.9 MP: just under the default limit of 60 MP; 240 MB decoded as RGBA
WEBP_SIDE = 5470  # 29.9 MP: just under the default limit for WebP (SPOTTER_MAX_PIXELS_WEBP)
PEAK_MB = 1200  # the most one such photo may cost the web process (PNG and WebP decoders copy what they decode)
MORE_AT_ONCE_MB = 64  # three at once cost no more than one: they are decoded one after another


@pytest.fixture(scope="module")
def floods(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("floods")
    picture = PILImage.new("RGBA", (SIDE, SIDE), (200, 30, 30, 128))
    files = {"png": folder / "flood.png", "webp": folder / "flood.webp"}
    picture.save(files["png"])
    picture.crop((0, 0, WEBP_SIDE, WEBP_SIDE)).save(files["webp"], lossless=True, method=0)
    return files


def _peak_mb(pid: int) -> float:
    """The process's peak resident memory so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmHWM")


@pytest.mark.parametrize("kind", ["png", "webp"])
def test_pixel_floods_are_stored_with_bounded_memory_alone_and_three_at_once(kind, floods, tmp_path, django_db_blocker):
    with django_db_blocker.unblock():
        env = worker_environment(SPOTTER_VAR_DIR=str(tmp_path), MEDIA_ROOT=str(tmp_path / "media"))
    web = WebProcess(env, tmp_path).wait_ready()
    try:
        clients = [Http(web.http.base).register() for _ in range(3)]
        before = _peak_mb(web.process.pid)
        (image,) = clients[0].upload(floods[kind])
        side = WEBP_SIDE if kind == "webp" else SIDE
        assert (image["width"], image["height"]) == (side, side)
        alone = _peak_mb(web.process.pid)
        uploads = [threading.Thread(target=client.upload, args=(floods[kind],)) for client in clients]
        for upload in uploads:
            upload.start()
        for upload in uploads:
            upload.join()
        together = _peak_mb(web.process.pid)
        thumbnail = clients[0].call("GET", image["thumbnail_url"])
        assert thumbnail[0] == 200
    finally:
        web.stop()
    print(
        f"{kind} {side}x{side}: web process peak {before:.0f} MB -> {alone:.0f} MB (one) -> {together:.0f} MB (three)"
    )
    assert alone - before < PEAK_MB and together - alone < MORE_AT_ONCE_MB, (before, alone, together)


EXPORT_PHOTOS = 24  # noise JPEGs of about 4 MB each: a zip of about 100 MB with the photos
EXPORT_PEAK_MB = 40  # what streaming that zip may cost the web process


def _resident_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _leave_after(port: int, token: str, path: str, read: int = 1) -> None:
    """A client that asks for a download and goes away (a cancelled download, `curl … | head -c N`) once it has
    read `read` bytes, or half a second after it last received any."""
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n\r\n".encode())
        client.settimeout(0.5)
        received = 0
        with contextlib.suppress(TimeoutError):
            while received < read and (piece := client.recv(min(1 << 16, read - received))):
                received += len(piece)


def test_an_export_with_its_photos_streams_and_clients_that_leave_give_their_connections_back(
    tmp_path, django_db_blocker
):
    with django_db_blocker.unblock():
        env = worker_environment(SPOTTER_VAR_DIR=str(tmp_path), MEDIA_ROOT=str(tmp_path / "media"))
    env["SPOTTER_DB_POOL_SIZE"] = "2"  # so that a connection kept by a client that left shows at once
    web = WebProcess(env, tmp_path).wait_ready()
    try:
        client = Http(web.http.base).register()
        noise = np.random.default_rng(7)
        for n in range(EXPORT_PHOTOS):
            photo = tmp_path / f"noise-{n}.jpg"
            PILImage.fromarray(noise.integers(0, 255, (1500, 2000, 3), dtype=np.uint8)).save(photo, quality=95)
            client.upload(photo)
        path = "/api/exports/?format=coco&with_photos=true"
        before, peak, streaming = _resident_mb(web.process.pid), [0.0], threading.Event()

        def watch() -> None:
            while not streaming.is_set():
                peak[0] = max(peak[0], _resident_mb(web.process.pid))
                time.sleep(0.01)

        watcher = threading.Thread(target=watch)
        watcher.start()
        status, _, body = client.call("GET", path)
        streaming.set()
        watcher.join()
        assert status == 200 and len(zipfile.ZipFile(io.BytesIO(body)).namelist()) == EXPORT_PHOTOS + 1
        assert len(body) > 60 * 2**20
        for _ in range(4):  # twice as many as the pool's connections
            _leave_after(web.port, client.token, path)
        # Cancelled part way, the zip's own thread and the server closing the response once crashed the process.
        for read_mb in np.linspace(0.2, 2.0, 12):
            _leave_after(web.port, client.token, path, int(read_mb * 2**20))
            assert web.process.poll() is None, f"the web process ended ({web.process.returncode})"
        listed, _, _ = client.call("GET", "/api/images/", timeout=20)
        health = client.call("GET", "/api/health")[2]
        assert web.process.poll() is None, f"the web process ended ({web.process.returncode})"
    finally:
        web.stop()
    print(f"export of {len(body) / 2**20:.0f} MB: web process {before:.0f} MB -> peak {peak[0]:.0f} MB")
    assert peak[0] - before < EXPORT_PEAK_MB, (before, peak[0])
    assert listed == 200 and health["database"] == "ok", (listed, health)
