"""Listing, reading, searching and deleting photos through the API."""

import io
import uuid

import pytest
from PIL import Image as PILImage

from image_processing.detection import Box, Found
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, store_detections, upload_paths

pytestmark = pytest.mark.django_db


def _found(label: str, confidence: float) -> Found:
    return Found(label, confidence, Box(0.1, 0.2, 0.6, 0.9))


def test_list_is_newest_first_and_paginated(api, media_root):
    upload_paths(api, ASTRONAUT)
    upload_paths(api, CHELSEA)
    upload_paths(api, GRACE_HOPPER)
    body = api.get("/api/images/?page_size=2").json()
    assert body["count"] == 3
    assert [image["filename"] for image in body["results"]] == ["grace_hopper.jpg", "chelsea.png"]
    assert body["next"] and body["previous"] is None
    assert api.get("/api/images/?page=9").status_code == 404


def test_search_by_label_and_confidence(api, media_root):
    cat, person = upload_paths(api, CHELSEA, ASTRONAUT)
    store_detections(cat["id"], ["cat"], [_found("cat", 0.9)], task_id=None)
    store_detections(person["id"], ["person", "cat"], [_found("person", 0.8), _found("cat", 0.55)], None)

    def names(query: str) -> list[str]:
        return [image["filename"] for image in api.get(f"/api/images/?{query}").json()["results"]]

    assert names("label=cat") == ["astronaut.png", "chelsea.png"]
    assert names("label=cat&min_confidence=0.6") == ["chelsea.png"]
    assert names("label=dog") == []
    listed = {image["filename"]: image["labels"] for image in api.get("/api/images/").json()["results"]}
    assert listed == {"chelsea.png": {"cat": 1}, "astronaut.png": {"person": 1, "cat": 1}}
    # Every photo, each with its labels counted at 0.6, as the gallery's slider asks.
    at_60 = {image["filename"]: image["labels"] for image in api.get("/api/images/?labels_at=0.6").json()["results"]}
    assert at_60 == {"chelsea.png": {"cat": 1}, "astronaut.png": {"person": 1}}
    strict = api.get("/api/images/?label=cat&min_confidence=0.6").json()["results"]
    assert [image["labels"] for image in strict] == [{"cat": 1}]  # counted at the minimum it was searched with
    assert api.get("/api/labels/?min_confidence=0.5").json() == {
        "labels": [{"label": "cat", "count": 2}, {"label": "person", "count": 1}]
    }
    assert api.get("/api/images/?min_confidence=2").status_code == 400


def test_detail_has_detections_and_annotated_image_draws_them(api, media_root):
    (cat,) = upload_paths(api, CHELSEA)
    store_detections(cat["id"], ["cat"], [_found("cat", 0.91)], task_id=None)
    detail = api.get(f"/api/images/{cat['id']}/").json()
    assert detail["detections"] == [
        {"label": "cat", "confidence": 0.91, "box": {"x_min": 0.1, "y_min": 0.2, "x_max": 0.6, "y_max": 0.9},
         "task_id": None, "model": "ssd_mobilenet_v2_coco_2018_03_29"}
    ]  # fmt: skip
    annotated = api.get(f"/api/images/{cat['id']}/annotated")
    assert annotated.status_code == 200 and annotated["Content-Type"] == "image/jpeg"
    assert annotated["Content-Disposition"] == 'inline; filename="chelsea-annotated.jpg"'  # named after the photo
    drawn = PILImage.open(io.BytesIO(annotated.content)).convert("RGB")
    plain = PILImage.open(CHELSEA).convert("RGB")
    assert drawn.size == plain.size
    edge = (int(0.1 * plain.width), int(0.55 * plain.height))  # on the box's left edge
    assert max(abs(a - b) for a, b in zip(drawn.getpixel(edge), plain.getpixel(edge), strict=True)) > 60
    for query in ("min_confidence=0.95", "classes=dog", "classes="):
        hidden = PILImage.open(io.BytesIO(api.get(f"/api/images/{cat['id']}/annotated?{query}").content))
        pixel = hidden.convert("RGB").getpixel(edge)
        assert max(abs(a - b) for a, b in zip(pixel, plain.getpixel(edge), strict=True)) < 40, query
    shown = PILImage.open(io.BytesIO(api.get(f"/api/images/{cat['id']}/annotated?classes=dog,cat").content))
    assert max(abs(a - b) for a, b in zip(shown.convert("RGB").getpixel(edge), plain.getpixel(edge), strict=True)) > 60


def test_saving_detections_again_replaces_them(api, media_root):
    (cat,) = upload_paths(api, CHELSEA)
    store_detections(cat["id"], ["cat", "dog"], [_found("cat", 0.9), _found("dog", 0.6)], None)
    store_detections(cat["id"], ["cat", "dog"], [_found("cat", 0.92)], None)
    assert api.get(f"/api/images/{cat['id']}/").json()["labels"] == {"cat": 1}
    # A narrower run (people only) leaves other classes alone.
    store_detections(cat["id"], ["person"], [], None)
    assert api.get(f"/api/images/{cat['id']}/").json()["labels"] == {"cat": 1}


def test_unknown_image_is_404_in_the_error_shape(api):
    response = api.get("/api/images/00000000-0000-0000-0000-000000000000/")
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "image_not_found", "message": "No image with this id.", "details": {}}}


def test_files_are_sent_whatever_type_the_client_accepts_and_errors_stay_json(api, media_root):
    (cat,) = upload_paths(api, CHELSEA)
    for path, accept in [
        (cat["file_url"], "image/png"),
        (cat["thumbnail_url"], "image/jpeg"),
        (f"/api/images/{cat['id']}/annotated", "image/*"),
        ("/api/exports/?format=csv", "application/zip"),
    ]:
        assert api.get(path, HTTP_ACCEPT=accept).status_code == 200, path
    missing = api.get(f"/api/images/{uuid.uuid4()}/file", HTTP_ACCEPT="image/jpeg")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "image_not_found"
