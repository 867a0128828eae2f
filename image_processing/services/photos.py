"""A person's photos: upload (validated, stored once per content), delete (into the trash), and open the
original, the thumbnail or the annotated photo. `require_owned` is the one check that photos exist and are the
caller's."""

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from core.errors import NotFound

from .. import storage
from ..annotated import render_annotated
from ..imaging import PhotoRejected, check_size, face_crop, inspect_upload, sha256_of
from ..model_registry import ModelRegistry
from ..models import Face, Image
from ..repository import ImageRepository
from .gallery import GalleryService
from .trash import TrashService


@dataclass
class UploadOutcome:
    images: list[Image] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)
    duplicates: set[uuid.UUID] = field(default_factory=set)  # of `images`: stored before, not again


@dataclass(frozen=True)
class PhotoFile:
    stream: BinaryIO
    content_type: str
    filename: str


class PhotoService:
    def __init__(self, repository: ImageRepository | None = None, models: ModelRegistry | None = None):
        self.images = repository or ImageRepository()
        self.models = models or ModelRegistry()

    def upload(self, owner_id: int, files: Iterable[UploadedFile | File]) -> UploadOutcome:
        """Store each valid file; report each invalid one. A rejected file leaves nothing behind, and a
        photo the owner has already stored (the same content) is answered with that one, not stored again."""
        outcome = UploadOutcome()
        for upload in files:
            display_name = _display_name(upload.name)
            try:
                check_size(upload.size, settings.SPOTTER_MAX_UPLOAD_BYTES)
                sha256 = sha256_of(upload.file)
                image, stored = self.images.owned_with_content(owner_id, sha256), False
                if image is None:
                    image, stored = self._store_one(owner_id, upload, display_name, sha256)
                if not stored:
                    outcome.duplicates.add(image.id)
                outcome.images.append(image)
            except PhotoRejected as rejection:
                outcome.errors.append(
                    {"filename": display_name, "error": {"code": rejection.code, "message": rejection.message}}
                )
        return outcome

    def _store_one(
        self, owner_id: int, upload: UploadedFile | File, display_name: str, sha256: str
    ) -> tuple[Image, bool]:
        """The photo stored, and True; or, where an upload of the same content got there first, that one and
        False (this one's files are removed)."""
        photo = inspect_upload(
            upload.file,
            max_pixels=settings.SPOTTER_MAX_PIXELS,
            max_webp_pixels=settings.SPOTTER_MAX_PIXELS_WEBP,
            thumbnail_size=settings.SPOTTER_THUMBNAIL_SIZE,
        )
        image_id = uuid.uuid4()
        saved: list[str] = []
        try:
            saved.append(storage.save_stream(storage.original_name(image_id, photo.extension), upload.file))
            saved.append(storage.save_bytes(storage.thumbnail_name(image_id), photo.thumbnail_jpeg))
            with transaction.atomic():
                image, stored = self.images.create_unless_stored(
                    id=image_id,
                    owner_id=owner_id,
                    filename=display_name,
                    content_type=photo.content_type,
                    width=photo.width,
                    height=photo.height,
                    size_bytes=upload.size,
                    sha256=sha256,
                    file_name=saved[0],
                    thumbnail_name=saved[1],
                    fingerprint=photo.fingerprint,
                    sharpness=photo.sharpness,
                    **vars(photo.facts),
                )
        except BaseException:
            storage.delete_files(*saved)
            raise
        if not stored:
            storage.delete_files(*saved)
        return image, stored

    def delete(self, owner_id: int, image_id: uuid.UUID) -> None:
        """Into the trash, from where it can be restored for a while (services/trash.py)."""
        TrashService(self.images).move([self.get(owner_id, image_id)])

    def get(self, owner_id: int, image_id: uuid.UUID) -> Image:
        image = self.images.get_owned(owner_id, image_id)
        if image is None:
            raise NotFound("No image with this id.", code="image_not_found")
        return image

    def owned_ids(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Those of these photos that exist and are the owner's."""
        return self.images.owned_ids(owner_id, image_ids)

    def require_owned(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> None:
        """A 404 `images_not_found` that lists the missing ones, unless every one of these photos exists and is
        the owner's (another user's photo is missing, as far as the caller can tell)."""
        image_ids = set(image_ids)
        missing = image_ids - self.owned_ids(owner_id, image_ids)
        if missing:
            raise NotFound(
                f"{len(missing)} of the images do not exist.",
                code="images_not_found",
                details={"missing": sorted(str(image_id) for image_id in missing)},
            )

    def visible(self, user_id: int, image_id: uuid.UUID) -> Image:
        """The person's own photo, or someone else's that an album they own or are a member of holds; else a
        404, as for a photo that does not exist."""
        image = self.images.get_owned(user_id, image_id) or GalleryService(self.images).shared_photo(user_id, image_id)
        if image is None:
            raise NotFound("No image with this id.", code="image_not_found")
        return image

    def open_original(self, image: Image) -> PhotoFile:
        return PhotoFile(storage.open_stored(image.file_name), image.content_type, image.filename)

    def open_thumbnail(self, image: Image) -> PhotoFile:
        return PhotoFile(storage.open_stored(image.thumbnail_name), "image/jpeg", image.filename)

    def face_thumbnail(self, face: Face) -> bytes:
        """The face cut out of its photo's thumbnail with some room around it, as a JPEG at most FACE_THUMBNAIL px."""
        with storage.open_stored(face.image.thumbnail_name) as stream:
            return face_crop(stream, (face.x_min, face.y_min, face.x_max, face.y_max))

    def render_annotated(
        self, image: Image, min_confidence: float, labels: frozenset[str] | None = None, model: str | None = None
    ) -> bytes:
        """The photo (at most 2048 px) as JPEG with the model's detections (of these labels) drawn as labelled
        boxes."""
        models = self.models.result_names(model)
        detections = [
            detection
            for detection in self.images.detections_of(image.id, min_confidence, models)
            if labels is None or detection.label in labels
        ]
        return self.render_preview(image, detections)

    def render_preview(self, image: Image, detections: list | None = None) -> bytes:
        """The photo at most 2048 px as JPEG (with these detections drawn): what a shared album shows of a photo
        whose original it does not let anyone download."""
        with storage.open_stored(image.file_name) as stream:
            return render_annotated(stream, detections or [])


def _display_name(name: str | None) -> str:
    """The uploaded name, for display only: no directories, no control characters, bounded length."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:255] or "unnamed"
