"""The registry of task types, and what a type does with a task's options: which are allowed, and what the
task then does to each photo. Adding a type is adding one entry to TASK_TYPES."""

from dataclasses import dataclass

from core.errors import InvalidInput
from image_processing.detection import DEFAULT_MIN_CONFIDENCE, ModelSpec
from image_processing.services.examination import Examination, ModelRun


@dataclass(frozen=True)
class TaskType:
    name: str
    title: str
    description: str
    # What it looks for, of the classes the task's model has (empty: every class of the model); options.classes
    # may narrow it.
    classes: tuple[str, ...]
    detects: bool = True  # finds objects with a detection model
    tags: bool = False  # tags the photo with the tagger's fine-grained classes
    reads: bool = False  # reads the text in the photo
    faces: bool = False  # finds the faces in the photo and sorts them into people
    thorough_tiles: int | None = None  # filled in by the service: what options.mode=thorough costs


TASK_TYPES: dict[str, TaskType] = {
    t.name: t
    for t in (
        TaskType("detect", "Find objects", "Find any of the classes the model knows.", ()),
        TaskType("detect-people", "Find people", "Find people.", ("person",)),
        TaskType(
            "detect-animals",
            "Find animals",
            "Find animals: birds, cats, dogs, horses, sheep, cows, elephants, bears, zebras, giraffes.",
            ("bird", "cat", "dog", "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe"),
        ),
        TaskType(
            "detect-vehicles",
            "Find vehicles",
            "Find vehicles: bicycles, cars, motorcycles, airplanes, buses, trains, trucks, boats.",
            ("bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat"),
        ),
        TaskType(
            "tag",
            "Tag photos",
            "Name what each photo shows among 1,000 fine-grained classes (tabby, espresso, golden retriever).",
            (),
            detects=False,
            tags=True,
        ),
        TaskType(
            "read",
            "Read text",
            "Read the text in each photo (signs, receipts, screenshots, pages), to find photos by their words.",
            (),
            detects=False,
            reads=True,
        ),
        TaskType(
            "faces",
            "Find people's faces",
            "Find the faces in each photo and sort them into people, to name them once and find them by name.",
            (),
            detects=False,
            faces=True,
        ),
        TaskType(
            "analyze",
            "Find everything",
            "Find objects and faces, tag each photo and read its text, from one reading of it.",
            (),
            tags=True,
            reads=True,
            faces=True,
        ),
    )
}


def examination_for(task_type: TaskType, options: dict, run: ModelRun) -> Examination:
    """What a task of this type, with these (checked) options, does to each photo."""
    if not task_type.detects:
        return Examination(None, tags=task_type.tags, reads=task_type.reads, faces=task_type.faces)
    labels = options.get("classes") or classes_looked_for(task_type, run.spec)
    min_confidence = options.get("min_confidence", DEFAULT_MIN_CONFIDENCE)
    thorough = options.get("mode") == "thorough"
    return Examination(
        run, frozenset(labels), min_confidence, task_type.tags, thorough, task_type.reads, task_type.faces
    )


def classes_looked_for(task_type: TaskType, model: ModelSpec) -> tuple[str, ...]:
    """What a task of this type looks for when this model runs it: the type's classes that the model has."""
    if not task_type.detects:
        return ()
    return tuple(label for label in task_type.classes if label in model.labels) if task_type.classes else model.labels


def checked_options(task_type: TaskType, options: dict, run: ModelRun) -> dict:
    """Options with defaults filled in; the model must find something this task type looks for, and classes
    must be ones it looks for with that model. A type that only tags or reads takes no detection options."""
    if not task_type.detects:
        given = sorted(set(options) & {"classes", "model", "precision", "min_confidence", "mode"})
        if given:
            raise InvalidInput(
                f"'{task_type.name}' finds no objects: it takes no {', '.join(given)}.", code="invalid_options"
            )
        return {}
    looked_for = classes_looked_for(task_type, run.spec)
    if not looked_for:
        raise InvalidInput(
            f"The model '{run.spec.name}' finds none of what '{task_type.name}' looks for "
            f"({', '.join(task_type.classes)}).",
            code="model_lacks_classes",
            details={"model": run.spec.name, "classes": list(run.spec.labels)},
        )
    checked = {
        "min_confidence": options.get("min_confidence", DEFAULT_MIN_CONFIDENCE),
        "precision": run.precision,
        "model": run.spec.name,
        "mode": options.get("mode", "fast"),
    }
    classes = options.get("classes")
    if classes:
        unknown = sorted(set(classes) - set(looked_for))
        if unknown:
            raise InvalidInput(
                f"'{task_type.name}' with the model '{run.spec.name}' does not look for: {', '.join(unknown)}.",
                code="unknown_classes",
                details={"unknown": unknown, "known": list(looked_for)},
            )
        checked["classes"] = sorted(set(classes))
    return checked
