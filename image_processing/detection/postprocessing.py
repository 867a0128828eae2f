"""From a network's boxes to the objects found, the same for every model and runtime, and the one overlap
suppression that the detector, the YOLO layouts (layouts.py) and the tiles of the thorough mode (tiles.py)
share.

Candidates read back from the result cache give the same answer as those just out of a forward pass: the
same numbers, the same boxes.
"""

from collections.abc import Iterable, Sequence

import cv2
import numpy as np

from .spec import Box, Found

# Graphs suppress overlaps per class only; this removes a second box of another class on the same object
# (a "dog" box over the "cat" box).
CLASS_AGNOSTIC_IOU = 0.7


def postprocess(
    candidates: Iterable[Sequence[float]],
    min_confidence: float,
    labels: frozenset[str] | None,
    classes: Sequence[str],
) -> list[Found]:
    """Filter (class id, score, x_min, y_min, x_max, y_max) rows by confidence and label (`classes` names
    the ids), then suppress overlapping boxes across classes."""
    kept: list[Found] = []
    for class_id, score, *corners in candidates:
        index = int(class_id)
        label = classes[index] if 0 <= index < len(classes) else ""
        if not label or score < min_confidence or (labels is not None and label not in labels):
            continue
        box = Box(*(min(max(float(v), 0.0), 1.0) for v in corners))
        if box.x_max > box.x_min and box.y_max > box.y_min:
            kept.append(Found(label, round(float(score), 4), box))
    return distinct_objects(kept, CLASS_AGNOSTIC_IOU)


def distinct_objects(found: Sequence[Found], iou_threshold: float) -> list[Found]:
    """Of boxes overlapping above the threshold, whatever their labels, the best; best first."""
    boxes = [(f.box.x_min, f.box.y_min, f.box.x_max - f.box.x_min, f.box.y_max - f.box.y_min) for f in found]
    return [found[n] for n in suppress_overlaps(boxes, [f.confidence for f in found], iou_threshold)]


def suppress_overlaps(
    boxes: Sequence[Sequence[float]],
    scores: Sequence[float],
    iou_threshold: float,
    classes: Sequence[int] | None = None,
) -> list[int]:
    """Greedy non-maximum suppression over boxes given as (x, y, width, height), one score each: from the
    best score down (equal scores in the order given), a box is kept unless its IoU with a box already kept
    is above `iou_threshold`. Without `classes` any two boxes may suppress each other; with them (one class
    id per box), only boxes of the same class. Returns the indexes of the kept boxes, best first.

    OpenCV does the work, given each box's rank rather than its score: every box takes part, whatever its
    score (OpenCV would drop those scoring 0), and the order is the scores' own, not their float32 roundings'.
    """
    if len(boxes) == 0:
        return []
    ranked = np.argsort(-np.asarray(scores, dtype=np.float64), kind="stable")
    ranks = np.empty(len(ranked), dtype=np.float32)
    ranks[ranked] = np.arange(len(ranked), 0, -1)  # the best len(boxes), the last 1: exact in float32
    if classes is None:
        kept = cv2.dnn.NMSBoxes(boxes, ranks.tolist(), 0.0, iou_threshold)
    else:
        kept = cv2.dnn.NMSBoxesBatched(boxes, ranks.tolist(), classes, 0.0, iou_threshold)
    return np.asarray(kept, dtype=int).reshape(-1).tolist()  # by rank, best first
