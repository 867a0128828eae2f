"""`make bench`: images per second through the model, the per-image code and whole tasks. Prints tables.

On the same photos, in one run:
  A  model only: the configured runtime's forward pass on already-decoded, already 300x300 inputs;
  B  the product's per-image code in a plain loop (read the stored file, decode at reduced scale,
     orient, detect, post-process): no web, no Celery, no database;
  C  end to end: POST /api/tasks/detect/ (Django's request handling, in process), the Redis broker,
     a real `celery worker` and PostgreSQL, until the task is `succeeded`.
A, B and C run with the same processes x threads layout (default: the worker default), so C/B is the
cost of the task system alone. Each row is the median of rounds of A, B and a task on new photos (15
rounds for tasks of fewer than 100 photos, which last under a second; 3 for 100; 1 for 1,000), with A
and B once more after the last task. A and B loop over 40 photos (--b-images), or over as many as the
task has if it has fewer, of the same content as the task's. Like each process of A and B, the worker
is warmed before each timed task, by an untimed task of one photo per process. Photos: camera-size
JPEGs (4032x3024, real photos scaled up, half of them stored sideways with an EXIF orientation tag, as
phones do) and small photos (1024x768). Each photo is made unique by bytes appended after the JPEG's
end (a different sha256, the same decoding work), so no run is answered by the result cache except the
one that is meant to be.

The runtimes table runs A, B and C (100 camera photos) on each detector runtime (OpenCV's DNN module,
OpenVINO in f32, OpenVINO in the reduced precision), with how closely each agrees with the exact
model on real photos that ship in packages: the share of photos with the same labels at >= 0.5, the
mean IoU of their boxes and the largest score difference.

Everything runs in a database (`spotter_bench_<pid>` beside DATABASE_URL's) and Redis queue of its
own, created and removed by this script. Numbers on a shared machine are noisy: the load average is
printed with them.
"""

import argparse
import gc
import io
import json
import multiprocessing
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SITE = Path(sys.prefix) / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
SOURCES = [
    "skimage/data/astronaut.png",
    "skimage/data/chelsea.png",
    "skimage/data/coffee.png",
    "skimage/data/rocket.jpg",
    "skimage/data/motorcycle_left.png",
    "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
]
AGREEMENT_PHOTOS = [
    *SOURCES,
    "skimage/data/motorcycle_right.png",
    "skimage/data/camera.png",
    "skimage/data/horse.png",
    "skimage/data/ihc.png",
    "skimage/data/hubble_deep_field.jpg",
    "skimage/data/retina.jpg",
]
# name: (SPOTTER_DETECTOR_RUNTIME, precision)
RUNTIMES = {"opencv": ("opencv", "exact"), "openvino": ("openvino", "exact"), "openvino-bf16": ("openvino", "reduced")}
CAMERA = (4032, 3024)
SMALL = (1024, 768)
IMPORTED, EXPORTED = 200, 10_000  # photos imported from a folder; photos whose results are exported
SMALL_TASK, REPEATS = 100, 15  # tasks of fewer photos than SMALL_TASK are run REPEATS times (_rounds)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="10,100,1000", help="task sizes for the small photos")
    default_camera = "10,100,1000" if os.environ.get("BENCH_FULL") else "10,100"
    parser.add_argument("--camera-sizes", default=default_camera, help="task sizes for camera-size photos")
    default_layout = f"{os.environ.get('WORKER_CONCURRENCY', '2')}x{os.environ.get('SPOTTER_DETECTOR_THREADS', '1')}"
    parser.add_argument("--layout", default=default_layout, help="worker processes x threads per process")
    parser.add_argument("--layouts", default="1x2,2x1,2x2", help="layouts to compare ('' to skip)")
    parser.add_argument("--runtimes", default=",".join(RUNTIMES), help="runtimes to compare ('' to skip)")
    parser.add_argument("--photos-in-out", type=int, default=1, help="0: skip the import and export rows")
    parser.add_argument("--b-images", type=int, default=40, help="photos in each A/B loop")
    parser.add_argument("--stops", type=int, default=5, help="stop-latency trials")
    args = parser.parse_args()
    bench = Bench(args)
    try:
        bench.run()
    finally:
        bench.close()


