"""The `read` task through a real Celery worker, the Redis broker, PostgreSQL and the real text reader: it reads
the photos' text with progress, a stop lands between photos and keeps what was read, and `analyze` reads too."""

import pytest

from image_processing.models import TextLine
from image_processing.tests import text_photos
from tests.support import jpeg_bytes, upload, wait_for, wait_for_task

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("celery_worker")]


def _pages(count: int) -> list[tuple[str, bytes]]:
    """Printed pages, each with a number of its own (so that none is answered from another's cached reading)."""
    pages = []
    for n in range(count):
        page = text_photos.printed_page()
        text_photos.drawn(page, f"Page {n + 1} of {count}", (120, 1500), 56, (15, 15, 15))
        pages.append((f"page-{n + 1}.jpg", jpeg_bytes(page)))
    return pages


def test_a_read_task_reads_the_text_and_a_stop_keeps_what_was_read(api):
    ids = [image["id"] for image in upload(api, *_pages(8)).json()["images"]]
    task = api.post("/api/tasks/read/", {"image_ids": ids}, format="json")
    assert task.status_code == 202, task.content
    task_id = task.json()["id"]
    wait_for(lambda: api.get(f"/api/tasks/{task_id}/").json()["processed"] >= 1, timeout=120, what="a page read")
    assert api.delete(f"/api/tasks/{task_id}/").status_code == 202

    final = wait_for_task(api, task_id, timeout=60)
    assert final["status"] == "cancelled" and 1 <= final["processed"] < final["total"] == 8
    assert final["summary"] == {"text": final["processed"]}
    read = {line.image_id for line in TextLine.objects.filter(task_id=task_id)}
    assert len(read) == final["processed"]
    first = api.get(f"/api/images/{sorted(read)[0]}/").json()
    assert [line["text"] for line in first["text"]][:2] == ["RECEIPT", "Lisboa Bakery"]
    assert len(api.get("/api/images/", {"q": "text:lisboa"}).json()["results"]) == final["processed"]


def test_analyze_finds_objects_tags_and_reads_from_one_reading_of_the_photo(api):
    (cafe,) = upload(api, ("cafe.jpg", jpeg_bytes(text_photos.cafe_sign()))).json()["images"]
    task = api.post("/api/tasks/analyze/", {"image_ids": [cafe["id"]]}, format="json").json()
    assert wait_for_task(api, task["id"], timeout=120)["status"] == "succeeded"
    detail = api.get(f"/api/images/{cafe['id']}/").json()
    assert detail["labels"].get("cat") == 1 and detail["tags"]
    assert "Wi-Fi password: sunflower" in [line["text"] for line in detail["text"]]
