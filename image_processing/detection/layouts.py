"""The detection model layouts Spotter reads, recognised by a graph's inputs and outputs, and what each needs:
how a photo becomes the network's input, and how its output becomes candidate boxes.

- `yolov8`: an Ultralytics YOLOv8 / YOLO11 export. Input float [1, 3, H, W], RGB scaled to 0..1, the photo
  letterboxed (scaled to fit, centred on grey). One output [1, 4 + C, N]: per box its centre and size in
  input pixels and one score per class.
- `yolov5`: a YOLOv5 export. The same input; one output [1, N, 5 + C]: centre, size, objectness and one
  score per class (a box's score is objectness x class score).
- `ssd`: the TensorFlow Object Detection API's SSD (the model Spotter ships). Input uint8 [1, H, W, 3], RGB,
  the photo stretched to the input size. Outputs `detection_boxes` [1, N, 4] (y_min, x_min, y_max, x_max as
  fractions), `detection_scores`, `detection_classes` (ids from 1) and `num_detections`; the graph
  suppresses overlaps itself.

Boxes come out as fractions of the picture given, whatever the input size.
"""

from collections.abc import Sequence
from dataclasses import dataclass

import cv2
import numpy as np

from .postprocessing import suppress_overlaps
from .spec import Candidate

LETTERBOX_GREY = 114  # Ultralytics' padding colour
MIN_INPUT_SIDE, MAX_INPUT_SIDE = 32, 4096
# YOLO graphs give every anchor's box: Spotter suppresses overlaps of one class itself, at this IoU.
SAME_CLASS_IOU = 0.45
_SSD_OUTPUTS = ("detection_boxes", "detection_scores", "detection_classes", "num_detections")

Shape = Sequence[int | None]  # None: a dimension the graph leaves open


class LayoutRefused(ValueError):
    """The graph is not one of the layouts Spotter reads, or cannot be run as one."""


@dataclass(frozen=True)
class Tensor:
    names: frozenset[str]
    shape: Shape


@dataclass(frozen=True)
class Recognised:
    layout: str
    input_width: int
    input_height: int
    class_count: int | None  # None where the layout does not say (SSD: ids come as numbers)


@dataclass(frozen=True)
class Placement:
    """Where the picture sits in the network's input: input pixel = picture pixel x scale + pad."""

    width: int
    height: int
    scale_x: float
    scale_y: float
    pad_x: float
    pad_y: float


def recognise(inputs: Sequence[Tensor], outputs: Sequence[Tensor], input_size: int | None = None) -> Recognised:
    """The layout of a graph with these inputs and outputs; `input_size` fixes a square input the graph
    leaves open."""
    if len(inputs) != 1 or len(inputs[0].shape) != 4:
        raise LayoutRefused(
            f"It has {len(inputs)} inputs; a detector has one picture input [1, H, W, 3] or [1, 3, H, W]."
        )
    shape = list(inputs[0].shape)
    if _ssd_outputs(outputs) is not None:
        layout, count, (height, width) = "ssd", None, shape[1:3]
        if shape[3] not in (3, None):
            raise LayoutRefused(f"Its input {_shown(shape)} is not [1, H, W, 3], as an SSD's is.")
    elif len(outputs) == 1 and len(outputs[0].shape) == 3:
        across, along = outputs[0].shape[1:]
        if across is None or along is None:
            raise LayoutRefused(
                f"Its output {_shown(outputs[0].shape)} has open dimensions: export it with a fixed size."
            )
        # Exports give thousands of boxes, far more than classes: the longer dimension counts boxes.
        layout, count = ("yolov8", across - 4) if across < along else ("yolov5", along - 5)
        if count < 1:
            raise LayoutRefused(f"Its output {_shown(outputs[0].shape)} has room for no class.")
        if shape[1] not in (3, None):
            raise LayoutRefused(f"Its input {_shown(shape)} is not [1, 3, H, W], as a YOLO export's is.")
        height, width = shape[2:4]
    else:
        described = ", ".join(_shown(output.shape) for output in outputs)
        raise LayoutRefused(
            f"Its outputs ({described}) are not a layout Spotter reads: a YOLOv8 or YOLO11 export [1, 4 + classes, "
            "boxes], a YOLOv5 export [1, boxes, 5 + classes], or a TensorFlow SSD (detection_boxes, "
            "detection_scores, detection_classes, num_detections)."
        )
    if height is None or width is None:
        if input_size is None:
            raise LayoutRefused(
                "Its input size is left open: say which with --input-size (the size it was trained at)."
            )
        height = width = input_size
    for side in (width, height):
        if not MIN_INPUT_SIDE <= side <= MAX_INPUT_SIDE:
            raise LayoutRefused(
                f"Its input of {width}x{height} pixels is not between {MIN_INPUT_SIDE} and {MAX_INPUT_SIDE}."
            )
    return Recognised(layout, width, height, count)


