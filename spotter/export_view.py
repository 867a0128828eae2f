"""GET /api/exports/: photos' results as a zip in COCO, YOLO or CSV (image_processing/exports.py), for a
selection, a search or a task. A project-level view: it asks the task module which photos a task covered
and the image module for the rest."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.views import APIView

from core.api.fields import UUID_PATTERN, QueryParameters, TextField, UuidString
from core.api.negotiation import IgnoreAccept
from core.api.responses import StreamedFromThread
from core.api.schema import refusals
from image_processing.detection import DEFAULT_MIN_CONFIDENCE
from image_processing.exports import FORMATS as EXPORT_FORMATS
from image_processing.repository import PhotoFilters
from image_processing.serializers import SEARCH_REFUSED, UNKNOWN_MODEL, model_name_field
from image_processing.services.gallery import GalleryService
from image_processing.services.photos import PhotoService
from long_running_tasks.service import TaskService


class ExportQuery(QueryParameters):
    format = serializers.ChoiceField(choices=EXPORT_FORMATS)
    image_ids = TextField(
        required=False,
        trim_whitespace=False,
        pattern=rf"^{UUID_PATTERN}(,{UUID_PATTERN})*$",
        message="Give photo ids separated by commas.",
        help_text="Comma-separated photo ids.",
    )
    label = TextField(required=False, max_length=32)
    q = TextField(required=False, max_length=500, help_text="A search, as for GET /api/images/.")
    model = model_name_field("Whose detections (default: the default model).", required=False)
    min_confidence = serializers.FloatField(required=False, default=DEFAULT_MIN_CONFIDENCE, min_value=0, max_value=1)
    taken_after = serializers.DateField(required=False)
    taken_before = serializers.DateField(required=False)
    task = UuidString(required=False, help_text="The photos of this task, with what it found.")
    with_photos = serializers.BooleanField(required=False, default=False, help_text="Add the original files.")

    def validate_image_ids(self, value: str) -> list:
        field = serializers.UUIDField()
        return [field.to_internal_value(part) for part in value.split(",")]


class ExportView(APIView):
    content_negotiation_class = IgnoreAccept

    @extend_schema(
        parameters=[ExportQuery],
        responses={(200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="A zip, streamed.")},
        summary="Export photos' detections as COCO, YOLO or CSV (a zip)",
        extensions=refusals(**UNKNOWN_MODEL, **SEARCH_REFUSED),
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
            # As the gallery's list: with a label or a search, the minimum says which photos' boxes match.
            min_confidence=given["min_confidence"] if "label" in given or "q" in given else None,
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
