"""The only code that queries the image_processing tables."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.db.models.functions import Coalesce

from .detection import DEFAULT_MIN_CONFIDENCE
from .models import Detection, DetectionCache, DetectorModel, Image, Tag
from .search.query import Term

# A tag counts in a search at this score or above, unless the term sets its own confidence.
TAG_MATCH_SCORE = 0.1


@dataclass(frozen=True)
class CachedResult:
    """The network's raw boxes for one content, scoring at least `floor` (see DetectionCache)."""

    floor: float
    candidates: list


@dataclass(frozen=True)
class PhotoFilters:
    """Which of an owner's photos: with a label (at a minimum confidence, found by a model: None for the
    default), taken within dates (the upload date standing in for photos whose EXIF has none), or these ids."""

    label: str | None = None
    query: str | None = None  # a search (search/query.py): what matches, best first
    model: str | None = None
    min_confidence: float | None = None
    taken_after: date | None = None
    taken_before: date | None = None
    ids: list[uuid.UUID] | None = None


@dataclass(frozen=True)
class PhotoToDetect:
    """What a task needs of a stored photo, with what the detector and the tagger saw in its content before,
    if anything."""

    id: uuid.UUID
    sha256: str
    file_name: str
    cached: CachedResult | None
    cached_tags: CachedResult | None = None


