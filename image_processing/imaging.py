"""Reading photos: checking uploads by their content, orienting them, shrinking them.

Every decode here asks for the smallest picture it needs: for JPEG, Pillow's `draft` makes libjpeg
decode at 1/2, 1/4 or 1/8 scale, so a 12 MP photo is never decoded at full size just to be shrunk.
PNG, WebP, HEIC and AVIF have no such scale: they are decoded whole, one at a time per process (a 60 MP
RGBA picture is 240 MB decoded), and reduced at once, before any copy is made. A WebP costs twice what the
others cost (Pillow decodes it through libwebp's animation decoder, which holds two canvases, and copies
it twice more: 16 bytes a pixel), so it has a lower pixel limit of its own. HEIC and AVIF files are
measured by the pictures their HEVC and AV1 bitstreams hold, not by the size their header claims.
"""

import contextlib
import ctypes
import hashlib
import io
import threading
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import BinaryIO

import numpy as np
import pillow_heif
from PIL import Image as PILImage
from PIL import ImageOps, UnidentifiedImageError
from PIL.ExifTags import IFD

from . import fingerprints
from .coded_size import coded_pixels

# Formats we store, by what the bytes say (never by the file name). MPO is the Multi-Picture JPEG that
# many cameras and phones write: a JPEG whose first picture is the photo; it is kept and served unchanged.
# HEIF is what phones write (HEIC); libheif applies its rotation when it decodes.
FORMATS = {  # Pillow's format: (content type, extension)
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
    "HEIF": ("image/heic", "heic"),
    "AVIF": ("image/avif", "avif"),
}
NOT_A_PHOTO = "The file is not a JPEG, PNG, WebP, HEIC or AVIF image."
_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n")
_ISO_BRANDS = (b"heic", b"heix", b"hevc", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis")
_EXIF_ORIENTATION, _EXIF_MAKE, _EXIF_MODEL = 0x0112, 0x010F, 0x0110
_EXIF_TAKEN, _EXIF_TAKEN_OFFSET = 0x9003, 0x9011  # DateTimeOriginal, OffsetTimeOriginal
_SWAPS_SIDES = {5, 6, 7, 8}

pillow_heif.register_heif_opener()

# What reading a damaged file raises (libheif and libavif report a failed decode as RuntimeError).
_UNDECODABLE = (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, RuntimeError)

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
class PhotoFacts:
    """What a photo's EXIF says about it, where it says anything."""

    taken_at: datetime | None = None  # DateTimeOriginal; without an offset, read as UTC
    camera: str = ""
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True)
class InspectedPhoto:
    content_type: str
    extension: str
    width: int  # as displayed, after EXIF orientation
    height: int
    thumbnail_jpeg: bytes
    facts: PhotoFacts
    fingerprint: int  # fingerprints.py, from the thumbnail
    sharpness: float


def check_size(size: int, max_bytes: int) -> None:
    if size == 0:
        raise PhotoRejected("empty", "The file is empty.")
    if size > max_bytes:
        raise PhotoRejected(
            "too_large", f"The file is {size / 2**20:.1f} MB; photos of up to {max_bytes / 2**20:.1f} MB are accepted."
        )


def inspect_upload(stream: BinaryIO, *, max_pixels: int, max_webp_pixels: int, thumbnail_size: int) -> InspectedPhoto:
    """Check one uploaded file (of a size check_size let through) by its content and make its thumbnail,
    or raise PhotoRejected. A WebP may have at most max_webp_pixels (and max_pixels)."""
    stream.seek(0)
    head = stream.read(16)
    looks_like_photo = (
        head.startswith(_MAGIC)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
        or (head[4:8] == b"ftyp" and head[8:12] in _ISO_BRANDS)
    )
    if not looks_like_photo:
        raise PhotoRejected("unsupported_type", NOT_A_PHOTO)
    stream.seek(0)
    try:
        with warnings.catch_warnings(action="ignore"):
            picture = PILImage.open(stream)
            if picture.format not in FORMATS:
                raise PhotoRejected("unsupported_type", NOT_A_PHOTO)
            stored_width, stored_height = picture.size
            pixels = stored_width * stored_height
            if picture.format in ("HEIF", "AVIF"):  # their header may claim less than their pictures hold
                pixels = max(pixels, coded_pixels(stream))
            limit = min(max_pixels, max_webp_pixels) if picture.format == "WEBP" else max_pixels
            if pixels > limit:
                of = " for WebP" if limit < max_pixels else ""
                raise PhotoRejected("too_many_pixels", f"The image has {pixels:,} pixels; the limit{of} is {limit:,}.")
            content_type, extension = FORMATS[picture.format]
            with _decode_slot(picture):  # reading a PNG's EXIF decodes it whole
                orientation, facts = _orientation(picture), _facts(picture)
                thumbnail = _oriented_rgb(picture, thumbnail_size)
                del picture  # its full-size pixels go before another request may decode
            thumbnail = shrink(thumbnail, thumbnail_size)
    except PhotoRejected:
        raise
    except _UNDECODABLE as error:
        raise PhotoRejected("corrupt", "The image could not be decoded; the file may be damaged.") from error
    width, height = (stored_height, stored_width) if orientation in _SWAPS_SIDES else (stored_width, stored_height)
    return InspectedPhoto(
        content_type,
        extension,
        width,
        height,
        encode_jpeg(thumbnail, quality=85),
        facts,
        *fingerprints.measure(thumbnail),
    )


