from django.conf import settings
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api.fields import WHITE_SPACE, QueryParameters, TextField

from .model_registry import NAME_PATTERN, TITLE_MAX_LENGTH
from .models import Detection, Face, Image, Tag, TextLine


class BoxSerializer(serializers.Serializer):
    x_min = serializers.FloatField()
    y_min = serializers.FloatField()
    x_max = serializers.FloatField()
    y_max = serializers.FloatField()


class DetectionOutput(serializers.ModelSerializer):
    box = serializers.SerializerMethodField()

    class Meta:
        model = Detection
        fields = ["label", "confidence", "box", "task_id", "model"]

    def get_box(self, detection: Detection) -> BoxSerializer:
        return BoxSerializer(detection).data


class TagOutput(serializers.ModelSerializer):
    class Meta:
        model = Tag
        fields = ["name", "score", "model", "task_id"]


class TextLineOutput(serializers.ModelSerializer):
    box = serializers.SerializerMethodField(help_text="Around the line, as fractions of the displayed photo.")

    class Meta:
        model = TextLine
        fields = ["text", "confidence", "box", "model", "task_id"]

    def get_box(self, line: TextLine) -> BoxSerializer:
        return BoxSerializer(line).data


class PersonRefOutput(serializers.Serializer):
    id = serializers.UUIDField()
    name = serializers.CharField(allow_null=True, help_text="Null while unnamed.")


class FaceOutput(serializers.ModelSerializer):
    """A face in a photo's detail: its box as fractions of the displayed photo, and whom it was sorted into."""

    box = serializers.SerializerMethodField()
    person = serializers.SerializerMethodField()

    class Meta:
        model = Face
        fields = ["id", "box", "confidence", "person"]

    def get_box(self, face: Face) -> BoxSerializer:
        return BoxSerializer(face).data

    def get_person(self, face: Face) -> PersonRefOutput(allow_null=True):
        if face.person is None:
            return None
        return {"id": face.person.id, "name": face.person.name or None}


class MatchOutput(serializers.Serializer):
    term = serializers.CharField(help_text="The query's term.")
    matched = serializers.CharField(
        help_text="The label or tag that matched it; for text, the line read; for a face, the person's name."
    )
    kind = serializers.ChoiceField(choices=["detection", "tag", "text", "face"])
    confidence = serializers.FloatField()


def thumbnail_url(image: Image) -> str:
    return f"/api/images/{image.id}/thumbnail"


class ImageOutput(serializers.ModelSerializer):
    file_url = serializers.SerializerMethodField()
    matches = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()
    labels = serializers.SerializerMethodField()
    best_tags = serializers.SerializerMethodField(help_text="Its best tags by the tagger (at most 3), best first.")
    has_text = serializers.SerializerMethodField(help_text="Text was read in it (its detail has the lines).")
    yours = serializers.SerializerMethodField(help_text="It is your own photo; false: one in an album shared with you.")

    class Meta:
        model = Image
        fields = [
            "id",
            "filename",
            "content_type",
            "width",
            "height",
            "size_bytes",
            "sha256",
            "created_at",
            "file_url",
            "thumbnail_url",
            "labels",
            "analysed_by",
            "taken_at",
            "camera",
            "matches",
            "best_tags",
            "has_text",
            "yours",
        ]
        read_only_fields = fields  # an answer always has every field

    def get_file_url(self, image: Image) -> str:
        return f"/api/images/{image.id}/file"

    def get_has_text(self, image: Image) -> bool:
        return image.id in self.context.get("with_text", set())

    def get_yours(self, image: Image) -> bool:
        """Whether it is the `viewer_id`'s the view passes (the caller's: uploads and restores answer their own)."""
        return image.owner_id == self.context.get("viewer_id", image.owner_id)

    def get_thumbnail_url(self, image: Image) -> str:
        return thumbnail_url(image)

    @extend_schema_field(MatchOutput(many=True))
    def get_matches(self, image: Image) -> list[dict]:
        """Why it matched the search (`q`), term by term; empty without a search."""
        return self.context.get("matches", {}).get(image.id, [])

    def get_labels(self, image: Image) -> dict[str, int]:
        """Counts of the model's detections per class; the view passes them in `label_counts`."""
        return self.context.get("label_counts", {}).get(image.id, {})

    def get_best_tags(self, image: Image) -> list[str]:
        """The view passes them in `best_tags`."""
        return self.context.get("best_tags", {}).get(image.id, [])


