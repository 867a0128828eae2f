"""Exports of photos' detections in the formats other tools read, streamed as a zip.

The zip is written as it is sent: each entry goes out in pieces, and photos and their detections are read
a page at a time, so an export of any size takes little memory. Formats:
- coco: `instances.json`, COCO's detection format (boxes in pixels of the displayed photo, with `score`); each
  image entry also lists the text read in it (`text`: lines with `bbox` and `confidence`), which COCO allows;
  faces are annotations of a `face` category (its id after the model's), each with its `person`'s name or null;
- yolo: `labels/<photo>.txt` (class, centre and size as fractions) and `data.yaml` with the class names;
- csv: `detections.csv`, one row per detection, `text.csv`, one row per line of text read, and `faces.csv`, one
  row per face with its person's name.
With photos, the original files go under `images/`, named as the labels are (and `images/MISSING.txt` lists
any photo whose file storage has lost).
"""

import csv
import io
import json
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from functools import partial
from pathlib import PurePath

from django.db.models import QuerySet

from . import storage
from .models import Detection, Face, Image, TextLine

FORMATS = ("coco", "yolo", "csv")
PAGE = 500  # photos read at once


def export_zip(
    images: QuerySet[Image], detections: QuerySet[Detection], classes: Sequence[str], fmt: str, with_photos: bool
) -> Iterator[bytes]:
    """The zip's bytes, piece by piece. `detections` are those to export, of any of `images`, made by the model
    whose class names by class id are `classes` ("" for an id it does not use): COCO's categories keep those
    ids, YOLO numbers the names from 0 in the same order."""
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        writers = {"coco": _coco, "yolo": _yolo, "csv": _csv}
        for name, pieces in writers[fmt](images, detections, classes):
            yield from _entry(archive, sink, name, pieces)
        if with_photos:
            missing = []
            for image in _pages(images):
                try:
                    stream = storage.open_file(image.file_name)
                except FileNotFoundError:
                    missing.append(f"{image.filename} ({image.id})")
                    continue
                with stream:
                    chunks = iter(partial(stream.read, 1 << 20), b"")
                    name = f"images/{_stem(image)}{PurePath(image.file_name).suffix}"
                    yield from _entry(archive, sink, name, chunks, compression=zipfile.ZIP_STORED)  # compressed already
            if missing:
                note = "The files of these photos are missing from storage:\n" + "\n".join(missing) + "\n"
                yield from _entry(archive, sink, "images/MISSING.txt", [note.encode()])
    yield sink.take()


def _coco(images: QuerySet[Image], detections: QuerySet[Detection], classes: Sequence[str]):
    def text_of(image: Image, lines: list[TextLine]) -> list[dict]:
        return [{"text": line.text, "confidence": line.confidence, "bbox": _pixels(line, image)} for line in lines]

    category_ids: dict[str, int] = {}
    for class_id, label in enumerate(classes):
        if label:
            category_ids.setdefault(label, class_id)

    def pieces() -> Iterator[bytes]:
        numbers: dict = {}
        yield b'{"info": {"description": "Spotter export"}, "images": ['
        for page in _page_lists(images):
            text = _text_of(page)
            for image in page:
                n = numbers[image.id] = len(numbers) + 1
                entry = {"id": n, "file_name": _stem(image) + PurePath(image.file_name).suffix, "width": image.width,
                         "height": image.height, "spotter_id": str(image.id),
                         "text": text_of(image, text[image.id])}  # fmt: skip
                yield (b", " if n > 1 else b"") + json.dumps(entry).encode()
        face_category = len(classes)
        categories = [{"id": class_id, "name": label} for label, class_id in category_ids.items()]
        categories.append({"id": face_category, "name": "face"})
        yield b'], "categories": ' + json.dumps(categories).encode() + b', "annotations": ['
        n = 0
        for n, (detection, image) in enumerate(_with_images(images, detections), start=1):
            bbox = _pixels(detection, image)
            entry = {"id": n, "image_id": numbers.get(image.id), "category_id": category_ids[detection.label],
                     "bbox": bbox, "area": round(bbox[2] * bbox[3], 2), "iscrowd": 0,
                     "score": detection.confidence}  # fmt: skip
            yield (b", " if n > 1 else b"") + json.dumps(entry).encode()
        boxes = n
        for n, (face, image) in enumerate(_faces_with_images(images), start=boxes + 1):
            bbox = _pixels(face, image)
            entry = {"id": n, "image_id": numbers.get(image.id), "category_id": face_category, "bbox": bbox,
                     "area": round(bbox[2] * bbox[3], 2), "iscrowd": 0, "score": face.confidence,
                     "person": _person_of(face)}  # fmt: skip
            yield (b", " if n > 1 else b"") + json.dumps(entry).encode()
        yield b"]}"

    yield "instances.json", pieces()


def _yolo(images: QuerySet[Image], detections: QuerySet[Detection], classes: Sequence[str]):
    indices = {label: index for index, label in enumerate(dict.fromkeys(label for label in classes if label))}
    names = "".join(f"  {index}: {json.dumps(label)}\n" for label, index in indices.items())
    yield "data.yaml", iter([f"path: .\ntrain: images\nval: images\nnames:\n{names}".encode()])
    for page in _page_lists(images):
        rows: dict = {image.id: [] for image in page}
        for detection, image in _detections_of(page, detections):
            rows[image.id].append(
                f"{indices[detection.label]} {(detection.x_min + detection.x_max) / 2:.6f} "
                f"{(detection.y_min + detection.y_max) / 2:.6f} {detection.x_max - detection.x_min:.6f} "
                f"{detection.y_max - detection.y_min:.6f}\n"
            )
        for image in page:
            yield f"labels/{_stem(image)}.txt", iter(["".join(rows[image.id]).encode()])


