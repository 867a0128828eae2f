"""The per-photo work of a task: read the stored file, decode it once at reduced scale, and run on it the models an
examination asks for (services/examination.py says which, and stores what they found)."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PIL import Image as PILImage

from .. import storage
from ..detection import (
    FACE_SHORTER_SIDE,
    READ_SHORTER_SIDE,
    TAGGER_INPUT_SIZE,
    THOROUGH_SHORTER_SIDE,
    THOROUGH_SIDE,
    Candidate,
    FaceFound,
    LineRead,
    ModelSpec,
    TagScore,
    get_detector,
    get_face_finder,
    get_reader,
    get_tagger,
    thorough_candidates,
)
from ..imaging import load_oriented, shrink

CACHED_TAGS = 10  # the tagger's best classes kept in the result cache, more than a photo keeps


@dataclass(frozen=True)
class ModelRun:
    """A model in a precision: what a task runs, the name its detections are kept under and the key of its
    results in the result cache (the model's sha256: a file added twice shares them)."""

    spec: ModelSpec
    precision: str

    @property
    def result_name(self) -> str:
        return self.spec.result_name(self.precision)

    @property
    def cache_key(self) -> str:
        return self.spec.sha256 if self.precision == "exact" else f"{self.spec.sha256}-bf16"


def examine_file(
    file_name: str,
    run: ModelRun | None,
    tags: bool,
    floor: float,
    thorough: bool = False,
    should_stop: Callable[[], bool] = lambda: False,
    reads: bool = False,
    faces: bool = False,
) -> tuple[list[Candidate], list[TagScore] | None, list[LineRead] | None, list[FaceFound] | None]:
    """The per-image work: read the stored file, decode it once at reduced scale (JPEG DCT scaling, never the
    full 12 MP) with its EXIF orientation, and run the detector (`run`; None: not needed; `thorough`: in
    tiles too), the tagger (if `tags`), the text reader (if `reads`) and the face finder (if `faces`) on it.
    Returns the detector's candidates scoring at least `floor`, the tagger's best scores, the lines read and the
    faces found (None where not run)."""
    if run is None and not tags and not reads and not faces:
        return [], None, None, None
    size = max(
        max(run.spec.input_width, run.spec.input_height) if run else 0,
        TAGGER_INPUT_SIZE if tags else 0,
        READ_SHORTER_SIDE if reads else 0,
        FACE_SHORTER_SIDE if faces else 0,
    )
    thorough = thorough and run is not None
    with storage.open_file(file_name) as stream:
        decoded = load_oriented(stream, THOROUGH_SHORTER_SIDE if thorough else size)
    picture = np.asarray(shrink(decoded, THOROUGH_SIDE) if thorough else decoded)
    detector = get_detector(run.spec, run.precision) if run else None
    if detector is None:
        candidates = []
    elif thorough:
        candidates = thorough_candidates(detector.candidates, picture, floor, should_stop)
    else:
        candidates = detector.candidates(picture, floor)
    tag_scores = get_tagger().tag(picture, top=CACHED_TAGS, floor=0.01) if tags else None
    lines = get_reader().read(picture) if reads else None
    return candidates, tag_scores, lines, get_face_finder().find(_for_faces(decoded)) if faces else None


def _for_faces(decoded) -> np.ndarray:
    """The photo as the face finder always reads it, FACE_SHORTER_SIDE on its shorter side, whatever else needed
    it larger: a face gets the same box and embedding (or, small, none) from any task."""
    width, height = decoded.size
    scale = FACE_SHORTER_SIDE / min(width, height)
    if scale >= 1:
        return np.asarray(decoded)
    size = (round(width * scale), round(height * scale))
    return np.asarray(decoded.resize(size, PILImage.Resampling.BILINEAR, reducing_gap=2.0))
