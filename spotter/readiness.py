"""Which worker processes on this machine can take work, for /api/health where the broker cannot ask them
(the filesystem broker, which also means one machine): each process writes a file under var/ready/ once
it has loaded its model (or found it cannot), and removes it when it exits."""

import json
import os

from django.conf import settings


def _folder():
    folder = settings.VAR_DIR / "ready"
    folder.mkdir(exist_ok=True)
    return folder


def mark_process(detector: str | None, error: str | None) -> None:
    (_folder() / str(os.getpid())).write_text(json.dumps({"detector": detector, "detector_error": error}))


def unmark_process() -> None:
    (_folder() / str(os.getpid())).unlink(missing_ok=True)


def processes() -> list[dict]:
    """What each live process said; the files of processes that died without removing them are removed."""
    found = []
    for marker in _folder().iterdir():
        try:
            os.kill(int(marker.name), 0)
            found.append(json.loads(marker.read_text()))
        except (ProcessLookupError, ValueError):
            marker.unlink(missing_ok=True)
        except (PermissionError, OSError):  # another user's process, or a file being written: not ours to judge
            continue
    return found