class LocationOutput(serializers.Serializer):
    latitude = serializers.FloatField()
    longitude = serializers.FloatField()


class ImageDetailOutput(ImageOutput):
    detections = serializers.SerializerMethodField()
    location = serializers.SerializerMethodField(help_text="Where it was taken (EXIF GPS); null but to its owner.")

    examined_by = serializers.SerializerMethodField(help_text="The models whose detections it has, for comparing.")
    tags = serializers.SerializerMethodField(help_text="Its best classes by the tagger, best first.")
    text = serializers.SerializerMethodField(help_text="The lines of text read in it, in reading order.")
    faces = serializers.SerializerMethodField(
        help_text="The faces found in it, left to right; in a photo shared with you, only those of named people."
    )

    class Meta(ImageOutput.Meta):
        fields = [*ImageOutput.Meta.fields, "location", "detections", "examined_by", "tags", "text", "faces"]

    def get_faces(self, image: Image) -> FaceOutput(many=True):
        return FaceOutput(self.context.get("faces", []), many=True).data

    def get_tags(self, image: Image) -> TagOutput(many=True):
        return TagOutput(self.context.get("tags", []), many=True).data

    def get_text(self, image: Image) -> TextLineOutput(many=True):
        return TextLineOutput(self.context.get("text", []), many=True).data

    def get_examined_by(self, image: Image) -> list[str]:
        found_by = {detection.model for detection in self.context.get("detections", [])}
        return sorted(found_by | ({image.analysed_by} if image.analysed_by else set()))

    def get_location(self, image: Image) -> LocationOutput(allow_null=True):
        if image.latitude is None or image.longitude is None or not self.get_yours(image):
            return None
        return {"latitude": image.latitude, "longitude": image.longitude}

    def get_detections(self, image: Image) -> DetectionOutput(many=True):
        return DetectionOutput(self.context.get("detections", []), many=True).data


class UploadInput(serializers.Serializer):
    # More files than Django takes in one request are a 413 (core/api/middleware.py).
    files = serializers.ListField(
        child=serializers.FileField(allow_empty_file=True),
        min_length=1,
        max_length=settings.DATA_UPLOAD_MAX_NUMBER_FILES,
    )


class UploadError(serializers.Serializer):
    filename = serializers.CharField()
    error = serializers.DictField()


class UploadedImageOutput(ImageOutput):
    duplicate = serializers.SerializerMethodField(help_text="Already in your library: this is the photo stored then.")
    looks_like = serializers.SerializerMethodField(
        help_text="Your other photos of the same picture (resized, recompressed, re-encoded…): near-duplicates."
    )

    class Meta(ImageOutput.Meta):
        fields = [*ImageOutput.Meta.fields, "duplicate", "looks_like"]

    def get_duplicate(self, image: Image) -> bool:
        return image.id in self.context.get("duplicates", set())

    @extend_schema_field(serializers.ListField(child=serializers.UUIDField()))
    def get_looks_like(self, image: Image) -> list[str]:
        return [str(image_id) for image_id in self.context.get("looks_like", {}).get(image.id, [])]


class UploadOutput(serializers.Serializer):
    images = UploadedImageOutput(many=True)
    errors = UploadError(many=True)


def model_name_field(help_text: str, **kwargs) -> TextField:
    """A model's name as models are named (the name of no model is a 400 `unknown_model` all the same)."""
    return TextField(
        max_length=48,
        trim_whitespace=False,
        pattern=NAME_PATTERN.pattern,
        message="A model's name is letters, digits, dots, dashes and underscores, starting with a letter or digit.",
        help_text=help_text,
        **kwargs,
    )


# Refusals of well-formed requests (core/api/schema.refusals): what no schema can say.
UNKNOWN_MODEL = {"unknown_model": "no model has this name (`details.known` lists those that do)"}
SEARCH_REFUSED = {
    "unknown_term": "a word of the search Spotter does not know (`details.suggestions`: words it does)",
    "malformed_query": "the search cannot be read (`details.position`: where it goes wrong)",
    "unknown_person": "who: names nobody you have named so",
}
PHOTO_REFUSED = {
    "unsupported_type": "the file is no JPEG, PNG, WebP, HEIC or AVIF image",
    "corrupt": "the file does not decode",
    "empty": "the file is empty",
    "too_large": "the file has too many bytes",
    "too_many_pixels": "the image has too many pixels",
    "no_valid_files": "none of several files could be stored (`errors` says why for each)",
}


