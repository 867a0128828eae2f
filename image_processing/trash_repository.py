"""The only code that queries the trash's table: photos deleted with every row that depended on them, kept as
they were (serialized) so that a restore puts them back."""

import json
import uuid
from collections.abc import Iterable
from datetime import datetime

from django.core import serializers
from django.db import router
from django.db.models import QuerySet
from django.db.models.deletion import Collector

from .models import Image, TrashedPhoto
from .repository import ImageRepository

# What the trash's list shows of a photo, read without its rows.
_KEPT_IN_THE_TRASH_LIST = ("filename", "width", "height", "size_bytes", "sha256", "file_name", "thumbnail_name")


class TrashRepository:
    def move_to_trash(self, image: Image, reason: str = "") -> None:
        """Delete the photo and every row that depends on it, keeping them all in the trash first (inside the
        caller's transaction); nothing if it is gone already. Its row is locked first, as a worker storing its
        detections does (lock_existing): the two take their locks in one order and never deadlock."""
        if not ImageRepository().lock_existing([image.id]):
            return  # deleted meanwhile
        collector = Collector(using=router.db_for_write(Image))
        collector.collect([image])
        dependents = [row for rows in collector.data.values() for row in rows if row is not image]
        dependents += [row for query in collector.fast_deletes for row in query]
        TrashedPhoto.objects.create(
            id=image.id,
            owner_id=image.owner_id,
            reason=reason[:300],
            rows=json.loads(serializers.serialize("json", [image, *dependents])),
            **{field: getattr(image, field) for field in _KEPT_IN_THE_TRASH_LIST},
        )
        Image.objects.filter(id=image.id).delete()  # not image.delete(), which would take the caller's image's id

    def trashed(self, owner_id: int) -> QuerySet[TrashedPhoto]:
        return TrashedPhoto.objects.filter(owner_id=owner_id)

    def trashed_one(self, owner_id: int, photo_id: uuid.UUID, lock: bool = False) -> TrashedPhoto | None:
        photos = TrashedPhoto.objects.select_for_update() if lock else TrashedPhoto.objects
        return photos.filter(owner_id=owner_id, id=photo_id).first()

    def trashed_before(self, moment: datetime, limit: int) -> list[TrashedPhoto]:
        return list(TrashedPhoto.objects.filter(trashed_at__lt=moment).order_by("trashed_at")[:limit])

    def restore(self, trashed: TrashedPhoto) -> Image:
        """Put the photo and the rows deleted with it back as they were (inside the caller's transaction), but
        those pointing at what is gone since."""
        for row in serializers.deserialize("json", json.dumps(trashed.rows)):
            if not _refers_to_missing(row.object):  # an album deleted meanwhile: the photo comes back without it
                row.save()
        TrashedPhoto.objects.filter(id=trashed.id).delete()
        return Image.objects.get(id=trashed.id)

    def forget_trashed(self, photo_ids: Iterable[uuid.UUID]) -> None:
        TrashedPhoto.objects.filter(id__in=list(photo_ids)).delete()


def _refers_to_missing(row) -> bool:
    """Whether a row points at a row that no longer exists (a restored photo's album deleted meanwhile)."""
    for field in row._meta.concrete_fields:
        target = getattr(row, field.attname) if field.is_relation else None
        if target is not None and not field.related_model._base_manager.filter(pk=target).exists():
            return True
    return False