def _csv(images: QuerySet[Image], detections: QuerySet[Detection], classes: Sequence[str]):
    def pieces() -> Iterator[bytes]:
        buffer = io.StringIO()
        table = csv.writer(buffer)
        table.writerow(["image_id", "filename", "taken_at", "label", "confidence", "x_min", "y_min", "x_max", "y_max"])
        for detection, image in _with_images(images, detections):
            table.writerow([image.id, _as_text(image.filename), image.taken_at.isoformat() if image.taken_at else "",
                            detection.label, detection.confidence, detection.x_min, detection.y_min,
                            detection.x_max, detection.y_max])  # fmt: skip
            if buffer.tell() > 1 << 16:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    yield "detections.csv", pieces()

    def text_pieces() -> Iterator[bytes]:
        buffer = io.StringIO()
        table = csv.writer(buffer)
        table.writerow(["image_id", "filename", "line", "text", "confidence", "x_min", "y_min", "x_max", "y_max"])
        for page in _page_lists(images):
            text = _text_of(page)
            for image in page:
                for line in text[image.id]:
                    table.writerow([image.id, _as_text(image.filename), line.position + 1, _as_text(line.text),
                                    line.confidence, line.x_min, line.y_min, line.x_max, line.y_max])  # fmt: skip
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()

    yield "text.csv", text_pieces()

    def face_pieces() -> Iterator[bytes]:
        buffer = io.StringIO()
        table = csv.writer(buffer)
        table.writerow(["image_id", "filename", "face", "person", "confidence", "x_min", "y_min", "x_max", "y_max"])
        for face, image in _faces_with_images(images):
            table.writerow([image.id, _as_text(image.filename), face.position + 1, _as_text(_person_of(face) or ""),
                            face.confidence, face.x_min, face.y_min, face.x_max, face.y_max])  # fmt: skip
            if buffer.tell() > 1 << 16:
                yield buffer.getvalue().encode()
                buffer.seek(0)
                buffer.truncate()
        yield buffer.getvalue().encode()

    yield "faces.csv", face_pieces()


def _as_text(value: str) -> str:
    """A cell a spreadsheet shows as text, never runs as a formula (a file named "=HYPERLINK(…).jpg")."""
    return f"'{value}" if value.startswith(("=", "+", "-", "@", "\t", "\r")) else value


def _pages(images: QuerySet[Image]) -> Iterator[Image]:
    return images.iterator(chunk_size=PAGE)


def _page_lists(images: QuerySet[Image]) -> Iterator[list[Image]]:
    page: list[Image] = []
    for image in _pages(images):
        page.append(image)
        if len(page) == PAGE:
            yield page
            page = []
    if page:
        yield page


def _with_images(images: QuerySet[Image], detections: QuerySet[Detection]) -> Iterator[tuple[Detection, Image]]:
    """Each exported detection with its photo, a page of photos at a time."""
    for page in _page_lists(images):
        yield from _detections_of(page, detections)


def _detections_of(page: list[Image], detections: QuerySet[Detection]) -> Iterable[tuple[Detection, Image]]:
    by_id = {image.id: image for image in page}
    found = detections.filter(image_id__in=list(by_id)).order_by("image_id", "-confidence")
    return [(detection, by_id[detection.image_id]) for detection in found]


def _faces_with_images(images: QuerySet[Image]) -> Iterator[tuple[Face, Image]]:
    """Each face in these photos with its photo (and its person), a page of photos at a time."""
    for page in _page_lists(images):
        by_id = {image.id: image for image in page}
        faces = Face.objects.filter(image_id__in=list(by_id)).select_related("person").order_by("image_id", "position")
        yield from ((face, by_id[face.image_id]) for face in faces)


def _person_of(face: Face) -> str | None:
    """The name of the face's person; None for a face of nobody or of someone not named."""
    return face.person.name if face.person is not None and face.person.name else None


def _text_of(page: list[Image]) -> dict:
    """The lines of text read in these photos, by photo, in reading order."""
    found: dict = {image.id: [] for image in page}
    for line in TextLine.objects.filter(image_id__in=list(found)).order_by("image_id", "model", "position"):
        found[line.image_id].append(line)
    return found


def _pixels(found: Detection | TextLine | Face, image: Image) -> list[float]:
    """A box as COCO writes it: x, y, width and height in pixels of the displayed photo."""
    x, y = found.x_min * image.width, found.y_min * image.height
    w, h = (found.x_max - found.x_min) * image.width, (found.y_max - found.y_min) * image.height
    return [round(x, 2), round(y, 2), round(w, 2), round(h, 2)]


def _stem(image: Image) -> str:
    """A name for the photo's files in the export: its own, made unique by the start of its id."""
    return f"{PurePath(image.filename).stem[:80]}-{image.id.hex[:8]}"


def _entry(
    archive: zipfile.ZipFile, sink: "_Sink", name: str, pieces: Iterable[bytes], compression=zipfile.ZIP_DEFLATED
):
    info = zipfile.ZipInfo(name, _DATE)
    info.compress_type = compression
    with archive.open(info, "w", force_zip64=True) as entry:
        for piece in pieces:
            entry.write(piece)
            yield sink.take()
    yield sink.take()


_DATE = (1980, 1, 1, 0, 0, 0)


class _Sink(io.RawIOBase):
    """Where the zip is written: it keeps what was written until it is taken and sent. Not seekable, so
    zipfile writes each entry's sizes after its data."""

    def __init__(self):
        self._pieces: list[bytes] = []

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._pieces.append(bytes(data))
        return len(data)

    def take(self) -> bytes:
        taken, self._pieces = b"".join(self._pieces), []
        return taken
