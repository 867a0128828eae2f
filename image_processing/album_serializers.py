"""What the album endpoints take and answer (album_views.py)."""

from rest_framework import serializers

from core.api.fields import TextField

from .models import Album
from .serializers import model_name_field, thumbnail_url


class AlbumFilters(serializers.Serializer):
    """A live album's filters besides its search, as the gallery's list takes them."""

    model = model_name_field("Whose detections count (default: the default model).", required=False)
    label = TextField(required=False, max_length=32)
    min_confidence = serializers.FloatField(required=False, min_value=0.0, max_value=1.0)
    taken_after = serializers.DateField(required=False)
    taken_before = serializers.DateField(required=False)

    def to_internal_value(self, data) -> dict:
        checked = super().to_internal_value(data)
        return {name: value.isoformat() if hasattr(value, "isoformat") else value for name, value in checked.items()}


class AlbumInput(serializers.Serializer):
    title = TextField(max_length=200)
    description = TextField(required=False, allow_blank=True, max_length=5000, default="")
    query = TextField(
        required=False, allow_blank=True, max_length=500, default="", help_text="A search: makes it a live album."
    )
    filters = AlbumFilters(required=False, help_text="With or instead of a search: makes it a live album.")
    image_ids = serializers.ListField(
        child=serializers.UUIDField(), required=False, max_length=10_000, help_text="Photos to put in it."
    )


class AlbumUpdateInput(serializers.Serializer):
    title = TextField(required=False, max_length=200)
    description = TextField(required=False, allow_blank=True, max_length=5000)
    query = TextField(required=False, allow_blank=True, max_length=500, help_text="A live album's search.")
    filters = AlbumFilters(required=False)
    cover = serializers.UUIDField(required=False, allow_null=True, help_text="One of its photos; null: its newest.")


class AlbumPhotosRemoveInput(serializers.Serializer):
    image_ids = serializers.ListField(child=serializers.UUIDField(), max_length=10_000)


class AlbumPhotosInput(AlbumPhotosRemoveInput):
    q = TextField(required=False, max_length=500, help_text="With them: the photos this search finds now.")


class AlbumPhotosOutput(serializers.Serializer):
    changed = serializers.IntegerField(help_text="How many photos were added (not in it yet) or removed.")
    photo_count = serializers.IntegerField()


class AlbumOutput(serializers.ModelSerializer):
    live = serializers.BooleanField(read_only=True, help_text="Its photos are its search's current results.")
    photo_count = serializers.SerializerMethodField()
    cover_url = serializers.SerializerMethodField(help_text="Its cover's thumbnail; null while it is empty.")
    role = serializers.SerializerMethodField(help_text="What you may do with it: owner.")

    class Meta:
        model = Album
        fields = [
            "id", "title", "description", "live", "query", "filters", "photo_count", "cover_url", "role",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_photo_count(self, album: Album) -> int:
        return self.context["counts"][album.id]

    def get_cover_url(self, album: Album) -> str | None:
        cover = self.context["covers"][album.id]
        return thumbnail_url(cover) if cover else None

    def get_role(self, album: Album) -> str:
        return "owner"
