"""Pause, resume, retry and sharing the workers between tasks, through a real Celery worker (two processes),
the Redis broker, PostgreSQL and the real detector."""

import time

import pytest

from image_processing.models import Image
from long_running_tasks.models import TaskChunk, TaskItem
from tests.reliability.checks import assert_consistent, assert_one_set_of_detections
from tests.support import CHELSEA, upload_paths, wait_for, wait_for_task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]

PAUSE_SECONDS = 5.0  # far longer than the work before the pause, even on a loaded machine


def _submit(api, ids: list[str]) -> dict:
    response = api.post("/api/tasks/detect/", {"image_ids": ids}, format="json")
    assert response.status_code == 202, response.content
    return response.json()


def _task(api, task_id: str) -> dict:
    return api.get(f"/api/tasks/{task_id}/").json()


def _paused_mid_task(api, ids: list[str]) -> tuple[dict, float]:
    """A task paused once it has made progress, and when its workers let go of it, after the pause."""
    task = _submit(api, ids)
    wait_for(lambda: _task(api, task["id"])["processed"] >= 2, 120, 0.02, "progress")
    asked = time.monotonic()
    paused = api.post(f"/api/tasks/{task['id']}/pause")
    assert paused.status_code == 202 and paused.json()["status"] == "paused", paused.content
    running = TaskChunk.objects.filter(task_id=task["id"], status=TaskChunk.Status.RUNNING)
    wait_for(lambda: not running.exists(), 30, 0.01, "the workers let go")
    return task, time.monotonic() - asked


def test_a_paused_task_holds_no_worker_and_resumes_to_do_each_photo_once(api, many_photos):
    ids = [image["id"] for image in upload_paths(api, *many_photos)]
    task, let_go_after = _paused_mid_task(api, ids)
    held = _task(api, task["id"])
    assert held["status"] == "paused" and held["eta_seconds"] is None and held["processed"] < len(ids)
    time.sleep(PAUSE_SECONDS)
    assert _task(api, task["id"])["processed"] == held["processed"]  # nothing moves while paused
    assert api.post(f"/api/tasks/{task['id']}/pause").status_code == 202  # again: harmless

    resumed = api.post(f"/api/tasks/{task['id']}/resume")
    assert resumed.status_code == 202 and resumed.json()["status"] == "running"
    # Its rate (and so its time left) leaves the pause out: counting it, the rate would be under this.
    assert resumed.json()["images_per_second"] > held["processed"] / PAUSE_SECONDS
    final = wait_for_task(api, task["id"])
    assert (final["status"], final["processed"], final["failed"]) == ("succeeded", len(ids), 0)
    assert_consistent(task["id"])
    assert_one_set_of_detections(ids, task["id"])
    print(f"pause: the workers let go {let_go_after * 1000:.0f} ms after the request")


def test_stop_works_on_a_paused_task(api, many_photos):
    ids = [image["id"] for image in upload_paths(api, *many_photos[:24])]
    task, _ = _paused_mid_task(api, ids)
    assert api.delete(f"/api/tasks/{task['id']}/").status_code == 202
    final = wait_for_task(api, task["id"], timeout=30)
    assert final["status"] == "cancelled" and final["processed"] < len(ids)
    assert TaskItem.objects.filter(task_id=task["id"], status="skipped").count() == len(ids) - final["processed"]
    assert api.post(f"/api/tasks/{task['id']}/resume").status_code == 409


def test_pause_resume_and_retry_answer_409_where_they_make_no_sense_and_404_for_others(api, other_api):
    (cat,) = upload_paths(api, CHELSEA)
    finished = wait_for_task(api, _submit(api, [cat["id"]])["id"])
    for action, code in [("pause", "task_not_pausable"), ("resume", "task_not_paused"), ("retry", "nothing_to_retry")]:
        response = api.post(f"/api/tasks/{finished['id']}/{action}")
        assert response.status_code == 409 and response.json()["error"]["code"] == code, action
        assert other_api.post(f"/api/tasks/{finished['id']}/{action}").status_code == 404


def test_retry_runs_the_failed_photos_again_as_a_new_task(api, many_photos):
    images = upload_paths(api, *many_photos[:3])
    missing = Image.objects.get(id=images[1]["id"])
    (missing_file := _stored_path(missing.file_name)).rename(missing_file.with_suffix(".gone"))
    first = wait_for_task(api, _submit(api, [image["id"] for image in images])["id"])
    assert (first["status"], first["failed"]) == ("succeeded", 1)
    (failure,) = [r for r in api.get(f"/api/tasks/{first['id']}/results").json()["results"] if r["error"]]
    assert failure["image_id"] == images[1]["id"] and "missing" in failure["error"]

    missing_file.with_suffix(".gone").rename(missing_file)  # the file is back
    retried = api.post(f"/api/tasks/{first['id']}/retry")
    assert retried.status_code == 202, retried.content
    second = wait_for_task(api, retried.json()["id"])
    assert (second["status"], second["total"], second["failed"]) == ("succeeded", 1, 0)
    assert second["options"] == first["options"] and second["type"] == first["type"]
    assert api.post(f"/api/tasks/{second['id']}/retry").status_code == 409  # none failed


def test_a_small_task_behind_a_large_one_does_not_wait_for_it(api, many_photos):
    large_ids = [image["id"] for image in upload_paths(api, *many_photos[:45])]
    small_ids = [image["id"] for image in upload_paths(api, *many_photos[45:])]
    large = _submit(api, large_ids)
    wait_for(lambda: _task(api, large["id"])["processed"] >= 1, 120, 0.02, "the large task under way")
    small = wait_for_task(api, _submit(api, small_ids)["id"])
    large_now = _task(api, large["id"])
    assert small["status"] == "succeeded"
    assert large_now["status"] == "running" and large_now["processed"] < len(large_ids), large_now
    wait_for_task(api, large["id"])


def _stored_path(file_name: str):
    from django.conf import settings

    return settings.MEDIA_ROOT / file_name
