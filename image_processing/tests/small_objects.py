"""Camera-size photos (4032x3024) of small objects: cats, people and motorcycles cut from photos that ship in
packages, each 8-14 % of the width, pasted on an empty scene (scikit-image's grass). Where each object was
pasted is the truth a detector is measured against."""

from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image as PILImage

from image_processing.detection import Box
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER, SITE_PACKAGES, jpeg_bytes

SIZE = (4032, 3024)
SCENE = SITE_PACKAGES / "skimage" / "data" / "grass.png"
MOTORCYCLE = SITE_PACKAGES / "skimage" / "data" / "motorcycle_left.png"
# (photo, label, the object's box in it as fractions: where the shipped detector finds it in the whole photo)
OBJECTS = [
    (CHELSEA, "cat", Box(0.02, 0.0, 0.9, 0.99)),
    (ASTRONAUT, "person", Box(0.02, 0.02, 0.72, 1.0)),
    (GRACE_HOPPER, "person", Box(0.0, 0.04, 1.0, 0.99)),
    (MOTORCYCLE, "motorcycle", Box(0.14, 0.13, 0.92, 0.89)),
]
OBJECTS_PER_PHOTO = 6


@dataclass(frozen=True)
class Pasted:
    label: str
    box: Box  # fractions of the photo


def small_object_photos(folder: Path, count: int = 4, seed: int = 7) -> list[tuple[Path, list[Pasted]]]:
    """`count` JPEG photos in `folder`, each with OBJECTS_PER_PHOTO objects that do not touch, and where they are."""
    rng = np.random.default_rng(seed)
    width, height = SIZE
    scene = PILImage.open(SCENE).convert("RGB").resize(SIZE, PILImage.Resampling.BILINEAR)
    cuts = []
    for path, label, box in OBJECTS:
        picture = PILImage.open(path).convert("RGB")
        w, h = picture.size
        cuts.append(
            (
                label,
                picture.crop((round(box.x_min * w), round(box.y_min * h), round(box.x_max * w), round(box.y_max * h))),
            )
        )
    photos = []
    for n in range(count):
        photo, placed = scene.copy(), []
        while len(placed) < OBJECTS_PER_PHOTO:
            label, cut = cuts[(n + len(placed)) % len(cuts)]
            object_width = round(width * rng.uniform(0.08, 0.14))
            object_height = round(object_width * cut.height / cut.width)
            left = int(rng.integers(0, width - object_width))
            top = int(rng.integers(0, height - object_height))
            box = Box(left / width, top / height, (left + object_width) / width, (top + object_height) / height)
            if any(_near(box, other.box) for other in placed):
                continue
            photo.paste(cut.resize((object_width, object_height), PILImage.Resampling.LANCZOS), (left, top))
            placed.append(Pasted(label, box))
        path = folder / f"small-objects-{n}.jpg"
        path.write_bytes(jpeg_bytes(photo))
        photos.append((path, placed))
    return photos


def _near(a: Box, b: Box, gap: float = 0.03) -> bool:
    return not (
        a.x_max + gap < b.x_min or b.x_max + gap < a.x_min or a.y_max + gap < b.y_min or b.y_max + gap < a.y_min
    )
