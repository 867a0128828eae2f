"""Deleting a photo puts it in the trash, with what was found in it, from where it comes back as it was; it leaves
storage only when deleted for good, by hand or SPOTTER_TRASH_DAYS later; nobody sees another's trash."""

from datetime import timedelta

from django.utils import timezone

from image_processing.detection import Box, Found
from image_processing.models import TrashedPhoto
from image_processing.tasks import empty_expired_trash
from tests.support import ASTRONAUT, CHELSEA, files_under, store_detections, upload_paths


def _names(api, query: str = "") -> list[str]:
    return [photo["filename"] for photo in api.get(f"/api/images/?{query}").json()["results"]]


def test_a_deleted_photo_waits_in_the_trash_and_comes_back_with_its_detections(api, media_root):
    cat, astronaut = upload_paths(api, CHELSEA, ASTRONAUT)
    store_detections(cat["id"], ["cat"], [Found("cat", 0.9, Box(0.1, 0.2, 0.6, 0.9))])
    stored = sorted(files_under(media_root))

    assert api.delete(f"/api/images/{cat['id']}/").status_code == 204
    assert _names(api) == ["astronaut.png"] and _names(api, "q=cat") == []
    assert api.get(f"/api/images/{cat['id']}/").status_code == 404
    (trashed,) = api.get("/api/trash/").json()["results"]
    assert (trashed["id"], trashed["filename"]) == (cat["id"], "chelsea.png")
    assert api.get(trashed["thumbnail_url"]).status_code == 200
    assert sorted(files_under(media_root)) == stored  # nothing left storage yet

    restored = api.post(f"/api/trash/{cat['id']}/restore")
    assert restored.status_code == 200, restored.content
    assert restored.json()["id"] == cat["id"]
    assert _names(api, "q=cat") == ["chelsea.png"]
    detail = api.get(f"/api/images/{cat['id']}/").json()
    assert [(found["label"], found["confidence"]) for found in detail["detections"]] == [("cat", 0.9)]
    assert api.get("/api/trash/").json()["results"] == []
    assert api.get(f"/api/images/{astronaut['id']}/").status_code == 200


def test_deleted_for_good_a_photo_leaves_storage(api, media_root, django_capture_on_commit_callbacks):
    cat, astronaut = upload_paths(api, CHELSEA, ASTRONAUT)
    kept = sorted(files_under(media_root))
    api.delete(f"/api/images/{cat['id']}/")
    with django_capture_on_commit_callbacks(execute=True):
        assert api.delete(f"/api/trash/{cat['id']}/").status_code == 204
    assert len(files_under(media_root)) == len(kept) - 2  # its original and its thumbnail
    assert api.post(f"/api/trash/{cat['id']}/restore").status_code == 404

    api.delete(f"/api/images/{astronaut['id']}/")
    with django_capture_on_commit_callbacks(execute=True):
        emptied = api.delete("/api/trash/")
    assert emptied.json() == {"deleted": 1} and files_under(media_root) == []


def test_the_trash_empties_itself_of_photos_older_than_the_trash_days(
    api, media_root, settings, django_capture_on_commit_callbacks
):
    settings.SPOTTER_TRASH_DAYS = 30
    old, recent = upload_paths(api, CHELSEA, ASTRONAUT)
    api.delete(f"/api/images/{old['id']}/")
    api.delete(f"/api/images/{recent['id']}/")
    TrashedPhoto.objects.filter(id=old["id"]).update(trashed_at=timezone.now() - timedelta(days=30, minutes=1))
    listed = {photo["id"]: photo for photo in api.get("/api/trash/").json()["results"]}
    assert listed[recent["id"]]["purge_at"] > listed[old["id"]]["purge_at"]

    with django_capture_on_commit_callbacks(execute=True):
        assert empty_expired_trash() == 1
    assert [photo["id"] for photo in api.get("/api/trash/").json()["results"]] == [recent["id"]]
    assert len(files_under(media_root)) == 2  # the recent photo's original and thumbnail


def test_a_photo_uploaded_again_since_is_not_restored_twice(api, media_root):
    (cat,) = upload_paths(api, CHELSEA)
    api.delete(f"/api/images/{cat['id']}/")
    (again,) = upload_paths(api, CHELSEA)
    refused = api.post(f"/api/trash/{cat['id']}/restore")
    assert refused.status_code == 409
    assert refused.json()["error"]["code"] == "already_in_library"
    assert refused.json()["error"]["details"]["image_id"] == again["id"]
    assert _names(api) == ["chelsea.png"]


def test_nobody_sees_restores_or_deletes_another_users_trash(api, other_api, media_root):
    (cat,) = upload_paths(api, CHELSEA)
    api.delete(f"/api/images/{cat['id']}/")
    assert other_api.get("/api/trash/").json()["results"] == []
    for answer in (
        other_api.post(f"/api/trash/{cat['id']}/restore"),
        other_api.delete(f"/api/trash/{cat['id']}/"),
        other_api.get(f"/api/trash/{cat['id']}/thumbnail"),
    ):
        assert answer.status_code == 404 and answer.json()["error"]["code"] == "not_in_trash"
    assert other_api.delete("/api/trash/").json() == {"deleted": 0}
    assert [photo["id"] for photo in api.get("/api/trash/").json()["results"]] == [cat["id"]]
