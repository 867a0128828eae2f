"""Every bad input gets the error shape and leaves nothing behind (no row, no file); every odd but
valid photo is stored and can be read by the worker."""

import io
import json
import struct
import uuid
import zlib

import numpy as np
import pytest
from PIL import Image as PILImage

from image_processing import storage
from image_processing.imaging import load_oriented
from image_processing.models import Image
from long_running_tasks.models import Task
from tests.support import CHELSEA, GRACE_HOPPER, files_under, jpeg_bytes, upload

from .checks import assert_rows_match_files

pytestmark = pytest.mark.django_db


def _png(picture: PILImage.Image, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", **options)
    return buffer.getvalue()


def _saved(picture: PILImage.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, kind)
    return buffer.getvalue()


def _with_ihdr_size(png: bytes, width: int, height: int) -> bytes:
    """A PNG whose header claims another size (the CRC fixed so that decoders believe it)."""
    ihdr = png[12:29]
    new = ihdr[:4] + struct.pack(">II", width, height) + ihdr[12:]
    return png[:12] + new + struct.pack(">I", zlib.crc32(new)) + png[33:]


def _animated(kind: str) -> bytes:
    frames = [PILImage.new("RGB", (40, 30), colour) for colour in ("red", "green", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, kind, save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _jpeg_with_orientation(value: int) -> bytes:
    picture = PILImage.new("RGB", (60, 40), "orange")
    exif = PILImage.Exif()
    exif[0x0112] = value
    return jpeg_bytes(picture, exif=exif.tobytes())


GRACE = GRACE_HOPPER.read_bytes()

REJECTED = {
    "text named .jpg": ("photo.jpg", b"just some text, not a photo at all", "unsupported_type"),
    "html named .png": ("x.png", b"<html><script>alert(1)</script></html>", "unsupported_type"),
    "empty": ("empty.jpg", b"", "empty"),
    "truncated jpeg": ("cut.jpg", GRACE[: len(GRACE) // 3], "corrupt"),
    "jpeg header then noise": ("noise.jpg", b"\xff\xd8\xff\xe0" + bytes(range(256)) * 8, "corrupt"),
    "png signature then noise": ("noise.png", b"\x89PNG\r\n\x1a\n" + b"\x00garbage" * 64, "corrupt"),
    "webp header then noise": ("noise.webp", b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x01" * 64, "corrupt"),
    "png decompression bomb": (
        "bomb.png",
        _with_ihdr_size(_png(PILImage.new("L", (8, 8))), 100_000, 100_000),
        "too_many_pixels",
    ),
    "animated gif": ("anim.gif", _animated("GIF"), "unsupported_type"),
    "gif named .jpg": ("anim.jpg", _animated("GIF"), "unsupported_type"),
    "bmp": ("pic.jpg", b"BM" + b"\x00" * 64, "unsupported_type"),
}


@pytest.mark.parametrize("case", REJECTED.values(), ids=REJECTED.keys())
def test_a_bad_upload_gets_the_error_shape_and_leaves_nothing(api, media_root, case):
    name, content, code = case
    response = upload(api, (name, content))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["error"]["code"] == code and body["error"]["message"], body
    assert body["errors"][0]["error"]["code"] == code and body["images"] == []
    assert Image.objects.count() == 0 and files_under(media_root) == []


def test_a_file_over_the_size_limit_is_too_large_and_leaves_nothing(api, media_root, settings):
    settings.SPOTTER_MAX_UPLOAD_BYTES = 10_000
    response = upload(api, ("big.jpg", GRACE))
    assert response.status_code == 400 and response.json()["error"]["code"] == "too_large"
    assert Image.objects.count() == 0 and files_under(media_root) == []


ODD_BUT_VALID = {
    "1x1 png": (_png(PILImage.new("RGB", (1, 1), "red")), (1, 1)),
    "1x1 jpeg": (jpeg_bytes(PILImage.new("RGB", (1, 1))), (1, 1)),
    "16-bit greyscale png": (
        _png(PILImage.fromarray(np.linspace(0, 65535, 64 * 48, dtype=np.uint16).reshape(48, 64))),
        (64, 48),
    ),
    "cmyk jpeg": (_saved(PILImage.new("CMYK", (50, 40), (0, 255, 255, 0)), "JPEG"), (50, 40)),
    "greyscale jpeg": (_saved(PILImage.new("L", (30, 20), 128), "JPEG"), (30, 20)),
    "rgba png": (_png(PILImage.new("RGBA", (30, 20), (255, 0, 0, 64))), (30, 20)),
    "greyscale+alpha png": (_png(PILImage.new("LA", (30, 20), (100, 50))), (30, 20)),
    "palette png with transparency": (_png(PILImage.new("P", (30, 20), 3), transparency=3), (30, 20)),
    "animated webp": (_animated("WEBP"), (40, 30)),
    "exif orientation 0": (_jpeg_with_orientation(0), (60, 40)),
    "exif orientation 9": (_jpeg_with_orientation(9), (60, 40)),
    "exif orientation 65535": (_jpeg_with_orientation(65535), (60, 40)),
    "exif orientation 8 (rotated)": (_jpeg_with_orientation(8), (40, 60)),
}


@pytest.mark.parametrize("case", ODD_BUT_VALID.values(), ids=ODD_BUT_VALID.keys())
def test_an_odd_but_valid_photo_is_stored_and_readable_by_the_worker(api, media_root, case):
    content, (width, height) = case
    response = upload(api, ("odd.img", content))
    assert response.status_code == 201, response.content
    (image,) = response.json()["images"]
    assert (image["width"], image["height"]) == (width, height)
    thumbnail = PILImage.open(io.BytesIO(b"".join(api.get(image["thumbnail_url"]).streaming_content)))
    assert thumbnail.format == "JPEG"
    stored = Image.objects.get(id=image["id"])
    with storage.open_file(stored.file_name) as stream:
        picture = load_oriented(stream, 300)  # exactly what the worker does before detection
    assert picture.mode == "RGB" and picture.size[0] >= 1
    assert api.get(f"/api/images/{image['id']}/annotated").status_code == 200


NAMES = {
    "path traversal": ("../../../etc/passwd.jpg", "passwd.jpg"),
    "windows traversal": ("..\\..\\boot.ini.png", "boot.ini.png"),
    "nul byte": ("cat\x00.png.jpg", None),
    "300 characters": ("a" * 296 + ".png", None),
    "emoji": ("🐱 on the 🛋️.png", "🐱 on the 🛋️.png"),
    "only dots": ("..", "unnamed"),
}


@pytest.mark.parametrize("case", NAMES.values(), ids=NAMES.keys())
def test_odd_filenames_are_kept_for_display_only_and_never_build_a_path(api, media_root, case):
    name, shown = case
    response = upload(api, (name, CHELSEA.read_bytes()))
    assert response.status_code in (201, 400), response.content
    if response.status_code == 400:  # refused outright is fine too, in the error shape, leaving nothing
        assert response.json()["error"]["code"]
        assert Image.objects.count() == 0 and files_under(media_root) == []
        return
    (image,) = response.json()["images"]
    assert "\x00" not in image["filename"] and "/" not in image["filename"] and len(image["filename"]) <= 255
    if shown is not None:
        assert image["filename"] == shown
    else:
        assert image["filename"].startswith("a" * 200) or image["filename"].startswith("cat")
    stored = Image.objects.get(id=image["id"])
    assert stored.file_name == storage.original_name(uuid.UUID(image["id"]), "png")
    for path in files_under(media_root):
        assert path.resolve().is_relative_to(media_root.resolve())
        assert uuid.UUID(image["id"]).hex in path.name
    download = api.get(image["file_url"])
    assert download.status_code == 200 and "\x00" not in download["Content-Disposition"]


def test_fifty_files_in_one_request_are_all_stored(api, media_root):
    photos = [(f"p{n}.png", _png(PILImage.new("RGB", (8 + n, 8), (n, 0, 0)))) for n in range(50)]
    response = upload(api, *photos)
    assert response.status_code == 201 and len(response.json()["images"]) == 50
    assert assert_rows_match_files(media_root) == 50


def test_more_files_than_allowed_in_one_request_is_400_and_stores_nothing(api, media_root, settings):
    photos = [
        (f"p{n}.png", _png(PILImage.new("RGB", (8, 8)))) for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FILES + 1)
    ]
    response = upload(api, *photos)
    assert response.status_code == 413, response.content
    assert response.json()["error"]["code"] == "too_large"
    assert f"at most {settings.DATA_UPLOAD_MAX_NUMBER_FILES} files" in response.json()["error"]["message"]
    assert Image.objects.count() == 0 and files_under(media_root) == []


# --- tasks ---


@pytest.fixture
def mine(api, media_root) -> str:
    return upload(api, ("cat.png", CHELSEA.read_bytes())).json()["images"][0]["id"]


def _submit_raw(api, body: bytes, path="/api/tasks/detect/", content_type="application/json"):
    return api.generic("POST", path, body, content_type=content_type)


BAD_TASK_BODIES = {
    "not json": (b"image_ids=1,2", 400),
    "truncated json": (b'{"image_ids": ["', 400),
    "json array": (b"[]", 400),
    "json string": (b'"hello"', 400),
    "null": (b"null", 400),
    "image_ids a string": (json.dumps({"image_ids": "abc"}).encode(), 400),
    "image_ids a number": (json.dumps({"image_ids": 5}).encode(), 400),
    "image_ids an object": (json.dumps({"image_ids": {"a": 1}}).encode(), 400),
    "image_ids numbers": (json.dumps({"image_ids": [1, 2]}).encode(), 400),
    "image_ids null": (json.dumps({"image_ids": None}).encode(), 400),
    "image_ids nested lists": (json.dumps({"image_ids": [[str(uuid.uuid4())]]}).encode(), 400),
    "image_ids empty": (json.dumps({"image_ids": []}).encode(), 400),
    "image_ids missing": (json.dumps({"options": {}}).encode(), 400),
    "not uuids": (json.dumps({"image_ids": ["not-a-uuid", "../../etc"]}).encode(), 400),
    "10,001 ids": (json.dumps({"image_ids": [str(uuid.uuid4()) for _ in range(10_001)]}).encode(), 400),
    "options a string": (json.dumps({"image_ids": ["MINE"], "options": "fast"}).encode(), 400),
    "min_confidence below 0": (json.dumps({"image_ids": ["MINE"], "options": {"min_confidence": -0.1}}).encode(), 400),
    "min_confidence above 1": (json.dumps({"image_ids": ["MINE"], "options": {"min_confidence": 1.5}}).encode(), 400),
    "min_confidence a word": (json.dumps({"image_ids": ["MINE"], "options": {"min_confidence": "high"}}).encode(), 400),
    "min_confidence NaN": (b'{"image_ids": ["MINE"], "options": {"min_confidence": NaN}}', 400),
    "min_confidence Infinity": (b'{"image_ids": ["MINE"], "options": {"min_confidence": Infinity}}', 400),
    "classes a string": (json.dumps({"image_ids": ["MINE"], "options": {"classes": "dog"}}).encode(), 400),
    "classes unknown": (json.dumps({"image_ids": ["MINE"], "options": {"classes": ["unicorn"]}}).encode(), 400),
    "classes numbers": (json.dumps({"image_ids": ["MINE"], "options": {"classes": [1, 2]}}).encode(), 400),
    "unknown option": (json.dumps({"image_ids": ["MINE"], "options": {"speed": "max"}}).encode(), 400),
    "duplicates": (json.dumps({"image_ids": ["MINE", "MINE"]}).encode(), 400),
    "unknown ids": (json.dumps({"image_ids": [str(uuid.uuid4())]}).encode(), 404),
}


@pytest.mark.parametrize("case", BAD_TASK_BODIES.values(), ids=BAD_TASK_BODIES.keys())
def test_a_bad_task_request_gets_the_error_shape_and_creates_nothing(api, mine, case):
    body, status = case
    response = _submit_raw(api, body.replace(b"MINE", mine.encode()))
    assert response.status_code == status, response.content
    error = response.json()["error"]
    assert error["code"] and error["message"] and isinstance(error["details"], dict)
    assert Task.objects.count() == 0


def test_another_users_ids_are_404_with_the_missing_ids_and_create_nothing(api, other_api, mine):
    response = other_api.post("/api/tasks/detect/", {"image_ids": [mine]}, format="json")
    assert response.status_code == 404 and response.json()["error"]["details"]["missing"] == [mine]
    assert Task.objects.count() == 0


@pytest.mark.parametrize("task_type", ["nope", "DETECT", "detect-everything", "..", "x" * 300])
def test_unknown_task_types_are_404(api, mine, task_type):
    response = api.post(f"/api/tasks/{task_type}/", {"image_ids": [mine]}, format="json")
    assert response.status_code == 404, response.content
    assert response.json()["error"]["code"] in ("unknown_task_type", "not_found")
    assert Task.objects.count() == 0


def test_a_json_body_over_the_request_limit_is_refused_cleanly(api, mine, settings):
    body = json.dumps({"image_ids": [mine], "padding": "x" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)})
    response = _submit_raw(api, body.encode())
    assert response.status_code == 413, response.content
    assert response.json()["error"]["code"]
    assert Task.objects.count() == 0


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "multipart/form-data; boundary=x"])
def test_a_task_body_of_another_content_type_is_415_or_400(api, mine, content_type):
    response = _submit_raw(api, b"image_ids=" + mine.encode(), content_type=content_type)
    assert response.status_code in (400, 415), response.content
    assert response.json()["error"]["code"]
    assert Task.objects.count() == 0
