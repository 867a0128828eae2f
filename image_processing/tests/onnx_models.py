"""Small ONNX models built with the `onnx` package, one per layout Spotter reads, whose outputs are fixed boxes
and scores whatever the picture (no model can be downloaded here); and a YOLO-layout model of realistic
size with random weights, for measuring the decoding (scripts/bench.py)."""

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def _fixed_outputs(
    path: Path,
    input_shape: list[int],
    input_type: int,
    outputs: dict[str, np.ndarray],
    metadata: dict[str, str] | None = None,
) -> Path:
    """A graph whose outputs are these arrays for any input. The input takes part (times zero), so that no
    runtime drops it as unused."""
    nodes = [
        helper.make_node("Cast", ["images"], ["as_float"], to=TensorProto.FLOAT),
        helper.make_node("ReduceMean", ["as_float"], ["mean"], keepdims=0),
        helper.make_node("Mul", ["mean", "zero"], ["nothing"]),
    ]
    initializers = [numpy_helper.from_array(np.zeros((), np.float32), "zero")]
    graph_outputs = []
    for name, value in outputs.items():
        initializers.append(numpy_helper.from_array(value.astype(np.float32), f"{name}_value"))
        nodes.append(helper.make_node("Add", [f"{name}_value", "nothing"], [name]))
        graph_outputs.append(helper.make_tensor_value_info(name, TensorProto.FLOAT, list(value.shape)))
    graph = helper.make_graph(
        nodes, "fixed", [helper.make_tensor_value_info("images", input_type, input_shape)], graph_outputs, initializers
    )
    return _save(graph, path, metadata)


def _save(graph, path: Path, metadata: dict[str, str] | None) -> Path:
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    for key, value in (metadata or {}).items():
        model.metadata_props.append(onnx.StringStringEntryProto(key=key, value=value))
    onnx.checker.check_model(model)
    onnx.save(model, path)
    return path


def _padded(boxes: list, scores: np.ndarray, rows: int = 32) -> tuple[np.ndarray, np.ndarray]:
    """Boxes and scores with empty rows added: exports have thousands of boxes, far more than classes,
    which is how the two YOLO layouts are told apart."""
    extra = rows - len(boxes)
    return np.pad(np.array(boxes, np.float32), ((0, extra), (0, 0))), np.pad(scores, ((0, extra), (0, 0)))


def yolov8_model(path: Path, boxes: list[tuple[float, float, float, float]], scores: np.ndarray,
                 names: list[str] | None, size: int = 640) -> Path:  # fmt: skip
    """A YOLOv8 / YOLO11 export: output [1, 4 + C, N], boxes as centre and size in input pixels; class names
    in the metadata as Ultralytics writes them (a Python dict), unless `names` is None."""
    boxes, scores = _padded(boxes, scores)
    table = np.concatenate([boxes.T, scores.T], axis=0)[None]  # [1, 4 + C, N]
    metadata = {"names": repr(dict(enumerate(names)))} if names else None
    return _fixed_outputs(path, [1, 3, size, size], TensorProto.FLOAT, {"output0": table}, metadata)


def yolov5_model(path: Path, boxes: list[tuple[float, float, float, float]], objectness: list[float],
                 scores: np.ndarray, size: int = 640) -> Path:  # fmt: skip
    """A YOLOv5 export: output [1, N, 5 + C] (centre, size, objectness, class scores); no names in the file."""
    boxes, scores = _padded(boxes, np.concatenate([np.array(objectness, np.float32)[:, None], scores], 1))
    table = np.concatenate([boxes, scores], 1)[None]  # [1, N, 5 + C]: objectness first among the scores
    return _fixed_outputs(path, [1, 3, size, size], TensorProto.FLOAT, {"output0": table})


