"""Reading photos: checking uploads by their content, orienting them, shrinking them.

Every decode here asks for the smallest picture it needs: for JPEG, Pillow's `draft` makes libjpeg
decode at 1/2, 1/4 or 1/8 scale, so a 12 MP photo is never decoded at full size just to be shrunk.
PNG and WebP have no such scale: they are decoded whole, one at a time per process (a 60 MP RGBA
picture is 240 MB decoded), and reduced at once, before any copy is made.
"""

import contextlib
import ctypes
import hashlib
import io
import threading
import warnings
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError

# Formats we store, by what the bytes say (never by the file name). MPO is the Multi-Picture JPEG that
# many cameras and phones write: a JPEG whose first picture is the photo; it is kept and served unchanged.
CONTENT_TYPES = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}
EXTENSIONS = {"JPEG": "jpg", "MPO": "jpg", "PNG": "png", "WEBP": "webp"}
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_EXIF_ORIENTATION = 0x0112
_SWAPS_SIDES = {5, 6, 7, 8}

# We enforce our own pixel limit; Pillow's own bomb check would fire on a different number.
PILImage.MAX_IMAGE_PIXELS = None
# At most one full-size decode at a time in this process: its threads (the web process's requests) wait.
_FULL_SIZE_DECODE = threading.RLock()


def _return_freed_pictures_to_the_system() -> None:
    """Decoded pictures are large and short-lived. glibc keeps what a thread frees in that thread's own
    arena, so the web process's memory would grow with its threads, not with the decodes it runs at once:
    allocations of 1 MiB and more are mapped and unmapped instead (M_MMAP_THRESHOLD)."""
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").mallopt(-3, 1 << 20)


_return_freed_pictures_to_the_system()


class PhotoRejected(Exception):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class PhotoUnreadable(Exception):
    """A stored photo that can no longer be decoded (missing, damaged)."""


@dataclass(frozen=True)
class InspectedPhoto:
    format: str
    width: int  # as displayed, after EXIF orientation
    height: int
    size_bytes: int
    sha256: str
    thumbnail_jpeg: bytes

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]


def inspect_upload(
    stream: BinaryIO, size: int, *, max_bytes: int, max_pixels: int, thumbnail_size: int
) -> InspectedPhoto:
    """Check one uploaded file by its content and make its thumbnail, or raise PhotoRejected."""
    if size == 0:
        raise PhotoRejected("empty", "The file is empty.")
    if size > max_bytes:
        raise PhotoRejected("too_large", f"The file is {size:,} bytes; the limit is {max_bytes:,} bytes.")
    stream.seek(0)
    head = stream.read(16)
    looks_like_photo = head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    if not looks_like_photo:
        raise PhotoRejected("unsupported_type", "The file is not a JPEG, PNG or WebP image.")
    stream.seek(0)
    sha256 = _sha256(stream)
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            picture = PILImage.open(stream)
            if picture.format not in CONTENT_TYPES:
                raise PhotoRejected("unsupported_type", "The file is not a JPEG, PNG or WebP image.")
            stored_width, stored_height = picture.size
            if stored_width * stored_height > max_pixels:
                raise PhotoRejected(
                    "too_many_pixels",
                    f"The image has {stored_width * stored_height:,} pixels; the limit is {max_pixels:,}.",
                )
            stored_format = picture.format
            with _decode_slot(picture):  # reading a PNG's EXIF decodes it whole
                orientation, thumbnail = _orientation(picture), _oriented_rgb(picture, thumbnail_size)
                del picture  # its full-size pixels go before another request may decode
            thumbnail = shrink(thumbnail, thumbnail_size)
    except PhotoRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise PhotoRejected("corrupt", "The image could not be decoded; the file may be damaged.") from error
    width, height = (stored_height, stored_width) if orientation in _SWAPS_SIDES else (stored_width, stored_height)
    return InspectedPhoto(
        format=stored_format,
        width=width,
        height=height,
        size_bytes=size,
        sha256=sha256,
        thumbnail_jpeg=encode_jpeg(thumbnail, quality=85),
    )


def load_oriented(stream: BinaryIO, min_side: int | None = None) -> PILImage.Image:
    """A stored photo as upright RGB. With min_side, JPEGs decode at the smallest DCT scale that keeps
    both sides at least that long (so the result may still be up to twice that); None: full size."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _oriented_rgb(PILImage.open(stream), min_side)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        raise PhotoUnreadable(f"The photo could not be decoded: {error}") from error


def shrink(picture: PILImage.Image, max_side: int) -> PILImage.Image:
    """The picture fitted inside max_side x max_side (never enlarged)."""
    picture.thumbnail((max_side, max_side), PILImage.Resampling.BILINEAR, reducing_gap=2.0)
    return picture


def _oriented_rgb(picture: PILImage.Image, min_side: int | None) -> PILImage.Image:
    if min_side and picture.format in ("JPEG", "MPO"):
        picture.draft("RGB", (min_side, min_side))  # decode at reduced scale, still >= min_side
    with _decode_slot(picture):
        picture.load()
        if min_side:
            picture = _reduced(picture, min_side)
    with contextlib.suppress(ValueError, TypeError, KeyError, SyntaxError):  # unreadable EXIF: keep as stored
        picture = ImageOps.exif_transpose(picture)
    return _to_rgb(picture)


def _decode_slot(picture: PILImage.Image) -> contextlib.AbstractContextManager:
    """Held while a PNG or WebP is decoded whole; a JPEG needs none (it is decoded at reduced scale)."""
    return contextlib.nullcontext() if picture.format in ("JPEG", "MPO") else _FULL_SIZE_DECODE


def _reduced(picture: PILImage.Image, min_side: int) -> PILImage.Image:
    """The picture box-averaged by the largest whole factor that keeps both sides at least min_side."""
    factor = min(picture.size) // min_side
    if factor < 2:
        return picture
    try:
        return picture.reduce(factor)
    except ValueError:  # a mode reduce() does not take (palette, 16-bit, 1-bit): widened first
        wide = "I" if picture.mode.startswith("I;16") else "RGBA" if "transparency" in picture.info else "RGB"
        return picture.convert(wide).reduce(factor)


def _to_rgb(picture: PILImage.Image) -> PILImage.Image:
    if picture.mode == "RGB":
        return picture
    if picture.mode in ("I;16", "I;16B", "I;16L", "I"):
        # 16-bit greyscale: keep the top 8 bits instead of clipping everything to white.
        values = np.asarray(picture, dtype=np.uint32)
        shift = 8 if values.max(initial=0) > 255 else 0
        return PILImage.fromarray((values >> shift).astype(np.uint8), "L").convert("RGB")
    if picture.mode in ("RGBA", "LA", "PA") or (picture.mode == "P" and "transparency" in picture.info):
        rgba = picture.convert("RGBA")
        background = PILImage.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return picture.convert("RGB")


def _orientation(picture: PILImage.Image) -> int:
    try:
        value = picture.getexif().get(_EXIF_ORIENTATION, 1)
        return int(value) if isinstance(value, int) else 1
    except (ValueError, TypeError, SyntaxError, OSError):
        return 1


def _sha256(stream: BinaryIO) -> str:
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def encode_jpeg(picture: PILImage.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
