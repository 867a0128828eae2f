"""Photos that show the same picture, found by their fingerprints: variants made from real photos are grouped
with their original, best first; different photos, even of one scene, are not; nobody sees another's."""

import io

import numpy as np
from django.core.management import call_command
from PIL import Image as PILImage
from PIL import ImageEnhance, ImageFilter

from image_processing.detection import FaceFound
from image_processing.models import Image, TrashedPhoto
from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER, SITE_PACKAGES, jpeg_bytes, store_faces, upload

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


def test_a_new_upload_is_told_which_of_your_photos_it_looks_like(api, other_api):
    variants = _variants(ASTRONAUT)
    (original,) = upload(api, variants[0]).json()["images"]
    assert original["looks_like"] == []
    upload(other_api, variants[2])  # another user's copy is never named
    half, unrelated = upload(api, variants[1], ("coffee.jpg", jpeg_bytes(PILImage.open(COFFEE)))).json()["images"]
    assert half["looks_like"] == [original["id"]] and unrelated["looks_like"] == []
    (again,) = upload(api, variants[0]).json()["images"]  # the same bytes: answered with the photo stored then
    assert again["duplicate"] and again["looks_like"] == []


def test_resolving_a_group_keeps_the_chosen_photo_with_what_only_the_others_knew(api):
    picture = PILImage.open(CHELSEA).convert("RGB")
    picture = picture.resize((picture.width * 2, picture.height * 2))
    best, copy, small = upload(
        api,
        ("edited.jpg", _jpeg(picture, 95)),  # the editor dropped the camera's data
        ("camera.jpg", _taken(picture, "2023:08:14 18:30:00")),
        ("sent.jpg", jpeg_bytes(picture.resize((picture.width // 3, picture.height // 3)))),
    ).json()["images"]
    (group,) = api.get("/api/duplicates/").json()["results"]
    assert {photo["id"] for photo in group["photos"]} == {best["id"], copy["id"], small["id"]}

    resolved = api.post(f"/api/duplicates/{group['id']}/resolve", {"keep": [best["id"]]}, format="json")
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["kept"] == [best["id"]] and resolved.json()["merged"] == ["taken_at"]
    assert sorted(resolved.json()["trashed"]) == sorted([copy["id"], small["id"]])
    assert api.get(f"/api/images/{best['id']}/").json()["taken_at"] == "2023-08-14T18:30:00Z"
    assert [photo["filename"] for photo in api.get("/api/images/").json()["results"]] == ["edited.jpg"]
    assert _groups(api) == []
    trashed = api.get("/api/trash/").json()["results"]
    assert sorted(photo["filename"] for photo in trashed) == ["camera.jpg", "sent.jpg"]
    assert all(photo["reason"] == "a copy of edited.jpg, which was kept" for photo in trashed)

    assert api.post(f"/api/trash/{small['id']}/restore").status_code == 200  # undone: the group is back
    assert sorted(_groups(api)[0]) == ["edited.jpg", "sent.jpg"]


def test_a_resolve_keeps_only_photos_of_its_group_of_its_owner(api, other_api):
    original, half = upload(api, *_variants(COFFEE)[:2]).json()["images"]
    (stranger,) = upload(api, ("cat.jpg", jpeg_bytes(PILImage.open(CHELSEA)))).json()["images"]
    group_id = api.get("/api/duplicates/").json()["results"][0]["id"]

    for keep in ([], [stranger["id"]]):
        refused = api.post(f"/api/duplicates/{group_id}/resolve", {"keep": keep}, format="json")
        assert refused.status_code == 400, refused.content
    assert refused.json()["error"]["code"] == "invalid_keep"
    assert refused.json()["error"]["details"]["not_in_group"] == [stranger["id"]]
    taken = other_api.post(f"/api/duplicates/{group_id}/resolve", {"keep": [original["id"]]}, format="json")
    assert taken.status_code == 404 and taken.json()["error"]["code"] == "group_not_found"
    assert api.post(f"/api/duplicates/{half['id']}/resolve", {"keep": [half["id"]]}, format="json").status_code == 404
    assert len(api.get("/api/images/").json()["results"]) == 3 and api.get("/api/trash/").json()["results"] == []


def test_a_group_kept_whole_is_not_shown_again_until_a_new_copy_joins_it(api):
    variants = _variants(GRACE_HOPPER)
    photos = upload(api, *variants[:2]).json()["images"]
    (group,) = api.get("/api/duplicates/").json()["results"]
    everyone = [photo["id"] for photo in photos]
    resolved = api.post(f"/api/duplicates/{group['id']}/resolve", {"keep": everyone}, format="json").json()
    assert sorted(resolved["kept"]) == sorted(everyone) and resolved["trashed"] == []
    assert _groups(api) == [] and api.get("/api/trash/").json()["results"] == []
    upload(api, variants[2])
    assert sorted(_groups(api)[0]) == sorted(name for name, _ in variants[:3])


def test_a_resolve_that_fails_half_way_leaves_every_photo_where_it_was(api):
    variants = _variants(ASTRONAUT)
    upload(api, *variants[:3])
    (group,) = api.get("/api/duplicates/").json()["results"]
    last = Image.objects.get(id=group["photos"][-1]["id"])
    # The last copy's place in the trash is taken: writing it fails after the first copy was moved there.
    TrashedPhoto.objects.create(id=last.id, owner_id=last.owner_id, width=1, height=1, size_bytes=1, rows=[],
                                filename="-", sha256="-", file_name="-", thumbnail_name="-")  # fmt: skip
    api.raise_request_exception = False
    failed = api.post(f"/api/duplicates/{group['id']}/resolve", {"keep": [group["id"]]}, format="json")
    assert failed.status_code >= 500
    assert sorted(_groups(api)[0]) == sorted(name for name, _ in variants[:3])
    assert TrashedPhoto.objects.count() == 1 and Image.objects.filter(kept_after_review=True).count() == 0


def test_the_photo_kept_joins_the_albums_of_the_copies_put_in_the_trash(api):
    kept, copy = upload(api, *_variants(COFFEE)[:2]).json()["images"]
    trip = api.post("/api/albums/", {"title": "Trip", "image_ids": [copy["id"]]}, format="json").json()
    group_id = api.get("/api/duplicates/").json()["results"][0]["id"]
    assert api.post(f"/api/duplicates/{group_id}/resolve", {"keep": [kept["id"]]}, format="json").status_code == 200
    in_trip = api.get("/api/images/", {"album": trip["id"]}).json()["results"]
    assert [photo["id"] for photo in in_trip] == [kept["id"]]


def test_resolving_a_group_gives_the_kept_photo_the_names_its_copies_faces_had(api):
    """The copy's face was named; the kept photo's own face (read a little differently) belongs to nobody named."""
    picture = PILImage.open(GRACE_HOPPER).convert("RGB")
    best, copy = upload(
        api, ("best.jpg", _jpeg(picture, 95)), ("small.jpg", _jpeg(picture.resize((256, 300)), 80))
    ).json()["images"]
    face = (0.35, 0.23, 0.72, 0.54)
    store_faces(copy["id"], [FaceFound(face, 0.9, _embedding(1))])
    store_faces(best["id"], [FaceFound((0.36, 0.24, 0.71, 0.55), 0.9, _embedding(2))])
    named = api.get(f"/api/images/{copy['id']}/").json()["faces"][0]["person"]["id"]
    api.patch(f"/api/people/{named}/", {"name": "Grace"}, format="json")
    (group,) = api.get("/api/duplicates/").json()["results"]

    resolved = api.post(f"/api/duplicates/{group['id']}/resolve", {"keep": [best["id"]]}, format="json").json()
    assert "people" in resolved["merged"]
    (kept_face,) = api.get(f"/api/images/{best['id']}/").json()["faces"]
    assert kept_face["person"] == {"id": named, "name": "Grace"}
    assert [photo["filename"] for photo in api.get("/api/images/", {"q": "who:Grace"}).json()["results"]] == [
        "best.jpg"
    ]


def _embedding(seed: int) -> tuple[float, ...]:
    direction = np.random.default_rng(seed).normal(size=128)
    return tuple(float(v) for v in direction / np.linalg.norm(direction) * 0.6)
