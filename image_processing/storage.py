"""Where photo files live: Django's default storage (local disk, or S3 when configured).

Names are generated from the image id; a user's file name never becomes part of a path.
"""

import uuid
from typing import BinaryIO

from django.core.files.base import ContentFile, File
from django.core.files.storage import default_storage

from core.errors import NotFound


def original_name(image_id: uuid.UUID, extension: str) -> str:
    return f"originals/{image_id.hex[:2]}/{image_id.hex}.{extension}"


def thumbnail_name(image_id: uuid.UUID) -> str:
    return f"thumbnails/{image_id.hex[:2]}/{image_id.hex}.jpg"


def save_stream(name: str, stream: BinaryIO) -> str:
    stream.seek(0)
    return default_storage.save(name, File(stream, name=name))


def save_bytes(name: str, content: bytes) -> str:
    return default_storage.save(name, ContentFile(content, name=name))


def open_file(name: str) -> BinaryIO:
    return default_storage.open(name, "rb")


def open_stored(name: str) -> BinaryIO:
    """A stored file of a photo, for the API; a 404 that says so where storage lost it."""
    try:
        return open_file(name)
    except FileNotFoundError:  # its message would show the storage's paths
        raise NotFound("The photo's file is missing from storage.", code="file_missing") from None


def delete_files(*names: str) -> None:
    for name in names:
        if name:
            default_storage.delete(name)


def exists(name: str) -> bool:
    return default_storage.exists(name)
