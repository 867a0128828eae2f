"""The only code that queries the image_processing tables, with search/ranking.py for ranked searches and
search/text_search.py for the text read."""

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .detection import DEFAULT_MIN_CONFIDENCE
from .fingerprints import BANDS, SAME_PICTURE_BITS, bits_apart, parts, probes
from .models import (
    Detection,
    DetectionCache,
    Face,
    Image,
    Tag,
    TextLine,
)
from .search.query_parser import Term
from .search.ranking import TAG_MATCH_SCORE, RankedPhotos, flagged, leaving_out, ranked_matches
from .search.scope import PhotoScope
from .search.text_search import lines_matching


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
    query: str | None = None  # a search (search/query_parser.py): what matches, best first
    model: str | None = None
    min_confidence: float | None = None
    taken_after: date | None = None
    taken_before: date | None = None
    ids: list[uuid.UUID] | None = None
    album: uuid.UUID | None = None  # the photos of this album (the person's, or shared with them)
    person: uuid.UUID | None = None  # the photos with a face of this person of the owner's


@dataclass(frozen=True)
class PhotoToDetect:
    """What a task needs of a stored photo, with what the detector and the tagger saw in its content before,
    if anything."""

    id: uuid.UUID
    sha256: str
    file_name: str
    cached: CachedResult | None
    cached_tags: CachedResult | None = None
    cached_text: CachedResult | None = None
    cached_faces: CachedResult | None = None


