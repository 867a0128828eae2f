"""Uploads are checked one file at a time by their content; a rejected file leaves nothing behind."""

import io
import threading

import pytest
from django.db import connection
from PIL import Image as PILImage
from rest_framework.test import APIClient

from image_processing.models import Image
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, files_under, jpeg_bytes, register, upload

pytestmark = pytest.mark.django_db


def _rejected(api, media_root, name: str, content: bytes, code: str) -> None:
    response = upload(api, (name, content))
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["images"] == []
    assert body["errors"][0]["filename"] == name
    assert body["errors"][0]["error"]["code"] == code
    assert body["error"]["code"] == code and body["error"]["message"]
    assert Image.objects.count() == 0
    assert files_under(media_root) == []


def test_real_photos_are_stored_with_their_facts_and_a_thumbnail(api, media_root):
    response = upload(api, ("grace_hopper.jpg", GRACE_HOPPER.read_bytes()), ("chelsea.png", CHELSEA.read_bytes()))
    assert response.status_code == 201
    grace, cat = response.json()["images"]
    assert (grace["content_type"], grace["width"], grace["height"]) == ("image/jpeg", 512, 600)
    assert (cat["content_type"], cat["width"], cat["height"]) == ("image/png", 451, 300)
    assert cat["size_bytes"] == CHELSEA.stat().st_size
    import hashlib

    assert cat["sha256"] == hashlib.sha256(CHELSEA.read_bytes()).hexdigest()
    assert cat["labels"] == {}
    thumbnail = api.get(cat["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    assert max(PILImage.open(io.BytesIO(b"".join(thumbnail.streaming_content))).size) <= 512
    original = api.get(cat["file_url"])
    assert b"".join(original.streaming_content) == CHELSEA.read_bytes()
    assert original["X-Content-Type-Options"] == "nosniff"
    assert len(files_under(media_root)) == 4  # two originals, two thumbnails


def test_stored_names_never_come_from_the_users_filename(api, media_root):
    response = upload(api, ("../../etc/evil name.png", CHELSEA.read_bytes()))
    assert response.status_code == 201
    assert response.json()["images"][0]["filename"] == "evil name.png"
    stored = [path.name for path in files_under(media_root)]
    assert stored and all("evil" not in name for name in stored)


def test_one_bad_file_does_not_stop_the_good_ones(api, media_root):
    response = upload(api, ("notes.jpg", b"just some text, not a photo"), ("astronaut.png", ASTRONAUT.read_bytes()))
    assert response.status_code == 201
    body = response.json()
    assert [image["filename"] for image in body["images"]] == ["astronaut.png"]
    assert body["errors"] == [
        {
            "filename": "notes.jpg",
            "error": {"code": "unsupported_type", "message": body["errors"][0]["error"]["message"]},
        }
    ]
    assert Image.objects.count() == 1


def test_a_text_file_named_jpg_is_rejected(api, media_root):
    _rejected(api, media_root, "photo.jpg", b"hello, I am text pretending to be a JPEG\n" * 10, "unsupported_type")


def test_an_empty_file_is_rejected(api, media_root):
    _rejected(api, media_root, "empty.jpg", b"", "empty")


def test_a_truncated_jpeg_is_rejected(api, media_root):
    whole = GRACE_HOPPER.read_bytes()
    _rejected(api, media_root, "cut.jpg", whole[: len(whole) // 2], "corrupt")


def test_a_gif_is_not_a_supported_type(api, media_root):
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10)).save(buffer, "GIF")
    _rejected(api, media_root, "anim.gif", buffer.getvalue(), "unsupported_type")


def test_an_image_over_the_pixel_limit_is_rejected_before_decoding(api, media_root):
    buffer = io.BytesIO()
    PILImage.new("1", (8000, 8000)).save(buffer, "PNG")  # 64 MP, a few kilobytes: a decompression bomb
    assert len(buffer.getvalue()) < 100_000
    _rejected(api, media_root, "bomb.png", buffer.getvalue(), "too_many_pixels")


def test_a_webp_over_its_own_lower_pixel_limit_is_rejected_where_a_png_of_that_size_is_not(api, media_root, settings):
    settings.SPOTTER_MAX_PIXELS_WEBP = 100_000
    picture = PILImage.new("RGB", (400, 300), "teal")  # 120,000 pixels
    webp, png = io.BytesIO(), io.BytesIO()
    picture.save(webp, "WEBP")
    picture.save(png, "PNG")
    _rejected(api, media_root, "wide.webp", webp.getvalue(), "too_many_pixels")
    refused = upload(api, ("wide.webp", webp.getvalue())).json()["error"]["message"]
    assert refused == "The image has 120,000 pixels; the limit for WebP is 100,000."
    assert upload(api, ("wide.png", png.getvalue())).status_code == 201


def test_a_file_over_the_size_limit_is_rejected(api, media_root, settings):
    settings.SPOTTER_MAX_UPLOAD_BYTES = 5 * 2**20
    big = CHELSEA.read_bytes() + bytes(6 * 2**20)
    _rejected(api, media_root, "big.png", big, "too_large")
    refused = upload(api, ("big.png", big)).json()["error"]["message"]
    assert refused == "The file is 6.2 MB; photos of up to 5.0 MB are accepted."


def test_an_exif_rotated_jpeg_reports_its_displayed_size(api, media_root):
    exif = PILImage.Exif()
    exif[0x0112] = 6  # stored landscape, displayed rotated 90° clockwise
    content = jpeg_bytes(PILImage.new("RGB", (400, 200), "red"), exif=exif.tobytes())
    response = upload(api, ("rotated.jpg", content))
    assert response.status_code == 201
    image = response.json()["images"][0]
    assert (image["width"], image["height"]) == (200, 400)
    thumbnail = PILImage.open(io.BytesIO(b"".join(api.get(image["thumbnail_url"]).streaming_content)))
    assert thumbnail.width < thumbnail.height


def test_exif_text_with_characters_the_database_refuses_is_cleaned_and_the_whole_batch_is_stored(api, media_root):
    def with_camera(picture: PILImage.Image, make: str, model: str) -> bytes:
        exif = PILImage.Exif()
        exif[0x010F], exif[0x0110] = make, model
        return jpeg_bytes(picture, exif=exif.tobytes())

    batch = [
        ("first.jpg", with_camera(PILImage.open(CHELSEA), "Apple", "iPhone 15")),
        ("nul.jpg", with_camera(PILImage.open(ASTRONAUT), "Can\x00on", "EOS R5\x1b\x7f")),  # NUL, ESC, DEL
        ("last.jpg", with_camera(PILImage.open(GRACE_HOPPER), "Apple", "iPhone 15")),
    ]
    response = upload(api, *batch)
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["errors"] == []
    cameras = {image["filename"]: image["camera"] for image in body["images"]}
    assert cameras == {"first.jpg": "Apple iPhone 15", "nul.jpg": "Canon EOS R5", "last.jpg": "Apple iPhone 15"}
    assert Image.objects.get(filename="nul.jpg").camera == "Canon EOS R5"


def test_a_camera_whose_model_repeats_its_maker_is_named_once(api, media_root):
    def with_camera(make: str, model: str) -> bytes:
        exif = PILImage.Exif()
        exif[0x010F], exif[0x0110] = make, model
        return jpeg_bytes(PILImage.open(CHELSEA), exif=exif.tobytes())

    batch = [
        ("canon.jpg", with_camera("Canon", "Canon EOS REBEL T1i")),
        ("nikon.jpg", with_camera("NIKON CORPORATION", "NIKON D750")),
        ("apple.jpg", with_camera("Apple", "iPhone 15")),
    ]
    cameras = {image["filename"]: image["camera"] for image in upload(api, *batch).json()["images"]}
    assert cameras == {"canon.jpg": "Canon EOS REBEL T1i", "nikon.jpg": "NIKON D750", "apple.jpg": "Apple iPhone 15"}


def test_an_upload_without_files_is_a_clear_error(api, media_root):
    response = api.post("/api/images/", {}, format="multipart")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "no_files"


def test_uploading_json_is_an_unsupported_media_type(api, media_root):
    response = api.post("/api/images/", {"files": "x"}, format="json")
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"


def test_an_image_deleted_and_then_deleted_from_the_trash_leaves_no_file(
    api, media_root, django_capture_on_commit_callbacks
):
    image = upload(api, ("cat.png", CHELSEA.read_bytes())).json()["images"][0]
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/images/{image['id']}/").status_code == 204
        assert api.get(f"/api/images/{image['id']}/").status_code == 404
        assert len(files_under(media_root)) == 2  # in the trash, restorable
        assert api.delete(f"/api/trash/{image['id']}/").status_code == 204
    assert files_under(media_root) == []


def test_a_multi_picture_jpeg_from_a_camera_is_stored_detected_and_served_unchanged(api, media_root):
    """MPO: a JPEG followed by more pictures (a preview, a second view), as Samsung, Fujifilm, Nikon and
    Sony cameras write them. The primary picture is the photo."""
    buffer = io.BytesIO()
    primary = PILImage.open(CHELSEA).convert("RGB")
    primary.save(buffer, "MPO", save_all=True, append_images=[primary.resize((160, 120))])
    content = buffer.getvalue()
    assert PILImage.open(io.BytesIO(content)).format == "MPO"
    response = upload(api, ("DSCF0001.JPG", content))
    assert response.status_code == 201, response.content
    (image,) = response.json()["images"]
    assert (image["content_type"], image["width"], image["height"]) == ("image/jpeg", *primary.size)
    served = api.get(image["file_url"])
    assert b"".join(served.streaming_content) == content


@pytest.mark.django_db(transaction=True)
def test_the_same_new_photo_uploaded_five_times_at_once_is_stored_once(media_root):
    owner = register(APIClient())
    content, at_once = jpeg_bytes(PILImage.open(CHELSEA).rotate(7)), threading.Barrier(5)
    answers: list[dict] = []

    def send() -> None:
        client = APIClient()
        client.credentials(**owner._credentials)
        at_once.wait()
        answers.append(upload(client, ("cat.jpg", content)).json()["images"][0])
        connection.close()  # this thread's own

    senders = [threading.Thread(target=send) for _ in range(5)]
    for sender in senders:
        sender.start()
    for sender in senders:
        sender.join()
    assert len({answer["id"] for answer in answers}) == 1
    assert sorted(answer["duplicate"] for answer in answers) == [False, True, True, True, True]
    assert Image.objects.count() == 1 and len(files_under(media_root)) == 2  # its original and thumbnail
