"""The text reader: PP-OCRv6 from the `rapidocr` wheel (its text detector finds the lines, its recogniser reads
each), run by OpenVINO, which Spotter already has. The three model files ship inside the wheel and are checked
against their sha256 and handed to rapidocr by path, so it never looks for them online. Load it once per
process with `get_reader()` and keep it.

A photo without text costs the detector's pass alone: the recogniser runs only on the lines found. The
detector reads the photo at READ_SIDE on its longer side: smaller misses small text, larger misses large
text and costs more. The angle classifier is off: EXIF orientation is applied before (imaging.py) and lines at
an angle are straightened by the detector's own boxes; the classifier turned upright lines upside down.
"""

import functools
import importlib.util
import threading
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .model_files import verified
from .spec import DetectorUnavailable

READER_NAME = "pp-ocrv6"
READ_SIDE = 1280
READ_SHORTER_SIDE = READ_SIDE * 3 // 4  # what a photo is decoded at, at least: a 4:3 photo's longer side is READ_SIDE
MODEL_FILES = {
    "det": ("PP-OCRv6_det_small.onnx", "090f04abcd9d9a7498bc4ebf677e4cb9bdce1fe4197ddb7e529f1ef44e1ff94f"),
    "rec": ("PP-OCRv6_rec_small.onnx", "6f327246b50388f3c176ae304bd95767ea6dc0c9ae92153ef8cbe210b3c14884"),
    "cls": ("ch_ppocr_mobile_v2.0_cls_mobile.onnx", "e47acedf663230f8863ff1ab0e64dd2d82b838fceb5957146dab185a89d6215c"),
}
# Its results are cached under this key: the recogniser's sha256 and the size the detector reads at.
READER_CACHE_KEY = f"{MODEL_FILES['rec'][1]}-{READ_SIDE}"
# A line read with less confidence, or of fewer letters and digits, is dropped: such lines are mostly
# textures and eyes read as letters, or text the wrong way up.
MIN_LINE_CONFIDENCE = 0.8
MIN_LINE_CHARACTERS = 2


@dataclass(frozen=True)
class LineRead:
    """One line of text, with the box around it as fractions of the picture (x_min, y_min, x_max, y_max)."""

    text: str
    confidence: float
    box: tuple[float, float, float, float]


class TextReader:
    def __init__(self, threads: int = 0):
        from rapidocr import EngineType, RapidOCR

        spec = importlib.util.find_spec("rapidocr")
        if spec is None or spec.origin is None:
            raise DetectorUnavailable("The package rapidocr==3.10.0 is not installed.")
        models = Path(spec.origin).parent / "models"
        paths = {part: verified(models / name, sha256, "reinstall rapidocr==3.10.0")
                 for part, (name, sha256) in MODEL_FILES.items()}  # fmt: skip
        engine = EngineType.OPENVINO
        self._ocr = RapidOCR(
            params={
                "Global.log_level": "error",
                "Global.use_cls": False,
                "Det.model_path": str(paths["det"]),
                "Rec.model_path": str(paths["rec"]),
                "Cls.model_path": str(paths["cls"]),
                "Det.engine_type": engine,
                "Rec.engine_type": engine,
                "Cls.engine_type": engine,
                "Det.limit_type": "max",
                "Det.limit_side_len": READ_SIDE,
                "EngineConfig.openvino.inference_num_threads": threads or -1,
            }
        )
        self._lock = threading.Lock()  # one engine: one photo at a time

    def read(self, rgb: np.ndarray) -> list[LineRead]:
        """The lines of text in an RGB picture, in reading order (top to bottom, then left to right)."""
        height, width = rgb.shape[:2]
        bgr = np.ascontiguousarray(rgb[..., ::-1])
        with self._lock:  # each call says every step: rapidocr keeps a call's options for the next
            result = self._ocr(bgr, use_det=True, use_cls=False, use_rec=True)
        if not result.txts:
            return []
        lines = []
        for corners, text, score in zip(result.boxes, result.txts, result.scores, strict=True):
            text = " ".join(text.split())
            if score < MIN_LINE_CONFIDENCE or sum(ch.isalnum() for ch in text) < MIN_LINE_CHARACTERS:
                continue
            xs, ys = corners[:, 0], corners[:, 1]
            box = (
                max(0.0, float(xs.min()) / width),
                max(0.0, float(ys.min()) / height),
                min(1.0, float(xs.max()) / width),
                min(1.0, float(ys.max()) / height),
            )
            lines.append(LineRead(text, round(float(score), 4), box))
        return lines


@functools.cache
def get_reader() -> TextReader:
    """The process's text reader, loaded on first use and kept."""
    from django.conf import settings

    try:
        return TextReader(settings.SPOTTER_DETECTOR_THREADS)
    except ImportError as missing:
        raise DetectorUnavailable(f"rapidocr is not installed (pip install rapidocr==3.10.0): {missing}") from missing
