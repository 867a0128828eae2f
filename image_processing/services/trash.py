"""The trash: every deleted photo goes there first, with everything that depended on it (detections, tags…),
and can be restored for SPOTTER_TRASH_DAYS; its files leave storage only when it is deleted for good (by hand,
or by the worker's hourly `empty_expired_trash`)."""

import uuid
from datetime import datetime, timedelta
from typing import BinaryIO

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from core.errors import Conflict, NotFound

from .. import storage
from ..models import Image, TrashedPhoto
from ..repository import ImageRepository
from ..trash_repository import TrashRepository

EXPIRED_AT_ONCE = 500  # photos deleted for good per transaction, so that a large trash is emptied in steps


class TrashService:
    def __init__(self, repository: ImageRepository | None = None):
        self.images = repository or ImageRepository()
        self.trash = TrashRepository()

    def move(self, images: list[Image], reason: str = "") -> None:
        """Put these photos in the trash, in one transaction (with the caller's, if any)."""
        with transaction.atomic():
            for image in sorted(images, key=lambda image: image.id):  # the order workers lock photos in
                self.trash.move_to_trash(image, reason)

    def contents(self, owner_id: int) -> QuerySet[TrashedPhoto]:
        """The owner's trashed photos, the most recently deleted first."""
        return self.trash.trashed(owner_id)

    def get(self, owner_id: int, photo_id: uuid.UUID) -> TrashedPhoto:
        trashed = self.trash.trashed_one(owner_id, photo_id)
        if trashed is None:
            raise NotFound("No photo with this id in your trash.", code="not_in_trash")
        return trashed

    def open_thumbnail(self, owner_id: int, photo_id: uuid.UUID) -> BinaryIO:
        return storage.open_stored(self.get(owner_id, photo_id).thumbnail_name)

    def restore(self, owner_id: int, photo_id: uuid.UUID) -> Image:
        """The photo back in the library as it was, with its detections and tags. Refused while the same
        content is in the library again (uploaded since), which it would duplicate."""
        with transaction.atomic():
            trashed = self.trash.trashed_one(owner_id, photo_id, lock=True)
            if trashed is None:
                raise NotFound("No photo with this id in your trash.", code="not_in_trash")
            again = self.images.owned_with_content(owner_id, trashed.sha256)
            if again is not None:
                raise Conflict(
                    f"This photo is in your library again, as {again.filename}; delete this copy for good instead.",
                    code="already_in_library",
                    details={"image_id": str(again.id)},
                )
            return self.trash.restore(trashed)

    def delete_for_good(self, owner_id: int, photo_id: uuid.UUID) -> None:
        self._forget([self.get(owner_id, photo_id)])

    def empty(self, owner_id: int) -> int:
        """Delete everything in the owner's trash for good; how many photos."""
        photos = list(self.contents(owner_id))
        self._forget(photos)
        return len(photos)

    def empty_expired(self, now: datetime | None = None) -> int:
        """Delete for good every photo trashed more than SPOTTER_TRASH_DAYS ago; how many."""
        expired_before = (now or timezone.now()) - timedelta(days=settings.SPOTTER_TRASH_DAYS)
        forgotten = 0
        while batch := self.trash.trashed_before(expired_before, EXPIRED_AT_ONCE):
            self._forget(batch)
            forgotten += len(batch)
        return forgotten

    def _forget(self, photos: list[TrashedPhoto]) -> None:
        """The rows go, then (once that is committed) the files: a crash between the two leaves files, never a
        row whose files are gone."""
        names = [name for photo in photos for name in (photo.file_name, photo.thumbnail_name)]
        with transaction.atomic():
            self.trash.forget_trashed(photo.id for photo in photos)
            transaction.on_commit(lambda: storage.delete_files(*names))