class ImageRepository:
    def create_unless_stored(self, **fields) -> tuple[Image, bool]:
        """The new photo and True; or False with the owner's photo of the same content if there is one. Inside
        the caller's transaction, uploads of one owner take their turn (on a lock of the owner's row, whose
        photos these are), so that the same photo uploaded twice at once is stored once."""
        get_user_model().objects.select_for_update().filter(id=fields["owner_id"]).first()
        existing = self.owned_with_content(fields["owner_id"], fields["sha256"])
        if existing:
            return existing, False
        return Image.objects.create(**fields, **fingerprint_columns(fields.get("fingerprint"))), True

    def photos_to_detect(
        self, image_ids: Iterable[uuid.UUID], detector: str | None, tagger: str | None, reader: str | None = None,
        faces: str | None = None,
    ) -> list[PhotoToDetect]:  # fmt: skip
        """Those of these photos that exist, with the results cached for their content under these model keys
        (None: not wanted)."""
        photos = Image.objects.filter(id__in=list(image_ids))
        for prefix, key in (("boxes", detector), ("tags", tagger), ("text", reader), ("faces", faces)):
            cached = DetectionCache.objects.filter(sha256=OuterRef("sha256"), model=key or "")
            photos = photos.annotate(
                **{
                    f"{prefix}_floor": Subquery(cached.values("floor")[:1]),
                    f"{prefix}_found": Subquery(cached.values("candidates")[:1]),
                }
            )
        rows = photos.values_list(
            "id", "sha256", "file_name", "boxes_floor", "boxes_found", "tags_floor", "tags_found", "text_floor",
            "text_found", "faces_floor", "faces_found",
        )  # fmt: skip
        return [
            PhotoToDetect(id_, sha256, file_name, *(_cached(*pair) for pair in zip(c[::2], c[1::2], strict=True)))
            for id_, sha256, file_name, *c in rows
        ]

    def get_owned(self, owner_id: int, image_id: uuid.UUID) -> Image | None:
        return Image.objects.filter(id=image_id, owner_id=owner_id).first()

    def list_photos(
        self, scope: PhotoScope, filters: PhotoFilters, models: list[str], terms: list[Term] | None = None,
        duplicates: Iterable[uuid.UUID] = (), albums: Mapping[str, QuerySet[Image]] | None = None,
    ) -> "QuerySet[Image] | RankedPhotos":  # fmt: skip
        """The scope's photos (an owner's library, or an album's) matching the filters and the search's terms
        (labels as these model names found them; is:duplicate, the photos of `duplicates`; album:, the photos
        `albums` has under its title): the best matches first, else (no terms, or only flags and words left
        out) the newest first by the date taken (else uploaded)."""
        images = scope.photos().annotate(when=Coalesce("taken_at", "created_at"))
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
        if filters.person is not None:
            images = images.filter(Exists(Face.objects.filter(image=OuterRef("pk"), person_id=filters.person)))
        words = [term for term in terms or [] if not term.flag]
        images = flagged(images, [term for term in terms or [] if term.flag], duplicates, albums or {})
        if any(not term.exclude for term in words):
            if filters.ids == []:
                return RankedPhotos(scope, None, [])
            narrowed = len(words) < len(terms) or any(
                value is not None
                for value in (filters.label, filters.taken_after, filters.taken_before, filters.ids, filters.person)
            )
            return ranked_matches(scope, images if narrowed else None, words, filters.min_confidence, models)
        return leaving_out(images, scope, words, filters.min_confidence, models).order_by("-when", "-id")

    def owned_with_content(self, owner_id: int, sha256: str) -> Image | None:
        return Image.objects.filter(owner_id=owner_id, sha256=sha256).order_by("created_at").first()

    def fingerprints_of(self, owner_id: int) -> list[tuple[uuid.UUID, int]]:
        return list(Image.objects.filter(owner_id=owner_id, fingerprint__isnull=False).values_list("id", "fingerprint"))

    def taken_with_fingerprints(self, owner_id: int) -> list[tuple[uuid.UUID, datetime, int]]:
        """(id, taken_at, fingerprint) of the owner's photos that have both, in the order they were taken."""
        photos = Image.objects.filter(owner_id=owner_id, fingerprint__isnull=False, taken_at__isnull=False)
        return list(photos.order_by("taken_at", "id").values_list("id", "taken_at", "fingerprint"))

    def owned_by_ids(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, Image]:
        return {image.id: image for image in Image.objects.filter(owner_id=owner_id, id__in=list(image_ids))}

    def owned_ids(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        return set(Image.objects.filter(owner_id=owner_id, id__in=list(image_ids)).values_list("id", flat=True))

    def set_fingerprint(self, image_id: uuid.UUID, fingerprint: int, sharpness: float) -> None:
        Image.objects.filter(id=image_id).update(
            fingerprint=fingerprint, sharpness=sharpness, **fingerprint_columns(fingerprint)
        )

    def mark_kept_after_review(self, image_ids: list[uuid.UUID]) -> None:
        Image.objects.filter(id__in=image_ids).update(kept_after_review=True)

    def update_facts(self, image_id: uuid.UUID, **facts) -> None:
        Image.objects.filter(id=image_id).update(**facts)

    def near_duplicates_of(self, owner_id: int, image_id: uuid.UUID, fingerprint: int) -> list[uuid.UUID]:
        """The owner's other photos of the same picture: fingerprints at most SAME_PICTURE_BITS apart, found
        through the indexed parts (fingerprints.probes), so that a few candidates are compared, not every photo."""
        shares_a_part = Q()
        for band, values in enumerate(probes(fingerprint)):
            shares_a_part |= Q(**{f"fingerprint_part_{band}__in": sorted(values)})
        candidates = Image.objects.filter(shares_a_part, owner_id=owner_id).exclude(id=image_id)
        return [
            candidate_id
            for candidate_id, value in candidates.values_list("id", "fingerprint")
            if bits_apart(value, fingerprint) <= SAME_PICTURE_BITS
        ]

    # --- sets of photos ---

    def any_of(self, photo_sets: list[QuerySet[Image]]) -> QuerySet[Image]:
        """The photos in any of these sets."""
        either = Q()
        for photos in photo_sets:
            either |= Q(id__in=photos.values("id"))
        return Image.objects.filter(either)

    def newest_first(self, photos: QuerySet[Image]) -> QuerySet[Image]:
        """These photos, the newest first by the date taken (else uploaded)."""
        return photos.annotate(when=Coalesce("taken_at", "created_at")).order_by("-when", "-id")

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

    def detections_by_task(
        self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID], min_confidence: float
    ) -> dict[uuid.UUID, list]:
        found: dict[uuid.UUID, list[Detection]] = defaultdict(list)
        rows = Detection.objects.filter(task_id=task_id, image_id__in=list(image_ids), confidence__gte=min_confidence)
        for detection in rows:
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

    def replace_text_lines(self, image_ids: list[uuid.UUID], model: str, lines: list[TextLine]) -> None:
        """Swap these photos' text read by this model for new lines (inside the caller's transaction)."""
        if image_ids:
            TextLine.objects.filter(image_id__in=image_ids, model=model).delete()
        TextLine.objects.bulk_create(lines)

    def any_text_has(self, scope: PhotoScope, words: str) -> bool:
        """Whether the text read in any of the scope's photos holds these words (text_search.lines_matching)."""
        return lines_matching(words, **scope.of_photos()).exists()

    def read_words(self, owner_id: int, prefix: str, limit: int) -> list[tuple[str, int]]:
        """Words read in the owner's photos that start with `prefix` (as comparable_words writes words), with how
        many photos have each, the most first; counted over the first WORD_SAMPLE lines the index finds."""
        photos: dict[str, set[uuid.UUID]] = defaultdict(set)
        lines = lines_matching(prefix, prefix=True, owner_id=owner_id).values_list("image_id", "words")
        for image_id, words in lines[:WORD_SAMPLE]:
            for word in words.split():
                if word.startswith(prefix):
                    photos[word].add(image_id)
        return sorted(((word, len(ids)) for word, ids in photos.items()), key=lambda row: (-row[1], row[0]))[:limit]

    def with_text(self, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        return set(TextLine.objects.filter(image_id__in=list(image_ids)).values_list("image_id", flat=True))

    def text_of(self, image_id: uuid.UUID) -> list[TextLine]:
        return list(TextLine.objects.filter(image_id=image_id).order_by("model", "position"))

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


# Lines read to suggest words that complete what is typed: enough to rank the common ones, few enough to be quick.
WORD_SAMPLE = 2000


def fingerprint_columns(fingerprint: int | None) -> dict[str, int | None]:
    """The indexed parts of a fingerprint, as Image's columns."""
    values = parts(fingerprint) if fingerprint is not None else [None] * BANDS
    return {f"fingerprint_part_{band}": value for band, value in enumerate(values)}


def _cached(floor: float | None, candidates: list | None) -> CachedResult | None:
    return None if floor is None else CachedResult(floor, candidates)
