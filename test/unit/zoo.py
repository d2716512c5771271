"""The light model zoo shipped in the onnx wheel, made runnable.

`onnx/backend/test/data/light/light_*.onnx` are real model-zoo graphs (ResNet-50,
ShuffleNet, ...) whose weights are `ConstantOfShape` fills of one value, which would
make every comparison trivial. `randomized_light_model` replaces each fill by a random
initializer scaled for its role (found by following the fill to the op that uses it),
so activations neither vanish nor explode through ~50 layers:

- conv and gemm weights: He-normal, std = sqrt(2 / fan_in);
- batch-norm scale and multiplicative scales: uniform in [0.8, 1.2];
- biases and additive shifts: normal with std 0.05;
- batch-norm mean and variance: calibrated, as a trained network's are. Random values
  cannot be right, since the scale of an un-normalized activation compounds layer
  after layer (x10^4 through ResNet-50's residual sums, a one-hot softmax). So each
  BatchNormalization is rewritten to normalize with the statistics of its own input,
  the graph runs once in onnxruntime on `random_feeds(model, seed)`, and the observed
  per-channel mean and (biased) variance become the node's mean and variance. Every
  batch norm then sees the input it was calibrated on, so its output has unit scale.
"""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import onnx
from onnx import helper, numpy_helper

LIGHT_DIR = Path(onnx.__file__).parent / "backend" / "test" / "data" / "light"

_PASS_THROUGH = {"Unsqueeze", "Reshape", "Identity", "Squeeze", "Flatten", "Cast"}


def light_model_path(name: str) -> Path:
    """`resnet50` -> .../light/light_resnet50.onnx."""
    path = LIGHT_DIR / f"light_{name}.onnx"
    if not path.exists():
        available = sorted(p.stem.removeprefix("light_") for p in LIGHT_DIR.glob("light_*.onnx"))
        raise FileNotFoundError(f"no light model '{name}'; available: {', '.join(available)}")
    return path


def _consumers(graph: onnx.GraphProto) -> dict[str, list[tuple[onnx.NodeProto, int]]]:
    users: dict[str, list[tuple[onnx.NodeProto, int]]] = {}
    for node in graph.node:
        for index, name in enumerate(node.input):
            users.setdefault(name, []).append((node, index))
    return users


def _role(name: str, users: dict[str, list[tuple[onnx.NodeProto, int]]]) -> tuple[str, int]:
    """(op type, input index) of the op that finally uses `name`, looking through
    shape-only ops such as Unsqueeze."""
    seen = 0
    while seen < 8:
        uses = users.get(name, [])
        if not uses:
            return ("", 0)
        node, index = uses[0]
        if node.op_type not in _PASS_THROUGH:
            return (node.op_type, index)
        name, seen = node.output[0], seen + 1
    return ("", 0)


def _random_weight(rng: np.random.Generator, shape: tuple[int, ...], role: tuple[str, int], node_of) -> np.ndarray:
    op, index = role
    if op == "Conv" and index == 1:
        fan_in = math.prod(shape[1:])
        return rng.normal(0.0, math.sqrt(2.0 / fan_in), shape)
    if op == "Gemm" and index == 1:
        trans_b = any(a.name == "transB" and a.i for a in node_of.attribute) if node_of is not None else False
        fan_in = shape[1] if trans_b else shape[0]
        return rng.normal(0.0, math.sqrt(2.0 / fan_in), shape)
    if (op == "BatchNormalization" and index == 1) or op == "Mul":
        return rng.uniform(0.8, 1.2, shape)
    if op == "BatchNormalization" and index == 4:
        return rng.uniform(0.5, 1.5, shape)
    return rng.normal(0.0, 0.05, shape)


def randomized_light_model(name: str, seed: int = 0) -> onnx.ModelProto:
    """The light model with every ConstantOfShape weight fill replaced by a random,
    well-scaled initializer (and the now unused `*__SHAPE` inputs removed)."""
    model = onnx.load(str(light_model_path(name)))
    graph = model.graph
    rng = np.random.default_rng(seed)
    inits = {t.name: t for t in graph.initializer}
    users = _consumers(graph)
    kept, added = [], []
    for node in graph.node:
        if node.op_type != "ConstantOfShape" or node.input[0] not in inits:
            kept.append(node)
            continue
        shape = tuple(int(d) for d in numpy_helper.to_array(inits[node.input[0]]))
        role = _role(node.output[0], users)
        user = users.get(node.output[0], [(None, 0)])[0][0]
        array = _random_weight(rng, shape, role, user).astype(np.float32)
        added.append(numpy_helper.from_array(array, node.output[0]))
    del graph.node[:]
    graph.node.extend(kept)
    graph.initializer.extend(added)
    used = {name for node in graph.node for name in node.input} | {o.name for o in graph.output}
    live = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(live)
    live_names = {t.name for t in live}
    inputs = [vi for vi in graph.input if vi.name in used and (vi.name in live_names or vi.name not in inits)]
    declared = {vi.name for vi in inputs}
    inputs += [
        helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)) for t in added if t.name not in declared
    ]
    del graph.input[:]
    graph.input.extend(inputs)
    _calibrate_batch_norms(model, seed)
    return model


