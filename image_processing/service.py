"""Image Processing use cases: store photos, serve them, find objects in them."""

import json
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

import numpy as np
from django.conf import settings
from django.core.files import File
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from PIL import ImageDraw

from spotter.errors import NotFound

from . import storage
from .detection.coco import COCO_LABELS
from .detection.detector import (
    DEFAULT_MIN_CONFIDENCE,
    PRECISIONS,
    Candidate,
    DetectorUnavailable,
    Found,
    get_detector,
    model_name,
    postprocess,
)
from .exports import FORMATS as EXPORT_FORMATS
from .exports import export_zip
from .imaging import (
    PhotoRejected,
    PhotoUnreadable,
    check_size,
    encode_jpeg,
    inspect_upload,
    load_oriented,
    sha256_of,
    shrink,
)
from .models import Detection, Image
from .repository import CachedResult, ImageRepository, PhotoFilters, PhotoToDetect
from .serializers import DetectionOutput

# What other modules may use: the classes the detector knows, its default minimum confidence and precisions.
__all__ = [
    "COCO_LABELS",
    "DEFAULT_MIN_CONFIDENCE",
    "EXPORT_FORMATS",
    "PRECISIONS",
    "Detected",
    "DetectorUnavailable",
    "ImageService",
    "PhotoFilters",
]

logger = logging.getLogger(__name__)

ANNOTATED_MAX_SIDE = 2048
# The result cache keeps a model's boxes scoring at least this; a lower minimum confidence runs the model.
CACHE_FLOOR = 0.1
# The label colours the web app's viewer uses too: one file, one rule.
_PALETTE = json.loads((Path(__file__).parent / "label_colours.json").read_text())["palette"]


@dataclass(frozen=True)
class Detected:
    """What the model found in one photo (or why it could not look), and its raw output to cache."""

    found: list[Found]
    error: str | None = None
    to_cache: tuple[str, CachedResult] | None = None  # (sha256, result) for the result cache


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


