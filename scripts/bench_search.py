"""`make bench`, second part: finding things. Prints three tables.

1. What each kind of examination costs a camera photo (4032x3024 JPEG, real photos scaled up), per photo in
   one process with one thread, the median of rounds: decoding alone, `detect`, `tag`, `read` (its ratio to
   `detect` on the photos without text and on those with a word or two apart), `analyze` (all from one decode),
   and `detect` in the thorough mode (tiles) against the fast one.
2. Small objects: recall and false boxes of the fast and the thorough mode on --small-photos camera photos
   of the thorough mode's test set (objects cut by hand and pasted at 6-15 % of the width on real
   backgrounds; image_processing/tests/small_objects.py), drawn with another seed than the test's, and
   what each mode cost a photo.
3. Search at scale: a database of its own filled with --photos photos of one owner (another owner's
   too) and about ten detections and tags each (generated rows, not inference), then GET /api/images/?q=
   (in process, through Django and DRF, as the web app asks) for one term, a word of the hierarchy, and
   three terms with a count and an exclusion, and GET /api/search/suggest: p50 and p95 of --queries each;
   and GET /api/duplicates/, every group of near-identical fingerprints (one photo in fifty has a twin), and
   what a new upload does to be told which photos it looks like (the indexed parts of the fingerprints).
"""

import argparse
import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SITE = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
SOURCES = ["skimage/data/chelsea.png", "skimage/data/coffee.png", "skimage/data/astronaut.png",
           "skimage/data/motorcycle_left.png", "matplotlib/mpl-data/sample_data/grace_hopper.jpg"]  # fmt: skip
