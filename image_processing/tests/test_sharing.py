"""Albums shared with accounts and by link, through the API, with two and three users and a visitor without an
account: what a viewer and a contributor may see and do, a live album followed by its members, role changes and
removals taking effect at once, and links that open an album read-only until they expire or are revoked."""

from datetime import timedelta

import numpy as np
import pytest
from django.utils import timezone
from PIL import Image as PILImage
from rest_framework.test import APIClient

from image_processing.detection import Box, FaceFound, Found
from tests.support import (
    ASTRONAUT,
    CHELSEA,
    COFFEE,
    GRACE_HOPPER,
    jpeg_bytes,
    register,
    store_detections,
    store_faces,
    upload,
    upload_paths,
    wait_for,
)

pytestmark = pytest.mark.django_db

GPS = {1: "N", 2: (38.0, 42.0, 0.0), 3: "W", 4: (9.0, 8.0, 0.0)}


@pytest.fixture
def third_api(db) -> APIClient:
    return register(APIClient())


@pytest.fixture
def owners_photos(api, media_root) -> dict[str, str]:
    """The owner's photos by name: a cat (with its detection), an astronaut, a coffee taken with GPS, Grace Hopper."""
    ids = {image["filename"]: image["id"] for image in upload_paths(api, CHELSEA, ASTRONAUT, GRACE_HOPPER)}
    exif = PILImage.Exif()
    exif.get_ifd(0x8825).update(GPS)
    with_gps = jpeg_bytes(PILImage.open(COFFEE).convert("RGB"), exif=exif)
    (coffee,) = upload(api, ("coffee.jpg", with_gps)).json()["images"]
    ids["coffee.jpg"] = coffee["id"]
    store_detections(ids["chelsea.png"], ["cat"], [Found("cat", 0.9, Box(0.1, 0.1, 0.8, 0.9))])
    return ids


def _album(client, **fields) -> dict:
    created = client.post("/api/albums/", fields, format="json")
    assert created.status_code == 201, created.content
    return created.json()


def _share(owner, album: dict, member, role: str) -> None:
    invitation = {"username": member.username, "role": role}
    invited = owner.post(f"/api/albums/{album['id']}/members", invitation, format="json")
    assert invited.status_code == 201, invited.content
    assert invited.json()["username"] == member.username and invited.json()["role"] == role


def _names(client, **query) -> list[str]:
    answer = client.get("/api/images/", query)
    assert answer.status_code == 200, answer.content
    return sorted(image["filename"] for image in answer.json()["results"])


def _error(response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.content)
    return response.json()["error"]["code"]


def test_a_viewer_sees_the_shared_photos_and_what_was_found_but_not_their_place_nor_other_photos(
    api, other_api, owners_photos
):
    album = _album(api, title="Lisbon", image_ids=[owners_photos["chelsea.png"], owners_photos["coffee.jpg"]])
    assert api.get(f"/api/images/{owners_photos['coffee.jpg']}/").json()["location"] is not None  # the owner's
    _share(api, album, other_api, "viewer")

    listed = other_api.get("/api/albums/").json()["results"]
    assert [(a["title"], a["role"], a["owner"], a["photo_count"]) for a in listed] == [
        ("Lisbon", "viewer", api.username, 2)
    ]
    assert _names(other_api, album=album["id"]) == ["chelsea.png", "coffee.jpg"]
    assert _names(other_api, album=album["id"], q="cat") == ["chelsea.png"]
    assert _names(other_api) == []  # shared photos do not join the viewer's own library
    photos = other_api.get("/api/images/", {"album": album["id"]}).json()["results"]
    assert {photo["yours"] for photo in photos} == {False}

    cat = other_api.get(f"/api/images/{owners_photos['chelsea.png']}/").json()
    assert [d["label"] for d in cat["detections"]] == ["cat"] and cat["yours"] is False
    assert other_api.get(f"/api/images/{owners_photos['coffee.jpg']}/").json()["location"] is None
    assert other_api.get(f"/api/images/{owners_photos['chelsea.png']}/thumbnail").status_code == 200
    assert other_api.get(f"/api/images/{owners_photos['chelsea.png']}/file").status_code == 200
    for outside in ("astronaut.png", "grace_hopper.jpg"):  # the owner's other photos stay unseen
        assert _error(other_api.get(f"/api/images/{owners_photos[outside]}/"), 404) == "image_not_found"
        assert other_api.get(f"/api/images/{owners_photos[outside]}/thumbnail").status_code == 404

    (own,) = upload_paths(other_api, ASTRONAUT)
    added = other_api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [own["id"]]}, format="json")
    assert _error(added, 403) == "role_required" and added.json()["error"]["details"]["needed"] == "contributor"
    assert _error(other_api.patch(f"/api/albums/{album['id']}/", {"title": "Mine"}, format="json"), 403)
    assert _error(other_api.delete(f"/api/albums/{album['id']}/"), 403) == "role_required"
    assert _error(other_api.get(f"/api/albums/{album['id']}/members"), 403) == "role_required"
    assert _error(other_api.post(f"/api/albums/{album['id']}/links", {}, format="json"), 403) == "role_required"
    assert _error(other_api.delete(f"/api/images/{owners_photos['chelsea.png']}/"), 404) == "image_not_found"
    assert api.get(f"/api/albums/{album['id']}/").json()["photo_count"] == 2


