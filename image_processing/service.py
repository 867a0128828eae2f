"""Image Processing use cases: store photos, serve them, find objects in them."""

import json
import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
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

from spotter.errors import InvalidInput, NotFound

from . import storage
from .detection import (
    DEFAULT_MIN_CONFIDENCE,
    MIN_TAG_SCORE,
    PRECISIONS,
    SHIPPED_MODEL,
    TAGGER_INPUT_SIZE,
    TAGGER_NAME,
    TAGGER_SHA256,
    THOROUGH_SIDE,
    TOP_TAGS,
    Candidate,
    DetectorUnavailable,
    Found,
    Interrupted,
    ModelSpec,
    TagScore,
    get_detector,
    get_tagger,
    postprocess,
    thorough_candidates,
    tiles_per_photo,
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
from .model_registry import ModelRegistry
from .models import Detection, Image, Tag
from .repository import CachedResult, ImageRepository, PhotoFilters, PhotoToDetect, RankedPhotos
from .search.query import QueryRefused, Term, parse
from .search.vocabulary import normalised, tag_names
from .serializers import DetectionOutput

# What other modules may use: the detector's default minimum confidence and precisions, the models.
__all__ = [
    "DEFAULT_MIN_CONFIDENCE",
    "EXPORT_FORMATS",
    "PRECISIONS",
    "TAGGER_NAME",
    "Detected",
    "DetectorUnavailable",
    "Examination",
    "ImageService",
    "Interrupted",
    "ModelRun",
    "ModelSpec",
    "PhotoFilters",
]

logger = logging.getLogger(__name__)

ANNOTATED_MAX_SIDE = 2048
# The result cache keeps a model's boxes scoring at least this; a lower minimum confidence runs the model.
CACHE_FLOOR = 0.1
# ... and the tagger's best classes, more than a photo keeps.
CACHED_TAGS = 10
# The label colours the web app's viewer uses too: one file, one rule.
_PALETTE = json.loads((Path(__file__).parent / "label_colours.json").read_text())["palette"]


@dataclass(frozen=True)
class TagFound:
    name: str
    score: float


@dataclass(frozen=True)
class Detected:
    """What a task found in one photo (or why it could not look), and the models' raw output to cache."""

    found: list[Found]
    tags: list[TagFound] = field(default_factory=list)
    error: str | None = None
    sha256: str = ""
    to_cache: dict[str, CachedResult] = field(default_factory=dict)  # by the model's cache key


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


@dataclass(frozen=True)
class Examination:
    """What a task does to each photo: detect these labels with a model (`run`; None: no detection) at a
    minimum confidence, tag it with the tagger, or both from one decode."""

    run: ModelRun | None
    labels: frozenset[str] = frozenset()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    tags: bool = False
    thorough: bool = False  # also in overlapping tiles, for small objects (detection/tiles.py)

    @property
    def boxes_cache_key(self) -> str | None:
        if self.run is None:
            return None
        return f"{self.run.cache_key}-thorough" if self.thorough else self.run.cache_key


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
            upload.file, max_pixels=settings.SPOTTER_MAX_PIXELS, thumbnail_size=settings.SPOTTER_THUMBNAIL_SIZE
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
                    **vars(photo.facts),
                )
        except BaseException:
            storage.delete_files(*saved)
            raise
        if not stored:
            storage.delete_files(*saved)
        return image, stored

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

    def list_images(self, owner_id: int, filters: PhotoFilters) -> QuerySet[Image] | RankedPhotos:
        """The owner's photos matching the filters; with a search query, the best matches first."""
        return self.images.list_for_owner(owner_id, filters, self._result_names(filters.model), _terms(filters))

    def matches(self, images: Iterable[Image], filters: PhotoFilters) -> dict[uuid.UUID, list[dict]]:
        """Why each of these photos matched the search: per term, the label or tag that matched, and how."""
        terms = _terms(filters)
        if not terms:
            return {}
        found = self.images.evidence(
            [image.id for image in images], terms, filters.min_confidence, self._result_names(filters.model)
        )
        return {
            image_id: [
                {"term": terms[n].text, "matched": name, "kind": kind, "confidence": confidence}
                for n, name, kind, confidence in sorted(rows, key=lambda row: (row[0], -row[3]))
            ]
            for image_id, rows in found.items()
        }

    def export(self, owner_id: int, filters: PhotoFilters, fmt: str, min_confidence: float, with_photos: bool,
               task_id: uuid.UUID | None = None) -> Iterator[bytes]:  # fmt: skip
        """A zip of these photos' detections (at least this confident; only those the task stored, with
        `task_id`) in `fmt` (exports.FORMATS), streamed piece by piece."""
        models = self._result_names(filters.model)
        detections = self.images.detections_at(min_confidence, models, task_id)
        photos = self.images.list_for_owner(owner_id, filters, models, _terms(filters))
        return export_zip(
            photos.queryset() if isinstance(photos, RankedPhotos) else photos, detections, fmt, with_photos
        )

    def label_counts(
        self, images: Iterable[Image], min_confidence: float, model: str | None = None
    ) -> dict[uuid.UUID, dict[str, int]]:
        """Per photo, how many objects of each class the model (None: the default) found."""
        return self.images.label_counts((image.id for image in images), min_confidence, self._result_names(model))

    def best_tags(self, images: Iterable[Image], limit: int = 3) -> dict[uuid.UUID, list[str]]:
        """Per photo, its best tags' names, best first: what a gallery card shows of a photo only tagged."""
        return self.images.best_tags((image.id for image in images), limit)

    def suggest(self, owner_id: int, prefix: str, model: str | None = None, limit: int = 10) -> list[dict]:
        """Terms present in the owner's photos that complete `prefix`, with how many photos have each."""
        prefix, spec = " " + normalised(prefix), self.models.get(model)

        def completes(name: str) -> bool:  # a word of it starts with the prefix: "ret" finds "golden retriever"
            return prefix in " " + name.lower()

        labels = [label for label in spec.labels if completes(label)]
        tags = [name for name in tag_names() if completes(name)]
        found = self.images.photo_counts(owner_id, labels, tags, result_names(spec))
        found.sort(key=lambda row: (-row[2], row[0]))
        return [{"term": term, "kind": kind, "count": count} for term, kind, count in found[:limit]]

    def label_facets(self, owner_id: int, min_confidence: float, model: str | None = None) -> list[tuple[str, int]]:
        return self.images.label_facets(owner_id, min_confidence, self._result_names(model))

    def _result_names(self, model: str | None) -> list[str]:
        """What the detections of this model (None: the default; unknown: a 400) are kept under."""
        return result_names(self.models.get(model))

    def detections_of(self, image: Image, min_confidence: float = 0.0) -> list[Detection]:
        return self.images.detections_of(image.id, min_confidence)

    def tags_of(self, image: Image) -> list[Tag]:
        return self.images.tags_of(image.id)

    def existing_ids(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        return self.images.owned_ids(owner_id, image_ids)

    def open_original(self, owner_id: int, image_id: uuid.UUID) -> PhotoFile:
        image = self.get(owner_id, image_id)
        return PhotoFile(_open_stored(image.file_name), image.content_type, image.filename)

    def open_thumbnail(self, owner_id: int, image_id: uuid.UUID) -> PhotoFile:
        image = self.get(owner_id, image_id)
        return PhotoFile(_open_stored(image.thumbnail_name), "image/jpeg", image.filename)

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
        with _open_stored(image.file_name) as stream:
            picture = shrink(load_oriented(stream, ANNOTATED_MAX_SIDE), ANNOTATED_MAX_SIDE)
        draw = ImageDraw.Draw(picture)
        width, height = picture.size
        line = max(2, round(max(width, height) / 300))
        for detection in self.images.detections_of(image.id, min_confidence, models):
            if labels is not None and detection.label not in labels:
                continue
            colour = colour_for(detection.label)
            x, y = detection.x_min * width, detection.y_min * height
            draw.rectangle((x, y, detection.x_max * width, detection.y_max * height), outline=colour, width=line)
            caption = f"{detection.label} {detection.confidence:.0%}"
            left, top, right, bottom = draw.textbbox((x, y), caption)
            draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=colour)
            draw.text((x, y), caption, fill="white")
        return encode_jpeg(picture)

    # --- detection (used by the task module) ---

    def model_run(self, model: str | None, precision: str) -> ModelRun:
        """This model (None: the default) in this precision; a 400 that lists the known models for a name
        no model has."""
        return ModelRun(self.models.get(model), precision)

    def thorough_tiles(self, width: int, height: int) -> int:
        """How many tiles a thorough examination reads a photo of this size in, after the whole photo."""
        return tiles_per_photo(width, height)

    def load_default_detector(self, precision: str) -> str:
        """Load the default model (the shipped one while the database cannot say which) and say what it runs
        on. Other models load the first time a task needs them."""
        try:
            spec = self.models.get(None)
        except DatabaseError:
            spec = SHIPPED_MODEL
        return get_detector(spec, precision).runtime

    def photos_to_detect(self, image_ids: Iterable[uuid.UUID], exam: Examination) -> dict[uuid.UUID, PhotoToDetect]:
        """Those of these photos that still exist, by id, each with what the models saw in it before."""
        photos = self.images.photos_to_detect(image_ids, exam.boxes_cache_key, TAGGER_SHA256 if exam.tags else None)
        return {photo.id: photo for photo in photos}

    def detect(
        self, photo: PhotoToDetect | None, exam: Examination, should_stop: Callable[[], bool] = lambda: False
    ) -> Detected:
        """What the examination finds in a stored photo, or why it could not be examined. A thorough one asks
        `should_stop` between tiles and raises Interrupted when it says yes.

        What a model has already seen in a photo's content (sha256) is answered from the result cache,
        without reading the file or running the model."""
        if photo is None:
            return Detected([], error="The photo was deleted before it was processed.")
        floor = min(exam.min_confidence, CACHE_FLOOR)
        boxes_cached = photo.cached is not None and photo.cached.floor <= exam.min_confidence
        run = exam.run if exam.run and not boxes_cached else None
        try:
            tags_needed = exam.tags and photo.cached_tags is None
            candidates, tag_scores = examine_file(photo.file_name, run, tags_needed, floor, exam.thorough, should_stop)
        except Interrupted:
            raise
        except PhotoUnreadable as unreadable:
            return Detected([], error=str(unreadable))
        except FileNotFoundError:  # its message would show the storage's paths
            return Detected([], error="The photo's file is missing from storage.")
        except Exception as unexpected:
            logger.exception("detection failed on image %s", photo.id)
            return Detected([], error=f"Detection failed: {unexpected}")
        to_cache = {}
        if run is not None:
            to_cache[exam.boxes_cache_key] = CachedResult(CACHE_FLOOR, [c for c in candidates if c[1] >= CACHE_FLOOR])
        if tag_scores is not None:
            to_cache[TAGGER_SHA256] = CachedResult(0.0, [[tag.class_id, tag.score] for tag in tag_scores])
        found = []
        if exam.run is not None:
            raw = photo.cached.candidates if boxes_cached else candidates
            found = postprocess(raw, exam.min_confidence, exam.labels, exam.run.spec.classes)
        tags = []
        if exam.tags:
            scores = photo.cached_tags.candidates if tag_scores is None else [[t.class_id, t.score] for t in tag_scores]
            names = tag_names()
            tags = [TagFound(names[int(n)], score) for n, score in scores[:TOP_TAGS] if score >= MIN_TAG_SCORE]
        return Detected(found, tags, sha256=photo.sha256, to_cache=to_cache)

    def record_detections(
        self, task_id: uuid.UUID, exam: Examination, detected: dict[uuid.UUID, Detected]
    ) -> set[uuid.UUID]:
        """Store a batch of results, a unit of work inside the caller's transaction: each photo's detections
        of the examined labels by this model are replaced (other models' stay), so are its tags, and new
        model output goes into the result cache. Returns the ids of photos deleted meanwhile (nothing is
        stored for them)."""
        owners = self.images.lock_existing(detected)  # a photo's results are replaced by one writer at a time
        examined = [image_id for image_id, result in detected.items() if image_id in owners and result.error is None]
        if exam.run is not None:
            model = exam.run.result_name
            rows = [
                Detection(
                    image_id=image_id,
                    owner_id=owners[image_id],
                    task_id=task_id,
                    model=model,
                    label=f.label,
                    confidence=f.confidence,
                    **vars(f.box),
                )
                for image_id in examined
                for f in detected[image_id].found
            ]
            # One set per photo and model, in whichever precision examined it last.
            self.images.replace_detections(examined, result_names(exam.run.spec), exam.labels, rows)
            self.images.mark_analysed(examined, model)
        if exam.tags:
            tags = [
                Tag(
                    image_id=image_id,
                    owner_id=owners[image_id],
                    task_id=task_id,
                    model=TAGGER_NAME,
                    name=tag.name,
                    score=tag.score,
                )
                for image_id in examined
                for tag in detected[image_id].tags
            ]
            self.images.replace_tags(examined, TAGGER_NAME, tags)
        to_cache: dict[str, list] = defaultdict(list)
        for result in detected.values():
            for key, cached in result.to_cache.items():
                to_cache[key].append((result.sha256, cached))
        for key, results in to_cache.items():
            self.images.cache_results(key, results)
        return set(detected) - owners.keys()

    def detections_by_task(self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list[dict]]:
        """The detections a task stored, by photo, in the API's Detection shape."""
        found = self.images.detections_by_task(task_id, image_ids)
        return {image_id: DetectionOutput(rows, many=True).data for image_id, rows in found.items()}


