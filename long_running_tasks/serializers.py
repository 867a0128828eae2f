from drf_spectacular.extensions import OpenApiSerializerExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import QueryParameters, TextField, UuidString
from image_processing.detection import PRECISIONS
from image_processing.serializers import model_name_field

from .models import Task, TaskItem


class NumberField(serializers.FloatField):
    """A JSON number: DRF's FloatField alone also takes `true` as 1.0."""

    def to_internal_value(self, data):
        if isinstance(data, bool):
            self.fail("invalid")
        return super().to_internal_value(data)


class TaskOptionsInput(serializers.Serializer):
    min_confidence = NumberField(required=False, min_value=0.0, max_value=1.0)
    classes = serializers.ListField(child=TextField(max_length=32), required=False, max_length=1000)
    precision = serializers.ChoiceField(
        choices=PRECISIONS,
        required=False,
        help_text="exact (the default), or reduced: bf16, quicker, nearly the same boxes",
    )
    model = model_name_field("A model's name (default: the default model).", required=False)
    mode = serializers.ChoiceField(
        choices=["fast", "thorough"],
        required=False,
        help_text="fast (the default), or thorough: also in overlapping tiles, for small objects (slower)",
    )

    def to_internal_value(self, data):
        unknown = set(data) - set(self.fields) if isinstance(data, dict) else set()
        if unknown:
            raise serializers.ValidationError(f"Unknown options: {', '.join(sorted(unknown))}.")
        return super().to_internal_value(data)


class _OptionsSchema(OpenApiSerializerExtension):
    """The options' schema says what their to_internal_value does: no option but those named."""

    target_class = TaskOptionsInput

    def map_serializer(self, auto_schema, direction):
        return {**auto_schema._map_basic_serializer(self.target, direction), "additionalProperties": False}


@extend_schema_field(
    {
        "type": "array",
        "items": {"type": "string", "format": "uuid"},
        "minItems": 1,
        "maxItems": 10_000,
        "uniqueItems": True,
    }
)
class ImageIdList(serializers.ListField):
    """One to 10,000 photo ids, each once."""

    def __init__(self, **kwargs):
        super().__init__(child=UuidString(), allow_empty=False, max_length=10_000, **kwargs)


class TaskSubmitInput(serializers.Serializer):
    image_ids = ImageIdList()
    options = TaskOptionsInput(required=False)

    def validate_image_ids(self, image_ids):
        if len(set(image_ids)) != len(image_ids):
            raise serializers.ValidationError("Each image id may appear only once.")
        return image_ids


class TaskOutput(serializers.ModelSerializer):
    progress = serializers.SerializerMethodField(help_text="Percent of the images processed.")
    images_per_second = serializers.FloatField(
        read_only=True,
        allow_null=True,
        help_text="Photos a model examined per second (photos answered from the result cache left out); null "
        "until a few were examined",
    )
    eta_seconds = serializers.FloatField(
        read_only=True, allow_null=True, help_text="Seconds left at that rate; 0 once finished, null while unknown"
    )
    summary = serializers.SerializerMethodField(
        help_text="Objects found per class by this task, most first (a task that only tags: each photo's best tag; "
        "one that only reads: `text`, the photos with text)."
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
            "model",
        ]
        read_only_fields = fields  # an answer always has every field

    def get_progress(self, task: Task) -> float:
        return round(100 * task.processed / task.total, 1) if task.total else 100.0

    def get_summary(self, task: Task) -> dict[str, int]:
        return dict(sorted(task.summary.items(), key=lambda label_count: (-label_count[1], label_count[0])))


class TaskResultOutput(serializers.ModelSerializer):
    detections = serializers.SerializerMethodField()

    class Meta:
        model = TaskItem
        fields = ["image_id", "status", "error", "detections"]

    # The image service gives detections already in the API's shape; the schema names that shape.
    @extend_schema_field({"type": "array", "items": {"$ref": "#/components/schemas/DetectionOutput"}})
    def get_detections(self, item: TaskItem) -> list[dict]:
        """The view passes the page's detections, by photo, in the context's `detections`."""
        return self.context.get("detections", {}).get(item.image_id, [])


class TaskTypeOutput(serializers.Serializer):
    name = serializers.CharField()
    title = serializers.CharField(help_text="Its name in the web app.")
    description = serializers.CharField()
    detects = serializers.BooleanField(help_text="It finds objects (and takes min_confidence, classes, model, mode).")
    tags = serializers.BooleanField(help_text="It tags photos with fine-grained classes.")
    reads = serializers.BooleanField(help_text="It reads the text in photos.")
    faces = serializers.BooleanField(help_text="It finds faces and sorts them into people.")
    thorough_tiles = serializers.IntegerField(
        allow_null=True,
        help_text="Tiles a 4:3 photo is examined in by options.mode=thorough, after the whole photo; null: no mode.",
    )
    classes = serializers.ListField(
        child=serializers.CharField(), help_text="What it looks for, with the default model."
    )


class TaskListQuery(QueryParameters):
    status = serializers.ChoiceField(choices=Task.Status.choices, required=False)
