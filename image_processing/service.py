"""Image Processing use cases: store photos, serve them, find objects in them."""

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import BinaryIO

import numpy as np
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from PIL import ImageDraw

from spotter.errors import NotFound

from . import storage
from .detection.coco import COCO_LABELS
from .detection.detector import Candidate, Found, get_detector, postprocess
from .imaging import PhotoRejected, encode_jpeg, inspect_upload, load_oriented, shrink
from .models import Detection, Image
from .repository import ImageRepository

logger = logging.getLogger(__name__)

ANNOTATED_MAX_SIDE = 2048
# The result cache keeps a model's boxes scoring at least this; a lower minimum confidence runs the model.
CACHE_FLOOR = 0.1
_MODEL_LABELS = frozenset(COCO_LABELS)
_PALETTE = ["#e6194b", "#3cb44b", "#4363d8", "#f58231", "#911eb4", "#42d4f4", "#f032e6", "#bfef45", "#fabed4",
            "#469990", "#dcbeff", "#9a6324", "#800000", "#aaffc3", "#808000", "#000075"]  # fmt: skip


@dataclass
class UploadOutcome:
    images: list[Image] = field(default_factory=list)
    errors: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class PhotoFile:
    stream: BinaryIO
    content_type: str
    filename: str


class ImageService:
    def __init__(self, repository: ImageRepository | None = None):
        self.images = repository or ImageRepository()
        self._results: dict[str, tuple[float, list] | None] = {}  # result cache entries already looked up
        self._unstored: dict[str, tuple[str, list]] = {}  # model runs not yet in the result cache

    # --- storing ---

    def upload(self, owner_id: int, files: Iterable[UploadedFile]) -> UploadOutcome:
        """Store each valid file; report each invalid one. A rejected file leaves nothing behind."""
        outcome = UploadOutcome()
        for upload in files:
            display_name = _display_name(upload.name)
            try:
                outcome.images.append(self._store_one(owner_id, upload, display_name))
            except PhotoRejected as rejection:
                outcome.errors.append(
                    {"filename": display_name, "error": {"code": rejection.code, "message": rejection.message}}
                )
        return outcome

    def _store_one(self, owner_id: int, upload: UploadedFile, display_name: str) -> Image:
        photo = inspect_upload(
            upload.file,
            upload.size,
            max_bytes=settings.SPOTTER_MAX_UPLOAD_BYTES,
            max_pixels=settings.SPOTTER_MAX_PIXELS,
            thumbnail_size=settings.SPOTTER_THUMBNAIL_SIZE,
        )
        image_id = uuid.uuid4()
        saved: list[str] = []
        try:
            saved.append(storage.save_stream(storage.original_name(image_id, photo.extension), upload.file))
            saved.append(storage.save_bytes(storage.thumbnail_name(image_id), photo.thumbnail_jpeg))
            with transaction.atomic():
                return self.images.create(
                    id=image_id,
                    owner_id=owner_id,
                    filename=display_name,
                    content_type=photo.content_type,
                    width=photo.width,
                    height=photo.height,
                    size_bytes=photo.size_bytes,
                    sha256=photo.sha256,
                    file_name=saved[0],
                    thumbnail_name=saved[1],
                )
        except BaseException:
            storage.delete_files(*saved)
            raise

    def delete(self, owner_id: int, image_id: uuid.UUID) -> None:
        image = self.get(owner_id, image_id)
        names = (image.file_name, image.thumbnail_name)
        with transaction.atomic():
            self.images.delete(image)
            transaction.on_commit(lambda: storage.delete_files(*names))

    # --- reading ---

    def get(self, owner_id: int, image_id: uuid.UUID) -> Image:
        image = self.images.get_owned(owner_id, image_id)
        if image is None:
            raise NotFound("No image with this id.", code="image_not_found")
        return image

    def list_images(self, owner_id: int, label: str | None, min_confidence: float | None) -> QuerySet[Image]:
        return self.images.list_for_owner(owner_id, label, min_confidence)

    def label_counts(self, images: Iterable[Image]) -> dict[uuid.UUID, dict[str, int]]:
        return self.images.label_counts(image.id for image in images)

    def label_facets(self, owner_id: int, min_confidence: float) -> list[tuple[str, int]]:
        return self.images.label_facets(owner_id, min_confidence)

    def detections_of(self, image: Image, min_confidence: float = 0.0) -> list[Detection]:
        return self.images.detections_of(image.id, min_confidence)

    def existing_ids(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        return self.images.owned_ids(owner_id, image_ids)

    def open_original(self, owner_id: int, image_id: uuid.UUID) -> PhotoFile:
        image = self.get(owner_id, image_id)
        return PhotoFile(storage.open_file(image.file_name), image.content_type, image.filename)

    def open_thumbnail(self, owner_id: int, image_id: uuid.UUID) -> PhotoFile:
        image = self.get(owner_id, image_id)
        return PhotoFile(storage.open_file(image.thumbnail_name), "image/jpeg", image.filename)

    def render_annotated(
        self, owner_id: int, image_id: uuid.UUID, min_confidence: float, labels: frozenset[str] | None = None
    ) -> bytes:
        """The photo (at most 2048 px) as JPEG with its detections (of these labels) drawn as labelled boxes."""
        image = self.get(owner_id, image_id)
        with storage.open_file(image.file_name) as stream:
            picture = shrink(load_oriented(stream, ANNOTATED_MAX_SIDE), ANNOTATED_MAX_SIDE)
        draw = ImageDraw.Draw(picture)
        width, height = picture.size
        line = max(2, round(max(width, height) / 300))
        for detection in self.images.detections_of(image.id, min_confidence):
            if labels is not None and detection.label not in labels:
                continue
            colour = colour_for(detection.label)
            corners = (
                detection.x_min * width,
                detection.y_min * height,
                detection.x_max * width,
                detection.y_max * height,
            )
            draw.rectangle(corners, outline=colour, width=line)
            caption = f"{detection.label} {detection.confidence:.0%}"
            left, top, right, bottom = draw.textbbox((corners[0], corners[1]), caption)
            draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=colour)
            draw.text((corners[0], corners[1]), caption, fill="white")
        return encode_jpeg(picture)

    # --- detection (used by the task module) ---

    def detect(self, image: Image, labels: frozenset[str], min_confidence: float) -> list[Found]:
        """Objects of these labels in a stored photo. Raises PhotoUnreadable for a damaged file.

        A photo whose content (sha256) this model has already seen is answered from the result cache,
        without reading the file or running the model."""
        model = get_detector().model_name
        if image.sha256 not in self._results:  # not looked up with find_images_to_detect
            self._results[image.sha256] = self.images.cached_results([image.sha256], model).get(image.sha256)
        cached = self._results[image.sha256]
        if cached is not None and cached[0] <= min_confidence:
            candidates = cached[1]
        else:
            candidates = detect_candidates(image.file_name, floor=0.0)
            kept = [c for c in candidates if c[1] >= CACHE_FLOOR]
            self._results[image.sha256] = (CACHE_FLOOR, kept)
            self._unstored[image.sha256] = (model, kept)
        return postprocess(candidates, min_confidence, labels)

    def store_results(self) -> None:
        """Put what `detect` ran the model for into the result cache. The task module calls it inside
        its photos' transaction, so it costs no transaction of its own."""
        if self._unstored:
            entries = [(sha256, model, candidates) for sha256, (model, candidates) in self._unstored.items()]
            self.images.cache_candidates(entries, CACHE_FLOOR)

            def forget_stored() -> None:
                for sha256, _, _ in entries:
                    self._unstored.pop(sha256, None)

            # Forgotten once stored for good: a transaction undone keeps them for the next write.
            transaction.on_commit(forget_stored)

    def find_images_to_detect(self, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Image]:
        """The images that still exist among these, by id, looked up in the result cache by the same query,
        so that `detect` needs none."""
        found = self.images.get_many_with_cached_results(image_ids, get_detector().model_name)
        for image, cached in found:
            self._results.setdefault(image.sha256, cached)
        return {image.id: image for image, _ in found}

    def save_detections(
        self, image_id: uuid.UUID, labels: Iterable[str], found: list[Found], task_id: uuid.UUID | None
    ) -> None:
        """Replace this image's detections of these labels by the current model with `found`."""
        self.save_detections_of_many({image_id: found}, labels, task_id)

    def save_detections_of_many(
        self, found_by_image: dict[uuid.UUID, list[Found]], labels: Iterable[str], task_id: uuid.UUID | None
    ) -> None:
        """save_detections for several images at once: one DELETE and one INSERT."""
        if not found_by_image:
            return
        model = get_detector().model_name
        rows = [
            Detection(
                image_id=image_id,
                task_id=task_id,
                model=model,
                label=f.label,
                confidence=f.confidence,
                x_min=f.box.x_min,
                y_min=f.box.y_min,
                x_max=f.box.x_max,
                y_max=f.box.y_max,
            )
            for image_id, found in found_by_image.items()
            for f in found
        ]
        # Every class the model knows (a "detect" task): no label filter, 80 parameters fewer in a statement
        # a worker runs at every write.
        labels = list(labels)
        every_label = set(labels) >= _MODEL_LABELS
        self.images.replace_detections(list(found_by_image), model, None if every_label else labels, rows)

    def label_summary_of_task(self, task_id: uuid.UUID) -> dict[str, int]:
        return self.images.label_summary_of_task(task_id)

    def detections_by_task(self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list]:
        return self.images.detections_by_task(task_id, image_ids)


def detect_candidates(file_name: str, floor: float = 0.0) -> list[Candidate]:
    """The per-image work: read the stored file, decode it at reduced scale (JPEG DCT scaling, never the
    full 12 MP), apply EXIF orientation, run the model. One decode serves everything the model needs."""
    detector = get_detector()
    with storage.open_file(file_name) as stream:
        picture = load_oriented(stream, detector.input_size)
    return detector.candidates(np.asarray(picture), floor)


def colour_for(label: str) -> str:
    return _PALETTE[sum(label.encode()) % len(_PALETTE)]


def _display_name(name: str | None) -> str:
    """The uploaded name, for display only: no directories, no control characters, bounded length."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:255] or "unnamed"