def _terms(filters: PhotoFilters) -> list[Term] | None:
    """The search query's terms; a 400 that says what is wrong with it."""
    if not filters.query:
        return None
    try:
        return parse(filters.query)
    except QueryRefused as refused:
        raise InvalidInput(refused.message, code=refused.code, details=refused.details) from refused


def result_names(model: ModelSpec) -> list[str]:
    """The names a model's detections may be kept under: exact, or reduced."""
    return [model.result_name(precision) for precision in PRECISIONS]


def examine_file(
    file_name: str,
    run: ModelRun | None,
    tags: bool,
    floor: float,
    thorough: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
) -> tuple[list[Candidate], list[TagScore] | None]:
    """The per-image work: read the stored file, decode it once at reduced scale (JPEG DCT scaling, never the
    full 12 MP) with its EXIF orientation, and run the detector (`run`; None: not needed; `thorough`: in
    tiles too) and the tagger (if `tags`) on it. Returns the detector's candidates scoring at least `floor`
    and the tagger's best scores (None where not run)."""
    if run is None and not tags:
        return [], None
    size = max(max(run.spec.input_width, run.spec.input_height) if run else 0, TAGGER_INPUT_SIZE if tags else 0)
    thorough = thorough and run is not None
    with storage.open_file(file_name) as stream:
        decoded = load_oriented(stream, THOROUGH_SIDE if thorough else size)
    picture = np.asarray(shrink(decoded, THOROUGH_SIDE) if thorough else decoded)
    detector = get_detector(run.spec, run.precision) if run else None
    if detector is None:
        candidates = []
    elif thorough:
        candidates = thorough_candidates(detector.candidates, picture, floor, should_stop)
    else:
        candidates = detector.candidates(picture, floor)
    return candidates, get_tagger().tag(picture, top=CACHED_TAGS, floor=0.01) if tags else None


def _open_stored(name: str) -> BinaryIO:
    """A stored file of a photo; a 404 that says so where storage lost it."""
    try:
        return storage.open_file(name)
    except FileNotFoundError:  # its message would show the storage's paths
        raise NotFound("The photo's file is missing from storage.", code="file_missing") from None


def colour_for(label: str) -> str:
    return _PALETTE[sum(label.encode()) % len(_PALETTE)]


def _display_name(name: str | None) -> str:
    """The uploaded name, for display only: no directories, no control characters, bounded length."""
    base = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = "".join(ch for ch in base if ch.isprintable()).strip()
    return cleaned[:255] or "unnamed"