# The reader finds a word or two in these (YAMAHA on the motorcycle, Grace Hopper's name tag): the others have no text.
WITH_TEXT = {"skimage/data/motorcycle_left.png", "matplotlib/mpl-data/sample_data/grace_hopper.jpg"}
# What generated photos show: (share, the detector's labels in them, the range of the tagger's class ids).
SCENES = [
    (45, ["person", "person", "chair", "cup", "cell phone", "tie"], (398, 999)),
    (10, ["dog", "person"], (151, 268)),
    (4, ["cat", "couch"], (281, 286)),
    (4, ["bird", "horse", "sheep", "cow"], (0, 150)),
    (10, ["cup", "bowl", "pizza", "dining table", "sandwich"], (923, 969)),
    (15, ["car", "person", "bus", "truck", "bicycle", "traffic light"], (403, 920)),
    (12, ["book", "tv", "laptop", "potted plant", "clock", "vase"], (398, 999)),
]
QUERIES = {
    "one term: dog": "dog",
    "a word above classes: animal": "animal",
    "three terms: person>=2 dog -car": "person>=2 dog -car",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=100_000, help="photos in the search database (0: skip)")
    parser.add_argument("--queries", type=int, default=40, help="timed runs of each query")
    parser.add_argument("--rounds", type=int, default=12, help="timed rounds of each examination (0: skip)")
    parser.add_argument("--small-photos", type=int, default=16, help="photos of small objects (0: skip)")
    parser.add_argument("--requests", default="", help="only the search requests whose name holds this ('text:')")
    args = parser.parse_args()
    import django
    import psycopg

    base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/spotter")
    server, name = base.rsplit("/", 1)[0], f"spotter_bench_search_{os.getpid()}"
    with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    os.environ.update(
        DJANGO_SETTINGS_MODULE="spotter.settings",
        DATABASE_URL=f"{server}/{name}",
        SPOTTER_MODEL_CACHE=os.environ.get("SPOTTER_MODEL_CACHE", str(ROOT / "var" / "models")),
        SPOTTER_DETECTOR_THREADS=os.environ.get("SPOTTER_DETECTOR_THREADS", "1"),
        LOG_LEVEL="WARNING",
        MEDIA_ROOT=tempfile.mkdtemp(prefix="spotter-bench-search-"),
    )
    django.setup()
    try:
        if args.rounds:
            examination_costs(args.rounds)
        if args.small_photos:
            print()
            small_objects(args.small_photos)
        if args.photos:
            search_at_scale(args.photos, args.queries, args.requests)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(f"{server}/postgres", autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def examination_costs(rounds: int) -> None:
    from django.core.files.storage import default_storage
    from PIL import Image as PILImage

    from image_processing.detection import SHIPPED_MODEL
    from image_processing.detection.tiles import tiles_per_photo
    from image_processing.imaging import load_oriented
    from image_processing.services.examination import KEPT_FLOOR
    from image_processing.services.per_photo import ModelRun, examine_file
    from image_processing.tests import text_photos

    names = []
    for n, source in enumerate(SOURCES):
        buffer = io.BytesIO()
        PILImage.open(SITE / source).convert("RGB").resize((4032, 3024)).save(buffer, "JPEG", quality=90)
        names.append(default_storage.save(f"bench/{n}.jpg", io.BytesIO(buffer.getvalue())))
    run = ModelRun(SHIPPED_MODEL, "exact")

    def decode_only(name: str) -> None:
        with default_storage.open(name) as stream:
            load_oriented(stream, 300)

    page = text_photos.printed_page(lines=30).resize((3024, 4032))
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=90)
    page_name = default_storage.save("bench/page.jpg", io.BytesIO(buffer.getvalue()))
    kinds = {
        "decode only (at 300 px)": decode_only,
        "detect (fast)": lambda name: examine_file(name, run, False, KEPT_FLOOR),
        "tag": lambda name: examine_file(name, None, True, KEPT_FLOOR),
        "read": lambda name: examine_file(name, None, False, KEPT_FLOOR, reads=True),
        "detect and tag, one decode": lambda name: examine_file(name, run, True, KEPT_FLOOR),
        "analyze: detect, tag and read, one decode": lambda name: examine_file(name, run, True, KEPT_FLOOR, reads=True),
        "detect, thorough": lambda name: examine_file(name, run, False, KEPT_FLOOR, thorough=True),
    }
    costs, by_photo = {}, {}
    for kind, work in kinds.items():
        for name in names:  # loads the models, warms the caches
            work(name)
        by_photo[kind] = {name: [] for name in names}
        for _ in range(rounds):
            for name in names:
                started = time.perf_counter()
                work(name)
                by_photo[kind][name].append(1000 * (time.perf_counter() - started))
        costs[kind] = statistics.median(t for timings in by_photo[kind].values() for t in timings)
    detect, tag, decode = costs["detect (fast)"], costs["tag"], costs["decode only (at 300 px)"]
    print(f"Examining a camera photo (4032x3024 JPEG) · one process, one thread · {len(SOURCES)} photos x {rounds}")
    print()
    print("| examination | ms per photo | against detect |")
    print("|---|---:|---:|")
    for kind, cost in costs.items():
        print(f"| {kind} | {cost:.1f} | {cost / detect:.2f} |")
    print()
    both, thorough = costs["detect and tag, one decode"], costs["detect, thorough"]
    print(f"tag / detect = {tag / detect:.2f} (target <= 0.5)")
    for with_text, text, target in ((False, "without text", " (target <= 1.0)"), (True, "with a word or two", "")):
        chosen = [name for name, source in zip(names, SOURCES, strict=True) if (source in WITH_TEXT) == with_text]
        read_ms, detect_ms = (statistics.median(t for name in chosen for t in by_photo[kind][name])
                              for kind in ("read", "detect (fast)"))  # fmt: skip
        print(f"read / detect on the {len(chosen)} photos {text} = {read_ms / detect_ms:.2f}{target}")
    print(f"detect and tag {both:.1f} ms against detect + tag - one decode = {detect + tag - decode:.1f} ms")
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        lines = examine_file(page_name, None, False, KEPT_FLOOR, reads=True)[2]
        timings.append(time.perf_counter() - started)
    print(f"read, a printed page (3024x4032, 30 lines of text): {1000 * statistics.median(timings):.0f} ms, "
          f"{len(lines)} lines read")  # fmt: skip
    print(f"thorough reads {tiles_per_photo(4032, 3024)} tiles after the whole photo: {thorough / detect:.1f} x fast")


