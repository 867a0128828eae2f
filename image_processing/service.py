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
from django.db import DatabaseError, transaction
from django.db.models import QuerySet
from PIL import ImageDraw

from spotter.errors import NotFound

from . import storage
from .detection.detector import (
    DEFAULT_MIN_CONFIDENCE,
    PRECISIONS,
    SHIPPED_MODEL,
    DetectorUnavailable,
    Found,
    ModelSpec,
    get_detector,
    postprocess,
)
from .detection.layouts import Candidate
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
from .model_registry import ModelRegistry
from .models import Detection, Image
from .repository import CachedResult, ImageRepository, PhotoFilters, PhotoToDetect
from .serializers import DetectionOutput

# What other modules may use: the detector's default minimum confidence and precisions, the models.
__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "EXPORT_FORMATS",
    "PRECISIONS",
    "Detected",
    "DetectorUnavailable",
    "ImageService",
    "ModelRun",
    "ModelSpec",
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


@dataclass(frozen=True)
class ModelRun:
    """A model in a precision: what a task runs, the name its detections are kept under and the key of its
    results in the result cache (the model's sha256: a file added twice shares them)."""

    spec: ModelSpec
    precision: str

    @property
    def result_name(self) -> str:
        return self.spec.result_name(self.precision)

    @property
    def cache_key(self) -> str:
        return self.spec.sha256 if self.precision == "exact" else f"{self.spec.sha256}-bf16"


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
    def __init__(self, repository: ImageRepository | None = None, models: ModelRegistry | None = None):
        self.images = repository or ImageRepository()
        self.models = models or ModelRegistry()

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
        return self.images.list_for_owner(owner_id, filters, self._result_names(filters.model))

    def export(self, owner_id: int, filters: PhotoFilters, fmt: str, min_confidence: float, with_photos: bool,
               task_id: uuid.UUID | None = None) -> Iterator[bytes]:  # fmt: skip
        """A zip of these photos' detections (at least this confident; only those the task stored, with
        `task_id`) in `fmt` (exports.FORMATS), streamed piece by piece."""
        models = self._result_names(filters.model)
        detections = self.images.detections_at(min_confidence, models, task_id)
        return export_zip(self.images.list_for_owner(owner_id, filters, models), detections, fmt, with_photos)

    def label_counts(
        self, images: Iterable[Image], min_confidence: float, model: str | None = None
    ) -> dict[uuid.UUID, dict[str, int]]:
        """Per photo, how many objects of each class the model (None: the default) found."""
        return self.images.label_counts((image.id for image in images), min_confidence, self._result_names(model))

    def label_facets(self, owner_id: int, min_confidence: float, model: str | None = None) -> list[tuple[str, int]]:
        return self.images.label_facets(owner_id, min_confidence, self._result_names(model))

    def _result_names(self, model: str | None) -> list[str]:
        """What the detections of this model (None: the default; unknown: a 400) are kept under."""
        return result_names(self.models.get(model).name)

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
        self,
        owner_id: int,
        image_id: uuid.UUID,
        min_confidence: float,
        labels: frozenset[str] | None = None,
        model: str | None = None,
    ) -> bytes:
        """The photo (at most 2048 px) as JPEG with the model's detections (of these labels) drawn as labelled
        boxes."""
        image, models = self.get(owner_id, image_id), self._result_names(model)
        with storage.open_file(image.file_name) as stream:
            picture = shrink(load_oriented(stream, ANNOTATED_MAX_SIDE), ANNOTATED_MAX_SIDE)
        draw = ImageDraw.Draw(picture)
        width, height = picture.size
        line = max(2, round(max(width, height) / 300))
        for detection in self.images.detections_of(image.id, min_confidence):
            if (labels is not None and detection.label not in labels) or detection.model not in models:
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

    def model_run(self, model: str | None, precision: str) -> ModelRun:
        """This model (None: the default) in this precision; a 400 that lists the known models for a name
        no model has."""
        return ModelRun(self.models.get(model), precision)

    def load_default_detector(self, precision: str) -> str:
        """Load the default model (the shipped one while the database cannot say which) and say what it runs
        on. Other models load the first time a task needs them."""
        try:
            spec = self.models.get(None)
        except DatabaseError:
            spec = SHIPPED_MODEL
        return get_detector(spec, precision).runtime

    def photos_to_detect(self, image_ids: Iterable[uuid.UUID], run: ModelRun) -> dict[uuid.UUID, PhotoToDetect]:
        """Those of these photos that still exist, by id, each with what the model saw in it before."""
        return {photo.id: photo for photo in self.images.photos_to_detect(image_ids, run.cache_key)}

    def detect(
        self, photo: PhotoToDetect | None, labels: frozenset[str], min_confidence: float, run: ModelRun
    ) -> Detected:
        """Objects of these labels in a stored photo, or why it could not be examined.

        A photo whose content (sha256) this model has already seen is answered from the result cache,
        without reading the file or running the model."""
        if photo is None:
            return Detected([], error="The photo was deleted before it was processed.")
        if photo.cached is not None and photo.cached.floor <= min_confidence:
            return Detected(postprocess(photo.cached.candidates, min_confidence, labels, run.spec.classes))
        try:
            candidates = detect_candidates(photo.file_name, run, min(min_confidence, CACHE_FLOOR))
        except PhotoUnreadable as unreadable:
            return Detected([], error=str(unreadable))
        except FileNotFoundError:  # its message would show the storage's paths
            return Detected([], error="The photo's file is missing from storage.")
        except Exception as unexpected:
            logger.exception("detection failed on image %s", photo.id)
            return Detected([], error=f"Detection failed: {unexpected}")
        to_cache = CachedResult(CACHE_FLOOR, [c for c in candidates if c[1] >= CACHE_FLOOR])
        found = postprocess(candidates, min_confidence, labels, run.spec.classes)
        return Detected(found, to_cache=(photo.sha256, to_cache))

    def record_detections(
        self, task_id: uuid.UUID, labels: Iterable[str], run: ModelRun, detected: dict[uuid.UUID, Detected]
    ) -> set[uuid.UUID]:
        """Store a batch of results, a unit of work inside the caller's transaction: each photo's detections
        of these labels by this model are replaced (other models' stay), and new model output goes into the
        result cache. Returns the ids of photos deleted meanwhile (nothing is stored for them)."""
        model = run.result_name
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
        # One set per photo and model, in whichever precision examined it last.
        self.images.replace_detections(examined, result_names(run.spec.name), labels, rows)
        self.images.mark_analysed(examined, model)
        self.images.cache_results(run.cache_key, [result.to_cache for result in detected.values() if result.to_cache])
        return set(detected) - stored

    def detections_by_task(self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[dict]]:
        """The detections a task stored, by photo, in the API's Detection shape."""
        found = self.images.detections_by_task(task_id, image_ids)
        return {image_id: DetectionOutput(rows, many=True).data for image_id, rows in found.items()}


def result_names(model: str) -> list[str]:
    """The names a model's detections may be kept under: exact, or reduced."""
    return [model + ("" if precision == "exact" else "-bf16") for precision in PRECISIONS]


def detect_candidates(file_name: str, run: ModelRun, floor: float) -> list[Candidate]:
    """The per-image work: read the stored file, decode it at reduced scale (JPEG DCT scaling, never the
    full 12 MP), apply EXIF orientation, run the model. One decode serves everything the model needs."""
    detector = get_detector(run.spec, run.precision)
    with storage.open_file(file_name) as stream:
        picture = load_oriented(stream, max(run.spec.input_width, run.spec.input_height))
    return detector.candidates(np.asarray(picture), floor)


def colour_for(label: str) -> str:
    return _PALETTE[sum(label.encode()) % len(_PALETTE)]


def _display_name(name: str | None) -> str:
    """The uploaded name, for display only: no directories, no control characters, bounded length."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:255] or "unnamed"
