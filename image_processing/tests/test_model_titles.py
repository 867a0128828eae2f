"""A detection model's title: the readable name people see, beside the name tasks and the API use."""

import importlib
import io

import numpy as np
import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from image_processing.model_registry import ModelRegistry
from image_processing.models import DetectorModel

from .onnx_models import yolov8_model

IN_THE_MIDDLE = (320.0, 240.0, 320.0, 160.0)


def _heron_model(path):
    return yolov8_model(path, [IN_THE_MIDDLE], np.array([[0.9]], np.float32), ["heron"])


def test_the_shipped_model_has_its_title(api):
    (shipped,) = api.get("/api/models/").json()["models"]
    assert (shipped["name"], shipped["title"]) == ("ssd_mobilenet_v2_coco_2018_03_29", "SSD MobileNet v2 (COCO)")


def test_add_model_keeps_the_title_given_or_titles_it_after_its_name(api, media_root, tmp_path):
    model = _heron_model(tmp_path / "herons.onnx")
    out = io.StringIO()
    call_command("add_model", str(model), "--name", "herons-yolo11", "--title", "  Herons of  the lake ", stdout=out)
    assert out.getvalue().startswith("Added herons-yolo11 (Herons of the lake): yolov8")
    call_command("add_model", str(model), "--name", "grey_herons-v2", stdout=io.StringIO())
    listed = api.get("/api/models/").json()["models"]
    assert [(m["name"], m["title"]) for m in listed] == [
        ("ssd_mobilenet_v2_coco_2018_03_29", "SSD MobileNet v2 (COCO)"),
        ("herons-yolo11", "Herons of the lake"),
        ("grey_herons-v2", "grey herons v2"),
    ]
    # Tasks still name it by its name.
    assert ModelRegistry().get("herons-yolo11").name == "herons-yolo11"


def test_a_title_too_long_or_with_a_control_character_is_refused(media_root, tmp_path, db):
    model = _heron_model(tmp_path / "herons.onnx")
    with pytest.raises(CommandError, match="title is at most 80 characters"):
        call_command("add_model", str(model), "--name", "herons", "--title", "x" * 81, stdout=io.StringIO())
    with pytest.raises(CommandError, match="not printable"):
        call_command("add_model", str(model), "--name", "herons", "--title", "Her\x00ons", stdout=io.StringIO())
    assert not DetectorModel.objects.exists()


def test_a_staff_user_gives_a_title_through_the_api(api, media_root, tmp_path):
    get_user_model().objects.filter(username=api.username).update(is_staff=True)
    with _heron_model(tmp_path / "herons.onnx").open("rb") as upload_file:
        added = api.post(
            "/api/models/", {"file": upload_file, "name": "herons", "title": "Herons (YOLO11)"}, format="multipart"
        )
    assert added.status_code == 201, added.content
    assert (added.json()["name"], added.json()["title"]) == ("herons", "Herons (YOLO11)")


def test_models_added_before_titles_are_titled_after_their_name(db):
    DetectorModel.objects.create(
        name="yolo11n_birds-v2", title="", layout="yolov8", classes=["bird"], input_width=640, input_height=640,
        sha256="0" * 64, file_name="models/x.onnx", size_bytes=1,
    )  # fmt: skip
    migration = importlib.import_module("image_processing.migrations.0010_detector_model_title")
    migration.title_added_models(apps, None)
    assert DetectorModel.objects.get().title == "yolo11n birds v2"
