"""manage.py add_model PATH --name NAME [--title TITLE] [--labels FILE]: a detection model tasks can then run."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from core.errors import DomainError
from image_processing.model_registry import ModelRegistry


class Command(BaseCommand):
    help = (
        "Add a detection model: an ONNX export of YOLOv8 or YOLO11, YOLOv5, or a TensorFlow SSD. Its layout is "
        "recognised from its inputs and outputs; class names come from the file (Ultralytics exports) or --labels."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="the model file (.onnx)")
        parser.add_argument("--name", required=True, help="what tasks and searches call it (options.model)")
        parser.add_argument(
            "--title", help="what the web app calls it, e.g. 'Herons (YOLO11)' (default: the name, dashes as spaces)"
        )
        parser.add_argument("--labels", type=Path, help="class names, one per line, in class id order")
        parser.add_argument("--input-size", type=int, help="its square input size, where the file leaves it open")
        parser.add_argument("--default", action="store_true", help="make it the default model")

    def handle(
        self,
        path: Path,
        name: str,
        title: str | None,
        labels: Path | None,
        input_size: int | None,
        default: bool,
        **_,
    ):
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        if labels is not None and not labels.is_file():
            raise CommandError(f"There is no labels file {labels}.")
        try:
            with path.open("rb") as upload:
                registry = ModelRegistry()
                spec = registry.add(
                    upload, path.name, name, labels.read_text() if labels else None, input_size, default, title
                )
                added = registry.describe(spec.name)
        except DomainError as refused:
            raise CommandError(refused.message) from refused
        self.stdout.write(
            f"Added {spec.name} ({added.title}): {spec.layout}, {len(spec.labels)} classes, "
            f"input {spec.input_width}x{spec.input_height}, "
            f"sha256 {spec.sha256}{' (the default model)' if default else ''}. Tasks choose it with options.model."
        )
