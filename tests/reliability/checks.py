"""What must hold after any fault: the task's final status agrees with its counters, its items and
the detections stored; every image has exactly one set of detections."""

from collections import Counter

from django.conf import settings

from image_processing.models import Detection, Image, TrashedPhoto
from long_running_tasks.models import Task, TaskChunk, TaskItem


def assert_consistent(task_id) -> Task:
    task = Task.objects.get(id=task_id)
    assert task.status in Task.FINISHED, task.status
    items = Counter(TaskItem.objects.filter(task_id=task_id).values_list("status", flat=True))
    assert items["pending"] == 0, items
    assert not TaskChunk.objects.filter(task_id=task_id, status__in=TaskChunk.UNSETTLED).exists()
    assert task.processed == items["succeeded"] + items["failed"], (task.processed, items)
    assert task.failed == items["failed"], (task.failed, items)
    assert sum(items.values()) == task.total
    if task.status == Task.Status.SUCCEEDED:
        assert task.processed == task.total and not items["skipped"] and task.error is None
    if task.status == Task.Status.CANCELLED:
        assert items["skipped"] >= 1 and task.processed + items["skipped"] == task.total
    if task.status == Task.Status.FAILED:
        assert task.error
    done_images = set(TaskItem.objects.filter(task_id=task_id, status="succeeded").values_list("image_id", flat=True))
    with_detections = set(Detection.objects.filter(task_id=task_id).values_list("image_id", flat=True))
    assert with_detections <= done_images, "detections stored for an image the task did not finish"
    return task


def assert_one_set_of_detections(image_ids, task_id) -> None:
    """Each image has detections, all from this task, and none twice (a redelivered chunk that ran
    an image again would leave a second copy)."""
    for image_id in image_ids:
        rows = list(Detection.objects.filter(image_id=image_id).values_list(
            "task_id", "label", "confidence", "x_min", "y_min", "x_max", "y_max"))  # fmt: skip
        assert rows, f"image {image_id} has no detections"
        assert {str(row[0]) for row in rows} == {str(task_id)}, f"image {image_id} has detections of other tasks"
        assert len(rows) == len(set(rows)), f"image {image_id} has duplicated detections"
        assert TaskItem.objects.filter(task_id=task_id, image_id=image_id, status="succeeded").count() == 1


def assert_rows_match_files(media_root) -> int:
    """Every photo (in the library or the trash) has its two files and no file is without its photo."""
    from pathlib import Path

    root = Path(media_root)
    on_disk = {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()} if root.exists() else set()
    expected = set()
    for photos in (Image.objects, TrashedPhoto.objects):
        for original, thumbnail in photos.values_list("file_name", "thumbnail_name"):
            expected.update((original, thumbnail))
    assert on_disk == expected, (sorted(on_disk ^ expected)[:10], settings.MEDIA_ROOT)
    return len(expected) // 2
