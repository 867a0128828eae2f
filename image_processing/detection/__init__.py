"""The models that examine photos, and what runs them: the detector (a model spec, its files and their
checks, the runtimes, a loader that keeps the recently used few, and the post-processing every model
shares), the tiles of the thorough mode, and the tagger.

Code outside this package imports from here, not from its modules.
"""

from .coco import COCO_LABELS, COCO_LABELS_BY_ID
from .detector import (
    DEFAULT_MIN_CONFIDENCE,
    PRECISIONS,
    SHIPPED_MODEL,
    Box,
    DetectorUnavailable,
    Found,
    ModelSpec,
    get_detector,
    postprocess,
)
from .layouts import Candidate, LayoutRefused, recognise
from .tagger import INPUT_SIZE as TAGGER_INPUT_SIZE
from .tagger import MIN_TAG_SCORE, TAGGER_NAME, TAGGER_SHA256, TOP_TAGS, TagScore, get_tagger
from .tiles import THOROUGH_SIDE, Interrupted, thorough_candidates, tiles_per_photo

__all__ = [
    "COCO_LABELS",
    "COCO_LABELS_BY_ID",
    "DEFAULT_MIN_CONFIDENCE",
    "MIN_TAG_SCORE",
    "PRECISIONS",
    "SHIPPED_MODEL",
    "TAGGER_INPUT_SIZE",
    "TAGGER_NAME",
    "TAGGER_SHA256",
    "THOROUGH_SIDE",
    "TOP_TAGS",
    "Box",
    "Candidate",
    "DetectorUnavailable",
    "Found",
    "Interrupted",
    "LayoutRefused",
    "ModelSpec",
    "TagScore",
    "describe_model_file",
    "get_detector",
    "get_tagger",
    "postprocess",
    "recognise",
    "thorough_candidates",
    "tiles_per_photo",
]


def describe_model_file(*args, **kwargs):
    """A model file's inputs, outputs and class names (OpenVINO: imported only by a process that adds a model)."""
    from .openvino_detector import describe

    return describe(*args, **kwargs)
