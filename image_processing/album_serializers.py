"""What the album endpoints take and answer (album_views.py)."""

from rest_framework import serializers

from core.api.fields import TextField

from .models import Album, AlbumMember, Image, ShareLink
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
    role = serializers.ChoiceField(
        choices=["owner", *AlbumMember.Role.values],
        read_only=True,
        help_text="Yours: owner; shared with you: viewer or contributor (who may add their photos).",
    )
    owner = serializers.CharField(source="owner_name", read_only=True, help_text="Whose album it is (a username).")

    class Meta:
        model = Album
        fields = [
            "id", "title", "description", "live", "query", "filters", "photo_count", "cover_url", "role", "owner",
            "created_at", "updated_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_photo_count(self, album: Album) -> int:
        return self.context["counts"][album.id]

    def get_cover_url(self, album: Album) -> str | None:
        cover = self.context["covers"][album.id]
        return thumbnail_url(cover) if cover else None


class MemberInput(serializers.Serializer):
    username = TextField(max_length=150)
    role = serializers.ChoiceField(choices=AlbumMember.Role.choices)


class MemberRoleInput(serializers.Serializer):
    role = serializers.ChoiceField(choices=AlbumMember.Role.choices, required=False, help_text="Left out: unchanged.")


class MemberOutput(serializers.ModelSerializer):
    username = serializers.CharField(source="user.username", read_only=True)

    class Meta:
        model = AlbumMember
        fields = ["username", "role", "added_at"]
        read_only_fields = fields


class LinkInput(serializers.Serializer):
    expires_at = serializers.DateTimeField(required=False, allow_null=True, default=None, help_text="None: never.")
    allow_download = serializers.BooleanField(required=False, default=False, help_text="Let its originals be saved.")


class LinkOutput(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="The album's page in the web app, for anyone with the link.")

    class Meta:
        model = ShareLink
        fields = ["id", "url", "token", "expires_at", "allow_download", "created_at"]
        read_only_fields = fields

    def get_url(self, link: ShareLink) -> str:
        return self.context["request"].build_absolute_uri(f"/shared/{link.token}")


class SharedAlbumOutput(serializers.Serializer):
    title = serializers.CharField()
    description = serializers.CharField()
    photo_count = serializers.IntegerField()
    allow_download = serializers.BooleanField()
    expires_at = serializers.DateTimeField(allow_null=True)


class SharedPhotoOutput(serializers.ModelSerializer):
    """A photo of an album shared by link: what a visitor sees, nothing of where it was taken or whose it is."""

    thumbnail_url = serializers.SerializerMethodField()
    preview_url = serializers.SerializerMethodField(help_text="The photo at most 2048 px, as JPEG.")
    file_url = serializers.SerializerMethodField(help_text="The original; null unless the link lets it be saved.")

    class Meta:
        model = Image
        fields = ["id", "width", "height", "taken_at", "thumbnail_url", "preview_url", "file_url"]
        read_only_fields = fields

    def _url(self, image: Image, part: str) -> str:
        return f"/api/shared/{self.context['link'].token}/photos/{image.id}/{part}"

    def get_thumbnail_url(self, image: Image) -> str:
        return self._url(image, "thumbnail")

    def get_preview_url(self, image: Image) -> str:
        return self._url(image, "preview")

    def get_file_url(self, image: Image) -> str | None:
        return self._url(image, "file") if self.context["link"].allow_download else None


class SharedPageOutput(serializers.Serializer):
    album = SharedAlbumOutput()
    count = serializers.IntegerField()
    next = serializers.CharField(allow_null=True)
    previous = serializers.CharField(allow_null=True)
    results = SharedPhotoOutput(many=True)
