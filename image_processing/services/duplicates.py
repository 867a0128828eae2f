"""Near-duplicates and bursts, found by the photos' fingerprints (fingerprints.py), each group best first with
why it is ranked so.

- duplicates: the owner's photos that show the same picture (resized, recompressed, lightly cropped or
  brightened, re-encoded as another format): fingerprints at most SAME_PICTURE_BITS apart;
- bursts: photos taken one after another within BURST_SECONDS that look alike (at most BURST_BITS apart: the
  subject moved, the camera shook); the sharpest first, as a burst is kept for its best frame.

Resolving a group keeps the photos chosen and puts the others in the trash, after giving the best one kept what
only they knew (when and where it was taken, with what camera, the albums they were in). Photos kept so are not
grouped on their own again: keeping every photo of a group says they are all wanted.
"""

import math
import uuid
from dataclasses import dataclass

import numpy as np
from django.db import transaction
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from core.errors import InvalidInput, NotFound

from ..album_repository import AlbumRepository
from ..fingerprints import bits_apart, near_pairs
from ..models import Image
from ..repository import ImageRepository
from .people import PeopleService
from .trash import TrashService

BURST_SECONDS = 5
BURST_BITS = 16
# What a photo kept may learn from the copies it replaces, where it has nothing itself.
MERGED_FACTS = ("taken_at", "camera", "latitude", "longitude")


@dataclass(frozen=True)
class DuplicateGroup:
    id: uuid.UUID  # its best photo's
    kind: str  # "duplicate" or "burst"
    photos: list[Image]  # best first: the one to keep
    why: dict[uuid.UUID, str]  # what puts each photo at its place


@dataclass(frozen=True)
class Resolved:
    kept: list[uuid.UUID]
    trashed: list[uuid.UUID]
    merged: list[str]  # the facts the first kept photo took from the others (MERGED_FACTS)


class DuplicateService:
    def __init__(self, repository: ImageRepository | None = None):
        self.images = repository or ImageRepository()

    def groups(self, owner_id: int) -> list[DuplicateGroup]:
        """The owner's groups of the same picture, largest groups first, then the most recently added."""
        return self._ranked_groups(owner_id, _connected(self.images.fingerprints_of(owner_id)), "duplicate")

    def bursts(self, owner_id: int) -> list[DuplicateGroup]:
        """The owner's bursts, largest first, then the most recently added."""
        runs: list[list[uuid.UUID]] = []
        previous = None
        for image_id, taken_at, value in self.images.taken_with_fingerprints(owner_id):
            alike = previous is not None and (taken_at - previous[0]).total_seconds() <= BURST_SECONDS
            if alike and bits_apart(value, previous[1]) <= BURST_BITS:
                runs[-1].append(image_id)
            else:
                runs.append([image_id])
            previous = (taken_at, value)
        return self._ranked_groups(owner_id, [run for run in runs if len(run) > 1], "burst")

    def looking_alike(self, owner_id: int, image: Image) -> list[uuid.UUID]:
        """The owner's other photos of the same picture as this one (none while it has no fingerprint)."""
        if image.fingerprint is None:
            return []
        return self.images.near_duplicates_of(owner_id, image.id, image.fingerprint)

    def resolve(self, owner_id: int, group_id: uuid.UUID, keep: list[uuid.UUID]) -> "Resolved":
        """Keep these photos of the group (of either kind) and put the others in the trash, in one transaction;
        the best kept first takes the date, place and camera it lacks from the others (the best of them that
        has each), the names their faces were given (`people`), and joins the albums they were in."""
        group = next((group for group in self.groups(owner_id) if group.id == group_id), None)
        group = group or next((group for group in self.bursts(owner_id) if group.id == group_id), None)
        if group is None:
            raise NotFound("No group of duplicates with this id; it may have been resolved.", code="group_not_found")
        strangers = set(keep) - {photo.id for photo in group.photos}
        if not keep or strangers:
            raise InvalidInput(
                "Keep at least one photo, and only photos of this group.",
                code="invalid_keep",
                details={"not_in_group": sorted(str(image_id) for image_id in strangers)},
            )
        kept = [photo for photo in group.photos if photo.id in keep]
        others = [photo for photo in group.photos if photo.id not in keep]
        learnt = {
            fact: next(getattr(other, fact) for other in others if getattr(other, fact) not in (None, ""))
            for fact in MERGED_FACTS
            if getattr(kept[0], fact) in (None, "") and any(getattr(other, fact) not in (None, "") for other in others)
        }
        with transaction.atomic():
            self.images.mark_kept_after_review([photo.id for photo in kept])
            AlbumRepository().copy_entries([photo.id for photo in others], kept[0].id)
            if learnt:
                self.images.update_facts(kept[0].id, **learnt)
            named = PeopleService().carry_names([photo.id for photo in others], kept[0].id)
            TrashService(self.images).move(others, reason=f"a copy of {kept[0].filename}, which was kept")
        merged = sorted(learnt) + (["people"] if named else [])
        return Resolved([photo.id for photo in kept], [photo.id for photo in others], merged)

    def _ranked_groups(self, owner_id: int, members: list[list[uuid.UUID]], kind: str) -> list[DuplicateGroup]:
        images = self.images.owned_by_ids(owner_id, (image_id for group in members for image_id in group))
        groups = [_ranked([images[image_id] for image_id in group if image_id in images], kind) for group in members]
        # A group whose photos were all kept when it was resolved was answered; a new copy brings it back.
        groups = [
            group
            for group in groups
            if len(group.photos) > 1 and not all(photo.kept_after_review for photo in group.photos)
        ]
        return sorted(groups, key=lambda group: (-len(group.photos), -group.photos[0].created_at.timestamp()))