def load_oriented(stream: BinaryIO, min_side: int | None = None) -> PILImage.Image:
    """A stored photo as upright RGB. With min_side, JPEGs decode at the smallest DCT scale that keeps
    both sides at least that long (so the result may still be up to twice that); None: full size."""
    try:
        with warnings.catch_warnings(action="ignore"):
            return _oriented_rgb(PILImage.open(stream), min_side)
    except _UNDECODABLE as error:
        raise PhotoUnreadable(f"The photo could not be decoded: {error}") from error


def shrink(picture: PILImage.Image, max_side: int) -> PILImage.Image:
    """The picture fitted inside max_side x max_side (never enlarged)."""
    picture.thumbnail((max_side, max_side), PILImage.Resampling.BILINEAR, reducing_gap=2.0)
    return picture


def face_crop(thumbnail: BinaryIO, box: tuple[float, float, float, float], side: int = 160) -> bytes:
    """A face cut out of a photo's thumbnail (the box as fractions of it), with half its size around it and made
    square, as a JPEG at most `side` px: what the People page shows of a person."""
    picture = PILImage.open(thumbnail).convert("RGB")
    x_min, y_min, x_max, y_max = box
    centre_x, centre_y = (x_min + x_max) / 2 * picture.width, (y_min + y_max) / 2 * picture.height
    half = max((x_max - x_min) * picture.width, (y_max - y_min) * picture.height) * 0.75
    square = (round(centre_x - half), round(centre_y - half), round(centre_x + half), round(centre_y + half))
    face = picture.crop(square)  # outside the picture, Pillow fills black
    face.thumbnail((side, side))
    out = io.BytesIO()
    face.save(out, "JPEG", quality=85)
    return out.getvalue()


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


def _facts(picture: PILImage.Image) -> PhotoFacts:
    try:
        exif = picture.getexif()
        details, gps = exif.get_ifd(IFD.Exif), exif.get_ifd(IFD.GPSInfo)
    except (ValueError, TypeError, SyntaxError, OSError):
        return PhotoFacts()
    make, model = (_exif_text(exif.get(tag, "")) for tag in (_EXIF_MAKE, _EXIF_MODEL))
    # Many cameras repeat their maker in the model ("Canon" and "Canon EOS R5", "NIKON CORPORATION" and
    # "NIKON D750"): the model alone then says it.
    repeated = make and model.upper().startswith(make.split()[0].upper())
    camera = model if repeated else f"{make} {model}".strip()
    return PhotoFacts(
        _taken_at(details.get(_EXIF_TAKEN), details.get(_EXIF_TAKEN_OFFSET)),
        camera[:128],
        _degrees(gps.get(2), gps.get(1), "S", 90),
        _degrees(gps.get(4), gps.get(3), "W", 180),
    )


def _exif_text(value) -> str:
    """An EXIF string as the database and a page can take it: without NUL and other control characters, or
    anything UTF-8 cannot encode (a lone surrogate), which PostgreSQL refuses."""
    return "".join(ch for ch in str(value) if ch.isprintable()).strip()


def _taken_at(value, offset) -> datetime | None:
    try:
        taken = datetime.strptime(str(value).strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    zone = UTC
    with contextlib.suppress(ValueError, TypeError, IndexError):
        sign, hours, minutes = str(offset)[0], int(str(offset)[1:3]), int(str(offset)[4:6])
        zone = timezone((-1 if sign == "-" else 1) * timedelta(hours=hours, minutes=minutes))
    return taken.replace(tzinfo=zone)


def _degrees(parts, reference, negative: str, limit: float) -> float | None:
    """A GPS coordinate from EXIF's (degrees, minutes, seconds) and its N/S or E/W reference; None where it
    is unreadable or out of range (a camera without a fix writes 0/0)."""
    try:
        degrees = float(parts[0]) + float(parts[1]) / 60 + float(parts[2]) / 3600
    except (TypeError, ValueError, IndexError, ZeroDivisionError):
        return None
    if not 0 <= degrees <= limit:  # NaN included
        return None
    return round(-degrees if str(reference).strip("\x00 ").upper() == negative else degrees, 6)


def sha256_of(stream: BinaryIO) -> str:
    stream.seek(0)
    digest = hashlib.sha256()
    for block in iter(lambda: stream.read(1 << 20), b""):
        digest.update(block)
    return digest.hexdigest()


def encode_jpeg(picture: PILImage.Image, quality: int = 90) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=quality)
    return buffer.getvalue()
