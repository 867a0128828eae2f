"""The detection models tasks can run: the shipped one and those an operator adds (`manage.py add_model`, or
POST /api/models/ as a staff user). Adding reads the file with OpenVINO, recognises its layout
(detection/layouts.py), checks its class names and stores it under its sha256. Each model has a name, which
tasks and the API use (`options.model`), and a title, which people see."""

import hashlib
import re
import shutil
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import BinaryIO

from django.conf import settings
from django.db import IntegrityError, transaction

from core.errors import InvalidInput

from . import storage
from .detection import (
    PRECISIONS,
    SHIPPED_MODEL,
    LayoutRefused,
    ModelSpec,
    ModelUnreadable,
    describe_model_file,
    recognise,
)
from .model_repository import ModelRepository

NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,47}$")
TITLE_MAX_LENGTH = 80
SHIPPED_TITLE = "SSD MobileNet v2 (COCO)"


@dataclass(frozen=True)
class RegisteredModel:
    spec: ModelSpec
    title: str  # what people see; tasks and the API name it by spec.name
    is_default: bool
    size_bytes: int | None
    created_at: datetime | None  # None: shipped with Spotter


class ModelRegistry:
    def __init__(self, repository: ModelRepository | None = None):
        self.models = repository or ModelRepository()

    def all(self) -> list[RegisteredModel]:
        added = self.models.all()
        shipped_is_default = not any(row.is_default for row in added)
        return [RegisteredModel(SHIPPED_MODEL, SHIPPED_TITLE, shipped_is_default, None, None)] + [
            RegisteredModel(_spec(row), row.title, row.is_default, row.size_bytes, row.created_at) for row in added
        ]

    def describe(self, name: str) -> RegisteredModel:
        """The model of this name as GET /api/models/ lists it (unknown: a 400)."""
        spec = self.get(name)
        return next(model for model in self.all() if model.spec.name == spec.name)

    def get(self, name: str | None) -> ModelSpec:
        """The model of this name (None: the default), or a 400 that lists the known names."""
        if name is None:
            row = self.models.default()
            return SHIPPED_MODEL if row is None else _spec(row)
        if name == SHIPPED_MODEL.name:
            return SHIPPED_MODEL
        row = self.models.get(name)
        if row is None:
            known = [model.spec.name for model in self.all()]
            raise InvalidInput(f"There is no model '{name}'. Known: {', '.join(known)}.", code="unknown_model",
                               details={"known": known})  # fmt: skip
        return _spec(row)

    def result_names(self, name: str | None) -> list[str]:
        """What the detections of this model (None: the default; unknown: a 400) may be kept under: exact, or
        reduced."""
        return result_names(self.get(name))

    def make_default(self, name: str) -> ModelSpec:
        spec = self.get(name)
        self.models.make_default(None if spec is SHIPPED_MODEL else spec.name)
        return spec

    def add(
        self,
        upload: BinaryIO,
        filename: str,
        name: str,
        labels: str | None = None,
        input_size: int | None = None,
        make_default: bool = False,
        title: str | None = None,
    ) -> ModelSpec:
        """Check a model file and keep it; anything Spotter cannot run is refused with what is wrong
        (InvalidInput, code `model_refused`), and leaves nothing behind: neither the file nor its conversion.
        Without a title, it is titled after its name."""
        if not NAME_PATTERN.match(name):
            _refuse(
                "A model's name is 1 to 48 letters, digits, dots, dashes or underscores, starting with a letter "
                "or digit."
            )
        title = " ".join((title or "").split()) or title_for(name)
        if len(title) > TITLE_MAX_LENGTH:
            _refuse(f"A model's title is at most {TITLE_MAX_LENGTH} characters.")
        if not title.isprintable():
            _refuse("The title holds a character that is not printable (a control character).")
        if name == SHIPPED_MODEL.name or self.models.get(name) is not None:
            _refuse(f"There is already a model named '{name}'.")
        suffix = Path(filename).suffix.lower()
        if suffix not in (".onnx", ".pb"):
            _refuse(f"'{filename}' is not an ONNX file (.onnx).")
        with tempfile.TemporaryDirectory() as folder:
            local = Path(folder) / f"model{suffix}"
            size, sha256 = _copy_limited(upload, local, settings.SPOTTER_MAX_MODEL_BYTES)
            try:
                recognised, classes = _read(local, sha256, labels, input_size)
            except InvalidInput:
                self._forget_conversion(sha256)
                raise
            stored_name = f"models/{sha256}{suffix}"
            if not storage.exists(stored_name):
                with local.open("rb") as stream:
                    stored_name = storage.save_stream(stored_name, stream)
        try:
            with transaction.atomic():
                self.models.add(
                    name=name,
                    title=title,
                    layout=recognised.layout,
                    classes=classes,
                    input_width=recognised.input_width,
                    input_height=recognised.input_height,
                    sha256=sha256,
                    file_name=stored_name,
                    size_bytes=size,
                )
        except IntegrityError:  # added meanwhile under the same name
            _refuse(f"There is already a model named '{name}'.")
        if make_default:
            self.models.make_default(name)
        return self.get(name)

    def _forget_conversion(self, sha256: str) -> None:
        """Remove what reading a refused file left in the model cache, unless a kept model has that content."""
        if sha256 != SHIPPED_MODEL.sha256 and not self.models.has_content(sha256):
            shutil.rmtree(Path(settings.SPOTTER_MODEL_CACHE) / sha256, ignore_errors=True)