def ssd_model(path: Path, boxes: list[tuple[float, float, float, float]], scores: list[float], classes: list[int],
              size: int = 300) -> Path:  # fmt: skip
    """The TensorFlow Object Detection API layout, as tf2onnx exports it: uint8 [1, H, W, 3] in, boxes as
    (y_min, x_min, y_max, x_max) fractions, scores, class ids from 1, and the count."""
    outputs = {
        "detection_boxes": np.array(boxes, np.float32)[None],
        "detection_scores": np.array(scores, np.float32)[None],
        "detection_classes": np.array(classes, np.float32)[None],
        "num_detections": np.array([len(scores)], np.float32),
    }
    return _fixed_outputs(path, [1, size, size, 3], TensorProto.UINT8, outputs)


def unknown_layout_model(path: Path) -> Path:
    """A picture in, two outputs of shapes no detection layout has (a classifier's, say)."""
    outputs = {"logits": np.zeros((1, 1000), np.float32), "features": np.zeros((1, 7, 7, 512), np.float32)}
    return _fixed_outputs(path, [1, 3, 224, 224], TensorProto.FLOAT, outputs)


def realistic_yolov8_model(path: Path, classes: int = 80, size: int = 640, seed: int = 0) -> Path:
    """A YOLOv8-layout graph of a real export's size and about YOLOv8n's compute (some 8 GFLOPs): 640x640
    in, a backbone of 3x3 convolutions down to strides 8, 16 and 32, a 1x1 head on each, [1, 84, 8400] out;
    random weights, and class scores that start low, as a trained head's do for almost every anchor."""
    rng = np.random.default_rng(seed)
    nodes, initializers = [], []

    def conv(source: str, name: str, channels_in: int, channels_out: int, kernel: int, stride: int,
             bias: np.ndarray | None = None, activation: bool = True) -> str:  # fmt: skip
        weight = rng.normal(
            0, np.sqrt(2 / (channels_in * kernel * kernel)), (channels_out, channels_in, kernel, kernel)
        )
        bias = np.zeros(channels_out) if bias is None else bias
        initializers.extend([numpy_helper.from_array(weight.astype(np.float32), f"{name}_w"),
                             numpy_helper.from_array(bias.astype(np.float32), f"{name}_b")])  # fmt: skip
        nodes.append(helper.make_node("Conv", [source, f"{name}_w", f"{name}_b"], [f"{name}_conv"],
                                      strides=[stride] * 2, pads=[kernel // 2] * 4))  # fmt: skip
        if not activation:
            return f"{name}_conv"
        nodes.append(helper.make_node("Relu", [f"{name}_conv"], [name]))
        return name

    channels = 4 + classes
    features, width = conv("images", "stem", 3, 16, 3, 2), 16
    pieces = []
    for stage, wider in enumerate((32, 64, 128, 256)):
        features = conv(features, f"down{stage}", width, wider, 3, 2)
        width = wider
        for block in range(2 if stage == 0 else 4):
            features = conv(features, f"block{stage}_{block}", width, width, 3, 1)
        if stage > 0:  # strides 8, 16 and 32
            head_bias = np.concatenate([np.zeros(4), np.full(classes, -7.0)])
            head = conv(features, f"head{stage}", width, channels, 1, 1, head_bias, activation=False)
            initializers.append(numpy_helper.from_array(np.array([1, channels, -1], np.int64), f"shape{stage}"))
            nodes.append(helper.make_node("Reshape", [head, f"shape{stage}"], [f"flat{stage}"]))
            pieces.append(f"flat{stage}")
    scale = np.concatenate([np.full(4, float(size)), np.ones(classes)]).astype(np.float32).reshape(1, channels, 1)
    initializers.append(numpy_helper.from_array(scale, "scale"))
    nodes += [
        helper.make_node("Concat", pieces, ["raw"], axis=2),
        helper.make_node("Sigmoid", ["raw"], ["squashed"]),
        helper.make_node("Mul", ["squashed", "scale"], ["output0"]),
    ]
    anchors = sum((size // stride) ** 2 for stride in (8, 16, 32))
    graph = helper.make_graph(
        nodes,
        "yolo",
        [helper.make_tensor_value_info("images", TensorProto.FLOAT, [1, 3, size, size])],
        [helper.make_tensor_value_info("output0", TensorProto.FLOAT, [1, channels, anchors])],
        initializers,
    )
    return _save(graph, path, {"names": repr({n: f"class{n}" for n in range(classes)})})
