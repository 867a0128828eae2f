"""The thorough mode: small objects in large photos. A detector sees the whole photo at its input size
(300x300 for the shipped model), where a cat across the garden is a few pixels. The shipped detector finds
an object reliably once it spans about 0.4 of what it is shown, so thorough shows it the photo in parts:

1. the whole photo, for what is large;
2. a grid of overlapping tiles, TILES_ACROSS along the longer side (4 x 3 on a 4:3 photo), so an object of
   a tenth of the photo's width fills a third of a tile. Tiles with nothing in them (flat sky, a bare wall)
   are skipped by a cheap test;
3. a closer look where the first two saw something but were unsure (a box below SURE): a window around it
   in which it spans ZOOM_SPAN, at most ZOOMS per photo.

The photo is read at THOROUGH_SIDE pixels on its longer side (a 12 MP JPEG decodes at half scale, which
keeps a small object at more pixels than the model is shown, for the closer looks). An object cut by a
tile's edge is seen in parts; boxes of one class that mostly cover each other are merged into one box
around both, so one object gives one box. Boxes stay fractions of the displayed photo. Why each choice:
docs/search.md#small-objects-the-thorough-mode.
"""

from collections.abc import Callable, Iterator

import cv2
import numpy as np

from .spec import DEFAULT_MIN_CONFIDENCE, Candidate

THOROUGH_SIDE = 2016  # at most, on the longer side
THOROUGH_SHORTER_SIDE = 1000  # at least, where the photo has it: a 12 MP JPEG decodes at half scale
THOROUGH_SCHEME = "thorough2"  # its results' name in the result cache: a new scheme must not reuse the old's
TILES_ACROSS = 4  # along the longer side; the shorter side gets as many as keep the tiles about square
OVERLAP = 0.2  # of a tile, shared with its neighbour
SMALLEST_TILE = 300  # pixels: a smaller photo gets fewer, larger tiles
FLAT = 4.0  # a tile whose brightness varies less than this (0-255, standard deviation) holds nothing
SURE = DEFAULT_MIN_CONFIDENCE  # below it, a box earns a closer look
ZOOMS = 4
ZOOM_SPAN = 0.45  # of the window, taken by the unsure box's longer side
MERGED_FROM = 0.3  # boxes at least this sure are merged with the parts of their object; weaker ones dropped
SAME_OBJECT = 0.5  # of the smaller of two boxes covered by the other: both are (parts of) one object


class Interrupted(Exception):
    """The task was stopped or paused between two parts of a photo."""


def windows(width: int, height: int) -> list[tuple[int, int, int, int]]:
    """The tiles (left, top, right, bottom) of a picture of this size, in reading order; none for a picture
    too small to cut."""
    across, down = _grid(width, height)
    if across == down == 1:
        return []
    return [(left, top, right, bottom) for top, bottom in _spans(height, down) for left, right in _spans(width, across)]


def tiles_per_photo(width: int, height: int) -> int:
    """How many tiles a photo of this size (as displayed) is examined in, after the whole photo."""
    scale = min(1.0, THOROUGH_SIDE / max(width, height))
    return len(windows(round(width * scale), round(height * scale)))


def thorough_candidates(
    candidates: Callable[[np.ndarray, float], list[Candidate]],
    picture: np.ndarray,
    floor: float,
    should_stop: Callable[[], bool],
) -> list[Candidate]:
    """What `candidates` (a detector's) finds in the whole picture, its tiles and a closer look at what it was
    unsure of, merged; `should_stop` is asked before each part (Interrupted when it says yes)."""
    height, width = picture.shape[:2]

    def look(left: int, top: int, right: int, bottom: int) -> list[Candidate]:
        if should_stop():
            raise Interrupted
        part_width, part_height = right - left, bottom - top
        in_photo = []
        for class_id, score, x_min, y_min, x_max, y_max in candidates(picture[top:bottom, left:right], floor):
            in_photo.append((
                class_id, score,
                (left + x_min * part_width) / width, (top + y_min * part_height) / height,
                (left + x_max * part_width) / width, (top + y_max * part_height) / height,
            ))  # fmt: skip
        return in_photo

    found = list(candidates(picture, floor))
    for window in windows(width, height):
        if not _is_flat(picture, *window):
            found += look(*window)
    for window in _closer_looks(found, width, height):
        found += look(*window)
    return merge_parts(found)


