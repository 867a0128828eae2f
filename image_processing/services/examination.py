"""Examination: what a task does to each photo, and storing what it found. The only part of this module the
task module uses.

An `Examination` says what to do to a photo: detect some labels with a model (`ModelRun`) at a minimum
confidence, in the fast or the thorough mode, tag it, read its text, find its faces, or several of these.
`detect` decodes a photo once and runs what is needed (or answers from the result cache); `record_detections`
stores a batch of results as one unit of work, in the caller's transaction. Each result carries a ready
`summary` for the task's counts."""

import logging
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db import DatabaseError

from ..clustering import as_bytes
from ..detection import (
    DEFAULT_MIN_CONFIDENCE,
    FACE_FINDER_NAME,
    FACES_CACHE_KEY,
    MIN_TAG_SCORE,
    READER_CACHE_KEY,
    READER_NAME,
    SHIPPED_MODEL,
    TAGGER_NAME,
    TAGGER_SHA256,
    THOROUGH_SCHEME,
    TOP_TAGS,
    FaceFound,
    Found,
    Interrupted,
    LineRead,
    get_detector,
    postprocess,
    tiles_per_photo,
)
from ..imaging import PhotoUnreadable
from ..model_registry import ModelRegistry, result_names
from ..models import Detection, Face, Tag, TextLine
from ..repository import CachedResult, ImageRepository, PhotoToDetect
from ..search.text_search import comparable_words
from ..search.vocabulary import tag_names
from ..serializers import DetectionOutput
from .people import PeopleService
from .per_photo import ModelRun, examine_file

logger = logging.getLogger(__name__)

# A model's boxes scoring at least this are kept, in the result cache and as a photo's detections, whatever
# a task's minimum confidence: that minimum decides what the task counts, never what a photo loses. A lower
# minimum runs the model again.
KEPT_FLOOR = 0.1


@dataclass(frozen=True)
class TagFound:
    name: str
    score: float


@dataclass(frozen=True)
class Detected:
    """What a task found in one photo (or why it could not look), and the models' raw output to cache."""

    found: list[Found]  # every box kept (KEPT_FLOOR and up), the task's minimum aside
    tags: list[TagFound] = field(default_factory=list)
    lines: list[LineRead] = field(default_factory=list)  # the text read, in reading order
    faces: list[FaceFound] = field(default_factory=list)  # left to right
    error: str | None = None
    sha256: str = ""
    to_cache: dict[str, CachedResult] = field(default_factory=dict)  # by the model's cache key
    # What it adds to its task's counts: labels; else its best tag; else "text" for a photo with text, and a
    # "face" for each face.
    summary: list[str] = field(default_factory=list)

    @property
    def examined(self) -> bool:
        """A model looked at the photo: not everything came from the result cache."""
        return bool(self.to_cache)


@dataclass(frozen=True)
class Examination:
    """What a task does to each photo: detect these labels with a model (`run`; None: no detection) at a
    minimum confidence, tag it with the tagger, read its text, find its faces, or several of these from one
    decode."""

    run: ModelRun | None
    labels: frozenset[str] = frozenset()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    tags: bool = False
    thorough: bool = False  # also in overlapping tiles, for small objects (detection/tiles.py)
    reads: bool = False  # reads the text in it (detection/reader.py)
    faces: bool = False  # finds its faces and who they are (detection/faces.py)

    @property
    def boxes_cache_key(self) -> str | None:
        if self.run is None:
            return None
        return f"{self.run.cache_key}-{THOROUGH_SCHEME}" if self.thorough else self.run.cache_key

    @property
    def result_name(self) -> str:
        """The name its results are kept under: the model's, else the tagger's, the text reader's or the face
        finder's."""
        if self.run is not None:
            return self.run.result_name
        return TAGGER_NAME if self.tags else READER_NAME if self.reads else FACE_FINDER_NAME


