"""What a photo looks like, in numbers that survive resizing, recompressing, re-encoding, a light crop or a
brighter exposure: a perceptual fingerprint (imagehash's wavelet hash, 64 bits) and a sharpness score (the
variance of the Laplacian of the grey picture against the picture's own variance, so that a brighter or
more contrasted copy is not sharper; low is blurry). Both are taken from the thumbnail made at
upload, which costs a few milliseconds, never a second decode.

Two fingerprints of the same picture differ in at most SAME_PICTURE_BITS bits; different photos of one scene
(a stereo pair, the next frame of a burst) differ in more. `near_pairs` finds the close ones without
comparing every pair: it splits each fingerprint into BANDS parts and looks up, for each part, the photos
whose part is equal or one bit away. Two fingerprints SAME_PICTURE_BITS apart differ by at most one bit in
at least one of the parts, so no close pair is missed.
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator

import cv2
import imagehash
import numpy as np
from PIL import Image as PILImage

SAME_PICTURE_BITS = 7
BANDS = 4
BAND_BITS = 64 // BANDS
HASHED_SIDE = 64  # the picture is hashed at this size: the same bits as at 256, in a third of the time
SHARPNESS_SIDE = 256  # the sharpness is measured at this size, so that it does not depend on the photo's


def measure(picture: PILImage.Image) -> tuple[int, float]:
    """The picture's fingerprint and sharpness, from one small grey copy of it."""
    grey = picture.convert("L")
    grey.thumbnail((SHARPNESS_SIDE, SHARPNESS_SIDE), PILImage.Resampling.BOX)
    return fingerprint(grey), sharpness(np.asarray(grey))


def fingerprint(grey: PILImage.Image) -> int:
    """The wavelet hash as a signed 64-bit integer (what the database's bigint holds)."""
    bits = imagehash.whash(grey, image_scale=HASHED_SIDE).hash.flatten()
    value = int("".join("1" if bit else "0" for bit in bits), 2)
    return value - (1 << 64) if value >= 1 << 63 else value


def sharpness(grey: np.ndarray) -> float:
    contrast = float(grey.var())
    return float(cv2.Laplacian(grey, cv2.CV_64F).var()) / contrast if contrast > 0 else 0.0


def distance(a: int, b: int) -> int:
    """How many bits two fingerprints differ in."""
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def near_pairs(fingerprints: Iterable[tuple[object, int]]) -> Iterator[tuple[object, object]]:
    """Each pair of keys whose fingerprints are at most SAME_PICTURE_BITS apart, once."""
    rows = list(fingerprints)
    buckets: list[dict[int, list[int]]] = [defaultdict(list) for _ in range(BANDS)]
    for n, (_, value) in enumerate(rows):
        for band, part in enumerate(_parts(value)):
            buckets[band][part].append(n)
    for n, (key, value) in enumerate(rows):
        seen = set()
        for band, part in enumerate(_parts(value)):
            for probe in (part, *(part ^ (1 << bit) for bit in range(BAND_BITS))):
                for other in buckets[band].get(probe, ()):
                    if other > n and other not in seen:
                        seen.add(other)
                        if distance(value, rows[other][1]) <= SAME_PICTURE_BITS:
                            yield key, rows[other][0]


def _parts(value: int) -> list[int]:
    unsigned = value & ((1 << 64) - 1)
    return [(unsigned >> (band * BAND_BITS)) & ((1 << BAND_BITS) - 1) for band in range(BANDS)]
