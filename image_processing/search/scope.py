"""Whose photos a gallery page or a search looks through: one person's library, or one album's photos, whoever
owns them (an album shared with its members holds its contributors' photos beside its owner's)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from ..models import Image


@dataclass(frozen=True)
class PhotoScope:
    owner_id: int | None = None
    album_photos: QuerySet[Image] | None = None

    @classmethod
    def library(cls, owner_id: int) -> "PhotoScope":
        return cls(owner_id=owner_id)

    @classmethod
    def album(cls, photos: QuerySet[Image]) -> "PhotoScope":
        return cls(album_photos=photos)

    def photos(self) -> QuerySet[Image]:
        if self.album_photos is not None:
            return Image.objects.filter(id__in=self.album_photos.values("id"))
        return Image.objects.filter(owner_id=self.owner_id)

    def of_photos(self) -> dict:
        """How rows about photos (detections, tags, lines of text) are narrowed to these photos' own."""
        if self.album_photos is not None:
            return {"image_id__in": self.album_photos.values("id")}
        return {"owner_id": self.owner_id}
