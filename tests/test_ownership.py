"""Each user sees only their own photos and tasks: another user's ids are 404, never 403."""

import pytest

from image_processing.detection import Box, Found
from tests.support import CHELSEA, store_detections, upload_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_things(api, media_root) -> dict[str, str]:
    (image,) = upload_paths(api, CHELSEA)
    store_detections(image["id"], ["cat"], [Found("cat", 0.9, Box(0, 0, 1, 1))], None)
    task = api.post("/api/tasks/detect/", {"image_ids": [image["id"]]}, format="json").json()
    return {"image": image["id"], "task": task["id"]}


def _endpoints(things: dict[str, str]) -> list[tuple[str, str]]:
    image, task = things["image"], things["task"]
    return [
        ("get", f"/api/images/{image}/"),
        ("get", f"/api/images/{image}/file"),
        ("get", f"/api/images/{image}/thumbnail"),
        ("get", f"/api/images/{image}/annotated"),
        ("delete", f"/api/images/{image}/"),
        ("get", f"/api/tasks/{task}/"),
        ("get", f"/api/tasks/{task}/results"),
        ("delete", f"/api/tasks/{task}/"),
    ]


def test_another_user_gets_404_for_every_one_of_alices_urls(api, other_api, alices_things):
    for method, url in _endpoints(alices_things):
        response = getattr(other_api, method)(url)
        assert response.status_code == 404, (method, url, response.status_code)
        assert response.json()["error"]["code"] in ("image_not_found", "task_not_found"), url
    # ...and none of it was touched: Alice still has everything.
    for method, url in _endpoints(alices_things):
        if method == "get":
            assert api.get(url).status_code == 200, url


def test_another_user_cannot_run_a_task_on_alices_photos(other_api, alices_things):
    response = other_api.post("/api/tasks/detect/", {"image_ids": [alices_things["image"]]}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["details"]["missing"] == [alices_things["image"]]


def test_lists_and_search_show_only_your_own(api, other_api, alices_things):
    assert api.get("/api/images/").json()["count"] == 1
    assert other_api.get("/api/images/").json()["count"] == 0
    assert other_api.get("/api/images/?label=cat").json()["count"] == 0
    assert other_api.get("/api/labels/").json() == {"labels": []}
    assert other_api.get("/api/tasks/").json()["count"] == 0
