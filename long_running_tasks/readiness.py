"""Which worker processes on this machine can take work, for /api/health: each process writes a file under
var/ready/ once it has loaded its model (or found it cannot), and removes it when it exits. A worker
reads its own processes' files when health asks it through the broker; on the filesystem broker, which
cannot ask (and means one machine), health reads them all itself."""

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


def summary(pids: list[int] | None = None) -> dict:
    """{"ready": processes that can take work, "detector": what they detect with, "detector_error": why
    some cannot}, from the files of these processes (None: every live process that wrote one). Files of
    processes that died without removing theirs are removed."""
    said = []
    for marker in _folder().iterdir():
        try:
            pid = int(marker.name)
            os.kill(pid, 0)
            if pids is None or pid in pids:
                said.append(json.loads(marker.read_text()))
        except (ProcessLookupError, ValueError):
            marker.unlink(missing_ok=True)
        except OSError:  # another user's process, or a file being written: not ours to judge
            continue
    return {
        "ready": sum(not process["detector_error"] for process in said),
        "detector": next((p["detector"] for p in said if p["detector"]), None),
        "detector_error": next((p["detector_error"] for p in said if p["detector_error"]), None),
    }
