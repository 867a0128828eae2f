"""What a photo looks like, in numbers that survive resizing, recompressing, re-encoding, a light crop or a
brighter exposure: a perceptual fingerprint (imagehash's wavelet hash, 64 bits) and a sharpness score (the
variance of the Laplacian of the grey picture against the picture's own variance, so that a brighter or
more contrasted copy is not sharper; low is blurry). Both are taken from the thumbnail made at
upload, which costs a few milliseconds, never a second decode.

Two fingerprints of the same picture differ in at most SAME_PICTURE_BITS bits; different photos of one scene
(a stereo pair, the next frame of a burst) differ in more. `near_pairs` finds the close ones without
comparing every pair: it splits each fingerprint into BANDS parts and looks up, for each part, the photos
whose part is equal or one bit away (NumPy, over the parts sorted once). Two fingerprints SAME_PICTURE_BITS
apart differ by at most one bit in at least one of the parts, so no close pair is missed.
"""

from collections.abc import Sequence

import cv2
import imagehash
import numpy as np
from PIL import Image as PILImage

SAME_PICTURE_BITS = 7
BANDS = 4
BAND_BITS = 64 // BANDS
HASHED_SIDE = 64  # the picture is hashed at this size: the same bits as at 256, in a third of the time
SHARPNESS_SIDE = 256  # the sharpness is measured at this size, so that it does not depend on the photo's
BLURRY_BELOW = 0.1  # is:blurry: sharp photos measure well above, blurred by 0.5 % of their side well below


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


def bits_apart(a: int, b: int) -> int:
    """How many bits two fingerprints differ in."""
    return ((a ^ b) & ((1 << 64) - 1)).bit_count()


def parts(value: int) -> list[int]:
    """The fingerprint's BANDS parts of BAND_BITS bits, lowest first."""
    return [(value >> (band * BAND_BITS)) & ((1 << BAND_BITS) - 1) for band in range(BANDS)]


def probes(value: int) -> list[set[int]]:
    """Per part, the values a part of a fingerprint at most SAME_PICTURE_BITS away from this one can have in
    at least one part: this one's part, and each of its bits flipped."""
    return [{part} | {part ^ (1 << bit) for bit in range(BAND_BITS)} for part in parts(value)]


def near_pairs(fingerprints: Sequence[int]) -> np.ndarray:
    """The pairs (i, j), i < j, of positions in `fingerprints` at most SAME_PICTURE_BITS apart, as rows of
    an array. For each part and each probe (the part itself, and each of its bits flipped), the photos
    whose part equals the probe are found in the parts sorted once (binary search), and only those
    candidates are compared whole."""
    values = np.asarray(fingerprints, dtype=np.int64).view(np.uint64)
    everyone = np.arange(len(values))
    close = [np.empty((0, 2), dtype=np.int64)]
    for band in range(BANDS):
        parts = ((values >> np.uint64(band * BAND_BITS)) & np.uint64((1 << BAND_BITS) - 1)).astype(np.int64)
        order = np.argsort(parts, kind="stable")
        in_order = parts[order]
        for flip in (0, *(1 << bit for bit in range(BAND_BITS))):
            probes = parts ^ flip
            first = np.searchsorted(in_order, probes, "left")
            counts = np.searchsorted(in_order, probes, "right") - first
            left = np.repeat(everyone, counts)
            step = np.arange(len(left)) - np.repeat(np.cumsum(counts) - counts, counts)
            right = order[np.repeat(first, counts) + step]
            candidates = left < right
            left, right = left[candidates], right[candidates]
            near = np.bitwise_count(values[left] ^ values[right]) <= SAME_PICTURE_BITS
            close.append(np.stack([left[near], right[near]], axis=1))
    return np.unique(np.concatenate(close), axis=0)
