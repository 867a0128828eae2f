"""Albums through the API: chosen photos added from a selection or a search and taken out, a live album that
follows its search as photos come, a cover, album: in the query language, deletion that keeps the photos, the
trash keeping a photo's albums, and nobody's albums visible to anyone else."""

import pytest
from PIL import Image as PILImage

from image_processing.detection import Box, Found
from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER, jpeg_bytes, store_detections, upload, upload_paths

pytestmark = pytest.mark.django_db


def _names(client, **query) -> list[str]:
    answer = client.get("/api/images/", query)
    assert answer.status_code == 200, answer.content
    return sorted(image["filename"] for image in answer.json()["results"])


def _album(client, **fields) -> dict:
    created = client.post("/api/albums/", fields, format="json")
    assert created.status_code == 201, created.content
    return created.json()


@pytest.fixture
def photos(api, media_root) -> dict[str, str]:
    """Four photos by name; the cat and the astronaut with what a detect task would have found."""
    ids = {image["filename"]: image["id"] for image in upload_paths(api, CHELSEA, ASTRONAUT, COFFEE, GRACE_HOPPER)}
    store_detections(ids["chelsea.png"], ["cat"], [Found("cat", 0.9, Box(0.1, 0.1, 0.8, 0.9))])
    store_detections(ids["astronaut.png"], ["person"], [Found("person", 0.9, Box(0.2, 0.1, 0.7, 0.9))])
    return ids


def test_an_album_gathers_chosen_photos_added_and_taken_out(api, photos):
    album = _album(api, title="Holidays", description="Summer", image_ids=[photos["chelsea.png"]])
    assert (album["title"], album["live"], album["photo_count"], album["role"]) == ("Holidays", False, 1, "owner")
    assert album["cover_url"] == f"/api/images/{photos['chelsea.png']}/thumbnail"

    added = api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [], "q": "person"}, format="json").json()
    assert added == {"changed": 1, "photo_count": 2}
    again = api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [photos["chelsea.png"]]}, format="json")
    assert again.json() == {"changed": 0, "photo_count": 2}  # once each
    assert _names(api, album=album["id"]) == ["astronaut.png", "chelsea.png"]
    assert _names(api, album=album["id"], q="cat") == ["chelsea.png"]

    taken_out = api.delete(f"/api/albums/{album['id']}/photos", {"image_ids": [photos["chelsea.png"]]}, format="json")
    assert taken_out.json() == {"changed": 1, "photo_count": 1}
    assert _names(api, album=album["id"]) == ["astronaut.png"] and len(_names(api)) == 4


def test_a_live_album_keeps_its_search_and_follows_new_photos(api, photos):
    live = _album(api, title="Cats", query="cat")
    assert live["live"] and live["photo_count"] == 1 and _names(api, album=live["id"]) == ["chelsea.png"]
    (kitten,) = upload(api, ("kitten.jpg", jpeg_bytes(PILImage.open(CHELSEA).rotate(180)))).json()["images"]
    store_detections(kitten["id"], ["cat"], [Found("cat", 0.8, Box(0.1, 0.1, 0.8, 0.9))])
    assert _names(api, album=live["id"]) == ["chelsea.png", "kitten.jpg"]
    assert api.get(f"/api/albums/{live['id']}/").json()["photo_count"] == 2

    refused = api.post(f"/api/albums/{live['id']}/photos", {"image_ids": [photos["coffee.png"]]}, format="json")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "live_album"
    changed = api.patch(f"/api/albums/{live['id']}/", {"query": "person", "title": "People"}, format="json").json()
    assert changed["title"] == "People" and _names(api, album=live["id"]) == ["astronaut.png"]
    dated = _album(api, title="Old", filters={"taken_before": "2000-01-01"})
    assert dated["live"] and dated["photo_count"] == 0
    named = api.post("/api/albums/", {"title": "Loop", "query": 'album:"People"'}, format="json")
    assert named.status_code == 400 and named.json()["error"]["code"] == "invalid_album_query"


