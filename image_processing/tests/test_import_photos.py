"""manage.py import_photos: a folder into a library, as uploads, and again without duplicating anything."""

import io
import shutil

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from image_processing.models import Image
from long_running_tasks.models import Task
from tests.support import ASTRONAUT, CHELSEA, GRACE_HOPPER

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    photos = tmp_path / "photos"
    (photos / "holiday").mkdir(parents=True)
    shutil.copy(CHELSEA, photos / "cat.png")
    shutil.copy(CHELSEA, photos / "cat again.png")  # the same content under another name
    shutil.copy(ASTRONAUT, photos / "holiday" / "astronaut.png")
    shutil.copy(GRACE_HOPPER, photos / "holiday" / "grace.jpg")
    (photos / "notes.txt").write_text("not a photo")
    return photos


def _import(*args) -> str:
    out = io.StringIO()
    call_command("import_photos", *args, stdout=out)
    return out.getvalue()


def test_a_folder_is_imported_once_whatever_happens_and_refusals_are_reported(folder, media_root, tmp_path):
    get_user_model().objects.create_user("ann", password="a-long-secret-42")
    report = tmp_path / "refused.txt"
    said = _import(str(folder), "--user", "ann", "--recursive", "--report", str(report))
    assert "3 photos imported, 1 already in the library, 1 refused." in said
    assert "notes.txt: The file is not a JPEG, PNG, WebP, HEIC or AVIF image." in report.read_text()
    stored = Image.objects.filter(owner__username="ann")
    # Files are taken in name order: "cat again.png" first, so "cat.png" is the copy.
    assert sorted(stored.values_list("filename", flat=True)) == ["astronaut.png", "cat again.png", "grace.jpg"]
    assert all(image.thumbnail_name and image.sha256 for image in stored)

    again = _import(str(folder), "--user", "ann", "--recursive", "--task", "detect")  # as after a Ctrl-C
    assert "0 photos imported, 4 already in the library, 1 refused." in again
    assert stored.count() == 3
    (task,) = Task.objects.filter(owner__username="ann")
    assert task.total == 3  # each photo of the folder once


def test_only_the_top_folder_without_recursive_and_clear_errors(folder, media_root):
    get_user_model().objects.create_user("bob", password="a-long-secret-42")
    assert "1 photos imported, 1 already in the library, 1 refused." in _import(str(folder), "--user", "bob")
    with pytest.raises(CommandError, match="no user 'nobody'"):
        _import(str(folder), "--user", "nobody")
    with pytest.raises(CommandError, match="is not a folder"):
        _import(str(folder / "missing"), "--user", "bob")