def test_a_contributor_adds_photos_that_stay_theirs_and_role_changes_and_removal_take_effect_at_once(
    api, other_api, third_api, owners_photos
):
    album = _album(api, title="Family", image_ids=[owners_photos["chelsea.png"]])
    _share(api, album, other_api, "contributor")
    _share(api, album, third_api, "viewer")
    (theirs,) = upload_paths(other_api, ASTRONAUT)

    added = other_api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [theirs["id"]]}, format="json")
    assert added.json() == {"changed": 1, "photo_count": 2}
    not_theirs = other_api.post(
        f"/api/albums/{album['id']}/photos", {"image_ids": [owners_photos["coffee.jpg"]]}, format="json"
    )
    assert _error(not_theirs, 404) == "images_not_found"
    for someone in (api, other_api, third_api):
        assert _names(someone, album=album["id"]) == ["astronaut.png", "chelsea.png"]
    assert third_api.get(f"/api/images/{theirs['id']}/").json()["yours"] is False  # the viewer sees the contribution
    assert api.get(f"/api/images/{theirs['id']}/").json()["yours"] is False
    assert _error(api.delete(f"/api/images/{theirs['id']}/"), 404) == "image_not_found"  # theirs, not the owner's

    # A contributor takes out only their own photos, and never deletes the owner's.
    both = {"image_ids": [owners_photos["chelsea.png"], theirs["id"]]}
    assert other_api.delete(f"/api/albums/{album['id']}/photos", both, format="json").json()["changed"] == 1
    assert _names(api, album=album["id"]) == ["chelsea.png"]
    assert _error(other_api.delete(f"/api/images/{owners_photos['chelsea.png']}/"), 404) == "image_not_found"
    other_api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [theirs["id"]]}, format="json")

    # Made a viewer: adding is refused at once.
    changed = api.patch(f"/api/albums/{album['id']}/members/{other_api.username}", {"role": "viewer"}, format="json")
    assert changed.status_code == 200 and changed.json()["role"] == "viewer"
    again = other_api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [theirs["id"]]}, format="json")
    assert _error(again, 403) == "role_required"

    # Removed: their old session sees nothing of the album any more, and their photo leaves it (but not their library).
    assert api.delete(f"/api/albums/{album['id']}/members/{other_api.username}").status_code == 204
    assert _error(other_api.get(f"/api/albums/{album['id']}/"), 404) == "album_not_found"
    assert _error(other_api.get("/api/images/", {"album": album["id"]}), 404) == "album_not_found"
    assert other_api.get(f"/api/images/{owners_photos['chelsea.png']}/thumbnail").status_code == 404
    assert other_api.get("/api/albums/").json()["count"] == 0
    assert _names(api, album=album["id"]) == ["chelsea.png"] and _names(other_api) == ["astronaut.png"]
    members = api.get(f"/api/albums/{album['id']}/members").json()
    assert [(m["username"], m["role"]) for m in members] == [(third_api.username, "viewer")]

    # A member may leave; nobody else but the owner removes anyone.
    assert _error(third_api.delete(f"/api/albums/{album['id']}/members/{other_api.username}"), 404)
    assert third_api.delete(f"/api/albums/{album['id']}/members/{third_api.username}").status_code == 204
    assert third_api.get("/api/albums/").json()["count"] == 0