def test_album_terms_narrow_a_search_and_an_unknown_album_is_named(api, photos):
    _album(api, title="Summer 2024", image_ids=[photos["chelsea.png"], photos["coffee.png"]])
    _album(api, title="People", query="person")
    assert _names(api, q='album:"summer 2024"') == ["chelsea.png", "coffee.png"]
    assert _names(api, q='cat album:"Summer 2024"') == ["chelsea.png"]
    assert _names(api, q='-album:"Summer 2024" -album:People') == ["grace_hopper.jpg"]
    assert _names(api, q="album:People") == ["astronaut.png"]
    unknown = api.get("/api/images/", {"q": "album:Winter"}).json()["error"]
    assert unknown["code"] == "unknown_album" and unknown["details"]["albums"] == ["People", "Summer 2024"]


def test_a_cover_is_chosen_among_the_photos_and_deleting_the_album_keeps_them(api, photos):
    album = _album(api, title="Two", image_ids=[photos["chelsea.png"], photos["coffee.png"]])
    chosen = api.patch(f"/api/albums/{album['id']}/", {"cover": photos["coffee.png"]}, format="json")
    assert chosen.json()["cover_url"] == f"/api/images/{photos['coffee.png']}/thumbnail"
    outside = api.patch(f"/api/albums/{album['id']}/", {"cover": photos["astronaut.png"]}, format="json")
    assert outside.status_code == 400 and outside.json()["error"]["code"] == "cover_not_in_album"
    assert api.delete(f"/api/albums/{album['id']}/").status_code == 204
    assert api.get(f"/api/albums/{album['id']}/").status_code == 404 and len(_names(api)) == 4


def test_a_photo_deleted_leaves_its_albums_and_comes_back_to_them_from_the_trash(api, photos):
    album = _album(api, title="Cat", image_ids=[photos["chelsea.png"], photos["coffee.png"]])
    api.delete(f"/api/images/{photos['chelsea.png']}/")
    assert _names(api, album=album["id"]) == ["coffee.png"]
    api.post(f"/api/trash/{photos['chelsea.png']}/restore")
    assert _names(api, album=album["id"]) == ["chelsea.png", "coffee.png"]


def test_nobody_sees_or_changes_another_users_albums_or_puts_their_photos_in_yours(api, other_api, photos):
    album = _album(api, title="Mine", image_ids=[photos["chelsea.png"]])
    assert other_api.get("/api/albums/").json()["results"] == []
    for answer in (
        other_api.get(f"/api/albums/{album['id']}/"),
        other_api.patch(f"/api/albums/{album['id']}/", {"title": "Theirs"}, format="json"),
        other_api.delete(f"/api/albums/{album['id']}/"),
        other_api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [photos["coffee.png"]]}, format="json"),
        other_api.get("/api/images/", {"album": album["id"]}),
    ):
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "album_not_found", answer.content
    (theirs,) = upload_paths(other_api, COFFEE)
    mixed = api.post(f"/api/albums/{album['id']}/photos", {"image_ids": [theirs["id"]]}, format="json")
    assert mixed.status_code == 404 and mixed.json()["error"]["code"] == "images_not_found"
    assert other_api.get("/api/images/", {"q": "album:Mine"}).json()["error"]["code"] == "unknown_album"
    assert api.get(f"/api/albums/{album['id']}/").json()["title"] == "Mine"


def test_a_photo_restored_after_its_album_was_deleted_comes_back_without_it(api, photos):
    album = _album(api, title="Gone soon", image_ids=[photos["chelsea.png"]])
    api.delete(f"/api/images/{photos['chelsea.png']}/")
    api.delete(f"/api/albums/{album['id']}/")
    restored = api.post(f"/api/trash/{photos['chelsea.png']}/restore")
    assert restored.status_code == 200, restored.content
    assert _names(api, q="cat") == ["chelsea.png"]  # with its detections