class ImageRepository:
    def create_unless_stored(self, **fields) -> tuple[Image, bool]:
        """The new photo and True; or False with the owner's photo of the same content if there is one. Inside
        the caller's transaction, uploads of one owner take their turn (on a lock of the owner's row, whose
        photos these are), so that the same photo uploaded twice at once is stored once."""
        get_user_model().objects.select_for_update().filter(id=fields["owner_id"]).first()
        existing = self.owned_with_content(fields["owner_id"], fields["sha256"])
        return (existing, False) if existing else (Image.objects.create(**fields), True)

    def photos_to_detect(
        self, image_ids: Iterable[uuid.UUID], detector: str | None, tagger: str | None
    ) -> list[PhotoToDetect]:
        """Those of these photos that exist, with the results cached for their content under these model keys
        (None: not wanted)."""
        photos = Image.objects.filter(id__in=list(image_ids))
        for prefix, key in (("boxes", detector), ("tags", tagger)):
            cached = DetectionCache.objects.filter(sha256=OuterRef("sha256"), model=key or "")
            photos = photos.annotate(
                **{
                    f"{prefix}_floor": Subquery(cached.values("floor")[:1]),
                    f"{prefix}_found": Subquery(cached.values("candidates")[:1]),
                }
            )
        rows = photos.values_list("id", "sha256", "file_name", "boxes_floor", "boxes_found", "tags_floor", "tags_found")
        return [
            PhotoToDetect(id_, sha256, file_name, _cached(boxes_floor, boxes), _cached(tags_floor, tags))
            for id_, sha256, file_name, boxes_floor, boxes, tags_floor, tags in rows
        ]

    def get_owned(self, owner_id: int, image_id: uuid.UUID) -> Image | None:
        return Image.objects.filter(id=image_id, owner_id=owner_id).first()

    def list_for_owner(
        self, owner_id: int, filters: PhotoFilters, models: list[str], terms: list[Term] | None = None
    ) -> "QuerySet[Image] | RankedPhotos":
        """The owner's photos matching the filters and the search's terms (labels as these model names found
        them): the best matches first, else the newest first by the date taken (else uploaded)."""
        images = Image.objects.filter(owner_id=owner_id).annotate(when=Coalesce("taken_at", "created_at"))
        if filters.label is not None or (filters.min_confidence is not None and not terms):
            matching = Detection.objects.filter(image=OuterRef("pk"), model__in=models)
            if filters.label is not None:
                matching = matching.filter(label=filters.label)
            if filters.min_confidence is not None:
                matching = matching.filter(confidence__gte=filters.min_confidence)
            images = images.filter(Exists(matching))
        if filters.taken_after:
            images = images.filter(when__date__gte=filters.taken_after)
        if filters.taken_before:
            images = images.filter(when__date__lte=filters.taken_before)
        if filters.ids is not None:
            images = images.filter(id__in=filters.ids)
        if terms:
            if filters.ids == []:
                return RankedPhotos(owner_id, None, [])
            narrowed = any(value is not None for value in (filters.label, filters.taken_after, filters.taken_before,
                                                           filters.ids))  # fmt: skip
            return self._matching(owner_id, images if narrowed else None, terms, filters.min_confidence, models)
        return images.order_by("-when", "-id")

    def _matching(self, owner_id: int, among: QuerySet[Image] | None, terms: list[Term], min_confidence: float | None,
                  models: list[str]) -> "RankedPhotos":  # fmt: skip
        """The owner's photos (of `among`, if given) matching every term, ranked by how well: the sum of each
        term's best confidence.

        One SQL statement composed of the ORM's own queries: per term, the owner's detections and tags of it,
        read from covering indexes and grouped by photo; the photos themselves are read a page at a time."""
        tables, table_params, conditions, condition_params, rank = [], [], [], [], []
        for n, term in enumerate(terms):
            boxes, tags = _term_evidence(term, min_confidence, models, owner_id=owner_id)
            parts = [boxes.order_by().annotate(score=F("confidence")).values_list("image_id", "score")]
            if not term.min_count:  # counts are of boxes (a term left out has none)
                parts.append(tags.order_by().values_list("image_id", "score"))
            parts = [part for part in parts if not part.query.is_empty()]
            if not parts:  # a term of no class this model or the tagger has
                if term.exclude:
                    continue
                return RankedPhotos(owner_id, None, [])
            compiled = [part.query.sql_with_params() for part in parts]
            evidence = " UNION ALL ".join(sql for sql, _ in compiled)
            evidence_params = [value for _, part_params in compiled for value in part_params]
            if term.exclude:
                conditions.append(f"image_id NOT IN (SELECT image_id FROM ({evidence}) excluded_{n})")
                condition_params += evidence_params
                continue
            having = "HAVING COUNT(*) >= %s" if term.min_count else ""
            table = f"(SELECT image_id, MAX(score) AS best FROM ({evidence}) evidence_{n} GROUP BY image_id {having})"
            tables.append(f"{table} term_{n}" if not tables else f"JOIN {table} term_{n} USING (image_id)")
            table_params += [*evidence_params, *([term.min_count] if term.min_count else [])]
            rank.append(f"term_{n}.best")
        if among is not None:
            among_sql, among_params = among.order_by().values("id").query.sql_with_params()
            conditions.append(f"image_id IN ({among_sql})")
            condition_params += among_params
        where = f"WHERE {' AND '.join(conditions)}" if conditions else ""
        sql = f"SELECT image_id, {' + '.join(rank)} AS rank FROM {' '.join(tables)} {where}"
        return RankedPhotos(owner_id, sql, [*table_params, *condition_params])

    def evidence(self, image_ids: list[uuid.UUID], terms: list[Term], min_confidence: float | None,
                 models: list[str]) -> dict[uuid.UUID, list[tuple[int, str, str, float]]]:  # fmt: skip
        """For these photos, what made each term match: (term index, the label or tag, "detection" or "tag",
        its confidence), the best of each kind per term."""
        found: dict[uuid.UUID, list] = defaultdict(list)
        for n, term in enumerate(terms):
            if term.exclude:
                continue
            boxes, tags = _term_evidence(term, min_confidence, models, image_id__in=image_ids)
            if term.min_count:  # counts are of boxes: tags did not make it match
                tags = tags.none()
            for kind, rows in (("detection", boxes.values_list("image_id", "label", "confidence")),
                               ("tag", tags.values_list("image_id", "name", "score"))):  # fmt: skip
                best: dict[uuid.UUID, tuple] = {}
                for image_id, name, confidence in rows:
                    if image_id not in best or confidence > best[image_id][1]:
                        best[image_id] = (name, confidence)
                for image_id, (name, confidence) in best.items():
                    found[image_id].append((n, name, kind, confidence))
        return found

    def owned_with_content(self, owner_id: int, sha256: str) -> Image | None:
        return Image.objects.filter(owner_id=owner_id, sha256=sha256).order_by("created_at").first()

    def owned_ids(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        return set(Image.objects.filter(owner_id=owner_id, id__in=list(image_ids)).values_list("id", flat=True))

    def delete(self, image: Image) -> None:
        """Delete the photo and its detections, locking its row first, as a worker storing its detections
        does (lock_existing): the two take their locks in one order and never deadlock."""
        self.lock_existing([image.id])
        image.delete()

    def label_counts(
        self, image_ids: Iterable[uuid.UUID], min_confidence: float, models: list[str]
    ) -> dict[uuid.UUID, dict[str, int]]:
        """Per image, how many detections of each label these models made at or above min_confidence."""
        counts: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
        rows = (
            Detection.objects.filter(image_id__in=list(image_ids), confidence__gte=min_confidence, model__in=models)
            .values("image_id", "label")
            .annotate(n=Count("id"))
            .order_by("image_id", "-n", "label")
        )
        for row in rows:
            counts[row["image_id"]][row["label"]] = row["n"]
        return counts

    def photo_counts(
        self, owner_id: int, labels: list[str], tags: list[str], models: list[str]
    ) -> list[tuple[str, str, int]]:
        """How many of the owner's photos have each of these labels (by these model names) and tags, as a
        search counts them: (name, "label" or "tag", photos), for those some photo has."""
        counted = []
        if labels:
            boxes = Detection.objects.filter(
                label__in=labels, model__in=models, confidence__gte=DEFAULT_MIN_CONFIDENCE, owner_id=owner_id
            )
            rows = boxes.order_by().values("label").annotate(n=Count("image_id", distinct=True))
            counted += [(label, "label", n) for label, n in rows.values_list("label", "n")]
        if tags:
            kept = Tag.objects.filter(owner_id=owner_id, name__in=tags, score__gte=TAG_MATCH_SCORE)
            rows = kept.order_by().values("name").annotate(n=Count("image_id", distinct=True))
            counted += [(name, "tag", n) for name, n in rows.values_list("name", "n")]
        return counted

    def label_facets(self, owner_id: int, min_confidence: float, models: list[str]) -> list[tuple[str, int]]:
        """Each label these models found in the owner's photos, with how many photos have it."""
        rows = (
            Detection.objects.filter(owner_id=owner_id, confidence__gte=min_confidence, model__in=models)
            .values("label")
            .annotate(images=Count("image_id", distinct=True))
            .order_by("-images", "label")
        )
        return [(row["label"], row["images"]) for row in rows]

    def detections_of(
        self, image_id: uuid.UUID, min_confidence: float = 0.0, models: list[str] | None = None
    ) -> list[Detection]:
        found = Detection.objects.filter(image_id=image_id, confidence__gte=min_confidence)
        return list(found if models is None else found.filter(model__in=models))

    def detections_at(self, min_confidence: float, models: list[str], task_id: uuid.UUID | None) -> QuerySet[Detection]:
        """Detections at this confidence: those a task stored, or else those of these model names."""
        found = Detection.objects.filter(confidence__gte=min_confidence)
        return found.filter(model__in=models) if task_id is None else found.filter(task_id=task_id)

    def detections_by_task(self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list]:
        found: dict[uuid.UUID, list[Detection]] = defaultdict(list)
        for detection in Detection.objects.filter(task_id=task_id, image_id__in=list(image_ids)):
            found[detection.image_id].append(detection)
        return found

    def mark_analysed(self, image_ids: list[uuid.UUID], model: str) -> None:
        Image.objects.filter(id__in=image_ids).update(analysed_by=model)

    def lock_existing(self, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, int]:
        """Lock these photos' rows until the end of the transaction; the owners of those that still exist."""
        existing = Image.objects.select_for_update().filter(id__in=list(image_ids)).order_by("id")
        return dict(existing.values_list("id", "owner_id"))

    def replace_detections(
        self, image_ids: list[uuid.UUID], models: list[str], labels: Iterable[str], detections: list[Detection]
    ) -> None:
        """Swap these photos' detections of these labels by these models for new ones (inside the caller's
        transaction)."""
        if image_ids:
            Detection.objects.filter(image_id__in=image_ids, model__in=models, label__in=list(labels)).delete()
        Detection.objects.bulk_create(detections)

    def replace_tags(self, image_ids: list[uuid.UUID], model: str, tags: list[Tag]) -> None:
        """Swap these photos' tags by this model for new ones (inside the caller's transaction)."""
        if image_ids:
            Tag.objects.filter(image_id__in=image_ids, model=model).delete()
        Tag.objects.bulk_create(tags)

    def tags_of(self, image_id: uuid.UUID) -> list[Tag]:
        return list(Tag.objects.filter(image_id=image_id))

    def best_tags(self, image_ids: Iterable[uuid.UUID], limit: int) -> dict[uuid.UUID, list[str]]:
        """Per photo, the names of its best tags that a search counts, best first, at most `limit`."""
        found: dict[uuid.UUID, list[str]] = defaultdict(list)
        kept = Tag.objects.filter(image_id__in=list(image_ids), score__gte=TAG_MATCH_SCORE)
        for image_id, name in kept.order_by("image_id", "-score").values_list("image_id", "name"):
            if len(found[image_id]) < limit:
                found[image_id].append(name)
        return found

    # --- the result cache ---

    def cache_results(self, model: str, results: list[tuple[str, CachedResult]]) -> None:
        """Keep this model's raw output for these contents; entries another worker stored first stay theirs."""
        DetectionCache.objects.bulk_create(
            [
                DetectionCache(sha256=sha256, model=model, floor=r.floor, candidates=r.candidates)
                for sha256, r in results
            ],
            ignore_conflicts=True,
        )


def _term_evidence(
    term: Term, min_confidence: float | None, models: list[str], **photos
) -> tuple[QuerySet[Detection], QuerySet[Tag]]:
    """The detections and tags that make a term match: of its classes, at the term's own confidence, else
    min_confidence for detections (default 0.5) and TAG_MATCH_SCORE for tags; of the photos `photos` filters
    (owner_id=… or image_id__in=…)."""
    box_floor = term.min_confidence if term.min_confidence is not None else min_confidence
    box_floor = DEFAULT_MIN_CONFIDENCE if box_floor is None else box_floor
    tag_floor = term.min_confidence if term.min_confidence is not None else TAG_MATCH_SCORE
    labels, names = sorted(term.meaning.labels), sorted(term.meaning.tags)
    boxes = Detection.objects.filter(**photos, model__in=models, label__in=labels, confidence__gte=box_floor)
    tags = Tag.objects.filter(**photos, name__in=names, score__gte=tag_floor)
    return (boxes if labels else boxes.none()), (tags if names else tags.none())


class RankedPhotos:
    """Search results, best first (equal ranks in no particular order): a statement selecting the owner's
    matching photos' image_id and rank (None: nothing can match), read a page at a time."""

    def __init__(self, owner_id: int, sql: str | None, params: list):
        self.owner_id, self.sql, self.params = owner_id, sql, params

    def page(self, offset: int, limit: int) -> tuple[list[Image], int]:
        """These photos of the results, and how many photos match in all, from one statement."""
        if self.sql is None:
            return [], 0
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT image_id, COUNT(*) OVER () FROM ({self.sql}) ranked "
                "ORDER BY rank DESC, image_id DESC LIMIT %s OFFSET %s",
                [*self.params, limit, offset],
            )
            rows = cursor.fetchall()
        ids = [_as_uuid(row[0]) for row in rows]
        found = Image.objects.filter(owner_id=self.owner_id).in_bulk(ids)
        return [found[image_id] for image_id in ids if image_id in found], rows[0][1] if rows else 0

    def count(self) -> int:
        """How many photos match, alone: for a paginator asked for the last page before reading one."""
        if self.sql is None:
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({self.sql}) ranked", self.params)
            return cursor.fetchone()[0]

    def queryset(self) -> QuerySet[Image]:
        """The same photos as a query (in no particular order), for exports."""
        if self.sql is None:
            return Image.objects.none()
        return Image.objects.filter(id__in=RawSQL(f"SELECT image_id FROM ({self.sql}) ranked", self.params))


def _as_uuid(value) -> uuid.UUID:
    return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))


def _cached(floor: float | None, candidates: list | None) -> CachedResult | None:
    return None if floor is None else CachedResult(floor, candidates)


class ModelRepository:
    """The only code that queries the detection models table."""

    def all(self) -> list[DetectorModel]:
        return list(DetectorModel.objects.all())

    def get(self, name: str) -> DetectorModel | None:
        return DetectorModel.objects.filter(name=name).first()

    def default(self) -> DetectorModel | None:
        return DetectorModel.objects.filter(is_default=True).first()

    def add(self, **fields) -> DetectorModel:
        return DetectorModel.objects.create(**fields)

    def make_default(self, name: str | None) -> None:
        """This model becomes the default; None: none of the added ones (the shipped model is then)."""
        with transaction.atomic():
            DetectorModel.objects.filter(is_default=True).update(is_default=False)
            if name is not None:
                DetectorModel.objects.filter(name=name).update(is_default=True)