def _ranked(photos: list[Image], kind: str) -> DuplicateGroup:
    """Duplicates best first: the most pixels, then the clearly sharper (twice as sharp; recompressing alone
    changes the score a little), then the one that kept its camera's data, then the largest file (the least
    recompressed). A burst's frames: the sharpest first, then the same."""

    def merit(image: Image):
        sharper = math.floor(math.log2(image.sharpness)) if image.sharpness else -99
        return (image.width * image.height, sharper, _kept_camera_data(image), image.size_bytes)

    if kind == "burst":
        ordered = sorted(photos, key=lambda image: (image.sharpness or 0.0, *merit(image)), reverse=True)
        best = ordered[0]
        why = {best.id: "the sharpest frame"} | {
            image.id: f"less sharp ({_share(image, best)} of the sharpest)" for image in ordered[1:]
        }
    else:
        ordered = sorted(photos, key=merit, reverse=True)
        best = ordered[0]
        why = {best.id: _why_best(best, ordered[1:])} | {image.id: _why_not(image, best) for image in ordered[1:]}
    return DuplicateGroup(best.id, kind, ordered, why)


def _kept_camera_data(image: Image) -> bool:
    return bool(image.camera or image.taken_at)


def _share(image: Image, best: Image) -> str:
    return f"{round(100 * (image.sharpness or 0.0) / best.sharpness)} %" if best.sharpness else "0 %"


def _why_best(best: Image, others: list[Image]) -> str:
    if any(best.width * best.height > other.width * other.height for other in others):
        return f"the largest ({best.width}x{best.height})"
    if any((best.sharpness or 0) >= 2 * (other.sharpness or 0) for other in others):
        return "the sharpest"
    if _kept_camera_data(best) and not all(_kept_camera_data(other) for other in others):
        return "it kept its camera's data"
    return "the largest file, the least recompressed"


def _why_not(image: Image, best: Image) -> str:
    if image.width * image.height < best.width * best.height:
        return f"smaller ({image.width}x{image.height})"
    if 2 * (image.sharpness or 0) <= (best.sharpness or 0):
        return "less sharp"
    if _kept_camera_data(best) and not _kept_camera_data(image):
        return "its camera's data was removed"
    return "a smaller file, recompressed"


def _connected(fingerprints: list[tuple[uuid.UUID, int]]) -> list[list[uuid.UUID]]:
    """The groups of photos joined by near pairs (a chain of near pairs is one group)."""
    pairs = near_pairs([value for _, value in fingerprints])
    if not len(pairs):
        return []
    graph = coo_array((np.ones(len(pairs)), (pairs[:, 0], pairs[:, 1])), shape=(len(fingerprints),) * 2)
    _, component = connected_components(graph, directed=False)
    grouped: dict[int, list[uuid.UUID]] = {}
    for n in np.unique(pairs):
        grouped.setdefault(int(component[n]), []).append(fingerprints[n][0])
    return list(grouped.values())
