"""What every runtime of a detection model provides."""

import numpy as np

from ..postprocessing import postprocess
from ..spec import DEFAULT_MIN_CONFIDENCE, Candidate, Found, ModelSpec


class Detector:
    """A model loaded by a runtime: `candidates`, the network's boxes; `detect` filters them the same way for
    all runtimes."""

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
