"""What the duplicates and trash endpoints take and answer (views.py)."""

from rest_framework import serializers

from core.api.fields import QueryParameters

from .models import Image, TrashedPhoto
from .serializers import thumbnail_url


class DuplicatePhotoOutput(serializers.ModelSerializer):
    thumbnail_url = serializers.SerializerMethodField()
    why = serializers.SerializerMethodField(help_text="What puts it at its place in its group: why keep it, or not.")

    class Meta:
        model = Image
        fields = [
            "id", "filename", "content_type", "width", "height", "size_bytes", "sharpness", "taken_at", "camera",
            "created_at", "thumbnail_url", "why",
        ]  # fmt: skip

    def get_thumbnail_url(self, image: Image) -> str:
        return thumbnail_url(image)

    def get_why(self, image: Image) -> str:
        return self.context["why"][image.id]


class DuplicateListQuery(QueryParameters):
    kind = serializers.ChoiceField(
        choices=["duplicate", "burst"],
        required=False,
        default="duplicate",
        help_text="duplicate: the same picture (resized, recompressed, re-encoded...); burst: photos taken within "
        "seconds of each other that look alike.",
    )


class ResolveInput(serializers.Serializer):
    keep = serializers.ListField(
        child=serializers.UUIDField(), min_length=1, max_length=1000, help_text="The photos of the group to keep."
    )


class ResolvedOutput(serializers.Serializer):
    kept = serializers.ListField(child=serializers.UUIDField())
    trashed = serializers.ListField(
        child=serializers.UUIDField(), help_text="In the trash, where they can be restored."
    )
    merged = serializers.ListField(
        child=serializers.ChoiceField(choices=["taken_at", "camera", "latitude", "longitude", "people"]),
        help_text="What the first photo kept took from the others, having none of its own (people: the names their "
        "faces were given).",
    )


class TrashedPhotoOutput(serializers.ModelSerializer):
    thumbnail_url = serializers.SerializerMethodField()
    purge_at = serializers.DateTimeField(read_only=True, help_text="When the trash deletes it for good.")

    class Meta:
        model = TrashedPhoto
        fields = [
            "id", "filename", "width", "height", "size_bytes", "reason", "trashed_at", "purge_at", "thumbnail_url",
        ]  # fmt: skip

    def get_thumbnail_url(self, photo: TrashedPhoto) -> str:
        return f"/api/trash/{photo.id}/thumbnail"


class EmptiedOutput(serializers.Serializer):
    deleted = serializers.IntegerField(help_text="How many photos were deleted for good.")


class DuplicateGroupOutput(serializers.Serializer):
    id = serializers.UUIDField(help_text="Its best photo's id.")
    kind = serializers.ChoiceField(choices=["duplicate", "burst"])
    photos = DuplicatePhotoOutput(many=True, help_text="Best first: the one to keep.")
