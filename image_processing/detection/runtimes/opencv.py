"""The OpenCV runtime: its DNN module runs the shipped model, from the wheel's frozen graph and text description."""

import threading

import cv2
import numpy as np

from ..model_files import shipped_model_files, verified_shipped_graph
from ..spec import SHIPPED_MODEL, Candidate
from .base import Detector


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
