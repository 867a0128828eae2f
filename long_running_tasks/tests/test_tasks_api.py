"""The three seed endpoints (create, progress, stop) and the rest of the task API, without a worker:
inside a test transaction nothing is published, so tasks stay queued."""

import uuid

import pytest

from long_running_tasks.models import Task, TaskChunk, TaskItem
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, upload_paths

pytestmark = pytest.mark.django_db


@pytest.fixture
def image_ids(api, media_root) -> list[str]:
    return [image["id"] for image in upload_paths(api, ASTRONAUT, CHELSEA)]


def test_create_answers_202_with_location_and_the_task(api, image_ids):
    response = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json")
    assert response.status_code == 202
    task = response.json()
    assert response["Location"] == f"/api/tasks/{task['id']}/"
    assert task | {"id": None, "created_at": None} == {
        "id": None, "type": "detect", "status": "queued", "progress": 0.0, "total": 2, "processed": 0,
        "failed": 0, "created_at": None, "started_at": None, "finished_at": None, "images_per_second": None,
        "eta_seconds": None, "summary": {}, "error": None,
        "options": {"min_confidence": 0.5, "precision": "exact", "model": "ssd_mobilenet_v2_coco_2018_03_29",
                    "mode": "fast"},
        "model": "ssd_mobilenet_v2_coco_2018_03_29",
    }  # fmt: skip


def test_progress_is_200_for_a_known_task_and_404_for_an_unknown_one(api, image_ids):
    task = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json").json()
    progress = api.get(f"/api/tasks/{task['id']}/")
    assert progress.status_code == 200
    assert progress.json()["progress"] == 0.0
    unknown = api.get(f"/api/tasks/{uuid.uuid4()}/")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["code"] == "task_not_found"


def test_stop_cancels_a_queued_task_then_is_harmless_to_repeat(api, image_ids):
    task = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json").json()
    stopped = api.delete(f"/api/tasks/{task['id']}/")
    assert stopped.status_code == 202
    assert stopped.json()["status"] == "cancelled"
    assert set(TaskChunk.objects.values_list("status", flat=True)) == {"cancelled"}
    assert set(TaskItem.objects.values_list("status", flat=True)) == {"skipped"}
    again = api.delete(f"/api/tasks/{task['id']}/")
    assert again.status_code == 202 and again.json()["status"] == "cancelled"


def test_stop_of_a_finished_task_is_409_and_of_an_unknown_one_404(api, image_ids):
    task = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json").json()
    Task.objects.filter(id=task["id"]).update(status="succeeded")
    finished = api.delete(f"/api/tasks/{task['id']}/")
    assert finished.status_code == 409
    assert finished.json()["error"]["code"] == "task_already_finished"
    assert api.delete(f"/api/tasks/{uuid.uuid4()}/").status_code == 404


def test_a_task_is_split_into_chunks(api, media_root, settings):
    settings.SPOTTER_CHUNK_SIZE = 1
    ids = [image["id"] for image in upload_paths(api, ASTRONAUT, CHELSEA, GRACE_HOPPER)]
    task = api.post("/api/tasks/detect-people/", {"image_ids": ids}, format="json").json()
    assert TaskChunk.objects.filter(task_id=task["id"]).count() == 3
    assert list(TaskItem.objects.filter(task_id=task["id"]).values_list("image_id", flat=True)) == [
        uuid.UUID(i) for i in ids
    ]


@pytest.mark.parametrize(
    ("body", "fragment"),
    [
        ({}, "image_ids"),
        ({"image_ids": "not-a-list"}, "image_ids"),
        ({"image_ids": []}, "image_ids"),
        ({"image_ids": ["nope"]}, "image_ids"),
        ({"image_ids": [str(uuid.UUID(int=1))] * 2}, "only once"),
        ({"image_ids": [str(uuid.uuid4()) for _ in range(10_001)]}, "image_ids"),
        ({"image_ids": [str(uuid.uuid4())], "options": {"min_confidence": 1.5}}, "min_confidence"),
        ({"image_ids": [str(uuid.uuid4())], "options": {"colour": "red"}}, "Unknown options"),
    ],
)
def test_invalid_bodies_are_400_and_create_nothing(api, body, fragment):
    response = api.post("/api/tasks/detect/", body, format="json")
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["code"] == "invalid_input" and fragment in error["message"]
    assert Task.objects.count() == 0


