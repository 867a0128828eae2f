"""Image headers that lie: a HEIC or AVIF file's image header (`ispe`) may claim fewer pixels than its
pictures hold. Such a file is refused by what it holds, before anything decodes it."""

import io
import struct

import pytest
from PIL import Image as PILImage

from image_processing.imaging import PhotoRejected, inspect_upload
from image_processing.models import Image
from tests.support import files_under, upload

pytestmark = pytest.mark.django_db


def _encoded(picture: PILImage.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, fmt, **options)
    return buffer.getvalue()


def _claiming(content: bytes, width: int, height: int) -> bytes:
    """The file with every image header claiming this size: `ispe`, 4 bytes of version and flags, then the
    width and height in 4 bytes each."""
    lying, at = bytearray(content), content.find(b"ispe")
    assert at > 0
    while at > 0:
        lying[at + 8 : at + 16] = struct.pack(">II", width, height)
        at = content.find(b"ispe", at + 4)
    return bytes(lying)


@pytest.mark.parametrize("fmt", ["HEIF", "AVIF"])
def test_a_heic_or_avif_holding_more_pixels_than_its_header_claims_is_refused_by_what_it_holds(
    api, media_root, settings, fmt
):
    settings.SPOTTER_MAX_PIXELS = 500_000
    honest = _encoded(PILImage.new("RGB", (1024, 1024), (40, 90, 160)), fmt)
    lying = _claiming(honest, 100, 100)
    assert PILImage.open(io.BytesIO(lying)).size == (100, 100)
    response = upload(api, (f"liar.{fmt.lower()}", lying))
    assert response.status_code == 400, response.content
    (error,) = response.json()["errors"]
    assert error["error"] == {
        "code": "too_many_pixels",
        "message": "The image has 1,048,576 pixels; the limit is 500,000.",
    }
    assert Image.objects.count() == 0 and files_under(media_root) == []


@pytest.mark.parametrize(
    ("fmt", "picture", "options"),
    [
        ("HEIF", PILImage.effect_noise((1280, 768), 40).convert("RGB"), {"tile_size": 256}),  # in tiles, as phones
        ("HEIF", PILImage.new("RGBA", (320, 240), (40, 90, 160, 128)), {}),  # alpha: a picture of its own
        ("AVIF", PILImage.new("RGBA", (333, 222), (40, 90, 160, 128)), {}),
    ],
)
def test_honest_heic_and_avif_files_in_tiles_or_with_alpha_pass_a_limit_of_exactly_their_size(fmt, picture, options):
    content = _encoded(picture, fmt, **options)
    at_limit = picture.width * picture.height
    photo = inspect_upload(io.BytesIO(content), max_pixels=at_limit, max_webp_pixels=at_limit, thumbnail_size=128)
    assert (photo.width, photo.height) == picture.size
    with pytest.raises(PhotoRejected) as refused:
        inspect_upload(io.BytesIO(content), max_pixels=at_limit - 1, max_webp_pixels=at_limit, thumbnail_size=128)
    assert refused.value.code == "too_many_pixels"


def test_an_avif_sequence_whose_track_claims_fewer_pixels_than_its_frames_hold_is_refused(api, media_root, settings):
    """libavif decodes an AVIF sequence (`avis`) from its track, whatever its items: here they are not even AV1,
    and the track's header (`tkhd`, its width and height in 16.16 fixed point) claims 100x100."""
    settings.SPOTTER_MAX_PIXELS = 500_000
    frames = [PILImage.new("RGB", (1024, 1024), colour) for colour in ("red", "green")]
    lying = bytearray(_encoded(frames[0], "AVIF", save_all=True, append_images=frames[1:], speed=10))
    meta = lying.find(b"meta")
    meta_end = meta - 4 + int.from_bytes(lying[meta - 4 : meta])
    lying[meta:meta_end] = lying[meta:meta_end].replace(b"av01", b"zzzz")  # the items' type
    track = lying.find(b"tkhd") + 4
    size_at = track + (76 if lying[track] == 0 else 88)  # after the fields of its version
    lying[size_at : size_at + 8] = struct.pack(">II", 100 << 16, 100 << 16)
    assert PILImage.open(io.BytesIO(lying)).size == (100, 100)
    response = upload(api, ("liar.avif", bytes(lying)))
    assert response.status_code == 400, response.content
    assert response.json()["errors"][0]["error"]["code"] == "too_many_pixels"
