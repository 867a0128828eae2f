"""Which runtime runs a model, and the models a process keeps loaded: a worker loads a model the first time a
task needs it and keeps the SPOTTER_MODELS_IN_MEMORY most recently used (`get_detector`)."""

import logging
import threading
from pathlib import Path

from cachetools import LRUCache

from .model_files import local_model_file, verified_shipped_graph
from .runtimes import openvino as openvino_runtime
from .runtimes.base import Detector
from .runtimes.opencv import OpenCvSsdDetector
from .spec import SHIPPED_MODEL, DetectorUnavailable, ModelSpec

logger = logging.getLogger(__name__)

# By (name, sha256, precision); its size follows the setting, read at each load.
_loaded: LRUCache[tuple[str, str, str], Detector] = LRUCache(maxsize=1)
_loading = threading.Lock()


def get_detector(spec: ModelSpec = SHIPPED_MODEL, precision: str = "exact") -> Detector:
    """The process's detector for this model and precision, loaded on first use and kept among the
    SPOTTER_MODELS_IN_MEMORY most recently used (the least recently used goes first)."""
    from django.conf import settings

    global _loaded
    key = (spec.name, spec.sha256, precision)
    with _loading:
        detector = _loaded.get(key)  # a hit makes it the most recently used
        if detector is None:
            detector = _load(spec, precision, settings)
            size = max(1, settings.SPOTTER_MODELS_IN_MEMORY)
            if size != _loaded.maxsize:  # the setting changed: the same models, least recently used first
                resized = LRUCache(maxsize=size)
                while _loaded:
                    kept_key, kept = _loaded.popitem()
                    resized[kept_key] = kept
                _loaded = resized
            _loaded[key] = detector
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
            return openvino_runtime.OpenVinoDetector(
                spec, source, Path(settings.SPOTTER_MODEL_CACHE), precision, settings.SPOTTER_DETECTOR_THREADS
            )
        except Exception as error:
            if runtime == "openvino" or not shipped:
                raise DetectorUnavailable(f"OpenVINO cannot run the model {spec.name}: {error}") from error
            logger.warning("OpenVINO cannot run the detector (%s); running it on OpenCV's DNN module instead", error)
    return OpenCvSsdDetector(settings.SPOTTER_DETECTOR_THREADS, precision)