def test_inviting_checks_the_person_and_a_member_twice(api, other_api, owners_photos):
    album = _album(api, title="Trip")
    members = f"/api/albums/{album['id']}/members"
    assert _error(api.post(members, {"username": "nobody-here", "role": "viewer"}, format="json"), 404) == (
        "user_not_found"
    )
    assert _error(api.post(members, {"username": api.username, "role": "viewer"}, format="json"), 400) == (
        "invalid_member"
    )
    assert _error(api.post(members, {"username": other_api.username, "role": "owner"}, format="json"), 400)
    _share(api, album, other_api, "viewer")
    assert _error(api.post(members, {"username": other_api.username, "role": "viewer"}, format="json"), 409) == (
        "already_member"
    )


def test_members_of_a_live_album_see_its_search_follow_the_owners_new_photos(api, other_api, owners_photos):
    cats = _album(api, title="Cats", query="cat")
    _share(api, cats, other_api, "viewer")
    assert _names(other_api, album=cats["id"]) == ["chelsea.png"]
    (kitten,) = upload(api, ("kitten.jpg", jpeg_bytes(PILImage.open(CHELSEA).rotate(180)))).json()["images"]
    store_detections(kitten["id"], ["cat"], [Found("cat", 0.8, Box(0.1, 0.1, 0.8, 0.9))])
    assert _names(other_api, album=cats["id"]) == ["chelsea.png", "kitten.jpg"]
    assert other_api.get(f"/api/images/{kitten['id']}/").status_code == 200
    assert other_api.get(f"/api/albums/{cats['id']}/").json()["photo_count"] == 2
    assert other_api.get(f"/api/images/{owners_photos['astronaut.png']}/").status_code == 404


def test_a_link_opens_the_album_to_anyone_until_it_is_revoked(api, other_api, owners_photos):
    album = _album(api, title="Birthday", image_ids=[owners_photos["chelsea.png"], owners_photos["coffee.jpg"]])
    made = api.post(f"/api/albums/{album['id']}/links", {}, format="json")
    assert made.status_code == 201, made.content
    link = made.json()
    assert link["url"].endswith(f"/shared/{link['token']}") and len(link["token"]) >= 43  # 256 bits, base64
    assert [found["id"] for found in api.get(f"/api/albums/{album['id']}/links").json()] == [link["id"]]

    visitor = APIClient()
    page = visitor.get(f"/api/shared/{link['token']}/")
    assert page.status_code == 200, page.content
    shared = page.json()
    assert shared["album"]["title"] == "Birthday" and shared["album"]["allow_download"] is False
    assert shared["count"] == 2 and {photo["file_url"] for photo in shared["results"]} == {None}
    assert "location" not in shared["results"][0] and "filename" not in shared["results"][0]
    photo = shared["results"][0]
    thumbnail = visitor.get(photo["thumbnail_url"])
    assert thumbnail.status_code == 200 and thumbnail["Content-Type"] == "image/jpeg"
    preview = visitor.get(photo["preview_url"])
    assert preview.status_code == 200 and b"".join(preview).startswith(b"\xff\xd8")
    file_url = f"/api/shared/{link['token']}/photos/{photo['id']}/file"
    assert _error(visitor.get(file_url), 403) == "download_not_allowed"
    outside = f"/api/shared/{link['token']}/photos/{owners_photos['astronaut.png']}/thumbnail"
    assert _error(visitor.get(outside), 404) == "image_not_found"

    with_download = api.post(f"/api/albums/{album['id']}/links", {"allow_download": True}, format="json").json()
    original = visitor.get(f"/api/shared/{with_download['token']}/photos/{owners_photos['chelsea.png']}/file")
    assert original.status_code == 200 and b"".join(original.streaming_content) == CHELSEA.read_bytes()

    assert _error(other_api.delete(f"/api/albums/{album['id']}/links/{link['id']}"), 404) == "album_not_found"
    assert api.delete(f"/api/albums/{album['id']}/links/{link['id']}").status_code == 204
    assert _error(visitor.get(f"/api/shared/{link['token']}/"), 404) == "link_not_found"
    assert _error(visitor.get(photo["thumbnail_url"]), 404) == "link_not_found"
    assert visitor.get(f"/api/shared/{with_download['token']}/").status_code == 200  # the other link still works