def _calibrate_batch_norms(model: onnx.ModelProto, seed: int) -> None:
    """Set every rank-4 BatchNormalization's mean and variance initializers to the
    statistics of its input (see the module docstring)."""
    graph = model.graph
    inits = {t.name: t for t in graph.initializer}
    probe = onnx.ModelProto()
    probe.CopyFrom(model)
    del probe.graph.node[:]
    del probe.graph.output[:]
    stats: list[tuple[onnx.NodeProto, str, str]] = []
    for index, node in enumerate(graph.node):
        if node.op_type != "BatchNormalization" or node.input[3] not in inits or node.input[4] not in inits:
            probe.graph.node.append(node)
            continue
        x, scale, bias = node.input[:3]
        eps = next((a.f for a in node.attribute if a.name == "epsilon"), 1e-5)
        p = f"__calib{index}_"
        channels = numpy_helper.to_array(inits[scale]).shape[0]
        for name, source in ((p + "scale", scale), (p + "bias", bias)):
            value = numpy_helper.to_array(inits[source]).reshape(channels, 1, 1)
            probe.graph.initializer.append(numpy_helper.from_array(value, name))
        probe.graph.initializer.append(numpy_helper.from_array(np.array(eps, np.float32), p + "eps"))
        probe.graph.node.extend(
            [
                helper.make_node("ReduceMean", [x], [p + "mean"], axes=[0, 2, 3], keepdims=1),
                helper.make_node("Sub", [x, p + "mean"], [p + "centered"]),
                helper.make_node("Mul", [p + "centered", p + "centered"], [p + "squared"]),
                helper.make_node("ReduceMean", [p + "squared"], [p + "var"], axes=[0, 2, 3], keepdims=1),
                helper.make_node("Add", [p + "var", p + "eps"], [p + "var_eps"]),
                helper.make_node("Sqrt", [p + "var_eps"], [p + "std"]),
                helper.make_node("Div", [p + "centered", p + "std"], [p + "normed"]),
                helper.make_node("Mul", [p + "normed", p + "scale"], [p + "scaled"]),
                helper.make_node("Add", [p + "scaled", p + "bias"], [node.output[0]]),
            ]
        )
        probe.graph.output.extend(
            [helper.make_value_info(p + "mean", onnx.TypeProto()), helper.make_value_info(p + "var", onnx.TypeProto())]
        )
        stats.append((node, p + "mean", p + "var"))
    if not stats:
        return
    observed = onnxruntime_outputs(probe, random_feeds(model, seed))
    for node, mean, var in stats:
        for name, key in ((node.input[3], mean), (node.input[4], var)):
            value = observed[key].reshape(-1).astype(np.float32)
            inits[name].CopyFrom(numpy_helper.from_array(value, name))


def onnxruntime_outputs(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Run `model` with onnxruntime on the CPU; outputs by ONNX name."""
    import onnxruntime

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3  # no warnings about initializers the graph leaves unused
    session = onnxruntime.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    names = [o.name for o in session.get_outputs()]
    return dict(zip(names, session.run(names, feeds)))


def real_inputs(model: onnx.ModelProto) -> list[onnx.ValueInfoProto]:
    """Graph inputs that are not initializers (IR 3 lists both)."""
    inits = {t.name for t in model.graph.initializer}
    return [vi for vi in model.graph.input if vi.name not in inits]


def random_feeds(model: onnx.ModelProto, seed: int = 0) -> dict[str, np.ndarray]:
    """Standard-normal f32 values for every real input."""
    rng = np.random.default_rng(seed)
    feeds = {}
    for vi in real_inputs(model):
        shape = [d.dim_value for d in vi.type.tensor_type.shape.dim]
        feeds[vi.name] = rng.standard_normal(shape).astype(np.float32)
    return feeds


def optimized_light_model(name: str, seed: int = 0):
    """The randomized light model `name`, its feeds, and the module `nn-optimize`
    makes of it with its inputs in argument order: what the hw-level benches start
    from. Returns (model, feeds, module, inputs)."""
    from nn_graphs import apply_pipeline

    from nnpipe.frontend.onnx import import_model
    from nnpipe.interpreter import runner

    model = randomized_light_model(name, seed)
    feeds = random_feeds(model, seed)
    module = import_model(model)
    inputs = [feeds[key] for key in runner.input_names(runner.entry_function(module))]
    apply_pipeline(module, "nn-optimize")
    return model, feeds, module, inputs
