"""manage.py import_photos: a folder into a library, as uploads, and again without duplicating anything; links,
FIFOs, sockets and devices skipped with their reasons."""

import contextlib
import io
import os
import shutil
import socket
import threading
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from image_processing.models import Image
from long_running_tasks.models import Task
from spotter.management.commands import import_photos
from tests.support import ASTRONAUT, CHELSEA, COFFEE, GRACE_HOPPER

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
    assert "3 photos imported, 1 already in the library, 1 refused, 0 skipped." in said
    assert "notes.txt: The file is not a JPEG, PNG, WebP, HEIC or AVIF image." in report.read_text()
    stored = Image.objects.filter(owner__username="ann")
    # Files are taken in name order: "cat again.png" first, so "cat.png" is the copy.
    assert sorted(stored.values_list("filename", flat=True)) == ["astronaut.png", "cat again.png", "grace.jpg"]
    assert all(image.thumbnail_name and image.sha256 for image in stored)

    again = _import(str(folder), "--user", "ann", "--recursive", "--task", "detect")  # as after a Ctrl-C
    assert "0 photos imported, 4 already in the library, 1 refused, 0 skipped." in again
    assert stored.count() == 3
    (task,) = Task.objects.filter(owner__username="ann")
    assert task.total == 3  # each photo of the folder once


def test_only_the_top_folder_without_recursive_and_clear_errors(folder, media_root):
    get_user_model().objects.create_user("bob", password="a-long-secret-42")
    said = _import(str(folder), "--user", "bob")
    assert "1 photos imported, 1 already in the library, 1 refused, 1 skipped." in said
    assert f"skipped {folder / 'holiday'}: A folder (--recursive imports its photos too)." in said
    with pytest.raises(CommandError, match="no user 'nobody'"):
        _import(str(folder), "--user", "nobody")
    with pytest.raises(CommandError, match="is not a folder"):
        _import(str(folder / "missing"), "--user", "bob")


def test_links_out_of_the_folder_are_skipped_and_reported_unless_asked_to_follow_them(folder, media_root, tmp_path):
    get_user_model().objects.create_user("ann", password="a-long-secret-42")
    outside = (tmp_path / "outside").resolve()
    outside.mkdir()
    shutil.copy(COFFEE, outside / "secret.png")  # as if /etc/shadow
    (folder / "secret.png").symlink_to(outside / "secret.png")
    (folder / "elsewhere").symlink_to(outside)
    (folder / "cat link.png").symlink_to("cat.png")  # leads inside the folder: followed
    report = tmp_path / "report.txt"

    said = _import(str(folder), "--user", "ann", "--recursive", "--report", str(report))
    assert "3 photos imported, 2 already in the library, 1 refused, 2 skipped." in said
    assert "secret.png" not in Image.objects.values_list("filename", flat=True)
    assert set(report.read_text().splitlines()) == {
        f"{folder / 'notes.txt'}: The file is not a JPEG, PNG, WebP, HEIC or AVIF image.",
        f"{folder / 'elsewhere'}: A link leading out of the folder, to {outside} (see --follow-links).",
        f"{folder / 'secret.png'}: A link leading out of the folder, to {outside / 'secret.png'} (see --follow-links).",
    }

    said = _import(str(folder), "--user", "ann", "--recursive", "--follow-links")
    assert "1 photos imported, 6 already in the library, 1 refused, 0 skipped." in said
    assert Image.objects.filter(filename="secret.png").count() == 1  # found twice, stored once


def test_fifos_sockets_devices_and_link_loops_are_skipped_with_their_reasons(folder, media_root, tmp_path, monkeypatch):
    get_user_model().objects.create_user("ann", password="a-long-secret-42")
    monkeypatch.chdir(folder)  # a socket's path may have 108 bytes at most: bind it by a short relative one
    os.mkfifo("pipe.jpg")
    with socket.socket(socket.AF_UNIX) as listening:
        listening.bind("socket.jpg")
    Path("loop.jpg").symlink_to("loop.jpg")
    Path("nowhere.jpg").symlink_to("gone.jpg")
    Path("null.jpg").symlink_to(os.devnull)
    Path("holiday", "up").symlink_to("..")
    Path("best").symlink_to("holiday")
    report = tmp_path / "report.txt"

    with _writer_for(folder / "pipe.jpg") as came:
        said = _import(str(folder), "--user", "ann", "--recursive", "--report", str(report))
    assert not came, "the import waited on the FIFO"
    assert "3 photos imported, 1 already in the library, 1 refused, 7 skipped." in said
    assert set(report.read_text().splitlines()) == {
        f"{folder / 'notes.txt'}: The file is not a JPEG, PNG, WebP, HEIC or AVIF image.",
        f"{folder / 'pipe.jpg'}: A FIFO (named pipe), not a file.",
        f"{folder / 'socket.jpg'}: A socket, not a file.",
        f"{folder / 'loop.jpg'}: A link loop: it leads back to itself.",
        f"{folder / 'nowhere.jpg'}: A link to nothing: what it names does not exist.",
        f"{folder / 'null.jpg'}: A link leading out of the folder, to {os.devnull} (see --follow-links).",
        f"{folder / 'holiday' / 'up'}: A link loop: it leads back to a folder it is in.",
        f"{folder / 'best'}: A folder imported already, as {(folder / 'holiday').resolve()}.",
    }

    said = _import(str(folder), "--user", "ann", "--recursive", "--follow-links")
    assert "0 photos imported, 4 already in the library, 1 refused, 7 skipped." in said
    assert f"skipped {folder / 'null.jpg'}: A device, not a file." in said


def test_a_fifo_or_link_put_in_a_files_place_after_the_walk_is_neither_waited_on_nor_followed(
    folder, media_root, tmp_path, monkeypatch
):
    get_user_model().objects.create_user("ann", password="a-long-secret-42")
    shutil.copy(COFFEE, tmp_path / "secret.png")
    walk = import_photos._walk

    def walk_then_swap(*args, **kwargs):
        found = walk(*args, **kwargs)
        (folder / "cat.png").unlink()
        os.mkfifo(folder / "cat.png")
        (folder / "notes.txt").unlink()
        (folder / "notes.txt").symlink_to(tmp_path / "secret.png")
        return found

    monkeypatch.setattr(import_photos, "_walk", walk_then_swap)
    with _writer_for(folder / "cat.png") as came:
        said = _import(str(folder), "--user", "ann")
    assert not came, "the import waited on the FIFO"
    assert "1 photos imported, 0 already in the library, 0 refused, 3 skipped." in said
    assert f"skipped {folder / 'cat.png'}: A FIFO (named pipe), not a file." in said
    assert f"skipped {folder / 'notes.txt'}: The file could not be read: Too many levels of symbolic links." in said


@contextlib.contextmanager
def _writer_for(fifo: Path, after: float = 10.0):
    """Should the import wait on the FIFO, a writer opens it after a while (and says so), so that the test fails
    instead of hanging."""
    came: list[Path] = []

    def write() -> None:
        with contextlib.suppress(OSError):  # ENXIO: no one is waiting on it, as it should be
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            came.append(fifo)

    timer = threading.Timer(after, write)
    timer.start()
    try:
        yield came
    finally:
        timer.cancel()