def test_non_json_body_is_400(api):
    response = api.generic("POST", "/api/tasks/detect/", "{not json", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_request"


def test_unknown_task_type_is_404(api, image_ids):
    response = api.post("/api/tasks/paint/", {"image_ids": image_ids}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "unknown_task_type"


def test_unknown_images_are_404_with_the_missing_ids_and_create_nothing(api, image_ids):
    missing = str(uuid.uuid4())
    response = api.post("/api/tasks/detect/", {"image_ids": [*image_ids, missing]}, format="json")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "images_not_found"
    assert response.json()["error"]["details"]["missing"] == [missing]
    assert Task.objects.count() == 0


def test_classes_must_belong_to_the_task_type(api, image_ids):
    response = api.post("/api/tasks/detect-animals/", {"image_ids": image_ids, "options": {"classes": ["car"]}},
                        format="json")  # fmt: skip
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "unknown_classes"
    ok = api.post(
        "/api/tasks/detect-animals/", {"image_ids": image_ids, "options": {"classes": ["cat"]}}, format="json"
    )
    assert ok.status_code == 202 and ok.json()["options"]["classes"] == ["cat"]


def test_task_types_are_listed_with_their_classes(api):
    types = {t["name"]: t for t in api.get("/api/task-types/").json()}
    assert set(types) == {
        "detect", "detect-people", "detect-animals", "detect-vehicles", "tag", "read", "faces", "analyze"
    }  # fmt: skip
    assert len(types["detect"]["classes"]) == 80
    assert types["detect-people"]["classes"] == ["person"]
    assert types["detect"]["title"] == "Find objects" and types["detect-people"]["title"] == "Find people"
    assert "cat" in types["detect-animals"]["classes"] and "car" in types["detect-vehicles"]["classes"]
    assert (types["tag"]["detects"], types["tag"]["tags"], types["tag"]["classes"]) == (False, True, [])
    analyze, faces = types["analyze"], types["faces"]
    assert (analyze["detects"], analyze["tags"], analyze["reads"], analyze["faces"]) == (True, True, True, True)
    assert (faces["detects"], faces["tags"], faces["reads"], faces["faces"]) == (False, False, False, True)
    assert (types["read"]["detects"], types["read"]["tags"], types["read"]["reads"]) == (False, False, True)
    assert types["detect"]["thorough_tiles"] == 12 and types["tag"]["thorough_tiles"] is None


def test_list_filters_by_status_newest_first(api, image_ids):
    first = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json").json()
    second = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json").json()
    api.delete(f"/api/tasks/{first['id']}/")
    assert [t["id"] for t in api.get("/api/tasks/").json()["results"]] == [second["id"], first["id"]]
    assert [t["id"] for t in api.get("/api/tasks/?status=cancelled").json()["results"]] == [first["id"]]
    assert api.get("/api/tasks/?status=bogus").status_code == 400


def test_requests_without_credentials_are_401(client):
    response = client.get("/api/tasks/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_chunk_left_queued_after_a_stop_does_not_keep_the_task_cancelling(api, image_ids):
    """E.g. a worker that failed mid-chunk handed it back to the queue just as the stop arrived."""
    from long_running_tasks.service import TaskService

    task = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json").json()
    Task.objects.filter(id=task["id"]).update(status="cancelling")
    TaskService().work_on_task(task["id"], "a worker")  # the chunk's message: it finds the task stopping
    assert api.get(f"/api/tasks/{task['id']}/").json()["status"] == "cancelled"
    assert set(TaskChunk.objects.values_list("status", flat=True)) == {"cancelled"}


def test_a_boolean_is_not_a_minimum_confidence(api, image_ids):
    response = api.post(
        "/api/tasks/detect/", {"image_ids": image_ids, "options": {"min_confidence": True}}, format="json"
    )
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_input"
    assert "min_confidence" in response.json()["error"]["message"]
    assert not Task.objects.exists()


def test_a_task_id_that_is_not_a_uuid_is_an_unknown_task(api):
    for method in ("get", "delete"):
        response = getattr(api, method)("/api/tasks/abc/")
        assert response.status_code == 404 and response.json()["error"]["code"] == "task_not_found", method


def test_stopping_a_cancelled_task_again_is_accepted_and_changes_nothing(api, image_ids):
    task = api.post("/api/tasks/detect/", {"image_ids": image_ids}, format="json").json()
    first = api.delete(f"/api/tasks/{task['id']}/").json()
    again = api.delete(f"/api/tasks/{task['id']}/")
    assert again.status_code == 202 and again.json() == first and first["status"] == "cancelled"
