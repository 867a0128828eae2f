"""The only code that queries the image_processing tables."""

import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce

from .models import Detection, DetectionCache, DetectorModel, Image


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
    model: str | None = None
    min_confidence: float | None = None
    taken_after: date | None = None
    taken_before: date | None = None
    ids: list[uuid.UUID] | None = None


@dataclass(frozen=True)
class PhotoToDetect:
    """What detection needs of a stored photo, with what the model saw in its content before, if anything."""

    id: uuid.UUID
    sha256: str
    file_name: str
    cached: CachedResult | None


class ImageRepository:
    def create(self, **fields) -> Image:
        return Image.objects.create(**fields)

    def photos_to_detect(self, image_ids: Iterable[uuid.UUID], model: str) -> list[PhotoToDetect]:
        """Those of these photos that exist, with this model's cached result for their content."""
        cached = DetectionCache.objects.filter(sha256=OuterRef("sha256"), model=model)
        rows = (
            Image.objects.filter(id__in=list(image_ids))
            .annotate(floor=Subquery(cached.values("floor")[:1]), found=Subquery(cached.values("candidates")[:1]))
            .values_list("id", "sha256", "file_name", "floor", "found")
        )
        return [
            PhotoToDetect(id_, sha256, file_name, None if floor is None else CachedResult(floor, found))
            for id_, sha256, file_name, floor, found in rows
        ]

    def get_owned(self, owner_id: int, image_id: uuid.UUID) -> Image | None:
        return Image.objects.filter(id=image_id, owner_id=owner_id).first()

    def list_for_owner(self, owner_id: int, filters: PhotoFilters, models: list[str]) -> QuerySet[Image]:
        """The owner's photos matching the filters (labels as these model names found them), newest first by
        the date taken (else uploaded)."""
        images = Image.objects.filter(owner_id=owner_id).annotate(when=Coalesce("taken_at", "created_at"))
        if filters.label is not None or filters.min_confidence is not None:
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
        return images.order_by("-when", "-id")

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

    def label_facets(self, owner_id: int, min_confidence: float, models: list[str]) -> list[tuple[str, int]]:
        """Each label these models found in the owner's photos, with how many photos have it."""
        rows = (
            Detection.objects.filter(image__owner_id=owner_id, confidence__gte=min_confidence, model__in=models)
            .values("label")
            .annotate(images=Count("image_id", distinct=True))
            .order_by("-images", "label")
        )
        return [(row["label"], row["images"]) for row in rows]

    def detections_of(self, image_id: uuid.UUID, min_confidence: float = 0.0) -> list[Detection]:
        return list(Detection.objects.filter(image_id=image_id, confidence__gte=min_confidence))

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

    def lock_existing(self, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        """Lock these photos' rows until the end of the transaction; the ids of those that still exist."""
        existing = Image.objects.select_for_update().filter(id__in=list(image_ids)).order_by("id")
        return set(existing.values_list("id", flat=True))

    def replace_detections(
        self, image_ids: list[uuid.UUID], models: list[str], labels: Iterable[str], detections: list[Detection]
    ) -> None:
        """Swap these photos' detections of these labels by these models for new ones (inside the caller's
        transaction)."""
        if image_ids:
            Detection.objects.filter(image_id__in=image_ids, model__in=models, label__in=list(labels)).delete()
        Detection.objects.bulk_create(detections)

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