class ImageService:
    def __init__(self, repository: ImageRepository | None = None):
        self.images = repository or ImageRepository()

    # --- storing ---

    def upload(self, owner_id: int, files: Iterable[UploadedFile | File]) -> UploadOutcome:
        """Store each valid file; report each invalid one. A rejected file leaves nothing behind, and a
        photo the owner has already stored (the same content) is answered with that one, not stored again."""
        outcome = UploadOutcome()
        for upload in files:
            display_name = _display_name(upload.name)
            try:
                check_size(upload.size, settings.SPOTTER_MAX_UPLOAD_BYTES)
                sha256 = sha256_of(upload.file)
                existing = self.images.owned_with_content(owner_id, sha256)
                if existing is not None:
                    outcome.duplicates.add(existing.id)
                outcome.images.append(existing or self._store_one(owner_id, upload, display_name, sha256))
            except PhotoRejected as rejection:
                outcome.errors.append(
                    {"filename": display_name, "error": {"code": rejection.code, "message": rejection.message}}
                )
        return outcome

    def _store_one(self, owner_id: int, upload: UploadedFile | File, display_name: str, sha256: str) -> Image:
        photo = inspect_upload(
            upload.file,
            upload.size,
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
                    sha256=sha256,
                    file_name=saved[0],
                    thumbnail_name=saved[1],
                    taken_at=photo.facts.taken_at,
                    camera=photo.facts.camera,
                    latitude=photo.facts.latitude,
                    longitude=photo.facts.longitude,
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

    def list_images(self, owner_id: int, filters: PhotoFilters) -> QuerySet[Image]:
        return self.images.list_for_owner(owner_id, filters)

    def export(self, owner_id: int, filters: PhotoFilters, fmt: str, min_confidence: float, with_photos: bool,
               task_id: uuid.UUID | None = None) -> Iterator[bytes]:  # fmt: skip
        """A zip of these photos' detections (at least this confident; only those the task stored, with
        `task_id`) in `fmt` (exports.FORMATS), streamed piece by piece."""
        detections = self.images.detections_at(min_confidence, task_id)
        return export_zip(self.images.list_for_owner(owner_id, filters), detections, fmt, with_photos)

    def label_counts(self, images: Iterable[Image], min_confidence: float) -> dict[uuid.UUID, dict[str, int]]:
        return self.images.label_counts((image.id for image in images), min_confidence)

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

    def model_name(self, precision: str) -> str:
        """The name detections in this precision are recorded under."""
        return model_name(precision)

    def load_detector(self, precision: str) -> str:
        """Load the detector (once per process) and say what it runs on."""
        return get_detector(precision).runtime

    def photos_to_detect(self, image_ids: Iterable[uuid.UUID], precision: str) -> dict[uuid.UUID, PhotoToDetect]:
        """Those of these photos that still exist, by id, each with what the model saw in it before."""
        return {photo.id: photo for photo in self.images.photos_to_detect(image_ids, model_name(precision))}

    def detect(
        self, photo: PhotoToDetect | None, labels: frozenset[str], min_confidence: float, precision: str
    ) -> Detected:
        """Objects of these labels in a stored photo, or why it could not be examined.

        A photo whose content (sha256) this model has already seen is answered from the result cache,
        without reading the file or running the model."""
        if photo is None:
            return Detected([], error="The photo was deleted before it was processed.")
        if photo.cached is not None and photo.cached.floor <= min_confidence:
            return Detected(postprocess(photo.cached.candidates, min_confidence, labels))
        try:
            candidates = detect_candidates(photo.file_name, precision)
        except PhotoUnreadable as unreadable:
            return Detected([], error=str(unreadable))
        except FileNotFoundError:  # its message would show the storage's paths
            return Detected([], error="The photo's file is missing from storage.")
        except Exception as unexpected:
            logger.exception("detection failed on image %s", photo.id)
            return Detected([], error=f"Detection failed: {unexpected}")
        to_cache = CachedResult(CACHE_FLOOR, [c for c in candidates if c[1] >= CACHE_FLOOR])
        return Detected(postprocess(candidates, min_confidence, labels), to_cache=(photo.sha256, to_cache))

    def record_detections(
        self, task_id: uuid.UUID, labels: Iterable[str], precision: str, detected: dict[uuid.UUID, Detected]
    ) -> set[uuid.UUID]:
        """Store a batch of results, a unit of work inside the caller's transaction: each photo's detections
        of these labels by the current model are replaced, and new model output goes into the result cache.
        Returns the ids of photos deleted meanwhile (nothing is stored for them)."""
        model = model_name(precision)
        stored = self.images.lock_existing(detected)  # a photo's detections are replaced by one writer at a time
        examined = [image_id for image_id, result in detected.items() if image_id in stored and result.error is None]
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
            for image_id in examined
            for f in detected[image_id].found
        ]
        # One set per photo of these weights, in whichever precision examined it last.
        self.images.replace_detections(examined, [model_name(p) for p in PRECISIONS], labels, rows)
        self.images.mark_analysed(examined, model)
        self.images.cache_results(model, [result.to_cache for result in detected.values() if result.to_cache])
        return set(detected) - stored

    def detections_by_task(self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[dict]]:
        """The detections a task stored, by photo, in the API's Detection shape."""
        found = self.images.detections_by_task(task_id, image_ids)
        return {image_id: DetectionOutput(rows, many=True).data for image_id, rows in found.items()}


def detect_candidates(file_name: str, precision: str) -> list[Candidate]:
    """The per-image work: read the stored file, decode it at reduced scale (JPEG DCT scaling, never the
    full 12 MP), apply EXIF orientation, run the model. One decode serves everything the model needs."""
    detector = get_detector(precision)
    with storage.open_file(file_name) as stream:
        picture = load_oriented(stream, detector.input_size)
    return detector.candidates(np.asarray(picture), 0.0)


def colour_for(label: str) -> str:
    return _PALETTE[sum(label.encode()) % len(_PALETTE)]


def _display_name(name: str | None) -> str:
    """The uploaded name, for display only: no directories, no control characters, bounded length."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:255] or "unnamed"