def layout(text: str) -> tuple[int, int]:
    processes, threads = text.lower().split("x")
    return int(processes), int(threads)


class Bench:
    def __init__(self, args):
        self.args = args
        self.pid = os.getpid()
        self.work = Path(tempfile.mkdtemp(prefix="spotter-bench-"))
        base = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/spotter")
        self.server_url, self.db_name = base.rsplit("/", 1)[0], f"spotter_bench_{self.pid}"
        redis_url = os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")
        os.environ.update(
            DJANGO_SETTINGS_MODULE="spotter.settings",
            DATABASE_URL=f"{self.server_url}/{self.db_name}",
            REDIS_URL=redis_url,
            CELERY_BROKER_URL=os.environ.get("CELERY_BROKER_URL", redis_url),
            SPOTTER_QUEUE=f"spotter-bench-{self.pid}",
            SPOTTER_VAR_DIR=str(self.work / "var"),
            SPOTTER_MODEL_CACHE=os.environ.get("SPOTTER_MODEL_CACHE", str(ROOT / "var" / "models")),
            MEDIA_ROOT=str(self.work / "media"),
            SPOTTER_AUTH_THROTTLE="100000/minute",
            LOG_LEVEL="WARNING",
        )
        self._sql(f'CREATE DATABASE "{self.db_name}"')
        self.db_created = True
        self.worker: WorkerProcess | None = None
        self.serial = 0
        self.load_before = os.getloadavg()

    def _sql(self, statement: str) -> None:
        import psycopg

        with psycopg.connect(f"{self.server_url}/postgres", autocommit=True) as connection:
            connection.execute(statement)

    def close(self) -> None:
        if self.worker:
            self.worker.stop()
        try:
            from django.db import connections

            connections.close_all()
            from long_running_tasks.queue import delete_queue

            delete_queue(os.environ["SPOTTER_QUEUE"])
        except Exception as error:  # noqa: BLE001 - best effort cleanup
            print(f"cleanup: {error}", file=sys.stderr)
        if getattr(self, "db_created", False):
            self._sql(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
        shutil.rmtree(self.work, ignore_errors=True)

    # --- setup ---

    def setup(self) -> None:
        import django

        django.setup()
        from django.contrib.auth import get_user_model
        from django.core.management import call_command
        from rest_framework.authtoken.models import Token
        from rest_framework.test import APIClient

        call_command("migrate", verbosity=0)
        user = get_user_model().objects.create_user("bench", password="a-long-secret-42")
        self.owner_id = user.id
        self.client = APIClient()
        self.client.credentials(HTTP_AUTHORIZATION=f"Bearer {Token.objects.create(user=user).key}")
        self.camera = self._encoded(CAMERA, sideways=True)
        self.small = self._encoded(SMALL, sideways=False)

    def _encoded(self, size: tuple[int, int], sideways: bool) -> list[bytes]:
        """JPEG bytes of each source photo (and its mirror image) at this size."""
        from PIL import Image as PILImage

        encoded = []
        for n, source in enumerate(SOURCES):
            picture = _crop_to(PILImage.open(SITE / source).convert("RGB"), size[0] / size[1])
            for mirrored in (False, True):
                variant = picture.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT) if mirrored else picture
                variant = variant.resize(size, PILImage.Resampling.BICUBIC)
                buffer = io.BytesIO()
                if sideways and (n + mirrored) % 2:
                    exif = PILImage.Exif()
                    exif[0x0112] = 6  # displayed = stored turned 90° clockwise, as a phone held upright
                    variant.transpose(PILImage.Transpose.ROTATE_90).save(buffer, "JPEG", quality=90, exif=exif)
                else:
                    variant.save(buffer, "JPEG", quality=90)
                encoded.append(buffer.getvalue())
        return encoded

    def upload(self, kind: list[bytes], count: int) -> list:
        """`count` new photos (unique content) stored through the product's own upload code."""
        from django.core.files.uploadedfile import SimpleUploadedFile

        from image_processing.services.photos import PhotoService

        images = []
        for start in range(0, count, 50):
            files = []
            for n in range(start, min(count, start + 50)):
                self.serial += 1
                content = kind[n % len(kind)] + f"spotter-bench-{self.pid}-{self.serial}".encode()
                files.append(SimpleUploadedFile(f"photo-{self.serial}.jpg", content, "image/jpeg"))
            outcome = PhotoService().upload(self.owner_id, files)
            assert not outcome.errors, outcome.errors
            images.extend(outcome.images)
        return images

    # --- A and B ---

    def measure(self, kind, size: int, loop_images, processes: int, threads: int):
        """A, B and C for tasks of `size` photos: `_rounds(size)` rounds of A, B, then a task on new photos,
        and A and B once more after the last; the median of each (C: the task of median rate). On a shared
        machine the load changes by the second: A and B are measured among the tasks, not once beside
        them, and all three by the same statistic. Also returns the first task's photos."""
        a_runs, b_runs, c_runs, first_images = [], [], [], None
        # A task smaller than the loop is compared with a loop over as many photos of the same content: the
        # last photos of a 10-photo task split over two processes end apart by up to a photo, in a plain loop
        # as in a task, and that is no cost of the task system.
        loop_images = loop_images[:size]
        for _ in range(_rounds(size)):
            a_runs.append(self.model_only(loop_images, processes, threads))
            b_runs.append(self.per_image(loop_images, processes, threads))
            images = self.upload(kind, size)
            first_images = first_images or images
            self.warm_up(kind, processes)
            c_runs.append(self.submit([image.id for image in images]))
        a_runs.append(self.model_only(loop_images, processes, threads))
        b_runs.append(self.per_image(loop_images, processes, threads))
        c = sorted(c_runs, key=lambda run: run["rate"])[len(c_runs) // 2]
        return statistics.median(a_runs), statistics.median(b_runs), c, first_images

    def warm_up(self, kind, processes: int) -> None:
        """An untimed task of one new photo per worker process, as each of B's processes runs one photo before
        it is timed: the A and B loops just run evict the worker's model and code from the CPU's caches, and
        the task after them paid for it (10 camera photos, alternating runs: C/B 0.85 cold, 0.89-0.91 warm)."""
        self.submit([image.id for image in self.upload(kind, processes)])

    def a_and_b(self, images, processes: int, threads: int, runtime: str = "") -> tuple[float, float]:
        """A and B for the layouts and runtimes tables: measured twice, alternately, keeping the better of each."""
        a1, b1 = (
            self.model_only(images, processes, threads, runtime),
            self.per_image(images, processes, threads, runtime),
        )
        a2, b2 = (
            self.model_only(images, processes, threads, runtime),
            self.per_image(images, processes, threads, runtime),
        )
        return max(a1, a2), max(b1, b2)

    def model_only(self, images, processes: int, threads: int, runtime: str = "") -> float:
        """A: forward passes on inputs already decoded and resized to 300x300."""
        import cv2
        import numpy as np

        from image_processing import storage
        from image_processing.imaging import load_oriented

        inputs = []
        for image in images:
            with storage.open_file(image.file_name) as stream:
                picture = np.asarray(load_oriented(stream, 300))
            inputs.append(cv2.resize(picture, (300, 300), interpolation=cv2.INTER_AREA))
        return in_parallel(_forward_loop, inputs, processes, threads, runtime)

    def per_image(self, images, processes: int, threads: int, runtime: str = "") -> float:
        """B: the product's per-image code (image_processing.services.examination.examine_file + postprocess)."""
        return in_parallel(_product_loop, [image.file_name for image in images], processes, threads, runtime)

    # --- C ---

    def start_worker(self, processes: int, threads: int, runtime: str = "") -> None:
        if self.worker:
            self.worker.stop()
        self.worker = WorkerProcess(self.work, processes, threads, RUNTIMES[runtime][0] if runtime else "auto")
        self.worker.wait_ready()
        warm = self.upload(self.small, 2 * processes)  # every process has its model loaded and warm
        self.submit([image.id for image in warm])
        self.rss_before = self.worker.rss()

    def submit(self, image_ids, precision: str = "exact") -> dict:
        """C: POST a detect task and wait until it finishes. Its times are read from the task's own rows (when
        its first photo and the task itself were recorded finished), so how often we look does not count."""
        from django.db.models import Min

        from long_running_tasks.models import Task, TaskItem

        # This process is the web process of the POST and also holds every photo it made: a full collection of
        # its heap during a timed task would take a core from the workers, which is not the product's cost.
        gc.collect()
        gc.freeze()
        posted_at, started = time.time(), time.perf_counter()
        body = {"image_ids": [str(i) for i in image_ids], "options": {"precision": precision}}
        response = self.client.post("/api/tasks/detect/", body, format="json")
        submit_ms = (time.perf_counter() - started) * 1000
        assert response.status_code == 202, response.content
        task_id = response.json()["id"]
        # Ten looks a second: the task's own rows say when it finished, so how often we look does not count.
        finished = Task.objects.filter(id=task_id).values_list("status", "failed", "finished_at")
        while (row := finished.get())[0] not in Task.FINISHED:
            time.sleep(0.1)
        status, failed, finished_at = row
        assert status == "succeeded" and failed == 0, row
        first_done = TaskItem.objects.filter(task_id=task_id).aggregate(first=Min("finished_at"))["first"]
        return {
            "rate": len(image_ids) / (finished_at.timestamp() - posted_at),
            "submit_ms": submit_ms,
            "first_ms": (first_done.timestamp() - posted_at) * 1000,
        }

    def stop_latencies(self, trials: int) -> list[float]:
        """DELETE -> `cancelled`, for a camera-photo task stopped once its workers are busy."""
        from long_running_tasks.models import Task

        latencies = []
        for _ in range(trials):
            ids = [str(image.id) for image in self.upload(self.camera, 24)]
            task_id = self.client.post("/api/tasks/detect/", {"image_ids": ids}, format="json").json()["id"]
            while Task.objects.filter(id=task_id).values_list("processed", flat=True).get() < 2:
                time.sleep(0.01)
            time.sleep(0.05)  # into the middle of an image
            started = time.perf_counter()
            assert self.client.delete(f"/api/tasks/{task_id}/").status_code == 202
            while Task.objects.filter(id=task_id).values_list("status", flat=True).get() != "cancelled":
                time.sleep(0.005)
            latencies.append((time.perf_counter() - started) * 1000)
        return latencies

    # --- the run ---

    def run(self) -> None:
        self.setup()

        processes, threads = layout(self.args.layout)
        b_count = self.args.b_images
        sets = [
            ("camera 4032x3024", self.camera, [int(n) for n in self.args.camera_sizes.split(",") if n]),
            ("small 1024x768", self.small, [int(n) for n in self.args.sizes.split(",") if n]),
        ]
        print(f"Spotter benchmark · {os.cpu_count()} cores · {platform.processor() or platform.machine()} · "
              f"detector on {in_child(_runtime_of, '')} · PostgreSQL + Redis · layout {processes} process(es) x "
              f"{threads} "
              f"thread(s) · load average before {self._load(self.load_before)}", flush=True)  # fmt: skip

        self.start_worker(processes, threads)
        rows, camera_b = [], None
        for name, kind, sizes in sets:
            loop_images = self.upload(kind, b_count)
            for size in sizes:
                a, b, c, first_images = self.measure(kind, size, loop_images, processes, threads)
                camera_b = camera_b or b
                rounds = _rounds(size)
                note = f" (median of {rounds} tasks)" if rounds > 1 else ""
                rows.append((name, size, a, b, c, note))
                print(_row(rows[-1]), file=sys.stderr, flush=True)
                if size == 100:
                    again = self.submit([image.id for image in first_images])
                    rows.append((name, size, a, b, again, " (2nd run: result cache)"))
        stops = self.stop_latencies(self.args.stops) or [float("nan")]
        rss_after = self.worker.rss()

        print()
        print("| photos | task | A model img/s | B per-image img/s | C end-to-end img/s | C/B | B/A | submit ms | "
              "first progress ms |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
        for row in rows:
            print(_row(row))
        image_ms = 1000 * processes / (camera_b or 1)
        print()
        for name, _, sizes in sets:
            if len(sizes) > 1:
                print(_growth(name, [row for row in rows if row[0] == name and "result cache" not in row[5]]))
        print(f"stop latency (DELETE -> cancelled, {len(stops)} camera tasks): p50 {statistics.median(stops):.0f} ms, "
              f"p95 {_p95(stops):.0f} ms, max {max(stops):.0f} ms; one camera image takes {image_ms:.0f} ms "
              f"per process (target <= {image_ms + 200:.0f} ms)")  # fmt: skip
        print(f"worker RSS (all {processes + 1} processes): {self.rss_before / 2**20:.0f} MiB before, "
              f"{rss_after / 2**20:.0f} MiB after {self.serial} photos")  # fmt: skip

        if self.args.layouts:
            print()
            print("| layout (processes x threads) | A img/s | B img/s | C img/s (100 camera photos) |")
            print("|---|---:|---:|---:|")
            for text in self.args.layouts.split(","):
                p, t = layout(text)
                loop_images = self.upload(self.camera, b_count)
                a, b = self.a_and_b(loop_images, p, t)
                self.start_worker(p, t)
                self.warm_up(self.camera, p)
                c = self.submit([image.id for image in self.upload(self.camera, 100)])
                print(f"| {p} x {t} | {a:.1f} | {b:.1f} | {c['rate']:.1f} |", flush=True)
        if self.args.runtimes:
            self.compare_runtimes(processes, threads)
        print()
        print("| model | input | prepare ms | forward ms | decode ms | (prepare + decode) / forward |")
        print("|---|---|---:|---:|---:|---:|")
        for kind in ("ssd", "yolo"):
            name, size, prepare_ms, forward_ms, decode_ms = in_child(_model_overhead, kind)
            overhead = (prepare_ms + decode_ms) / forward_ms
            print(f"| {name} | {size} | {prepare_ms:.2f} | {forward_ms:.2f} | {decode_ms:.2f} | {overhead:.1%} |")
        if self.args.photos_in_out:
            self.photos_in_and_out()
        print()
        print(f"load average after: {self._load(os.getloadavg())}")

    def photos_in_and_out(self) -> None:
        """manage.py import_photos on a folder of camera photos, and exports of 10,000 photos' results, each in
        a process of its own that reports its own peak memory."""
        from django.contrib.auth import get_user_model

        from image_processing.models import Detection, Image

        folder = self.work / "import"
        folder.mkdir()
        for n in range(IMPORTED):
            self.serial += 1
            content = self.camera[n % len(self.camera)] + f"spotter-bench-{self.pid}-{self.serial}".encode()
            (folder / f"IMG_{n:04d}.jpg").write_bytes(content)
        get_user_model().objects.create_user("bench-import", password="a-long-secret-42")
        command = f"call_command('import_photos', {str(folder)!r}, '--user', 'bench-import')"
        importing = _child_python(f"from django.core.management import call_command; {command}")
        owner = get_user_model().objects.create_user("bench-export", password="a-long-secret-42")
        images = Image.objects.bulk_create(
            Image(owner=owner, filename=f"IMG_{n:05d}.jpg", content_type="image/jpeg", width=4032, height=3024,
                  size_bytes=1, sha256=f"{n:064x}", file_name="-", thumbnail_name="-") for n in range(EXPORTED)
        )  # fmt: skip
        Detection.objects.bulk_create(
            (Detection(image=image, owner=owner, model="bench", label=label, confidence=0.5 + k / 10, x_min=0.1,
                       y_min=0.1, x_max=0.5, y_max=0.6)
             for image in images for k, label in enumerate(("person", "dog", "cup"))),
            batch_size=5000,
        )  # fmt: skip
        print()
        print("| photos in and out | photos | seconds | photos/s | peak memory of the process |")
        print("|---|---:|---:|---:|---:|")
        print(f"| manage.py import_photos, camera JPEGs 4032x3024 | {IMPORTED} | {importing['seconds']:.1f} | "
              f"{IMPORTED / importing['seconds']:.1f} | {importing['peak_mib']:.0f} MiB |")  # fmt: skip
        for fmt in ("csv", "coco", "yolo"):
            exported = _child_python(
                "from image_processing.repository import PhotoFilters; "
                "from image_processing.services.gallery import GalleryService; "
                f"size = sum(map(len, GalleryService().export({owner.id}, PhotoFilters(), {fmt!r}, 0.5, False)))"
            )
            print(f"| export {fmt}, 3 detections a photo | {EXPORTED} | {exported['seconds']:.1f} | "
                  f"{EXPORTED / exported['seconds']:.0f} | {exported['peak_mib']:.0f} MiB |", flush=True)  # fmt: skip

    def compare_runtimes(self, processes: int, threads: int) -> None:
        print()
        print("| runtime | A img/s | B img/s | C img/s (100 camera photos) | C/B | photos with the same labels >= 0.5 "
              "| mean box IoU | largest score difference |")  # fmt: skip
        print("|---|---:|---:|---:|---:|---:|---:|---:|")
        _, reference = in_child(_detections_on_package_photos, "openvino")
        for name in self.args.runtimes.split(","):
            loop_images = self.upload(self.camera, self.args.b_images)
            a, b = self.a_and_b(loop_images, processes, threads, name)
            self.start_worker(processes, threads, name)
            precision = RUNTIMES[name][1]
            self.submit([image.id for image in self.upload(self.camera, processes)], precision)  # warm
            c = self.submit([image.id for image in self.upload(self.camera, 100)], precision)["rate"]
            runtime, found = in_child(_detections_on_package_photos, name)
            same, iou, score = _agreement(reference, found)
            print(f"| {name} ({runtime}) | {a:.1f} | {b:.1f} | {c:.1f} | {c / b:.2f} | "
                  f"{same:.0%} of {len(AGREEMENT_PHOTOS)} | {iou:.4f} | {score:.4f} |", flush=True)  # fmt: skip

    @staticmethod
    def _load(values) -> str:
        return " ".join(f"{v:.2f}" for v in values)


def _row(row) -> str:
    name, size, a, b, c, note = row
    return (f"| {name}{note} | {size} | {a:.1f} | {b:.1f} | {c['rate']:.1f} | {c['rate'] / b:.2f} | {b / a:.2f} | "
            f"{c['submit_ms']:.0f} | {c['first_ms']:.0f} |")  # fmt: skip


def _growth(name: str, rows: list) -> str:
    """How C changes with the task's size, against the largest task: raw, and as C/B, since B, measured
    beside each row, shows how fast the machine itself was then (a shared one drifts by 10-20 % within a
    run, on the same photos)."""
    largest = rows[-1][4]["rate"]
    raw = " -> ".join(f"{size} {c['rate']:.1f} ({c['rate'] / largest - 1:+.0%})" for _, size, _, _, c, _ in rows)
    machine = " -> ".join(f"{b:.1f}" for _, _, _, b, _, _ in rows)
    ratios = " -> ".join(f"{c['rate'] / b:.2f}" for _, _, _, b, c, _ in rows)
    return f"C by task size, {name}: {raw} img/s; B beside them {machine} img/s; C/B {ratios}"


def _rounds(size: int) -> int:
    """Tasks run for a row: a task of fewer than SMALL_TASK photos lasts well under a second, where one hiccup
    of another program moves its rate by half; a 1,000-photo task averages hiccups out by itself."""
    return REPEATS if size < SMALL_TASK else 3 if size < 1000 else 1


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def _crop_to(picture, ratio: float):
    width, height = picture.size
    if width / height > ratio:
        new_width = round(height * ratio)
        return picture.crop(((width - new_width) // 2, 0, (width - new_width) // 2 + new_width, height))
    new_height = round(width / ratio)
    return picture.crop((0, (height - new_height) // 2, width, (height - new_height) // 2 + new_height))


# --- loops run in child processes (forked: they share the parent's inputs) ---


def _child_python(code: str) -> dict:
    """Run `code` in a new Python process with Django set up: its seconds and its own peak memory."""
    # VmHWM, not getrusage's ru_maxrss, which Linux carries over from the parent across exec.
    script = ("import django, json, re, time; django.setup(); started = time.monotonic()\n" + code + "\n"
              "peak = int(re.search(r'VmHWM:\\s+(\\d+)', open('/proc/self/status').read()).group(1))\n"
              "print(json.dumps({'seconds': time.monotonic() - started, 'peak_mib': peak / 1024}))")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def _use_runtime(name: str):
    """This process's detector on the named runtime (RUNTIMES; "" for the configured one)."""
    from django.conf import settings

    from image_processing.detection import SHIPPED_MODEL, get_detector
    from image_processing.detection.loader import forget_detectors

    runtime, precision = RUNTIMES.get(name, (settings.SPOTTER_DETECTOR_RUNTIME, "exact"))
    settings.SPOTTER_DETECTOR_RUNTIME = runtime
    forget_detectors()
    return get_detector(SHIPPED_MODEL, precision), precision


def _runtime_of(name: str) -> str:
    return _use_runtime(name)[0].runtime


def _detections_on_package_photos(name: str) -> tuple[str, list]:
    """(the runtime's name, what it finds in each agreement photo)."""
    import numpy as np

    from image_processing.imaging import load_oriented

    detector, _ = _use_runtime(name)
    pictures = [np.asarray(load_oriented(io.BytesIO((SITE / p).read_bytes()), 300)) for p in AGREEMENT_PHOTOS]
    return detector.runtime, [detector.detect(picture, min_confidence=0.5) for picture in pictures]


def in_child(function, *args):
    """`function(*args)` in a forked process: this one never loads a detector, as a process forked after
    OpenVINO has started its threads may hang."""
    context = multiprocessing.get_context("fork")
    with context.Pool(1) as pool:
        return pool.apply(function, args)


def _agreement(reference: list, found: list) -> tuple[float, float, float]:
    """(share of photos with the same labels in the same order, mean IoU of their boxes, largest score
    difference) of `found` against `reference`, at the default minimum confidence."""
    same = [(r, f) for r, f in zip(reference, found, strict=True) if [x.label for x in r] == [x.label for x in f]]
    pairs = [(x, y) for r, f in same for x, y in zip(r, f, strict=True)]
    iou = statistics.mean(_box_iou(x.box, y.box) for x, y in pairs) if pairs else float("nan")
    score = max((abs(x.confidence - y.confidence) for x, y in pairs), default=0.0)
    return len(same) / len(reference), iou, score


def _box_iou(a, b) -> float:
    width = max(0.0, min(a.x_max, b.x_max) - max(a.x_min, b.x_min))
    height = max(0.0, min(a.y_max, b.y_max) - max(a.y_min, b.y_min))
    union = (a.x_max - a.x_min) * (a.y_max - a.y_min) + (b.x_max - b.x_min) * (b.y_max - b.y_min) - width * height
    return width * height / union


def in_parallel(loop, items: list, processes: int, threads: int, runtime: str = "") -> float:
    """Images per second of `loop` over `items`, split over `processes` forked processes."""
    from django.db import connections

    connections.close_all()  # children must not share the parent's database connection
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(processes), context.Queue()
    children = [
        context.Process(target=_child, args=(loop, items[n::processes], threads, runtime, barrier, results))
        for n in range(processes)
    ]
    for child in children:
        child.start()
    spans = [results.get() for _ in children]
    for child in children:
        child.join()
    return sum(count for _, _, count in spans) / (max(end for _, end, _ in spans) - min(s for s, _, _ in spans))


def _child(loop, items, threads, runtime, barrier, results) -> None:
    import cv2
    from django.conf import settings

    settings.SPOTTER_DETECTOR_THREADS = threads
    cv2.setNumThreads(threads)
    _, precision = _use_runtime(runtime)  # this process's own detector, with its thread count
    run = loop(precision)
    run(items[0])  # load and warm up
    barrier.wait()
    started = time.monotonic()
    for item in items:
        run(item)
    results.put((started, time.monotonic(), len(items)))


def _forward_loop(precision: str):
    from image_processing.detection import SHIPPED_MODEL, get_detector

    return get_detector(SHIPPED_MODEL, precision).candidates  # the runtime's forward pass, and reading its output


def _product_loop(precision: str):
    from image_processing.detection import DEFAULT_MIN_CONFIDENCE, SHIPPED_MODEL, postprocess
    from image_processing.services.examination import KEPT_FLOOR
    from image_processing.services.per_photo import ModelRun, examine_file

    run = ModelRun(SHIPPED_MODEL, precision)
    return lambda file_name: postprocess(
        examine_file(file_name, run, False, KEPT_FLOOR)[0], DEFAULT_MIN_CONFIDENCE, None, SHIPPED_MODEL.classes
    )


def _model_overhead(kind: str) -> tuple[str, str, float, float, float]:
    """(model, input, prepare ms, forward ms, decode ms): the medians over a camera photo, decoded as the
    worker decodes it, for the shipped SSD or a YOLO-layout model of a real export's size (random weights)."""
    import hashlib

    import numpy as np
    from django.conf import settings
    from PIL import Image as PILImage

    from image_processing.detection import DEFAULT_MIN_CONFIDENCE, SHIPPED_MODEL, ModelSpec, postprocess
    from image_processing.detection.layouts import decode, prepare, recognise
    from image_processing.detection.model_files import verified_shipped_graph
    from image_processing.detection.runtimes.openvino import OpenVinoDetector, describe
    from image_processing.imaging import load_oriented
    from image_processing.services.examination import KEPT_FLOOR
    from image_processing.tests.onnx_models import realistic_yolov8_model

    cache = Path(settings.SPOTTER_MODEL_CACHE)
    if kind == "ssd":
        spec, source = SHIPPED_MODEL, verified_shipped_graph()
    else:
        source = realistic_yolov8_model(Path(tempfile.mkdtemp()) / "yolo.onnx")
        sha256 = hashlib.sha256(source.read_bytes()).hexdigest()
        inputs, outputs, names = describe(source, sha256, cache)
        found = recognise(inputs, outputs)
        classes = tuple(names[n] for n in range(found.class_count))
        spec = ModelSpec("yolo-layout", sha256, found.layout, classes, found.input_width, found.input_height)
    detector = OpenVinoDetector(spec, source, cache, "exact", threads=1)
    photo = PILImage.open(SITE / SOURCES[0]).convert("RGB").resize((4032, 3024))
    buffer = io.BytesIO()
    photo.save(buffer, "JPEG", quality=90)
    rgb = np.asarray(load_oriented(io.BytesIO(buffer.getvalue()), max(spec.input_width, spec.input_height)))
    timings: list[tuple[float, float, float]] = []
    for _ in range(30):
        started = time.perf_counter()
        tensor, placement = prepare(rgb, spec.layout, spec.input_width, spec.input_height)
        prepared = time.perf_counter()
        outputs = detector.forward(tensor)
        forwarded = time.perf_counter()
        postprocess(decode(outputs, spec.layout, placement, KEPT_FLOOR), DEFAULT_MIN_CONFIDENCE, None, spec.classes)
        timings.append((prepared - started, forwarded - prepared, time.perf_counter() - forwarded))
    medians = [1000 * statistics.median(t[n] for t in timings[5:]) for n in range(3)]
    name = spec.name if kind == "ssd" else f"YOLO layout, {len(spec.classes)} classes"
    return name, f"{spec.input_width}x{spec.input_height}", *medians


# --- the worker ---


class WorkerProcess:
    """A real `celery worker` on the bench database and queue."""

    def __init__(self, work: Path, processes: int, threads: int, runtime: str):
        self.log_path = work / f"worker-{uuid.uuid4().hex[:6]}.log"
        self.log = self.log_path.open("w")
        env = {**os.environ, "SPOTTER_DETECTOR_THREADS": str(threads), "SPOTTER_DETECTOR_RUNTIME": runtime,
               "LOG_LEVEL": "WARNING"}  # fmt: skip
        command = [sys.executable, "-m", "celery", "-A", "spotter", "worker", "--loglevel", "INFO",
                   "--concurrency", str(processes), "--without-mingle", "--without-gossip",
                   "--queues", os.environ["SPOTTER_QUEUE"], "--hostname", f"b-{uuid.uuid4().hex[:6]}@%h"]  # fmt: skip
        self.process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT)

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if "ready." in self.log_path.read_text():
                return
            if self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise RuntimeError(f"the worker did not start:\n{self.log_path.read_text()[-3000:]}")

    def rss(self) -> int:
        import psutil

        parent = psutil.Process(self.process.pid)
        return sum(p.memory_info().rss for p in [parent, *parent.children(recursive=True)])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


if __name__ == "__main__":
    main()
