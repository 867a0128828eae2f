from datetime import datetime

from django.utils import timezone
from rest_framework import serializers

from image_processing.serializers import DetectionOutput

from .models import Task, TaskItem


class TaskOptionsInput(serializers.Serializer):
    min_confidence = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
    classes = serializers.ListField(child=serializers.CharField(max_length=32), required=False, max_length=80)

    def to_internal_value(self, data):
        unknown = set(data) - set(self.fields) if isinstance(data, dict) else set()
        if unknown:
            raise serializers.ValidationError(f"Unknown options: {', '.join(sorted(unknown))}.")
        return super().to_internal_value(data)


class UuidString(serializers.UUIDField):
    """A UUID written as a string: DRF's UUIDField alone also takes the number 1 as 00000000-…-0001."""

    def to_internal_value(self, data):
        if not isinstance(data, str):
            self.fail("invalid", value=data)
        return super().to_internal_value(data)


class TaskSubmitInput(serializers.Serializer):
    image_ids = serializers.ListField(child=UuidString(), allow_empty=False, max_length=10_000)
    options = TaskOptionsInput(required=False)

    def validate_image_ids(self, image_ids):
        if len(set(image_ids)) != len(image_ids):
            raise serializers.ValidationError("Each image id may appear only once.")
        return image_ids


# The fields describe a task for the schema; `task_json` renders it, here and in the progress fast path
# (which answers without DRF). The view passes each task's label summary in the context's `summaries`.
class TaskOutput(serializers.ModelSerializer):
    progress = serializers.FloatField(read_only=True, help_text="Percent of the images processed.")
    images_per_second = serializers.FloatField(read_only=True, allow_null=True)
    eta_seconds = serializers.FloatField(read_only=True, allow_null=True)
    summary = serializers.DictField(
        child=serializers.IntegerField(), read_only=True, help_text="Detections per class found by this task."
    )

    class Meta:
        model = Task
        fields = [
            "id",
            "type",
            "status",
            "progress",
            "total",
            "processed",
            "failed",
            "created_at",
            "started_at",
            "finished_at",
            "images_per_second",
            "eta_seconds",
            "summary",
            "error",
            "options",
        ]

    def to_representation(self, task: Task) -> dict:
        return task_json(task, self.context.get("summaries", {}).get(task.id, {}))


def task_json(task: Task, summary: dict[str, int]) -> dict:
    """The body of a task, as TaskOutput declares it (times in ISO 8601, UTC as `Z`, as DRF writes them)."""
    rate = _images_per_second(task)
    if task.status in Task.FINISHED:
        eta = 0.0
    elif task.status == Task.Status.RUNNING and rate:
        eta = round((task.total - task.processed) / rate, 1)
    else:
        eta = None
    return {
        "id": str(task.id),
        "type": task.type,
        "status": task.status,
        "progress": round(100 * task.processed / task.total, 1) if task.total else 100.0,
        "total": task.total,
        "processed": task.processed,
        "failed": task.failed,
        "created_at": _iso(task.created_at),
        "started_at": _iso(task.started_at),
        "finished_at": _iso(task.finished_at),
        "images_per_second": rate,
        "eta_seconds": eta,
        "summary": summary,
        "error": task.error,
        "options": task.options,
    }


def _images_per_second(task: Task) -> float | None:
    if not task.started_at or not task.processed:
        return None
    elapsed = ((task.finished_at or timezone.now()) - task.started_at).total_seconds()
    return round(task.processed / elapsed, 2) if elapsed > 0 else None


def _iso(moment: datetime | None) -> str | None:
    if moment is None:
        return None
    text = timezone.localtime(moment).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


class TaskResultOutput(serializers.ModelSerializer):
    detections = serializers.SerializerMethodField()

    class Meta:
        model = TaskItem
        fields = ["image_id", "status", "error", "detections"]

    def get_detections(self, item: TaskItem) -> DetectionOutput(many=True):
        return DetectionOutput(self.context.get("detections", {}).get(item.image_id, []), many=True).data


class TaskTypeOutput(serializers.Serializer):
    name = serializers.CharField()
    description = serializers.CharField()
    classes = serializers.ListField(child=serializers.CharField())


class TaskListQuery(serializers.Serializer):
    status = serializers.ChoiceField(choices=Task.Status.choices, required=False)
