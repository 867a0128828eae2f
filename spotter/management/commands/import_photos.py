"""manage.py import_photos DIR --user NAME: a folder of photos into a user's library, as uploads."""

import errno
import os
import stat
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import BinaryIO

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
        "Photos already in the library (the same content) are skipped, so a run cut short can be run again. "
        "Links are followed only where they lead inside the folder, unless --follow-links is given."
    )

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--user", required=True, help="the username whose library they go into")
        parser.add_argument("--recursive", action="store_true", help="include the photos of subfolders")
        parser.add_argument("--follow-links", action="store_true", help="also follow links leading out of the folder")
        parser.add_argument("--task", help="then start a task of this type (detect, ...) over the folder's photos")
        parser.add_argument("--report", type=Path, help="also write the entries refused or skipped, and why, here")

    def handle(
        self, folder: Path, user: str, recursive: bool, follow_links: bool, task: str | None, report: Path | None, **_
    ):
        owner = get_user_model().objects.filter(username=user).first()
        if owner is None:
            raise CommandError(f"There is no user '{user}'.")
        if not folder.is_dir():
            raise CommandError(f"{folder} is not a folder.")
        if task and task not in {t.name for t in TaskService().task_types()}:
            raise CommandError(f"There is no task type '{task}'.")
        found = _walk(folder, recursive=recursive, follow_links=follow_links)
        stored, duplicates, refused, skipped = [], [], [], found.skipped
        images = PhotoService()
        for path, real in tqdm(found.files, desc="Importing", unit=" photos", disable=None):
            try:
                with _open_without_following(real) as stream:
                    mode = os.fstat(stream.fileno()).st_mode
                    outcome = images.upload(owner.id, [File(stream, name=path.name)]) if stat.S_ISREG(mode) else None
            except OSError as unreadable:  # unreadable, gone, or a link put in its place since the folder was listed
                skipped.append((path, f"The file could not be read: {unreadable.strerror}."))
                continue
            if outcome is None:  # something other than a file put in its place since the folder was listed
                skipped.append((path, _not_a_file(mode)))
                continue
            for image in outcome.images:
                (duplicates if image.id in outcome.duplicates else stored).append(image.id)
            refused += [(path, error["error"]["message"]) for error in outcome.errors]

        self.stdout.write(
            f"{len(stored)} photos imported, {len(duplicates)} already in the library, {len(refused)} refused, "
            f"{len(skipped)} skipped."
        )
        entries = [("refused", *entry) for entry in refused] + [("skipped", *entry) for entry in skipped]
        for verb, path, reason in entries:
            self.stdout.write(f"  {verb} {path}: {reason}")
        if report:
            report.write_text("".join(f"{path}: {reason}\n" for _, path, reason in entries))
        photos = list(dict.fromkeys(stored + duplicates))  # a photo twice in the folder is one photo
        for start in range(0, len(photos) if task else 0, MAX_TASK_PHOTOS):
            started = TaskService().submit(owner.id, task, photos[start : start + MAX_TASK_PHOTOS], {})
            self.stdout.write(f"Task {started.id} started over {started.total} photos.")


@dataclass
class _Found:
    files: list[tuple[Path, Path]] = field(default_factory=list)  # (the path as found, the real file to read)
    skipped: list[tuple[Path, str]] = field(default_factory=list)  # (the path as found, why)


def _walk(folder: Path, *, recursive: bool, follow_links: bool) -> _Found:
    """The regular files in `folder`, in name order, and every other entry with the reason it is skipped.

    A link is followed where it leads inside the folder, or anywhere with `follow_links`. Each real folder is
    walked once, and links to folders only after the folders themselves, so that photos are found by their
    own path rather than through a link; a link back to a folder it is in (a loop) ends there. Nothing is
    opened here: the entries' kinds come from the file system's metadata.
    """
    root = folder.resolve()
    found = _Found()
    walked: set[Path] = set()
    folder_links: deque[tuple[Path, Path, tuple[Path, ...]]] = deque()  # (link, real target, real folders above)

    def enter(shown: Path, real: Path, above: tuple[Path, ...]) -> None:
        if real in above:
            found.skipped.append((shown, "A link loop: it leads back to a folder it is in."))
        elif real in walked:
            found.skipped.append((shown, f"A folder imported already, as {real}."))
        else:
            walked.add(real)
            walk_folder(shown, real, (*above, real))

    def walk_folder(shown: Path, real: Path, above: tuple[Path, ...]) -> None:
        try:
            with os.scandir(real) as listing:
                names = sorted(entry.name for entry in listing)
        except OSError as unreadable:
            found.skipped.append((shown, f"The folder could not be read: {unreadable.strerror}."))
            return
        for name in names:
            path, target = shown / name, real / name
            is_link = target.is_symlink()
            try:
                if is_link:
                    target = Path(os.path.realpath(target, strict=True))
                mode = os.lstat(target).st_mode
            except OSError as unreadable:
                found.skipped.append((path, _unreadable(unreadable, is_link)))
                continue
            if is_link and not follow_links and not target.is_relative_to(root):
                found.skipped.append((path, f"A link leading out of the folder, to {target} (see --follow-links)."))
            elif stat.S_ISREG(mode):
                found.files.append((path, target))
            elif not stat.S_ISDIR(mode):
                found.skipped.append((path, _not_a_file(mode)))
            elif not recursive:
                found.skipped.append((path, "A folder (--recursive imports its photos too)."))
            elif is_link:
                folder_links.append((path, target, above))
            else:
                enter(path, target, above)

    enter(folder, root, ())
    while folder_links:
        enter(*folder_links.popleft())
    found.files.sort()
    return found


def _unreadable(error: OSError, is_link: bool) -> str:
    if is_link and error.errno == errno.ELOOP:
        return "A link loop: it leads back to itself."
    if is_link and error.errno == errno.ENOENT:
        return "A link to nothing: what it names does not exist."
    return f"The file could not be read: {error.strerror}."


def _not_a_file(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "A FIFO (named pipe), not a file."
    if stat.S_ISSOCK(mode):
        return "A socket, not a file."
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "A device, not a file."
    return "Not a file."


def _open_without_following(real: Path) -> BinaryIO:
    """Opened to read, but neither through a link nor waiting on a FIFO, should either have been put in the
    file's place since the walk (the walk has resolved every link it follows)."""
    return open(real, "rb", opener=lambda path, flags: os.open(path, flags | os.O_NOFOLLOW | os.O_NONBLOCK))