def prepare(rgb: np.ndarray, layout: str, width: int, height: int) -> tuple[np.ndarray, Placement]:
    """The network's input for an RGB picture (any size), and where the picture sits in it."""
    picture_height, picture_width = rgb.shape[:2]
    if layout == "ssd":
        size = (width, height)
        # Resized as OpenCV's blobFromImage does (bilinear), so that both runtimes see the same pixels.
        stretched = rgb if rgb.shape[:2] == (height, width) else cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR)
        placement = Placement(picture_width, picture_height, width / picture_width, height / picture_height, 0, 0)
        return np.ascontiguousarray(stretched)[None], placement
    scale = min(width / picture_width, height / picture_height)
    fitted_width, fitted_height = max(1, round(picture_width * scale)), max(1, round(picture_height * scale))
    pad_x, pad_y = (width - fitted_width) // 2, (height - fitted_height) // 2
    canvas = np.full((height, width, 3), LETTERBOX_GREY, dtype=np.uint8)
    canvas[pad_y : pad_y + fitted_height, pad_x : pad_x + fitted_width] = cv2.resize(
        rgb, (fitted_width, fitted_height), interpolation=cv2.INTER_LINEAR
    )
    tensor = canvas.transpose(2, 0, 1)[None].astype(np.float32) * np.float32(1 / 255)
    return tensor, Placement(picture_width, picture_height, fitted_width / picture_width,
                             fitted_height / picture_height, pad_x, pad_y)  # fmt: skip


def decode(outputs: Sequence[np.ndarray], layout: str, placement: Placement, floor: float) -> list[Candidate]:
    """The boxes scoring at least `floor`, as plain floats (they survive a JSON round trip unchanged).
    `outputs` come in the order `output_order` gives."""
    if layout == "ssd":
        boxes, scores, classes, count = outputs
        rows: list[Candidate] = []
        for n in range(int(count.reshape(-1)[0])):
            score = float(scores[0, n])
            if score >= floor:
                y_min, x_min, y_max, x_max = boxes[0, n].tolist()
                rows.append((float(classes[0, n]), score, x_min, y_min, x_max, y_max))
        return rows
    channels = outputs[0][0] if layout == "yolov8" else outputs[0][0].T  # [4 + scores, N]: one row per value
    class_scores = channels[4:] if layout == "yolov8" else channels[5:] * channels[4]
    class_ids = class_scores.argmax(axis=0)
    scores = class_scores.max(axis=0)
    keep = scores >= max(floor, 1e-6)
    centre_x, centre_y, box_width, box_height = channels[:4, keep]
    x_min = (centre_x - box_width / 2 - placement.pad_x) / placement.scale_x
    y_min = (centre_y - box_height / 2 - placement.pad_y) / placement.scale_y
    widths, heights = box_width / placement.scale_x, box_height / placement.scale_y
    scores, class_ids = scores[keep], class_ids[keep]
    boxes = np.stack([x_min, y_min, widths, heights], axis=1).tolist()
    chosen = suppress_overlaps(boxes, scores.tolist(), SAME_CLASS_IOU, class_ids.tolist())
    return [
        (
            float(class_ids[n]),
            float(scores[n]),
            float(x_min[n] / placement.width),
            float(y_min[n] / placement.height),
            float((x_min[n] + widths[n]) / placement.width),
            float((y_min[n] + heights[n]) / placement.height),
        )
        for n in chosen
    ]


def output_order(layout: str, outputs: Sequence[Tensor]) -> list[int]:
    """Indexes of the outputs `decode` reads, in its order."""
    if layout == "ssd":
        return _ssd_outputs(outputs)
    return [0]


def _ssd_outputs(outputs: Sequence[Tensor]) -> list[int] | None:
    """Indexes of boxes, scores, classes and count among the outputs, if it has the four."""
    found = [
        next(
            (n for n, output in enumerate(outputs) if any(name.split(":")[0] == wanted for name in output.names)), None
        )
        for wanted in _SSD_OUTPUTS
    ]
    return None if None in found else found


def _shown(shape: Shape) -> str:
    return "[" + ", ".join("?" if side is None else str(side) for side in shape) + "]"