class ExaminationService:
    def __init__(self, repository: ImageRepository | None = None, models: ModelRegistry | None = None):
        self.images = repository or ImageRepository()
        self.models = models or ModelRegistry()

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
        tagger, reader = TAGGER_SHA256 if exam.tags else None, READER_CACHE_KEY if exam.reads else None
        faces = FACES_CACHE_KEY if exam.faces else None
        photos = self.images.photos_to_detect(image_ids, exam.boxes_cache_key, tagger, reader, faces)
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
        floor = min(exam.min_confidence, KEPT_FLOOR)
        boxes_cached = photo.cached is not None and photo.cached.floor <= exam.min_confidence
        run = exam.run if exam.run and not boxes_cached else None
        try:
            tags_needed = exam.tags and photo.cached_tags is None
            text_needed = exam.reads and photo.cached_text is None
            faces_needed = exam.faces and photo.cached_faces is None
            candidates, tag_scores, lines, faces = examine_file(
                photo.file_name, run, tags_needed, floor, exam.thorough, should_stop, text_needed, faces_needed
            )
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
            to_cache[exam.boxes_cache_key] = CachedResult(KEPT_FLOOR, [c for c in candidates if c[1] >= KEPT_FLOOR])
        if tag_scores is not None:
            to_cache[TAGGER_SHA256] = CachedResult(0.0, [[tag.class_id, tag.score] for tag in tag_scores])
        if lines is not None:
            to_cache[READER_CACHE_KEY] = CachedResult(0.0, [[line.text, line.confidence, *line.box] for line in lines])
        elif exam.reads:
            lines = [LineRead(text, score, tuple(box)) for text, score, *box in photo.cached_text.candidates]
        if faces is not None:
            to_cache[FACES_CACHE_KEY] = CachedResult(
                0.0, [[face.confidence, *face.box, *(face.embedding or ())] for face in faces]
            )
        elif exam.faces:
            cached = photo.cached_faces.candidates
            faces = [FaceFound(tuple(row[1:5]), row[0], tuple(row[5:]) or None) for row in cached]
        found = []
        if exam.run is not None:
            raw = photo.cached.candidates if boxes_cached else candidates
            found = postprocess(raw, min(exam.min_confidence, KEPT_FLOOR), exam.labels, exam.run.spec.classes)
        tags = []
        if exam.tags:
            scores = photo.cached_tags.candidates if tag_scores is None else [[t.class_id, t.score] for t in tag_scores]
            names = tag_names()
            tags = [TagFound(names[int(n)], score) for n, score in scores[:TOP_TAGS] if score >= MIN_TAG_SCORE]
        if exam.run is not None:
            summary = [f.label for f in found if f.confidence >= exam.min_confidence]
        elif exam.tags:
            summary = [tag.name for tag in tags[:1]]
        else:
            summary = (["text"] if lines else []) + ["face"] * len(faces or [])
        return Detected(found, tags, lines or [], faces or [], sha256=photo.sha256, to_cache=to_cache, summary=summary)

    def record_detections(
        self, task_id: uuid.UUID, exam: Examination, detected: dict[uuid.UUID, Detected]
    ) -> set[uuid.UUID]:
        """Store a batch of results, a unit of work inside the caller's transaction: each photo's detections
        of the examined labels by this model are replaced (other models' stay), so are its tags, and new
        model output goes into the result cache; so is its text. Returns the ids of photos deleted meanwhile (nothing is
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
        if exam.reads:
            lines = [
                TextLine(
                    image_id=image_id,
                    owner_id=owners[image_id],
                    task_id=task_id,
                    model=READER_NAME,
                    position=position,
                    text=line.text,
                    words=comparable_words(line.text),
                    confidence=line.confidence,
                    **dict(zip(("x_min", "y_min", "x_max", "y_max"), line.box, strict=True)),
                )
                for image_id in examined
                for position, line in enumerate(detected[image_id].lines)
            ]
            self.images.replace_text_lines(examined, READER_NAME, lines)
        if exam.faces:
            self._record_faces(task_id, examined, owners, detected)
        to_cache: dict[str, list] = defaultdict(list)
        for result in detected.values():
            for key, cached in result.to_cache.items():
                to_cache[key].append((result.sha256, cached))
        for key, results in to_cache.items():
            self.images.cache_results(key, results)
        return set(detected) - owners.keys()

    def _record_faces(self, task_id: uuid.UUID, examined: list[uuid.UUID], owners: dict[uuid.UUID, int],
                      detected: dict[uuid.UUID, Detected]) -> None:  # fmt: skip
        """Each photo's faces instead of those found before, then sorted into their owner's people."""
        rows = [
            Face(
                image_id=image_id,
                owner_id=owners[image_id],
                task_id=task_id,
                model=FACE_FINDER_NAME,
                position=position,
                confidence=face.confidence,
                embedding=as_bytes(face.embedding) if face.embedding is not None else None,
                **dict(zip(("x_min", "y_min", "x_max", "y_max"), face.box, strict=True)),
            )
            for image_id in examined
            for position, face in enumerate(detected[image_id].faces)
        ]
        people = PeopleService()
        stored = people.people.replace_faces(examined, FACE_FINDER_NAME, rows)
        for owner_id in sorted({face.owner_id for face in stored}):
            people.sort_new_faces(owner_id, [face for face in stored if face.owner_id == owner_id])

    def detections_by_task(
        self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID], min_confidence: float
    ) -> dict[uuid.UUID, list[dict]]:
        """What a task found, by photo, in the API's Detection shape: its detections at its minimum confidence."""
        found = self.images.detections_by_task(task_id, image_ids, min_confidence)
        return {image_id: DetectionOutput(rows, many=True).data for image_id, rows in found.items()}