def test_a_link_stops_working_when_it_expires(api, owners_photos):
    album = _album(api, title="Soon gone", image_ids=[owners_photos["chelsea.png"]])
    past = (timezone.now() - timedelta(minutes=1)).isoformat()
    assert _error(api.post(f"/api/albums/{album['id']}/links", {"expires_at": past}, format="json"), 400) == (
        "invalid_expiry"
    )
    soon = (timezone.now() + timedelta(seconds=2)).isoformat()
    link = api.post(f"/api/albums/{album['id']}/links", {"expires_at": soon}, format="json").json()
    visitor = APIClient()
    assert visitor.get(f"/api/shared/{link['token']}/").status_code == 200
    wait_for(lambda: visitor.get(f"/api/shared/{link['token']}/").status_code == 404, timeout=30, what="expiry")
    assert _error(visitor.get(f"/api/shared/{link['token']}/"), 404) == "link_not_found"


def test_a_deleted_album_takes_its_links_and_memberships_with_it(api, other_api, owners_photos):
    album = _album(api, title="Short-lived", image_ids=[owners_photos["chelsea.png"]])
    _share(api, album, other_api, "viewer")
    link = api.post(f"/api/albums/{album['id']}/links", {}, format="json").json()
    assert api.delete(f"/api/albums/{album['id']}/").status_code == 204
    assert APIClient().get(f"/api/shared/{link['token']}/").status_code == 404
    assert other_api.get("/api/albums/").json()["count"] == 0
    assert other_api.get(f"/api/images/{owners_photos['chelsea.png']}/").status_code == 404
    assert _names(api) == ["astronaut.png", "chelsea.png", "coffee.jpg", "grace_hopper.jpg"]


def test_a_shared_photo_shows_the_people_its_owner_named_and_no_one_else(api, other_api, owners_photos):
    def someone(seed: int) -> tuple[float, ...]:
        direction = np.random.default_rng(seed).normal(size=128)
        return tuple(float(v) for v in direction / np.linalg.norm(direction) * 0.6)

    store_faces(owners_photos["chelsea.png"], [FaceFound((0.1, 0.1, 0.3, 0.4), 0.9, someone(1)),
                                              FaceFound((0.6, 0.1, 0.8, 0.4), 0.9, someone(2))])  # fmt: skip
    faces = api.get(f"/api/images/{owners_photos['chelsea.png']}/").json()["faces"]
    api.patch(f"/api/people/{faces[0]['person']['id']}/", {"name": "Ann"}, format="json")
    album = _album(api, title="Ann's", image_ids=[owners_photos["chelsea.png"]])
    _share(api, album, other_api, "viewer")
    seen = other_api.get(f"/api/images/{owners_photos['chelsea.png']}/").json()["faces"]
    assert [(face["person"]["name"], face["box"]["x_min"]) for face in seen] == [("Ann", 0.1)]
    assert other_api.get(f"/api/people/{faces[0]['person']['id']}/").status_code == 404
