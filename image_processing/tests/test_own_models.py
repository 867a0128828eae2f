"""Bringing your own detector: ONNX models of each layout, built here with fixed outputs, added with
`manage.py add_model` or the staff endpoint, recognised, decoded onto the displayed photo and kept per model."""

import fcntl
import hashlib
import io
import json
import os
import subprocess
import sys
import threading
import uuid
import zipfile
from pathlib import Path

import numpy as np
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from PIL import Image as PILImage

from image_processing.detection import Box, Found, get_detector
from image_processing.detection.coco import COCO_LABELS_BY_ID
from image_processing.detection.model_files import shipped_model_files
from image_processing.model_registry import ModelRegistry
from image_processing.services.examination import Examination, ExaminationService
from tests.support import CHELSEA, GRACE_HOPPER, PROJECT_ROOT, jpeg_bytes, store_detections, upload, upload_paths

from .onnx_models import ssd_model, unknown_layout_model, yolov5_model, yolov8_model

# A displayed photo of 320x240 goes into a 640x640 input scaled by 2, 80 px of grey above and below. The box
# centred at (320, 240) of 320x160 input pixels is the photo's x 0.25..0.75, y 1/6..1/2.
IN_THE_MIDDLE = (320.0, 240.0, 320.0, 160.0)
IN_THE_MIDDLE_AS_FRACTIONS = (0.25, 1 / 6, 0.75, 0.5)


def _add(path: Path, name: str, *options: str) -> str:
    out = io.StringIO()
    call_command("add_model", str(path), "--name", name, *options, stdout=out)
    return out.getvalue()


def _sideways_photo() -> bytes:
    """240x320 pixels stored, with an EXIF tag that turns it to 320x240 on display."""
    exif = PILImage.Exif()
    exif[0x0112] = 6  # rotate 90° clockwise to display
    return jpeg_bytes(PILImage.new("RGB", (240, 320), "white"), exif=exif.tobytes())


def _detect(api, image_id: str, model: str) -> list[Found]:
    service = ExaminationService()
    run = service.model_run(model, "exact")
    exam = Examination(run, frozenset(run.spec.labels), 0.5)
    photo = service.photos_to_detect([uuid.UUID(image_id)], exam)[uuid.UUID(image_id)]
    return [found for found in service.detect(photo, exam).found if found.confidence >= exam.min_confidence]


def _corners(found: Found) -> tuple[float, ...]:
    return (found.box.x_min, found.box.y_min, found.box.x_max, found.box.y_max)


def test_a_yolov8_export_is_recognised_named_from_its_metadata_and_decoded_onto_the_displayed_photo(
    api, media_root, tmp_path
):
    scores = np.zeros((4, 3), np.float32)
    scores[0, 1] = 0.9  # the dog in the middle
    scores[1, 1] = 0.8  # a second, shifted box of the same dog: suppressed (IoU 0.6 with the first)
    scores[2, 0] = 0.85  # a cat box almost on the dog's: suppressed across classes (IoU 0.8)
    scores[3, 2] = 0.3  # a bird, below the minimum confidence
    boxes = [IN_THE_MIDDLE, (360.0, 240.0, 320.0, 160.0), (325.0, 240.0, 290.0, 150.0), (100.0, 100.0, 20.0, 20.0)]
    model = yolov8_model(tmp_path / "yolo.onnx", boxes, scores, ["cat", "dog", "bird"])
    said = _add(model, "my-yolo")
    assert "yolov8, 3 classes, input 640x640" in said
    (photo,) = upload(api, ("sideways.jpg", _sideways_photo())).json()["images"]
    assert (photo["width"], photo["height"]) == (320, 240)
    (found,) = _detect(api, photo["id"], "my-yolo")
    assert (found.label, found.confidence) == ("dog", 0.9)
    assert _corners(found) == pytest.approx(IN_THE_MIDDLE_AS_FRACTIONS, abs=1e-4)


def test_a_yolov5_export_multiplies_objectness_and_takes_names_from_a_labels_file(api, media_root, tmp_path):
    scores = np.array([[0.1, 0.95], [0.9, 0.1]], np.float32)
    model = yolov5_model(tmp_path / "v5.onnx", [IN_THE_MIDDLE, (100.0, 100.0, 40.0, 40.0)], [0.9, 0.4], scores)
    labels = tmp_path / "labels.txt"
    labels.write_text("kite\nballoon\n")
    assert "yolov5, 2 classes" in _add(model, "v5", "--labels", str(labels))
    (photo,) = upload(api, ("sideways.jpg", _sideways_photo())).json()["images"]
    (found,) = _detect(api, photo["id"], "v5")  # the kite scores 0.4 x 0.9: under 0.5
    assert (found.label, found.confidence) == ("balloon", pytest.approx(0.855, abs=1e-4))
    assert _corners(found) == pytest.approx(IN_THE_MIDDLE_AS_FRACTIONS, abs=1e-4)


