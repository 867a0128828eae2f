"""GET /api/exports/: photos' results as a zip in COCO, YOLO or CSV (image_processing/exports.py), for a
selection, a search or a task. A project-level view: it asks the task module which photos a task covered
and the image module for the rest."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from core.api.negotiation import IgnoreAccept
from core.api.responses import StreamedFromThread
from image_processing.detection import DEFAULT_MIN_CONFIDENCE
from image_processing.exports import FORMATS as EXPORT_FORMATS
from image_processing.repository import PhotoFilters
from image_processing.services.gallery import GalleryService
from image_processing.services.photos import PhotoService
from long_running_tasks.service import TaskService


class ExportQuery(serializers.Serializer):
    format = serializers.ChoiceField(choices=EXPORT_FORMATS)
    image_ids = serializers.CharField(required=False, help_text="Comma-separated photo ids.")
    label = serializers.CharField(required=False, max_length=32)
    q = serializers.CharField(required=False, max_length=500, help_text="A search, as for GET /api/images/.")
    model = serializers.CharField(
        required=False, max_length=48, help_text="Whose detections (default: the default model)."
    )
    min_confidence = serializers.FloatField(required=False, default=DEFAULT_MIN_CONFIDENCE, min_value=0, max_value=1)
    taken_after = serializers.DateField(required=False)
    taken_before = serializers.DateField(required=False)
    task = serializers.UUIDField(required=False, help_text="The photos of this task, with what it found.")
    with_photos = serializers.BooleanField(required=False, default=False, help_text="Add the original files.")

    def validate_image_ids(self, value: str) -> list:
        field = serializers.UUIDField()
        return [field.to_internal_value(part.strip()) for part in value.split(",") if part.strip()]

    def validate(self, data: dict) -> dict:
        # A parameter given empty would otherwise read as left out: the whole library.
        for name in ("image_ids", "task"):
            if name in self.initial_data and not self.initial_data[name].strip(", "):
                raise serializers.ValidationError({name: "Give a value, or leave the parameter out."})
        return data


class ExportView(APIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        parameters=[ExportQuery],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="A zip, streamed.")},
        summary="Export photos' detections as COCO, YOLO or CSV (a zip)",
    )
    def get(self, request: Request) -> StreamedFromThread:
        query = ExportQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        ids = given.get("image_ids")
        if ids is not None:
            PhotoService().require_owned(request.user.id, ids)
        if "task" in given:  # 404 when it is not the caller's
            task_ids = TaskService().image_ids(request.user.id, given["task"])
            ids = task_ids if ids is None else sorted(set(ids) & set(task_ids))
        filters = PhotoFilters(
            label=given.get("label"),
            query=given.get("q"),
            model=given.get("model"),
            min_confidence=given["min_confidence"] if "label" in given else None,
            taken_after=given.get("taken_after"),
            taken_before=given.get("taken_before"),
            ids=ids,
        )
        fmt = given["format"]
        chunks = GalleryService().export(
            request.user.id, filters, fmt, given["min_confidence"], given["with_photos"], given.get("task")
        )
        response = StreamedFromThread(chunks, content_type="application/zip")
        response["Content-Disposition"] = f'attachment; filename="spotter-{fmt}.zip"'
        return response
