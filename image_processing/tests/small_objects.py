"""Camera-size photos (4032x3024) of small objects, the thorough mode's test set, built so that it can fail.

Each object is cut from a photo that ships in a package by a box drawn by hand around it (never at the
detector's own boxes, which would keep only what the detector already recognises whole), then pasted at
6-15 % of the photo's width, several per photo, flipped and lit at random, on one of several real
backgrounds. Where each object was pasted is the truth a detector is measured against.
"""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image as PILImage
from PIL import ImageEnhance

from image_processing.detection import Box
from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER, SITE_PACKAGES, jpeg_bytes

SIZE = (4032, 3024)
SKIMAGE = SITE_PACKAGES / "skimage" / "data"
BACKGROUNDS = [SKIMAGE / name for name in ("grass.png", "gravel.png", "brick.png", "rocket.jpg", "moon.png")]
# (photo, label, the object's box in it as fractions, drawn by hand around what a person would call it)
OBJECTS = [
    (CHELSEA, "cat", Box(0.0, 0.0, 1.0, 1.0)),
    (ASTRONAUT, "person", Box(0.05, 0.02, 0.7, 1.0)),
    (GRACE_HOPPER, "person", Box(0.05, 0.03, 1.0, 1.0)),
    (SKIMAGE / "camera.png", "person", Box(0.0, 0.08, 0.62, 1.0)),
    (SKIMAGE / "motorcycle_left.png", "motorcycle", Box(0.1, 0.3, 0.93, 0.94)),
    (SKIMAGE / "motorcycle_right.png", "motorcycle", Box(0.1, 0.3, 0.93, 0.94)),
    (COFFEE, "cup", Box(0.27, 0.0, 0.73, 0.56)),
]
OBJECTS_PER_PHOTO = (5, 7)
WIDTHS = (0.06, 0.15)  # of the photo's width


@dataclass(frozen=True)
class Pasted:
    label: str
    box: Box  # fractions of the photo


def small_object_photos(folder: Path, count: int = 4, seed: int = 7) -> list[tuple[Path, list[Pasted]]]:
    """`count` JPEG photos in `folder`, each with several objects that do not touch, and where they are."""
    rng = np.random.default_rng(seed)
    width, height = SIZE
    cuts = [(label, _cut(path, box)) for path, label, box in OBJECTS]
    photos = []
    for n in range(count):
        background = BACKGROUNDS[n % len(BACKGROUNDS)]
        photo = PILImage.open(background).convert("RGB").resize(SIZE, PILImage.Resampling.BICUBIC)
        placed: list[Pasted] = []
        wanted = int(rng.integers(OBJECTS_PER_PHOTO[0], OBJECTS_PER_PHOTO[1] + 1))
        while len(placed) < wanted:
            label, cut = cuts[int(rng.integers(len(cuts)))]
            object_width = round(width * rng.uniform(*WIDTHS))
            object_height = round(object_width * cut.height / cut.width)
            left = int(rng.integers(0, width - object_width))
            top = int(rng.integers(0, height - object_height))
            box = Box(left / width, top / height, (left + object_width) / width, (top + object_height) / height)
            if any(_near(box, other.box) for other in placed):
                continue
            pasted = cut.resize((object_width, object_height), PILImage.Resampling.LANCZOS)
            if rng.random() < 0.5:
                pasted = pasted.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)
            pasted = ImageEnhance.Brightness(pasted).enhance(rng.uniform(0.8, 1.2))
            photo.paste(pasted, (left, top))
            placed.append(Pasted(label, box))
        path = folder / f"small-objects-{n}.jpg"
        path.write_bytes(jpeg_bytes(photo))
        photos.append((path, placed))
    return photos


def _cut(path: Path, box: Box) -> PILImage.Image:
    picture = PILImage.open(path).convert("RGB")
    w, h = picture.size
    return picture.crop((round(box.x_min * w), round(box.y_min * h), round(box.x_max * w), round(box.y_max * h)))


def _near(a: Box, b: Box, gap: float = 0.03) -> bool:
    return not (
        a.x_max + gap < b.x_min or b.x_max + gap < a.x_min or a.y_max + gap < b.y_min or b.y_max + gap < a.y_min
    )
