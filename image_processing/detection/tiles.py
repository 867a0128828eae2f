"""The thorough mode: small objects in large photos. A detector sees the whole photo at its input size
(300x300 for the shipped model), where a kite far away is a few pixels; thorough also examines the photo in
overlapping tiles at higher resolution and merges the boxes found across tiles.

The photo is read at THOROUGH_SIDE pixels on its longer side and cut into TILE x TILE windows overlapping by
OVERLAP. An object no wider than the overlap lies whole in some tile, so a box cut by an inner tile edge is
dropped (the neighbouring tile sees that object whole) and larger objects are left to the whole-photo pass.
Overlapping boxes of one class are merged by suppression; boxes stay fractions of the displayed photo.
"""

from collections.abc import Callable

import numpy as np

from .postprocessing import suppress_overlaps
from .spec import Candidate

THOROUGH_SIDE = 1600
TILE = 640
OVERLAP = 256
SAME_OBJECT_IOU = 0.5
EDGE_MARGIN = 0.01  # a box within this fraction of a tile's inner edge was cut by it


class Interrupted(Exception):
    """The task was stopped or paused between two tiles."""


def windows(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """The tiles (left, top, right, bottom) of a picture of this size, in reading order."""
    return [(x, y, min(x + TILE, width), min(y + TILE, height)) for y in _starts(height) for x in _starts(width)]


def tiles_per_photo(width: int, height: int) -> int:
    """How many tiles a photo of this size (as displayed) is examined in, after the whole-photo pass."""
    scale = THOROUGH_SIDE / max(width, height)
    return len(windows(round(width * scale), round(height * scale)))


def thorough_candidates(
    candidates: Callable[[np.ndarray, float], list[Candidate]],
    picture: np.ndarray,
    floor: float,
    should_stop: Callable[[], bool],
) -> list[Candidate]:
    """What `candidates` (a detector's) finds in the whole picture and in its tiles, merged; `should_stop` is
    asked before each tile (Interrupted when it says yes)."""
    height, width = picture.shape[:2]
    found = list(candidates(picture, floor))
    for left, top, right, bottom in windows(width, height):
        if should_stop():
            raise Interrupted
        tile_width, tile_height = right - left, bottom - top
        inner = (left > 0, top > 0, right < width, bottom < height)  # which of its edges cut the picture
        for class_id, score, x_min, y_min, x_max, y_max in candidates(picture[top:bottom, left:right], floor):
            cut = (x_min < EDGE_MARGIN, y_min < EDGE_MARGIN, x_max > 1 - EDGE_MARGIN, y_max > 1 - EDGE_MARGIN)
            if any(edge and is_inner for edge, is_inner in zip(cut, inner, strict=True)):
                continue
            found.append((
                class_id, score,
                (left + x_min * tile_width) / width, (top + y_min * tile_height) / height,
                (left + x_max * tile_width) / width, (top + y_max * tile_height) / height,
            ))  # fmt: skip
    return merge_same_class(found, width, height)


def merge_same_class(found: list[Candidate], width: int, height: int) -> list[Candidate]:
    """One box per object: of boxes of one class overlapping above SAME_OBJECT_IOU, the best; best first."""
    boxes = [[x_min * width, y_min * height, (x_max - x_min) * width, (y_max - y_min) * height]
             for _, _, x_min, y_min, x_max, y_max in found]  # fmt: skip
    kept = suppress_overlaps(boxes, [row[1] for row in found], SAME_OBJECT_IOU, [int(row[0]) for row in found])
    return [found[n] for n in kept]


def _starts(side: int) -> list[int]:
    """Where tiles start along one side: every TILE - OVERLAP pixels, the last one flush with the end."""
    if side <= TILE:
        return [0]
    stride = TILE - OVERLAP
    starts = list(range(0, side - TILE, stride))
    return [*starts, side - TILE]
