"""`make bench`, faces: what finding faces costs a camera photo against `detect`. Prints a table.

Camera photos are real photos scaled up to 4032x3024 and saved as JPEG: three without a face, the two portraits
that ship in packages, and a group photo (five heads cut from them pasted in a row, each face a tenth of the
photo's height). Per photo, in one process with one thread, the median of --rounds:

- detect: what `examine_file` does for `detect` (decode at the detector's size, the shipped detector);
- faces: what a faces task does (decode at FACE_SHORTER_SIDE, then FaceFinder.find);
- find alone: FaceFinder.find on the decoded photo, what faces add to a decode another model already made.

Then faces on the photos without a face against detect (the target is at most 0.5), and what each face found
costs (its landmarks and descriptor): find alone on a photo with faces, less on one without, per face.
"""

import argparse
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SITE = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
WITHOUT_FACES = ["skimage/data/chelsea.png", "skimage/data/coffee.png", "skimage/data/motorcycle_left.png"]
PORTRAITS = ["skimage/data/astronaut.png", "matplotlib/mpl-data/sample_data/grace_hopper.jpg"]
CAMERA = (4032, 3024)


def camera_photos() -> dict[str, bytes]:
    """Each photo's name and its JPEG bytes as a camera would write them."""
    from PIL import Image as PILImage

    pictures = {Path(source).stem: PILImage.open(SITE / source).convert("RGB") for source in WITHOUT_FACES + PORTRAITS}
    pictures = {name: picture.resize(CAMERA) for name, picture in pictures.items()}
    pictures["group of five"] = group_photo()
    photos = {}
    for name, picture in pictures.items():
        buffer = io.BytesIO()
        picture.save(buffer, "JPEG", quality=90)
        photos[name] = buffer.getvalue()
    return photos


def group_photo():
    """Five heads in a row on a real background, each face a tenth of the photo's height (heads cut around the face
    the portraits' own face finder boxes, with one face's width around it)."""
    import numpy as np
    from PIL import Image as PILImage

    from image_processing.detection import get_face_finder

    picture = PILImage.open(SITE / WITHOUT_FACES[1]).convert("RGB").resize(CAMERA)
    heads = []
    for source in PORTRAITS:
        portrait = PILImage.open(SITE / source).convert("RGB")
        box = get_face_finder().find(np.asarray(portrait))[0].box
        x0, y0, x1, y1 = (v * s for v, s in zip(box, portrait.size * 2, strict=True))
        side = x1 - x0
        head = portrait.crop((round(x0 - side), round(y0 - side), round(x1 + side), round(y1 + side)))
        scale = CAMERA[1] / 10 / side
        heads.append(head.resize((round(head.width * scale), round(head.height * scale))))
    for n in range(5):
        head = heads[n % 2]
        picture.paste(head, (n * CAMERA[0] // 5, CAMERA[1] // 3 + (n % 3) * CAMERA[1] // 12))
    return picture


def median_ms(work, rounds: int) -> float:
    work()  # loads the models, warms the caches
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        work()
        timings.append(time.perf_counter() - started)
    return 1000 * statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=12, help="timed rounds of each photo")
    args = parser.parse_args()
    os.environ.update(
        DJANGO_SETTINGS_MODULE="spotter.settings",
        SPOTTER_MODEL_CACHE=os.environ.get("SPOTTER_MODEL_CACHE", str(ROOT / "var" / "models")),
        SPOTTER_DETECTOR_THREADS="1",
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=tempfile.mkdtemp(prefix="spotter-bench-faces-"),
    )
    import django

    django.setup()
    import numpy as np
    from django.core.files.storage import default_storage

    from image_processing.detection import FACE_SHORTER_SIDE, SHIPPED_MODEL, get_face_finder
    from image_processing.imaging import load_oriented
    from image_processing.services.examination import KEPT_FLOOR
    from image_processing.services.per_photo import ModelRun, examine_file

    finder, run = get_face_finder(), ModelRun(SHIPPED_MODEL, "exact")

    def faces_pass(name: str) -> list:
        with default_storage.open(name) as stream:
            return finder.find(np.asarray(load_oriented(stream, FACE_SHORTER_SIDE)))

    rows = []
    for photo, data in camera_photos().items():
        name = default_storage.save(f"bench/{photo}.jpg", io.BytesIO(data))
        decoded = np.asarray(load_oriented(io.BytesIO(data), FACE_SHORTER_SIDE))
        found = faces_pass(name)
        rows.append(
            (
                photo,
                len(found),
                sum(face.embedding is not None for face in found),
                median_ms(lambda name=name: examine_file(name, run, False, KEPT_FLOOR), args.rounds),
                median_ms(lambda name=name: faces_pass(name), args.rounds),
                median_ms(lambda decoded=decoded: finder.find(decoded), args.rounds),
            )
        )
    print(f"Faces on a camera photo ({CAMERA[0]}x{CAMERA[1]} JPEG) · one process, one thread · median of {args.rounds}")
    print()
    print(
        "| photo | faces (with embedding) | detect ms | faces ms (decode at "
        f"{FACE_SHORTER_SIDE} px + find) | faces / detect | find alone ms |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    for photo, faces, embedded, detect, faces_ms, find_ms in rows:
        ratio = faces_ms / detect
        print(f"| {photo} | {faces} ({embedded}) | {detect:.1f} | {faces_ms:.1f} | {ratio:.2f} | {find_ms:.1f} |")
    print()
    without = [row for row in rows if row[1] == 0]
    ratio = statistics.median(row[4] / row[3] for row in without)
    print(f"faces on a photo with no face / detect = {ratio:.2f} (target <= 0.5)")
    baseline = statistics.median(row[5] for row in without)
    per_face = [(row[5] - baseline) / row[2] for row in rows if row[2]]
    print(f"per face (landmarks + descriptor): {statistics.median(per_face):.0f} ms")


if __name__ == "__main__":
    main()
