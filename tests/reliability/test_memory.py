"""Pixel floods: photos under the pixel limit whose few hundred KB decode to hundreds of MB. The web
process decodes one such photo at a time and reduces it at once, so its peak memory stays bounded
whatever arrives together. Measured on the real server (uvicorn), as the kernel counts it (VmHWM)."""

import threading
from pathlib import Path

import pytest
from PIL import Image as PILImage

from conftest import worker_environment

from .harness import Http, WebProcess

pytestmark = pytest.mark.django_db(transaction=True)

SIDE = 7740  # 59.9 MP: just under the default limit of 60 MP; 240 MB decoded as RGBA
PEAK_MB = 1200  # the most one such photo may cost the web process (PNG and WebP decoders copy what they decode)
MORE_AT_ONCE_MB = 64  # three at once cost no more than one: they are decoded one after another


@pytest.fixture(scope="module")
def floods(tmp_path_factory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("floods")
    picture = PILImage.new("RGBA", (SIDE, SIDE), (200, 30, 30, 128))
    files = {"png": folder / "flood.png", "webp": folder / "flood.webp"}
    picture.save(files["png"])
    picture.save(files["webp"], lossless=True, method=0)
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
        assert (image["width"], image["height"]) == (SIDE, SIDE)
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
        f"{kind} {SIDE}x{SIDE}: web process peak {before:.0f} MB -> {alone:.0f} MB (one) -> {together:.0f} MB (three)"
    )
    assert alone - before < PEAK_MB and together - alone < MORE_AT_ONCE_MB, (before, alone, together)
