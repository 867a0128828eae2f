"""The only code that queries the image_processing tables."""

import uuid
from collections import defaultdict
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Count, Exists, OuterRef, QuerySet
from django.utils import timezone

from spotter import sql

from .models import Detection, DetectionCache, Image


class ImageRepository:
    def create(self, **fields) -> Image:
        return Image.objects.create(**fields)

    def get_many_with_cached_results(
        self, image_ids: Iterable[uuid.UUID], model: str
    ) -> list[tuple[Image, tuple[float, list] | None]]:
        """Those of these images that exist (with only what detection reads of them: the rest is loaded if
        asked for), each with (floor, candidates) from the result cache for this model, or None. One query
        in plain SQL (spotter/sql.py): the worker makes it for every chunk."""
        image_ids = list(image_ids)
        if not image_ids:
            return []
        candidates = DetectionCache._meta.get_field("candidates")
        rows = sql.fetch(
            f"SELECT i.id, i.sha256, i.file_name, c.floor, c.candidates FROM {sql.table(Image)} i"
            f" LEFT JOIN {sql.table(DetectionCache)} c ON c.sha256 = i.sha256 AND c.model = %s"
            f" WHERE i.id IN ({sql.placeholders(len(image_ids))})",
            [model, *(sql.value(Image, "id", image_id) for image_id in image_ids)],
        )
        return [
            (
                # from_db takes the values in the model's field order
                Image.from_db(connection.alias, ["id", "sha256", "file_name"], [sql.to_uuid(id_), sha256, file_name]),
                None if floor is None else (floor, candidates.from_db_value(found, None, connection)),
            )
            for id_, sha256, file_name, floor, found in rows
        ]

    def get_owned(self, owner_id: int, image_id: uuid.UUID) -> Image | None:
        return Image.objects.filter(id=image_id, owner_id=owner_id).first()

    def list_for_owner(
        self, owner_id: int, label: str | None = None, min_confidence: float | None = None
    ) -> QuerySet[Image]:
        images = Image.objects.filter(owner_id=owner_id)
        if label is not None or min_confidence is not None:
            matching = Detection.objects.filter(image=OuterRef("pk"))
            if label is not None:
                matching = matching.filter(label=label)
            if min_confidence is not None:
                matching = matching.filter(confidence__gte=min_confidence)
            images = images.filter(Exists(matching))
        return images.order_by("-created_at", "-id")

    def owned_ids(self, owner_id: int, image_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
        return set(Image.objects.filter(owner_id=owner_id, id__in=list(image_ids)).values_list("id", flat=True))

    def delete(self, image: Image) -> None:
        image.delete()

    def label_counts(self, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, dict[str, int]]:
        """Per image, how many current detections of each label it has."""
        counts: dict[uuid.UUID, dict[str, int]] = defaultdict(dict)
        rows = (
            Detection.objects.filter(image_id__in=list(image_ids))
            .values("image_id", "label")
            .annotate(n=Count("id"))
            .order_by("image_id", "-n", "label")
        )
        for row in rows:
            counts[row["image_id"]][row["label"]] = row["n"]
        return counts

    def label_facets(self, owner_id: int, min_confidence: float) -> list[tuple[str, int]]:
        """Each label present in the owner's photos, with how many photos have it."""
        rows = (
            Detection.objects.filter(image__owner_id=owner_id, confidence__gte=min_confidence)
            .values("label")
            .annotate(images=Count("image_id", distinct=True))
            .order_by("-images", "label")
        )
        return [(row["label"], row["images"]) for row in rows]

    def detections_of(self, image_id: uuid.UUID, min_confidence: float = 0.0) -> list[Detection]:
        return list(Detection.objects.filter(image_id=image_id, confidence__gte=min_confidence))

    def detections_by_task(self, task_id: uuid.UUID, image_ids: Iterable[uuid.UUID]) -> dict[uuid.UUID, list]:
        found: dict[uuid.UUID, list[Detection]] = defaultdict(list)
        for detection in Detection.objects.filter(task_id=task_id, image_id__in=list(image_ids)):
            found[detection.image_id].append(detection)
        return found

    def label_summary_of_task(self, task_id: uuid.UUID) -> dict[str, int]:
        rows = Detection.objects.filter(task_id=task_id).values("label").annotate(n=Count("id")).order_by("-n", "label")
        return {row["label"]: row["n"] for row in rows}

    def replace_detections(
        self, image_ids: list[uuid.UUID], model: str, labels: Iterable[str] | None, detections: list[Detection]
    ) -> None:
        """Swap these images' detections of these labels (None: of every label) by this model for new ones,
        atomically. Plain SQL (spotter/sql.py): the worker does this every few photos."""
        labels = None if labels is None else list(labels)
        of_labels = "" if labels is None else f" AND label IN ({sql.placeholders(len(labels))})"
        with transaction.atomic(savepoint=False):  # inside the caller's transaction, no savepoint round trips
            sql.execute(
                f"DELETE FROM {sql.table(Detection)} WHERE image_id IN ({sql.placeholders(len(image_ids))})"
                f" AND model = %s{of_labels}",
                [*(sql.value(Detection, "image", image_id) for image_id in image_ids), model, *(labels or [])],
            )
            if detections:
                self._insert(Detection, DETECTION_COLUMNS, detections)

    # --- the result cache ---

    def cached_results(self, sha256s: Iterable[str], model: str) -> dict[str, tuple[float, list]]:
        """(floor, candidates) stored for these contents and this model, by sha256."""
        rows = DetectionCache.objects.filter(sha256__in=set(sha256s), model=model)
        return {
            sha256: (floor, candidates)
            for sha256, floor, candidates in rows.values_list("sha256", "floor", "candidates")
        }

    def cache_candidates(self, entries: list[tuple[str, str, list]], floor: float) -> None:
        """Keep candidates for these (sha256, model, candidates); entries another worker stored first stay
        theirs. Plain SQL (spotter/sql.py), like replace_detections."""
        rows = [DetectionCache(sha256=sha256, model=model, floor=floor, candidates=c) for sha256, model, c in entries]
        self._insert(DetectionCache, CACHE_COLUMNS, rows, " ON CONFLICT DO NOTHING")

    @staticmethod
    def _insert(model, field_names: tuple[str, ...], instances: list, suffix: str = "") -> None:
        """One INSERT of these unsaved instances (created_at: now)."""
        now = timezone.now()
        attnames = [model._meta.get_field(name).attname for name in field_names]
        rows = [
            [now if name == "created_at" else getattr(instance, name) for name in attnames] for instance in instances
        ]
        with transaction.atomic(savepoint=False):
            sql.insert(model, field_names, rows, suffix)


DETECTION_COLUMNS = (
    "image",
    "task_id",
    "model",
    "label",
    "confidence",
    "x_min",
    "y_min",
    "x_max",
    "y_max",
    "created_at",
)
CACHE_COLUMNS = ("sha256", "model", "floor", "candidates", "created_at")
