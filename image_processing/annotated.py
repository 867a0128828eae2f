"""The annotated photo: detections drawn on it as labelled boxes, in the web app's colours."""

import json
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from PIL import ImageDraw

from .imaging import encode_jpeg, load_oriented, shrink
from .models import Detection

ANNOTATED_MAX_SIDE = 2048
# The label colours the web app's viewer uses too: one file, one rule.
_PALETTE = json.loads((Path(__file__).parent / "label_colours.json").read_text())["palette"]


def render_annotated(stream: BinaryIO, detections: Iterable[Detection]) -> bytes:
    """The photo (at most 2048 px, as displayed) as JPEG with these detections drawn as labelled boxes."""
    picture = shrink(load_oriented(stream, ANNOTATED_MAX_SIDE), ANNOTATED_MAX_SIDE)
    draw = ImageDraw.Draw(picture)
    width, height = picture.size
    line = max(2, round(max(width, height) / 300))
    for detection in detections:
        colour = colour_for(detection.label)
        x, y = detection.x_min * width, detection.y_min * height
        draw.rectangle((x, y, detection.x_max * width, detection.y_max * height), outline=colour, width=line)
        caption = f"{detection.label} {detection.confidence:.0%}"
        left, top, right, bottom = draw.textbbox((x, y), caption)
        draw.rectangle((left - 2, top - 2, right + 2, bottom + 2), fill=colour)
        draw.text((x, y), caption, fill="white")
    return encode_jpeg(picture)


def colour_for(label: str) -> str:
    return _PALETTE[sum(label.encode()) % len(_PALETTE)]