def small_objects(count: int) -> None:
    from image_processing.detection import DEFAULT_MIN_CONFIDENCE, SHIPPED_MODEL, Box
    from image_processing.services.examination import KEPT_FLOOR
    from image_processing.services.per_photo import ModelRun, examine_file
    from image_processing.tests.small_objects import small_object_photos
    from tests.support import iou

    folder = Path(os.environ["MEDIA_ROOT"])
    photos = small_object_photos(folder, count=count, seed=21)
    run = ModelRun(SHIPPED_MODEL, "exact")
    print(f"Small objects · {count} camera photos (4032x3024) · {sum(len(p) for _, p in photos)} objects")
    print("| mode | recall | recall, 8 % of the width up | false boxes | ms per photo | against fast |")
    print("|---|---:|---:|---:|---:|---:|")
    fast_cost = None
    for mode in ("fast", "thorough"):
        examine_file(photos[0][0].name, run, False, KEPT_FLOOR, thorough=mode == "thorough")  # warm
        hits, false_boxes, cost = [], 0, 0.0
        for path, pasted in photos:
            started = time.perf_counter()
            found = examine_file(path.name, run, False, KEPT_FLOOR, thorough=mode == "thorough")[0]
            cost += time.perf_counter() - started
            boxes = [row for row in found if row[1] >= DEFAULT_MIN_CONFIDENCE]
            for thing in pasted:
                match = next(
                    (row for row in boxes
                     if SHIPPED_MODEL.classes[int(row[0])] == thing.label and iou(Box(*row[2:]), thing.box) >= 0.5),
                    None,
                )  # fmt: skip
                if match is not None:
                    boxes.remove(match)
                hits.append((thing.box.x_max - thing.box.x_min, match is not None))
            false_boxes += len(boxes)
        cost = 1000 * cost / count
        fast_cost = fast_cost or cost
        larger = [hit for width, hit in hits if width >= 0.08]
        print(
            f"| {mode} | {sum(hit for _, hit in hits) / len(hits):.2f} | {sum(larger) / len(larger):.2f} "
            f"| {false_boxes} | {cost:.0f} | {cost / fast_cost:.1f} |"
        )


