"""Near-duplicates: the owner's photos that show the same picture (resized, recompressed, lightly cropped or
brightened, re-encoded as another format), found by their fingerprints (fingerprints.py), each group best
first with why it is ranked so."""

import math
import uuid
from dataclasses import dataclass

import numpy as np
from scipy.sparse import coo_array
from scipy.sparse.csgraph import connected_components

from ..fingerprints import near_pairs
from ..models import Image
from ..repository import ImageRepository


@dataclass(frozen=True)
class DuplicateGroup:
    id: uuid.UUID  # its best photo's
    photos: list[Image]  # best first: the one to keep
    why: dict[uuid.UUID, str]  # what puts each photo at its place


class DuplicateService:
    def __init__(self, repository: ImageRepository | None = None):
        self.images = repository or ImageRepository()

    def groups(self, owner_id: int) -> list[DuplicateGroup]:
        """The owner's groups of the same picture, largest groups first, then the most recently added."""
        members = _connected(self.images.fingerprints_of(owner_id))
        images = self.images.owned_by_ids(owner_id, (image_id for group in members for image_id in group))
        groups = [_ranked([images[image_id] for image_id in group if image_id in images]) for group in members]
        groups = [group for group in groups if len(group.photos) > 1]
        return sorted(groups, key=lambda group: (-len(group.photos), -group.photos[0].created_at.timestamp()))


def _ranked(photos: list[Image]) -> DuplicateGroup:
    """Best first: the most pixels, then the clearly sharper (twice as sharp; recompressing alone changes the
    score a little), then the one that kept its camera's data, then the largest file (the least
    recompressed)."""

    def merit(image: Image):
        sharper = math.floor(math.log2(image.sharpness)) if image.sharpness else -99
        return (image.width * image.height, sharper, bool(image.camera or image.taken_at), image.size_bytes)

    ordered = sorted(photos, key=merit, reverse=True)
    best = ordered[0]
    why = {best.id: _why_best(best, ordered[1:])} | {image.id: _why_not(image, best) for image in ordered[1:]}
    return DuplicateGroup(best.id, ordered, why)


def _why_best(best: Image, others: list[Image]) -> str:
    if any(best.width * best.height > other.width * other.height for other in others):
        return f"the largest ({best.width}x{best.height})"
    if any((best.sharpness or 0) >= 2 * (other.sharpness or 0) for other in others):
        return "the sharpest"
    if (best.camera or best.taken_at) and any(not (other.camera or other.taken_at) for other in others):
        return "it kept its camera's data"
    return "the largest file, the least recompressed"


def _why_not(image: Image, best: Image) -> str:
    if image.width * image.height < best.width * best.height:
        return f"smaller ({image.width}x{image.height})"
    if 2 * (image.sharpness or 0) <= (best.sharpness or 0):
        return "less sharp"
    if (best.camera or best.taken_at) and not (image.camera or image.taken_at):
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