class ModelQuery(QueryParameters):
    model = model_name_field("Whose detections count (default: the default model).", required=False)


class ImageListQuery(ModelQuery):
    q = TextField(
        required=False,
        max_length=500,
        help_text='A search: dog beach, "golden retriever", -car, person>=2, cat>0.8, is:blurry, is:duplicate '
        "(see docs/search.md).",
        source="query",
    )
    label = TextField(required=False, max_length=32)
    min_confidence = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
    taken_after = serializers.DateField(required=False, help_text="Taken on or after (uploaded, if no date).")
    taken_before = serializers.DateField(required=False, help_text="Taken on or before (uploaded, if no date).")
    labels_at = serializers.FloatField(
        required=False,
        min_value=0.0,
        max_value=1.0,
        help_text="The confidence each photo's `labels` are counted at (default: min_confidence, else 0).",
    )
    album = serializers.UUIDField(required=False, help_text="Only the photos of this album (yours or shared with you).")
    person = serializers.UUIDField(required=False, help_text="Only the photos of this person of yours.")


class MinConfidenceQuery(QueryParameters):
    min_confidence = serializers.FloatField(required=False, default=0.5, min_value=0.0, max_value=1.0)


class LabelListQuery(MinConfidenceQuery, ModelQuery):
    pass


class AnnotatedQuery(MinConfidenceQuery, ModelQuery):
    classes = TextField(required=False, allow_blank=True, help_text="Comma-separated classes to draw (default: all).")

    def validate_classes(self, value: str) -> frozenset[str]:
        return frozenset(label.strip() for label in value.split(",") if label.strip())


class SuggestQuery(ModelQuery):
    # Some of a word: not only spaces and underscores (an underscore is a space: search/vocabulary.normalised).
    prefix = TextField(
        max_length=64,
        pattern=rf"^[^\u0000]*[^{WHITE_SPACE}_\u0000][^\u0000]*$",
        message="Type the start of a word.",
        help_text="What has been typed of the word so far.",
    )


class Suggestion(serializers.Serializer):
    term = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["label", "tag", "word", "text", "person"],
        help_text="A detected object's label, a tag, a broad word covering several (animal, vehicle), a word read "
        "in photos (its term is `text:word`), or the name of one of your people (quoted if it has spaces).",
    )
    count = serializers.IntegerField(help_text="How many of your photos have it.")


class SuggestOutput(serializers.Serializer):
    suggestions = Suggestion(many=True)


class LabelFacet(serializers.Serializer):
    label = serializers.CharField()
    count = serializers.IntegerField(help_text="How many of your photos have this label.")


class LabelFacetsOutput(serializers.Serializer):
    labels = LabelFacet(many=True)


class ModelOutput(serializers.Serializer):
    name = serializers.CharField(source="spec.name", help_text="What tasks and searches call it (options.model).")
    title = serializers.CharField(help_text="What people see: a readable name, of words.")
    layout = serializers.CharField(source="spec.layout", help_text="yolov8 (YOLOv8 and YOLO11), yolov5 or ssd.")
    classes = serializers.ListField(source="spec.labels", child=serializers.CharField())
    input_width = serializers.IntegerField(source="spec.input_width")
    input_height = serializers.IntegerField(source="spec.input_height")
    sha256 = serializers.CharField(source="spec.sha256")
    is_default = serializers.BooleanField(help_text="Tasks run it unless they name another (options.model).")
    size_bytes = serializers.IntegerField(allow_null=True, help_text="Null for the model shipped with Spotter.")
    created_at = serializers.DateTimeField(allow_null=True, help_text="When it was added; null: shipped with Spotter.")


class ModelListOutput(serializers.Serializer):
    models = ModelOutput(many=True)


class ModelAddInput(serializers.Serializer):
    file = serializers.FileField(help_text="The model: an ONNX file.")
    name = model_name_field("Its name, for tasks to ask for it by (options.model).")
    title = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=TITLE_MAX_LENGTH,
        help_text="What people see (default: the name, dashes as spaces).",
    )
    labels = serializers.FileField(required=False, help_text="Class names, one per line, in class id order.")
    input_size = serializers.IntegerField(
        required=False, min_value=32, max_value=4096, help_text="Its square input, where the file leaves it open."
    )
    default = serializers.BooleanField(required=False, default=False, help_text="Make it the default model.")