def search_at_scale(photos: int, runs: int, only: str = "") -> None:
    from django.core.management import call_command
    from django.db import connections

    call_command("migrate", verbosity=0)
    from django.contrib.auth import get_user_model
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    from image_processing.detection.coco import COCO_LABELS
    from image_processing.models import Detection, Image, Tag, TextLine
    from image_processing.repository import fingerprint_columns
    from image_processing.search.vocabulary import tag_names
    from image_processing.services.duplicates import DuplicateService

    owner = get_user_model().objects.create_user("bench-search", password="a-long-secret-42")
    other = get_user_model().objects.create_user("bench-other", password="a-long-secret-42")
    rng = random.Random(7)
    names = tag_names()
    started, rows = time.monotonic(), 0
    fingerprints = _fingerprints(rng, photos)
    vocabulary = _made_up_words(rng, 20_000)
    weights = [1 / rank for rank in range(1, len(vocabulary) + 1)]  # a few words common, most rare (Zipf)
    words_read = 0
    for first in range(0, photos, 5000):
        batch = [
            Image(owner=owner if n % 10 else other, filename=f"IMG_{n:06d}.jpg", content_type="image/jpeg",
                  width=4032, height=3024, size_bytes=1, sha256=f"{n:064x}", file_name="-", thumbnail_name="-",
                  fingerprint=fingerprints[n], sharpness=1.0, **fingerprint_columns(fingerprints[n]))
            for n in range(first, min(first + 5000, photos))
        ]  # fmt: skip
        Image.objects.bulk_create(batch)
        detections, kept_tags = [], []
        for image in batch:
            objects, (first_tag, last_tag) = rng.choices(SCENES, [weight for weight, *_ in SCENES])[0][1:]
            for label in rng.choices(objects, k=rng.randint(1, 6)) + rng.choices(COCO_LABELS, k=rng.randint(0, 2)):
                x, y = rng.random() * 0.8, rng.random() * 0.8
                detections.append(Detection(image=image, owner=image.owner, model="ssd_mobilenet_v2_coco_2018_03_29",
                                            label=label, confidence=rng.uniform(0.3, 1.0), x_min=x, y_min=y,
                                            x_max=x + 0.2, y_max=y + 0.2))  # fmt: skip
            subject = rng.randint(first_tag, last_tag - 5)  # neighbouring ImageNet classes are alike
            for rank, class_id in enumerate(range(subject, subject + 5)):
                score = rng.uniform(0.3, 0.9) / (rank + 1)
                kept_tags.append(
                    Tag(image=image, owner=image.owner, model="efficientnet_lite3", name=names[class_id], score=score)
                )
        lines = []
        for image in batch:  # two lines of five words in each photo: a million words in 100,000 photos
            for position in range(2):
                text = " ".join(rng.choices(vocabulary, weights, k=5))
                lines.append(TextLine(image=image, owner=image.owner, model="pp-ocrv6", position=position, text=text,
                                      words=text, confidence=0.95, x_min=0.1, y_min=0.1 + 0.2 * position, x_max=0.9,
                                      y_max=0.25 + 0.2 * position))  # fmt: skip
        Detection.objects.bulk_create(detections, batch_size=5000)
        Tag.objects.bulk_create(kept_tags, batch_size=5000)
        TextLine.objects.bulk_create(lines, batch_size=5000)
        rows += len(detections) + len(kept_tags)
        words_read += 5 * len(lines)
    with connections["default"].cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # as autovacuum would have: index-only scans see the rows visible
    print()
    print(f"Search at scale: {photos:,} photos ({photos - photos // 10:,} of one owner), {rows:,} detections and "
          f"tags, {words_read:,} words read, generated in {time.monotonic() - started:.0f} s · PostgreSQL · "
          f"{runs} runs each")  # fmt: skip
    print()
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.create(user=owner).key}")
    requests = {text: ("/api/images/", {"q": query}) for text, query in QUERIES.items()}
    common, rare = vocabulary[0], vocabulary[5_000]
    requests[f"text: a common word ({common})"] = ("/api/images/", {"q": f"text:{common}"})
    requests[f"text: a rare word ({rare})"] = ("/api/images/", {"q": f"text:{rare}"})
    requests["text: a phrase of two words"] = ("/api/images/", {"q": f'text:"{vocabulary[0]} {vocabulary[1]}"'})
    requests[f"text: a word's start ({rare[:3]}*)"] = ("/api/images/", {"q": f"text:{rare[:3]}*"})
    requests[f"text and an object: dog text:{common}"] = ("/api/images/", {"q": f"dog text:{common}"})
    requests["suggest: prefix 'do'"] = ("/api/search/suggest", {"prefix": "do"})
    requests["suggest: prefix 'golden'"] = ("/api/search/suggest", {"prefix": "golden"})
    requests = {text: request for text, request in requests.items() if only in text}
    print("| request | photos matching | p50 ms | p95 ms | target p95 |")
    print("|---|---:|---:|---:|---:|")
    for text, (path, params) in requests.items():
        answer = client.get(path, params)
        assert answer.status_code == 200, answer.content
        found = answer.json().get("count", len(answer.json().get("suggestions", [])))
        timings = []
        for _ in range(runs):
            began = time.perf_counter()
            client.get(path, params)
            timings.append(1000 * (time.perf_counter() - began))
        timings.sort()
        p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
        target = 30 if "suggest" in text else 100
        print(f"| {text} | {found:,} | {statistics.median(timings):.0f} | {p95:.0f} | {target} |", flush=True)
    if only:  # the duplicates rows are no request of the search
        return
    timings = []
    for _ in range(3):  # the whole list of groups: its target is seconds, not milliseconds
        began = time.perf_counter()
        answer = client.get("/api/duplicates/")
        timings.append(1000 * (time.perf_counter() - began))
    groups = answer.json()["count"]
    print(f"| duplicates: every group (3 runs; max as p95) | {groups:,} groups | {statistics.median(timings):.0f} "
          f"| {max(timings):.0f} | 5000 |")  # fmt: skip
    uploads = list(Image.objects.filter(owner=owner).order_by("?")[:runs])
    service, timings, alike = DuplicateService(), [], 0
    for image in uploads:
        began = time.perf_counter()
        alike += len(service.looking_alike(owner.id, image))
        timings.append(1000 * (time.perf_counter() - began))
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * len(timings)) - 1)]
    print(f"| a new upload: the photos it looks like ({runs} photos) | {alike} found | "
          f"{statistics.median(timings):.1f} | {p95:.1f} | 50 |")  # fmt: skip


def _made_up_words(rng: random.Random, count: int) -> list[str]:
    """Distinct words of two to four syllables, as the text read in photos would have them: none a known label."""
    syllables = [consonant + vowel for consonant in "bdfgklmnprstvz" for vowel in "aeiou"]
    words: dict[str, None] = {}
    while len(words) < count:
        words["".join(rng.choices(syllables, k=rng.randint(2, 4)))] = None
    return list(words)


def _fingerprints(rng: random.Random, photos: int) -> list[int]:
    """Random fingerprints, every 50th a near copy (up to 7 bits changed) of the one before: a library where
    one photo in fifty has a resized or recompressed twin."""
    values = []
    for n in range(photos):
        value = rng.getrandbits(64)
        if n % 50 == 2:  # the one before is the same owner's (every tenth photo is another owner's)
            value = values[-1] % (1 << 64)
            for bit in rng.sample(range(64), rng.randint(0, 7)):
                value ^= 1 << bit
        values.append(value - (1 << 64) if value >= 1 << 63 else value)
    return values


if __name__ == "__main__":
    main()