def merge_parts(found: list[Candidate]) -> list[Candidate]:
    """One box per object, best first: a box at least MERGED_FROM sure grows around the boxes of its class it
    mostly covers or is mostly covered by (parts of the same object seen in different tiles); a weaker box
    that such a box covers is dropped."""
    merged: list[Candidate] = []
    for box in sorted(found, key=lambda row: -row[1]):
        same = next(
            (n for n, kept in enumerate(merged) if kept[0] == box[0] and _overlap(kept, box) >= SAME_OBJECT), None
        )
        if same is None:
            merged.append(box)
        elif box[1] >= MERGED_FROM:
            class_id, score, x_min, y_min, x_max, y_max = merged[same]
            merged[same] = (
                class_id, score, min(x_min, box[2]), min(y_min, box[3]), max(x_max, box[4]), max(y_max, box[5])
            )  # fmt: skip
    return merged


def _grid(width: int, height: int) -> tuple[int, int]:
    longer, shorter = max(width, height), min(width, height)
    along_longer = max(1, min(TILES_ACROSS, longer // SMALLEST_TILE))
    along_shorter = max(1, min(round(along_longer * shorter / longer), shorter // SMALLEST_TILE))
    return (along_longer, along_shorter) if width >= height else (along_shorter, along_longer)


def _spans(side: int, count: int) -> list[tuple[int, int]]:
    """`count` spans covering `side`, each sharing OVERLAP of its length with the next."""
    if count == 1:
        return [(0, side)]
    length = side / (count - OVERLAP * (count - 1))
    stride = length * (1 - OVERLAP)
    return [(round(n * stride), min(side, round(n * stride + length))) for n in range(count)]


def _is_flat(picture: np.ndarray, left: int, top: int, right: int, bottom: int) -> bool:
    thumbnail = cv2.resize(picture[top:bottom, left:right], (32, 32), interpolation=cv2.INTER_AREA)
    return float(cv2.cvtColor(thumbnail, cv2.COLOR_RGB2GRAY).std()) < FLAT


def _closer_looks(found: list[Candidate], width: int, height: int) -> Iterator[tuple[int, int, int, int]]:
    """Windows around the unsure boxes (best first, one per object, none where a sure box already is), each
    with the box spanning ZOOM_SPAN of it and moved, not cut, to stay inside the picture."""
    sure = [box for box in found if box[1] >= SURE]
    unsure = merge_parts([box for box in found if box[1] < SURE])
    looks = [box for box in unsure if not any(_overlap(box, other) >= SAME_OBJECT for other in sure)][:ZOOMS]
    for _, _, x_min, y_min, x_max, y_max in looks:
        side = min(max((x_max - x_min) * width, (y_max - y_min) * height) / ZOOM_SPAN, width, height)
        left = min(max(0, (x_min + x_max) / 2 * width - side / 2), width - side)
        top = min(max(0, (y_min + y_max) / 2 * height - side / 2), height - side)
        yield round(left), round(top), round(left + side), round(top + side)


def _overlap(a: Candidate, b: Candidate) -> float:
    """How much of the smaller box the other covers."""
    across = max(0.0, min(a[4], b[4]) - max(a[2], b[2]))
    down = max(0.0, min(a[5], b[5]) - max(a[3], b[3]))
    smaller = min((a[4] - a[2]) * (a[5] - a[3]), (b[4] - b[2]) * (b[5] - b[3]))
    return across * down / smaller if smaller > 0 else 0.0
