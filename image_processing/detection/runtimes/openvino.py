"""The OpenVINO runtime, which runs every model: it reads ONNX files and the shipped TensorFlow frozen graph
itself (no TensorFlow needed), and tells what a model file takes and gives (`describe`).

A model is converted once into OpenVINO's own format in the model cache (SPOTTER_MODEL_CACHE), under its
sha256; OpenVINO keeps its compiled model there too, so a process starts in about a second. "exact" runs in
f32 and finds the same boxes as the reference; "reduced" asks for bf16 where the CPU has it (its speed and
agreement: docs/benchmarks.md).
"""

import ast
import fcntl
import logging
import multiprocessing
import shutil
import sys
import threading
from pathlib import Path

import cv2
import numpy as np

from ..layouts import Tensor, decode, output_order, prepare
from ..spec import Candidate, ModelSpec
from .base import Detector

# OpenVINO's model converter reports usage over the network, from forked processes, whenever its optional
# telemetry package imports; without it, the converter uses its own silent stub. Spotter never phones home.
if "openvino_telemetry" not in sys.modules:
    sys.modules["openvino_telemetry"] = None  # makes `import openvino_telemetry` fail


class ModelUnreadable(Exception):
    """A model file that OpenVINO could not read or convert in the time given; the message says why."""


def converted_model(source: Path, sha256: str, cache: Path) -> Path:
    """The model in OpenVINO's format, converted first if the cache has none for this content. Processes
    starting at once take turns (a lock file): one converts, the others find its result."""
    import openvino

    folder = cache / sha256 / "openvino"
    xml = folder / "model.xml"
    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not xml.exists():
            partial = folder.with_name("openvino.partial")  # renamed once whole: one cut short is done again
            shutil.rmtree(partial, ignore_errors=True)
            shutil.rmtree(folder, ignore_errors=True)
            root_level = logging.getLogger().level
            try:
                model = openvino.convert_model(str(source))
            finally:  # its error path sets the root logger to ERROR, silencing the process's own logs
                logging.getLogger().setLevel(root_level)
            openvino.save_model(model, partial / "model.xml", compress_to_fp16=False)  # fp16 would not be exact
            partial.rename(folder)
    return xml


def describe(source: Path, sha256: str, cache: Path) -> tuple[list[Tensor], list[Tensor], dict[int, str] | None]:
    """A model file's inputs and outputs, and the class names its metadata gives (Ultralytics writes them
    as `names`), if any. Raises what OpenVINO raises for a file it cannot read."""
    import openvino

    model = openvino.Core().read_model(converted_model(source, sha256, cache))

    def tensors(ports) -> list[Tensor]:
        return [
            Tensor(
                frozenset(port.get_names()),
                [None if side.is_dynamic else side.get_length() for side in port.get_partial_shape()],
            )
            for port in ports
        ]

    names = None
    if model.has_rt_info(["framework", "names"]):
        try:
            given = ast.literal_eval(model.get_rt_info(["framework", "names"]).astype(str))
            names = {int(class_id): str(name) for class_id, name in dict(given).items()}
        except (ValueError, SyntaxError, TypeError):
            names = None
    return tensors(model.inputs), tensors(model.outputs), names


def describe_within(source: Path, sha256: str, cache: Path, seconds: float):
    """`describe`, run in a child process that is given `seconds`: a conversion that crashes or never ends
    takes that child (and the cache's lock it holds) with it, never the calling web or worker process.
    Raises ModelUnreadable with the reason."""
    with multiprocessing.get_context("spawn").Pool(1) as child:
        answer = child.apply_async(_describe_or_why, (source, sha256, cache))
        try:
            described, why = answer.get(timeout=seconds)
        except multiprocessing.TimeoutError:
            raise ModelUnreadable(f"reading it took longer than {seconds:g} s") from None
        finally:
            child.terminate()
    if why is not None:
        raise ModelUnreadable(why)
    return described


def _describe_or_why(source: Path, sha256: str, cache: Path):
    """(describe's answer, None), or (None, the first line of why not): OpenVINO's own errors do not pickle."""
    try:
        return describe(source, sha256, cache), None
    except Exception as error:  # noqa: BLE001 - OpenVINO raises many kinds for a file it cannot read
        text = str(error).strip()
        return None, text.splitlines()[0][:300] if text else type(error).__name__


class OpenVinoDetector(Detector):
    """A model compiled by OpenVINO for this machine's CPU."""

    def __init__(self, spec: ModelSpec, source: Path, cache: Path, precision: str = "exact", threads: int = 0):
        import openvino

        super().__init__(spec, precision)
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
            cv2.setNumThreads(threads)  # its resizes, which would otherwise use every core
            config["INFERENCE_NUM_THREADS"] = threads
        model = core.read_model(converted_model(source, spec.sha256, cache))
        input_shape = (
            [1, spec.input_height, spec.input_width, 3]
            if spec.layout == "ssd"
            else [1, 3, spec.input_height, spec.input_width]
        )
        model.reshape(input_shape)
        outputs = [Tensor(frozenset(port.get_names()), []) for port in model.outputs]
        self._lock = threading.Lock()
        self._outputs = output_order(spec.layout, outputs)
        self._model = core.compile_model(model, "CPU", config)
        self._request = self._model.create_infer_request()
        self.runtime = f"OpenVINO {openvino.__version__.split('-')[0]} {'bf16' if bf16 else 'f32'}"

    def candidates(self, rgb: np.ndarray, floor: float = 0.0) -> list[Candidate]:
        """The network's boxes scoring at least `floor`."""
        spec = self.spec
        tensor, placement = prepare(rgb, spec.layout, spec.input_width, spec.input_height)
        return decode(self.forward(tensor), spec.layout, placement, floor)

    def forward(self, tensor: np.ndarray) -> list[np.ndarray]:
        """The network's outputs for one prepared input, in the order `decode` reads them."""
        with self._lock:  # one inference request: one thread at a time
            answer = self._request.infer([tensor])
            return [answer[self._model.outputs[n]].copy() for n in self._outputs]
