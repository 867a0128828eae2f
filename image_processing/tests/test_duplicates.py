"""Photos that show the same picture, found by their fingerprints: variants made from real photos are grouped
with their original, best first; different photos, even of one scene, are not; nobody sees another's."""

import io

from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageEnhance, ImageFilter

from image_processing.models import Image
from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER, SITE_PACKAGES, jpeg_bytes, upload

MOTORCYCLE_LEFT = SITE_PACKAGES / "skimage" / "data" / "motorcycle_left.png"
MOTORCYCLE_RIGHT = SITE_PACKAGES / "skimage" / "data" / "motorcycle_right.png"  # the same scene, another photo


def _jpeg(picture: PILImage.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()


def _variants(path) -> list[tuple[str, bytes]]:
    """The original as a camera JPEG, and what messengers, editors and converters make of it."""
    picture = PILImage.open(path).convert("RGB")
    picture = picture.resize((picture.width * 2, picture.height * 2))
    width, height = picture.size
    png = io.BytesIO()
    picture.save(png, "PNG")
    return [
        ("original.jpg", _jpeg(picture, 95)),
        ("half.jpg", jpeg_bytes(picture.resize((width // 2, height // 2)))),
        ("quality-40.jpg", _jpeg(picture, 40)),
        (
            "cropped.jpg",
            jpeg_bytes(picture.crop((width // 40, height // 40, width - width // 40, height - height // 40))),
        ),
        ("brighter.jpg", jpeg_bytes(ImageEnhance.Brightness(picture).enhance(1.2))),
        ("re-encoded.png", png.getvalue()),
    ]


def _groups(api) -> list[list[str]]:
    answer = api.get("/api/duplicates/")
    assert answer.status_code == 200, answer.content
    return [[photo["filename"] for photo in group["photos"]] for group in answer.json()["results"]]


def test_resized_recompressed_cropped_brightened_and_re_encoded_copies_are_one_group_original_first(api):
    for path in (CHELSEA, ASTRONAUT):
        uploaded = upload(api, *_variants(path))
        assert uploaded.status_code == 201 and not uploaded.json()["errors"], uploaded.json()
        group = api.get("/api/duplicates/").json()["results"][0]
        assert sorted(photo["filename"] for photo in group["photos"]) == sorted(name for name, _ in _variants(path))
        best = group["photos"][0]
        assert best["filename"] in ("original.jpg", "re-encoded.png")  # the full size, the least recompressed
        assert group["id"] == best["id"] and best["why"]
        assert all(photo["why"] for photo in group["photos"][1:])
    assert sorted(len(group) for group in _groups(api)) == [6, 6]


def test_different_photos_even_of_one_scene_are_not_grouped(api):
    for path in (MOTORCYCLE_LEFT, MOTORCYCLE_RIGHT, CHELSEA, COFFEE, GRACE_HOPPER, ASTRONAUT):
        upload(api, (path.name, jpeg_bytes(PILImage.open(path).convert("RGB"))))
    assert _groups(api) == []


def test_another_users_copies_are_neither_grouped_with_yours_nor_shown(api, other_api):
    upload(api, *_variants(CHELSEA)[:2])
    upload(other_api, *_variants(CHELSEA)[2:4])
    assert [sorted(group) for group in _groups(api)] == [["half.jpg", "original.jpg"]]
    assert [sorted(group) for group in _groups(other_api)] == [["cropped.jpg", "quality-40.jpg"]]


def test_photos_stored_before_fingerprints_join_once_the_backfill_ran(api):
    upload(api, *_variants(COFFEE)[:3])
    Image.objects.update(fingerprint=None, sharpness=None)
    assert _groups(api) == []
    call_command("fingerprint_photos", stdout=io.StringIO())
    assert len(_groups(api)) == 1 and Image.objects.filter(sharpness__isnull=True).count() == 0


def _taken(picture: PILImage.Image, when: str) -> bytes:
    exif = PILImage.Exif()
    exif.get_ifd(0x8769)[0x9003] = when  # DateTimeOriginal
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=90, exif=exif.tobytes())
    return buffer.getvalue()


def test_a_burst_of_shifted_frames_is_one_group_sharpest_first_and_a_later_photo_is_not_in_it(api):
    picture = PILImage.open(GRACE_HOPPER).convert("RGB")
    width, height = picture.size
    frames = [picture.crop((dx, 0, width - 30 + dx, height)) for dx in (0, 10, 20, 30)]
    frames[0] = frames[0].filter(ImageFilter.GaussianBlur(4))  # the first frame shook
    burst = [(f"burst-{n}.jpg", _taken(frame, f"2024:05:01 10:00:0{n}")) for n, frame in enumerate(frames)]
    later = (
        "a-minute-later.jpg",
        _taken(frames[2].transpose(PILImage.Transpose.FLIP_LEFT_RIGHT), "2024:05:01 10:01:00"),
    )
    other = ("another-subject.jpg", _taken(PILImage.open(CHELSEA).convert("RGB"), "2024:05:01 10:00:05"))
    upload(api, *burst, later, other)

    (group,) = api.get("/api/duplicates/", {"kind": "burst"}).json()["results"]
    names = [photo["filename"] for photo in group["photos"]]
    assert group["kind"] == "burst" and sorted(names) == [name for name, _ in burst]
    assert names[-1] == "burst-0.jpg" and group["photos"][0]["why"] == "the sharpest frame"
    assert "less sharp" in group["photos"][-1]["why"]
    refused = api.get("/api/duplicates/", {"kind": "similar"})
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "invalid_input"