def title_for(name: str) -> str:
    """A model's title where none is given: its name, dashes and underscores as spaces ("my-cats" → "my cats"),
    so that a long name wraps between words."""
    return re.sub(r"[_-]+", " ", name).strip() or name


def result_names(spec: ModelSpec) -> list[str]:
    return [spec.result_name(precision) for precision in PRECISIONS]


def _read(local: Path, sha256: str, labels: str | None, input_size: int | None):
    """The file's layout and its class names by class id, or a refusal that says what is wrong."""
    try:
        inputs, outputs, names_in_file = describe_model_file(
            local, sha256, Path(settings.SPOTTER_MODEL_CACHE), settings.SPOTTER_MODEL_CHECK_SECONDS
        )
    except ModelUnreadable as why:
        _refuse(f"It is not a model OpenVINO can read (an ONNX graph): {why}")
    try:
        recognised = recognise(inputs, outputs, input_size)
    except LayoutRefused as refused:
        _refuse(str(refused))
    first_id = 1 if recognised.layout == "ssd" else 0  # SSD class ids start at 1 (0 is the background)
    if labels is not None:
        names = [line.strip() for line in labels.splitlines()]
        while names and not names[-1]:
            names.pop()
    elif names_in_file:
        names = [names_in_file.get(class_id, "") for class_id in range(first_id, max(names_in_file) + 1)]
    else:
        _refuse("It names no classes: give a labels file, one class name per line (in class id order).")
    count = recognised.class_count
    if count is not None and len(names) != count:
        _refuse(f"The class names are {len(names)}, but the model has {count} classes: give one name per class.")
    if not any(names):
        _refuse("The labels file names no class.")
    if any(len(name) > 32 for name in names):
        _refuse("A class name is at most 32 characters.")
    if not all(name.isprintable() for name in names):  # a NUL, say, which the database refuses to store
        _refuse("A class name holds a character that is not printable (a control character).")
    return recognised, [""] * first_id + names


def _copy_limited(upload: BinaryIO, target: Path, limit: int) -> tuple[int, str]:
    """Copy the upload to `target` and hash it on the way; (its size, its sha256). A file over the limit is
    refused before anything is copied."""
    size = upload.seek(0, 2)
    if size > limit:
        _refuse(f"The file is {size / 2**20:.0f} MiB; models of at most {limit / 2**20:.0f} MiB are accepted.")
    if size == 0:
        _refuse("The file is empty.")
    upload.seek(0)
    digest = hashlib.sha256()
    with target.open("wb") as copy:
        while piece := upload.read(1 << 20):
            digest.update(piece)
            copy.write(piece)
    return size, digest.hexdigest()


def _spec(row) -> ModelSpec:
    return ModelSpec(
        row.name, row.sha256, row.layout, tuple(row.classes), row.input_width, row.input_height, row.file_name
    )


def _refuse(message: str):
    raise InvalidInput(f"The model is refused. {message}", code="model_refused")
