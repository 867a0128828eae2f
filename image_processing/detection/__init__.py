"""The models that examine photos, and what runs them: the detector (a model spec, its files and their
checks, the runtimes, a loader that keeps the recently used few, and the post-processing every model
shares), the tiles of the thorough mode, the tagger, the text reader and the face finder.

Code outside this package imports from here, not from its modules.
"""

from .coco import COCO_LABELS, COCO_LABELS_BY_ID
from .faces import (
    FACE_FINDER_NAME,
    FACE_SHORTER_SIDE,
    FACES_CACHE_KEY,
    MIN_FACE_PIXELS,
    FaceFinder,
    FaceFound,
    get_face_finder,
)
from .layouts import LayoutRefused, recognise
from .loader import get_detector
from .postprocessing import postprocess
from .reader import READ_SHORTER_SIDE, READER_CACHE_KEY, READER_NAME, LineRead, get_reader
from .runtimes.openvino import ModelUnreadable
from .runtimes.openvino import describe_within as describe_model_file
from .spec import (
    DEFAULT_MIN_CONFIDENCE,
    PRECISIONS,
    SHIPPED_MODEL,
    Box,
    Candidate,
    DetectorUnavailable,
    Found,
    ModelSpec,
)
from .tagger import INPUT_SIZE as TAGGER_INPUT_SIZE
from .tagger import MIN_TAG_SCORE, TAGGER_NAME, TAGGER_SHA256, TOP_TAGS, TagScore, get_tagger
from .tiles import (
    THOROUGH_SCHEME,
    THOROUGH_SHORTER_SIDE,
    THOROUGH_SIDE,
    Interrupted,
    thorough_candidates,
    tiles_per_photo,
)

__all__ = [
    "COCO_LABELS",
    "COCO_LABELS_BY_ID",
    "DEFAULT_MIN_CONFIDENCE",
    "FACES_CACHE_KEY",
    "FACE_FINDER_NAME",
    "FACE_SHORTER_SIDE",
    "MIN_FACE_PIXELS",
    "MIN_TAG_SCORE",
    "PRECISIONS",
    "READER_CACHE_KEY",
    "READER_NAME",
    "READ_SHORTER_SIDE",
    "SHIPPED_MODEL",
    "TAGGER_INPUT_SIZE",
    "TAGGER_NAME",
    "TAGGER_SHA256",
    "THOROUGH_SCHEME",
    "THOROUGH_SHORTER_SIDE",
    "THOROUGH_SIDE",
    "TOP_TAGS",
    "Box",
    "Candidate",
    "DetectorUnavailable",
    "FaceFinder",
    "FaceFound",
    "Found",
    "Interrupted",
    "LayoutRefused",
    "LineRead",
    "ModelSpec",
    "ModelUnreadable",
    "TagScore",
    "describe_model_file",
    "get_detector",
    "get_face_finder",
    "get_reader",
    "get_tagger",
    "postprocess",
    "recognise",
    "thorough_candidates",
    "tiles_per_photo",
]