def test_an_ssd_export_reads_its_four_outputs_with_class_ids_from_one(api, media_root, tmp_path):
    model = ssd_model(tmp_path / "ssd.onnx", [(0.1, 0.2, 0.5, 0.6), (0.0, 0.0, 0.1, 0.1)], [0.7, 0.2], [2, 1])
    labels = tmp_path / "labels.txt"
    labels.write_text("heron\negret\n")
    assert "ssd, 2 classes, input 300x300" in _add(model, "birds", "--labels", str(labels))
    (photo,) = upload(api, ("sideways.jpg", _sideways_photo())).json()["images"]
    (found,) = _detect(api, photo["id"], "birds")
    assert (found.label, found.confidence) == ("egret", 0.7)
    assert _corners(found) == pytest.approx((0.2, 0.1, 0.6, 0.5), abs=1e-6)


def test_the_shipped_model_added_through_the_same_path_finds_the_same_boxes(api, media_root, tmp_path):
    labels = tmp_path / "coco.txt"
    labels.write_text("\n".join(COCO_LABELS_BY_ID.get(class_id, "") for class_id in range(1, 91)))
    graph = shipped_model_files()[0]
    said = _add(graph, "ssd-again", "--labels", str(labels), "--input-size", "300")
    assert "ssd, 80 classes, input 300x300" in said
    (grace,) = upload_paths(api, GRACE_HOPPER)
    again, shipped = _detect(api, grace["id"], "ssd-again"), _detect(api, grace["id"], None)
    assert [(f.label, f.confidence, f.box) for f in again] == [(f.label, f.confidence, f.box) for f in shipped]
    assert again[0].label == "person"


def _three_class_yolov5(path: Path) -> Path:
    return yolov5_model(path, [IN_THE_MIDDLE], [0.9], np.ones((1, 3), np.float32))


@pytest.mark.parametrize(
    ("build", "labels", "message"),
    [
        (lambda path: path.write_bytes(b"these are not the weights you are looking for"), None, "not a model OpenVINO"),
        (unknown_layout_model, None, "not a layout Spotter reads"),
        (_three_class_yolov5, "a\nb\n", "The class names are 2, but the model has 3 classes"),
        (_three_class_yolov5, None, "names no classes"),
    ],
    ids=["not-onnx", "unknown-layout", "too-few-names", "no-names"],
)
def test_a_file_spotter_cannot_run_is_refused_with_what_is_wrong(media_root, tmp_path, db, build, labels, message):
    model = tmp_path / "model.onnx"
    build(model)
    options = []
    if labels is not None:
        (tmp_path / "labels.txt").write_text(labels)
        options = ["--labels", str(tmp_path / "labels.txt")]
    with pytest.raises(CommandError, match=message):
        _add(model, "refused", *options)
    assert [model.spec.name for model in ModelRegistry().all()] == ["ssd_mobilenet_v2_coco_2018_03_29"]
    _assert_nothing_kept_of(model)


def _assert_nothing_kept_of(model: Path) -> None:
    """Neither the file nor anything converted from it stays."""
    sha256 = hashlib.sha256(model.read_bytes()).hexdigest()
    assert not (Path(settings.SPOTTER_MODEL_CACHE) / sha256).exists()
    assert not list(Path(settings.MEDIA_ROOT).glob(f"models/{sha256}*"))


def test_a_class_name_with_a_character_the_database_refuses_is_refused(media_root, tmp_path, db):
    model = _three_class_yolov5(tmp_path / "model.onnx")
    (tmp_path / "labels.txt").write_text("cat\nd\x00og\nbird\n")
    with pytest.raises(CommandError, match="not printable"):
        _add(model, "nul", "--labels", str(tmp_path / "labels.txt"))
    assert [model.spec.name for model in ModelRegistry().all()] == ["ssd_mobilenet_v2_coco_2018_03_29"]
    _assert_nothing_kept_of(model)


