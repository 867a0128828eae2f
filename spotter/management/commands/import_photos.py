"""manage.py import_photos DIR --user NAME: a folder of photos into a user's library, as uploads."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.files import File
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from image_processing.services.photos import PhotoService
from long_running_tasks.service import TaskService

MAX_TASK_PHOTOS = 10_000


class Command(BaseCommand):
    help = (
        "Import the photos of a folder into a user's library, stored and checked exactly as uploads are. "
        "Photos already in the library (the same content) are skipped, so a run cut short can be run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--user", required=True, help="the username whose library they go into")
        parser.add_argument("--recursive", action="store_true", help="include the photos of subfolders")
        parser.add_argument("--task", help="then start a task of this type (detect, ...) over the folder's photos")
        parser.add_argument("--report", type=Path, help="also write the files refused, and why, to this file")

    def handle(self, folder: Path, user: str, recursive: bool, task: str | None, report: Path | None, **_):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"There is no user '{user}'.")
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        if task and task not in {t.name for t in TaskService().task_types()}:
            raise CommandError(f"There is no task type '{task}'.")
        files = sorted(p for p in (folder.rglob("*") if recursive else folder.iterdir()) if p.is_file())
        stored, duplicates, refused = [], [], []
        images = PhotoService()
        for path in tqdm(files, desc="Importing", unit=" photos", disable=None):
            try:
                with path.open("rb") as stream:
                    outcome = images.upload(owner.id, [File(stream, name=path.name)])
            except OSError as unreadable:  # unreadable, or gone since the folder was listed
                refused.append((path, f"The file could not be read: {unreadable.strerror}"))
                continue
            for image in outcome.images:
                (duplicates if image.id in outcome.duplicates else stored).append(image.id)
            refused += [(path, error["error"]["message"]) for error in outcome.errors]

        self.stdout.write(
            f"{len(stored)} photos imported, {len(duplicates)} already in the library, {len(refused)} refused."
        )
        lines = [f"{path}: {reason}" for path, reason in refused]
        for line in lines:
            self.stdout.write(f"  refused {line}")
        if report:
            report.write_text("".join(f"{line}\n" for line in lines))
        photos = list(dict.fromkeys(stored + duplicates))  # a photo twice in the folder is one photo
        for start in range(0, len(photos) if task else 0, MAX_TASK_PHOTOS):
            started = TaskService().submit(owner.id, task, photos[start : start + MAX_TASK_PHOTOS], {})
            self.stdout.write(f"Task {started.id} started over {started.total} photos.")
