"""The registry of task types. Adding a type is adding one entry to TASK_TYPES."""

from dataclasses import dataclass


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
            "analyze",
            "Find objects and tag",
            "Find objects and tag each photo, from one reading of it.",
            (),
            tags=True,
        ),
    )
}