def test_a_model_that_cannot_be_read_in_the_time_given_is_refused_then(media_root, tmp_path, db, settings):
    """Another process holding the model cache for as long as it likes (a conversion that never ends) must
    not hold an add with it: the add is refused once its time is up, and leaves nothing."""
    model = _three_class_yolov5(tmp_path / "model.onnx")
    settings.SPOTTER_MODEL_CHECK_SECONDS = 2
    cache = Path(settings.SPOTTER_MODEL_CACHE)
    cache.mkdir(parents=True, exist_ok=True)
    outcome: list[BaseException | None] = []

    def add() -> None:
        try:
            _add(model, "slow", "--labels", str(labels))
            outcome.append(None)
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            outcome.append(error)

    labels = tmp_path / "labels.txt"
    labels.write_text("a\nb\nc\n")
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        adding = threading.Thread(target=add, daemon=True)
        adding.start()
        adding.join(60)
        assert not adding.is_alive(), "the add waited on the model cache for a minute"
    assert isinstance(outcome[0], CommandError) and "took longer than 2 s" in str(outcome[0])
    assert [model.spec.name for model in ModelRegistry().all()] == ["ssd_mobilenet_v2_coco_2018_03_29"]
    _assert_nothing_kept_of(model)


def test_reading_a_model_sends_no_telemetry(tmp_path):
    """OpenVINO's converter reports usage over the network unless its telemetry package is kept out; it keeps
    its state in the home folder, so a fresh home shows whether it ran."""
    model = _three_class_yolov5(tmp_path / "model.onnx")
    home = tmp_path / "home"
    home.mkdir()
    script = (
        "import sys; from pathlib import Path; from image_processing.detection import describe_model_file; "
        "describe_model_file(Path(sys.argv[1]), 'f' * 64, Path(sys.argv[2]), 60); "
        "print(sys.modules.get('openvino_telemetry'))"
    )
    ran = subprocess.run(
        [sys.executable, "-c", script, str(model), str(tmp_path / "cache")],
        cwd=PROJECT_ROOT, env=os.environ | {"HOME": str(home)}, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.strip() == "None"  # the package was never loaded
    assert list(home.iterdir()) == []


def test_an_empty_file_or_one_over_the_size_limit_is_refused_before_it_is_read(media_root, tmp_path, db, settings):
    model = _three_class_yolov5(tmp_path / "model.onnx")
    settings.SPOTTER_MAX_MODEL_BYTES = model.stat().st_size - 1
    with pytest.raises(CommandError, match="models of at most 0 MiB are accepted"):
        _add(model, "too-big")
    empty = tmp_path / "empty.onnx"
    empty.write_bytes(b"")
    with pytest.raises(CommandError, match="The file is empty"):
        _add(empty, "empty")
    assert [model.spec.name for model in ModelRegistry().all()] == ["ssd_mobilenet_v2_coco_2018_03_29"]


def test_only_staff_users_may_add_a_model_through_the_api(api, media_root, tmp_path):
    model = yolov8_model(tmp_path / "yolo.onnx", [IN_THE_MIDDLE], np.array([[0.9]], np.float32), ["heron"])
    with model.open("rb") as upload_file:
        refused = api.post("/api/models/", {"file": upload_file, "name": "herons"}, format="multipart")
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "staff_only"
    get_user_model().objects.filter(username=api.username).update(is_staff=True)
    with model.open("rb") as upload_file:
        added = api.post("/api/models/", {"file": upload_file, "name": "herons", "default": True}, format="multipart")
    assert added.status_code == 201, added.content
    assert added.json() | {"created_at": None} == {
        "name": "herons", "title": "herons", "layout": "yolov8", "classes": ["heron"], "input_width": 640,
        "input_height": 640, "sha256": added.json()["sha256"], "is_default": True,
        "size_bytes": model.stat().st_size, "created_at": None,
    }  # fmt: skip
    listed = api.get("/api/models/").json()["models"]
    assert [(m["name"], m["is_default"]) for m in listed] == [
        ("ssd_mobilenet_v2_coco_2018_03_29", False),
        ("herons", True),
    ]
    with model.open("rb") as upload_file:
        again = api.post("/api/models/", {"file": upload_file, "name": "herons"}, format="multipart")
    assert again.status_code == 400 and "already a model named 'herons'" in again.json()["error"]["message"]


def test_a_task_naming_an_unknown_model_or_classes_its_model_lacks_is_refused(api, media_root, tmp_path):
    (cat,) = upload_paths(api, CHELSEA)
    naming = {"image_ids": [cat["id"]], "options": {"model": "yolo9000"}}
    unknown = api.post("/api/tasks/detect/", naming, format="json")
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "unknown_model"
    assert unknown.json()["error"]["details"]["known"] == ["ssd_mobilenet_v2_coco_2018_03_29"]
    _add(yolov8_model(tmp_path / "y.onnx", [IN_THE_MIDDLE], np.array([[0.9]], np.float32), ["heron"]), "herons")
    lacking = api.post(
        "/api/tasks/detect-people/", {"image_ids": [cat["id"]], "options": {"model": "herons"}}, format="json"
    )
    assert lacking.status_code == 400 and lacking.json()["error"]["code"] == "model_lacks_classes"
    assert "'herons' finds none of what 'detect-people' looks for (person)" in lacking.json()["error"]["message"]
    accepted = api.post("/api/tasks/detect/", {"image_ids": [cat["id"]], "options": {"model": "herons"}}, format="json")
    assert accepted.status_code == 202 and accepted.json()["options"]["model"] == "herons"


def test_each_model_keeps_its_own_detections_and_searches_choose_the_model(api, media_root, tmp_path):
    _add(yolov8_model(tmp_path / "y.onnx", [IN_THE_MIDDLE], np.array([[0.9]], np.float32), ["heron"]), "herons")
    (cat,) = upload_paths(api, CHELSEA)
    whole = Box(0.1, 0.1, 0.9, 0.9)
    store_detections(cat["id"], ["cat"], [Found("cat", 0.9, whole)])
    store_detections(cat["id"], ["heron"], [Found("heron", 0.8, whole)], model="herons")
    store_detections(cat["id"], ["heron"], [Found("heron", 0.7, whole)], model="herons")  # replaces, never adds
    detail = api.get(f"/api/images/{cat['id']}/").json()
    assert sorted((d["model"], d["label"], d["confidence"]) for d in detail["detections"]) == [
        ("herons", "heron", 0.7),
        ("ssd_mobilenet_v2_coco_2018_03_29", "cat", 0.9),
    ]
    assert detail["examined_by"] == ["herons", "ssd_mobilenet_v2_coco_2018_03_29"]
    assert detail["labels"] == {"cat": 1}  # the default model's
    assert api.get("/api/images/?label=heron").json()["count"] == 0
    assert api.get("/api/images/?label=heron&model=herons").json()["results"][0]["labels"] == {"heron": 1}
    assert api.get("/api/labels/?model=herons").json()["labels"] == [{"label": "heron", "count": 1}]
    call_command("default_model", "herons", stdout=io.StringIO())
    assert api.get("/api/labels/").json()["labels"] == [{"label": "heron", "count": 1}]
    refused = api.get("/api/labels/?model=nope")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "unknown_model"


def test_a_worker_process_keeps_at_most_the_configured_number_of_models(settings, media_root, tmp_path, db):
    settings.SPOTTER_MODELS_IN_MEMORY = 1
    _add(yolov8_model(tmp_path / "y.onnx", [IN_THE_MIDDLE], np.array([[0.9]], np.float32), ["heron"]), "herons")
    registry = ModelRegistry()
    herons = get_detector(registry.get("herons"))
    assert get_detector(registry.get("herons")) is herons  # kept
    get_detector(registry.get(None))  # the shipped model takes the only place
    assert get_detector(registry.get("herons")) is not herons  # loaded again


def test_an_added_model_s_detections_export_with_its_own_class_names(api, media_root, tmp_path):
    names = ["heron", "egret", "stork"]
    _add(yolov8_model(tmp_path / "y.onnx", [IN_THE_MIDDLE], np.array([[0.1, 0.1, 0.9]], np.float32), names), "birds")
    (photo,) = upload_paths(api, CHELSEA)
    store_detections(photo["id"], names, [Found("stork", 0.9, Box(0.2, 0.2, 0.6, 0.8))], model="birds")

    def exported(fmt: str) -> zipfile.ZipFile:
        response = api.get(f"/api/exports/?format={fmt}&model=birds&image_ids={photo['id']}")
        assert response.status_code == 200
        return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))

    coco = json.loads(exported("coco").read("instances.json"))
    categories = {category["id"]: category["name"] for category in coco["categories"]}
    assert categories == {0: "heron", 1: "egret", 2: "stork", 3: "face"}  # faces follow the model's classes
    (annotation,) = coco["annotations"]
    assert categories[annotation["category_id"]] == "stork"

    yolo = exported("yolo")
    data = yolo.read("data.yaml").decode()
    assert '0: "heron"' in data and '2: "stork"' in data and "person" not in data
    (label_file,) = [name for name in yolo.namelist() if name.startswith("labels/")]
    (row,) = yolo.read(label_file).decode().splitlines()
    assert row.split()[0] == "2"
