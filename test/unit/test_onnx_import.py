"""The ONNX importer: layout planning, numerics against onnxruntime with activations held
NHWC (which the single-node ONNX tests never exercise), the IR it produces, and its
diagnostics."""

from __future__ import annotations

import math
import subprocess
import sys
from collections import Counter
from pathlib import Path

import numpy as np
import onnx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from onnx import TensorProto, helper, numpy_helper
from xdsl.dialects.builtin import DenseResourceAttr

from nnpipe.dialects import weights
from nnpipe.frontend import layout
from nnpipe.frontend.onnx import MAX_OPSET, MIN_OPSET, OnnxImportError, import_file, import_model
from nnpipe.interpreter.runner import input_names, output_names, run_module, entry_function

sys.path.insert(0, str(Path(__file__).parent))
from zoo import light_model_path, onnxruntime_outputs  # noqa: E402

BIN = Path(sys.executable).parent
RNG = np.random.default_rng(0)


# --------------------------------------------------------------------------- #
# Helpers                                                                     #
# --------------------------------------------------------------------------- #


def make_model(nodes, inputs, outputs, initializers=None, opset=13) -> onnx.ModelProto:
    """A model from nodes; `inputs` maps names to shapes (f32 unless given as (shape,
    elem_type)); output types come from ONNX shape inference."""
    vis = []
    for name, spec in inputs.items():
        shape, elem = (spec, TensorProto.FLOAT) if isinstance(spec, list) else spec
        vis.append(helper.make_tensor_value_info(name, elem, shape))
    inits = [numpy_helper.from_array(np.asarray(v), k) for k, v in (initializers or {}).items()]
    graph = helper.make_graph(nodes, "g", vis, [helper.make_empty_tensor_value_info(o) for o in outputs], inits)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    return onnx.shape_inference.infer_shapes(model, data_prop=True)


def feeds_for(model: onnx.ModelProto) -> dict[str, np.ndarray]:
    inits = {t.name for t in model.graph.initializer}
    feeds = {}
    for vi in model.graph.input:
        if vi.name in inits:
            continue
        shape = [d.dim_value for d in vi.type.tensor_type.shape.dim]
        dtype = helper.tensor_dtype_to_np_dtype(vi.type.tensor_type.elem_type)
        if np.issubdtype(dtype, np.integer):
            feeds[vi.name] = RNG.integers(0, 3, size=shape).astype(dtype)
        else:
            feeds[vi.name] = RNG.standard_normal(shape).astype(dtype)
    return feeds


def check_against_onnxruntime(model: onnx.ModelProto, feeds=None, tol: float = 1e-5):
    """Import, run on nnpipe, compare every output with onnxruntime; return the module."""
    feeds = feeds if feeds is not None else feeds_for(model)
    module = import_model(model)
    f = entry_function(module)
    got = run_module(module, [feeds[name] for name in input_names(f)]).outputs
    expected = onnxruntime_outputs(model, feeds)
    assert set(got) == set(expected)
    for name, ref in expected.items():
        assert got[name].shape == ref.shape and got[name].dtype == ref.dtype, name
        np.testing.assert_allclose(got[name], ref, rtol=tol, atol=tol, err_msg=name)
    return module


def op_counts(module) -> Counter:
    return Counter(op.name for op in module.walk())


def conv(x: str, y: str, channels_in: int, channels_out: int, prefix: str, inits: dict, k: int = 1) -> onnx.NodeProto:
    """A conv node with random weights: its output is held NHWC by the importer."""
    inits[prefix + "_w"] = RNG.standard_normal((channels_out, channels_in, k, k)).astype(np.float32) * 0.3
    inits[prefix + "_b"] = RNG.standard_normal(channels_out).astype(np.float32) * 0.1
    return helper.make_node("Conv", [x, prefix + "_w", prefix + "_b"], [y], pads=[k // 2] * 4)


# --------------------------------------------------------------------------- #
# Layout planning (pure)                                                      #
# --------------------------------------------------------------------------- #


@st.composite
def reshapes(draw):
    """A logical shape, a layout to hold it in, and a valid reshape target made by
    regrouping its prime factors (so dims split and merge), with unit dims sprinkled."""
    rank = draw(st.integers(1, 5))
    shape = tuple(draw(st.lists(st.sampled_from([1, 2, 3, 4, 6]), min_size=rank, max_size=rank)))
    perm = tuple(draw(st.permutations(range(rank))))
    factors = [p for d in shape for p in _primes(d)]
    cuts = sorted(draw(st.sets(st.integers(1, max(len(factors) - 1, 1)), max_size=len(factors))))
    groups, start = [], 0
    for cut in [c for c in cuts if c < len(factors)] + [len(factors)]:
        groups.append(math.prod(factors[start:cut]))
        start = cut
    target = [g for g in groups if g > 0] or [1]
    for _ in range(draw(st.integers(0, 2))):
        target.insert(draw(st.integers(0, len(target))), 1)
    return shape, perm, tuple(target)


def _primes(n: int) -> list[int]:
    out, p = [], 2
    while n > 1:
        while n % p == 0:
            out.append(p)
            n //= p
        p += 1
    return out


@settings(max_examples=300, deadline=None)
@given(reshapes())
def test_reshape_plan_is_a_row_major_reshape_of_the_logical_tensor(case) -> None:
    shape, perm, target = case
    logical = np.arange(math.prod(shape)).reshape(shape)
    plan = layout.plan_reshape(shape, perm, target)
    physical = np.transpose(logical, plan.input_perm)
    result = physical.reshape(layout.permute(target, plan.output_perm))
    np.testing.assert_array_equal(np.transpose(result, layout.inverse(plan.output_perm)), logical.reshape(target))
    if perm == layout.identity(len(shape)):
        assert plan.input_perm == perm and plan.output_perm == layout.identity(len(target))


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 5).flatmap(lambda r: st.tuples(st.permutations(range(r)), st.permutations(range(r)), st.permutations(range(r)))))
def test_relayout_and_transpose_compose(perms) -> None:
    held, target, onnx_perm = (tuple(p) for p in perms)
    logical = np.arange(math.prod(range(2, 2 + len(held)))).reshape(tuple(range(2, 2 + len(held))))
    physical = np.transpose(logical, held)
    moved = np.transpose(physical, layout.relayout(held, target))
    np.testing.assert_array_equal(moved, np.transpose(logical, target))
    relabelled = layout.after_transpose(held, onnx_perm)
    np.testing.assert_array_equal(physical, np.transpose(np.transpose(logical, onnx_perm), relabelled))


def test_channel_shuffle_plans_one_transpose_and_stays_nhwc() -> None:
    nhwc = layout.channels_last(4)
    split = layout.plan_reshape((1, 12, 5, 5), nhwc, (1, 3, 4, 5, 5))
    assert split.input_perm == nhwc and split.output_perm == (0, 3, 4, 1, 2)
    shuffled = layout.after_transpose(split.output_perm, (0, 2, 1, 3, 4))
    merge = layout.plan_reshape((1, 4, 3, 5, 5), shuffled, (1, 12, 5, 5))
    assert merge.input_perm == (0, 3, 4, 1, 2) and merge.output_perm == nhwc


# --------------------------------------------------------------------------- #
# Numerics with NHWC-held activations, against onnxruntime                    #
# --------------------------------------------------------------------------- #


def test_conv_chain_transposes_only_at_the_boundary() -> None:
    inits: dict = {}
    nodes = [
        conv("x", "a", 3, 8, "c1", inits, k=3),
        helper.make_node("BatchNormalization", ["a", "s", "b", "m", "v"], ["bn"]),
        helper.make_node("Relu", ["bn"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
        conv("p", "c", 8, 8, "c2", inits, k=3),
        helper.make_node("Sum", ["c", "p", "c"], ["s1"]),
        helper.make_node("AveragePool", ["s1"], ["y"], kernel_shape=[3, 3], pads=[1, 1, 1, 1], count_include_pad=1),
    ]
    inits.update(s=RNG.uniform(0.5, 1.5, 8).astype(np.float32), b=np.zeros(8, np.float32))
    inits.update(m=RNG.standard_normal(8).astype(np.float32) * 0.1, v=RNG.uniform(0.5, 1.5, 8).astype(np.float32))
    module = check_against_onnxruntime(make_model(nodes, {"x": [2, 3, 10, 10]}, ["y"], inits))
    assert op_counts(module)["nn.transpose"] == 2


def test_channel_shuffle_costs_one_transpose() -> None:
    inits: dict = {}
    nodes = [
        conv("x", "a", 4, 12, "c1", inits),
        helper.make_node("Reshape", ["a", "split"], ["r5"]),
        helper.make_node("Transpose", ["r5"], ["t5"], perm=[0, 2, 1, 3, 4]),
        helper.make_node("Reshape", ["t5", "merge"], ["shuffled"]),
        conv("shuffled", "y", 12, 4, "c2", inits),
    ]
    inits.update(split=np.array([1, 3, 4, 6, 6]), merge=np.array([1, 12, 6, 6]))
    module = check_against_onnxruntime(make_model(nodes, {"x": [1, 4, 6, 6]}, ["y"], inits))
    counts = op_counts(module)
    assert counts["nn.transpose"] == 3  # input, the shuffle itself, output
    assert not any(op.name == "arith.constant" and "i64" in str(op.results[0].type) for op in module.walk())


def test_transposes_only_relabel_the_layout() -> None:
    """Conv output held NHWC, transposed by ONNX to NHWC: no data moves at all."""
    inits: dict = {}
    nodes = [conv("x", "a", 3, 5, "c", inits), helper.make_node("Transpose", ["a"], ["y"], perm=[0, 2, 3, 1])]
    module = check_against_onnxruntime(make_model(nodes, {"x": [1, 3, 4, 4]}, ["y"], inits))
    assert op_counts(module)["nn.transpose"] == 1  # the input's only


@pytest.mark.parametrize(
    ("op", "inputs", "attrs", "extra"),
    [
        ("Slice", ["a", "st", "en", "ax", "sp"], {}, dict(st=[3, -1, 0], en=[0, -100, 100], ax=[1, 2, 3], sp=[-1, -2, 2])),
        ("Pad", ["a", "pads"], dict(mode="reflect"), dict(pads=[0, 0, 1, -1, 0, 1, 2, 0])),
        ("Pad", ["a", "pads", "val"], {}, dict(pads=[0, 1, 0, 2, 0, 0, 1, 0], val=np.array(2.5, np.float32))),
        ("Gather", ["a", "idx"], dict(axis=2), dict(idx=np.array([[0, -1], [2, 1]], np.int64))),
        ("Gather", ["a", "idx0"], dict(axis=1), dict(idx0=np.array(3, np.int64))),
        ("Softmax", ["a"], dict(axis=1), {}),
        ("Flatten", ["a"], dict(axis=2), {}),
        ("Unsqueeze", ["a", "axes"], {}, dict(axes=[0, 3])),
        ("Mul", ["a", "scale"], {}, dict(scale=RNG.uniform(0.5, 2, (6, 1, 1)).astype(np.float32))),
        ("Sub", ["a", "scalar"], {}, dict(scalar=np.array(0.5, np.float32))),
        ("Cast", ["a"], dict(to=TensorProto.FLOAT16), {}),
        ("MatMul", ["a", "mat"], {}, dict(mat=RNG.standard_normal((5, 3)).astype(np.float32))),
        ("GlobalAveragePool", ["a"], {}, {}),
        ("BatchNormalization", ["a", "s6", "b6", "m6", "v6"], {}, dict(s6=np.ones(6, np.float32) * 1.5, b6=np.ones(6, np.float32), m6=np.zeros(6, np.float32), v6=np.ones(6, np.float32) * 2)),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_op_on_an_nhwc_held_activation(op, inputs, attrs, extra) -> None:
    inits: dict = {}
    nodes = [conv("x", "a", 3, 6, "c", inits), helper.make_node(op, inputs, ["y"], **attrs)]
    inits.update({k: np.asarray(v) for k, v in extra.items()})
    check_against_onnxruntime(make_model(nodes, {"x": [2, 3, 4, 5]}, ["y"], inits), tol=1e-3 if op == "Cast" else 1e-5)


def test_concat_and_runtime_broadcast_mix_layouts() -> None:
    inits: dict = {}
    nodes = [
        conv("x", "a", 3, 4, "c", inits),
        helper.make_node("Concat", ["a", "x", "a"], ["cat1"], axis=1),
        helper.make_node("Add", ["cat1", "bias"], ["biased"]),
        helper.make_node("Concat", ["biased", "biased"], ["y"], axis=-2),
    ]
    model = make_model(nodes, {"x": [1, 3, 4, 5], "bias": [11, 1, 1]}, ["y"], inits)
    check_against_onnxruntime(model)


def test_scatter_elements_on_nhwc_and_scatter_nd() -> None:
    inits: dict = {}
    nodes = [
        conv("x", "a", 3, 4, "c", inits),
        helper.make_node("ScatterElements", ["a", "idx", "upd"], ["s"], axis=1, reduction="add"),
        helper.make_node("ScatterND", ["s", "nd", "ndu"], ["y"]),
    ]
    inits.update(nd=np.array([[0, 1], [0, 3]], np.int64), ndu=np.ones((2, 3, 3), np.float32))
    model = make_model(nodes, {"x": [1, 3, 3, 3], "idx": ([1, 2, 3, 3], TensorProto.INT64), "upd": [1, 2, 3, 3]}, ["y"], inits, opset=18)
    check_against_onnxruntime(model)


def test_gemm_of_a_transposed_activation_flips_trans_a() -> None:
    nodes = [
        helper.make_node("Transpose", ["x"], ["xt"]),
        helper.make_node("Gemm", ["xt", "w", "c"], ["y"], transB=1, alpha=0.5, beta=2.0),
    ]
    inits = dict(w=RNG.standard_normal((6, 4)).astype(np.float32), c=RNG.standard_normal(6).astype(np.float32))
    module = check_against_onnxruntime(make_model(nodes, {"x": [4, 3]}, ["y"], inits))
    assert "nn.transpose" not in op_counts(module)


def test_one_and_three_dimensional_windows() -> None:
    inits = dict(w1=RNG.standard_normal((4, 2, 3)).astype(np.float32))
    nodes = [
        helper.make_node("Conv", ["x1", "w1"], ["c1"], strides=[2], pads=[1, 1], dilations=[2]),
        helper.make_node("MaxPool", ["c1"], ["y1"], kernel_shape=[2], auto_pad="SAME_UPPER"),
        helper.make_node("GlobalAveragePool", ["c1"], ["g1"]),
        helper.make_node("AveragePool", ["x3"], ["y3"], kernel_shape=[2, 3, 2], strides=[1, 2, 1], pads=[1, 0, 1, 0, 1, 1], ceil_mode=1),
        helper.make_node("MaxPool", ["x3"], ["m3"], kernel_shape=[3, 2, 2], dilations=[1, 1, 2]),
        helper.make_node("BatchNormalization", ["x3", "s", "b", "m", "v"], ["bn3"]),
    ]
    inits.update(s=np.full(2, 2.0, np.float32), b=np.ones(2, np.float32), m=np.zeros(2, np.float32), v=np.full(2, 4.0, np.float32))
    model = make_model(nodes, {"x1": [2, 2, 9], "x3": [1, 2, 4, 5, 6]}, ["y1", "g1", "y3", "m3", "bn3"], inits, opset=19)
    check_against_onnxruntime(model)


def test_shape_arithmetic_is_folded_away() -> None:
    """PyTorch's flatten: Shape -> Gather -> Unsqueeze -> Concat -> Reshape."""
    nodes = [
        helper.make_node("Shape", ["x"], ["shape"]),
        helper.make_node("Gather", ["shape", "zero"], ["n"], axis=0),
        helper.make_node("Unsqueeze", ["n", "axes"], ["n1"]),
        helper.make_node("Concat", ["n1", "minus_one"], ["target"], axis=0),
        helper.make_node("Reshape", ["x", "target"], ["flat"]),
        helper.make_node("ConstantOfShape", ["target_bias"], ["bias"], value=helper.make_tensor("v", TensorProto.FLOAT, [1], [0.25])),
        helper.make_node("Add", ["flat", "bias"], ["y"]),
    ]
    inits = dict(zero=np.array(0, np.int64), axes=np.array([0]), minus_one=np.array([-1]), target_bias=np.array([60]))
    module = check_against_onnxruntime(make_model(nodes, {"x": [2, 3, 4, 5]}, ["y"], inits))
    assert op_counts(module) == Counter({"builtin.module": 1, "func.func": 1, "nn.reshape": 1, "arith.constant": 1, "nn.add": 1, "func.return": 1})


def test_dropout_is_the_identity_with_an_all_true_mask() -> None:
    nodes = [helper.make_node("Dropout", ["x", "ratio"], ["y", "mask"])]
    model = make_model(nodes, {"x": [2, 3]}, ["y", "mask"], dict(ratio=np.array(0.5, np.float32)))
    check_against_onnxruntime(model)


def test_opset_9_attributes() -> None:
    """Before opset 13: Softmax flattens at `axis`; Unsqueeze/Squeeze/Slice/Pad take
    attributes."""
    inits: dict = {}
    nodes = [
        conv("x", "a", 3, 4, "c", inits),
        helper.make_node("Softmax", ["a"], ["sm"], axis=1),
        helper.make_node("Slice", ["sm"], ["sl"], starts=[1], ends=[3], axes=[2]),
        helper.make_node("Unsqueeze", ["sl"], ["u"], axes=[0]),
        helper.make_node("Squeeze", ["u"], ["sq"], axes=[0]),
        helper.make_node("Pad", ["sq"], ["y"], pads=[0, 0, 1, 1, 0, 0, 1, 1], value=-1.0),
    ]
    check_against_onnxruntime(make_model(nodes, {"x": [1, 3, 4, 4]}, ["y"], inits, opset=9))


def small_network(opset: int) -> onnx.ModelProto:
    """Conv, BatchNormalization, Relu, MaxPool, Slice, Unsqueeze, Squeeze, Pad, Flatten,
    Gemm and Softmax, spelled as `opset` wants them (attributes before opsets 10/11/13,
    inputs after)."""
    inits: dict = {}
    channels = 4
    inits.update(s=RNG.uniform(0.5, 1.5, channels).astype(np.float32), b=np.zeros(channels, np.float32))
    inits.update(m=RNG.standard_normal(channels).astype(np.float32) * 0.1, v=RNG.uniform(0.5, 1.5, channels).astype(np.float32))
    inits.update(fc=RNG.standard_normal((5, channels * 3 * 3)).astype(np.float32), fc_b=np.ones(5, np.float32))
    nodes = [
        conv("x", "a", 3, channels, "c", inits, k=3),
        helper.make_node("BatchNormalization", ["a", "s", "b", "m", "v"], ["bn"]),
        helper.make_node("Relu", ["bn"], ["r"]),
        helper.make_node("MaxPool", ["r"], ["p"], kernel_shape=[2, 2], strides=[2, 2]),
    ]
    if opset < 10:
        nodes.append(helper.make_node("Slice", ["p"], ["sl"], starts=[1], ends=[4], axes=[3]))
    else:
        inits.update(st=np.array([1]), en=np.array([4]), ax=np.array([3]))
        nodes.append(helper.make_node("Slice", ["p", "st", "en", "ax"], ["sl"]))
    if opset < 13:
        nodes += [helper.make_node("Unsqueeze", ["sl"], ["u"], axes=[0]), helper.make_node("Squeeze", ["u"], ["sq"], axes=[0])]
    else:
        inits.update(zero=np.array([0]))
        nodes += [helper.make_node("Unsqueeze", ["sl", "zero"], ["u"]), helper.make_node("Squeeze", ["u", "zero"], ["sq"])]
    if opset < 11:
        nodes.append(helper.make_node("Pad", ["sq"], ["pad"], pads=[0, 0, 0, 0, 0, 0, 0, 1]))
    else:
        inits.update(pads=np.array([0, 0, 0, 0, 0, 0, 0, 1]))
        nodes.append(helper.make_node("Pad", ["sq", "pads"], ["pad"]))
    nodes += [
        helper.make_node("Flatten", ["pad"], ["f"]),
        helper.make_node("Gemm", ["f", "fc", "fc_b"], ["g"], transB=1),
        helper.make_node("Softmax", ["g"], ["y"], axis=1),
    ]
    return make_model(nodes, {"x": [2, 3, 6, 6]}, ["y"], inits, opset=opset)


@pytest.mark.parametrize("opset", range(MIN_OPSET, MAX_OPSET + 1))
def test_every_supported_opset(opset: int) -> None:
    check_against_onnxruntime(small_network(opset))


# --------------------------------------------------------------------------- #
# The module                                                                  #
# --------------------------------------------------------------------------- #


def test_interface_weights_and_names() -> None:
    inits: dict = {}
    nodes = [conv("image", "features", 3, 4, "stem", inits, k=3)]
    module = import_model(make_model(nodes, {"image": [1, 3, 5, 5]}, ["features"], inits))
    f = entry_function(module)
    assert f.sym_name.data == "main"
    assert input_names(f) == ["image"] and output_names(f) == ["features"]
    assert [list(t.get_shape()) for t in f.function_type.inputs.data] == [[1, 3, 5, 5]]
    assert [list(t.get_shape()) for t in f.function_type.outputs.data] == [[1, 4, 5, 5]]
    (weight,) = [op.value for op in module.walk() if op.name == "arith.constant" and isinstance(op.value, DenseResourceAttr)]
    np.testing.assert_array_equal(weights.read_elements(weight), inits["stem_w"].transpose(0, 2, 3, 1))


def test_static_inputs_become_constants() -> None:
    nodes = [helper.make_node("Reshape", ["x", "shape"], ["y"])]
    model = make_model(nodes, {"x": [2, 6], "shape": ([2], TensorProto.INT64)}, ["y"])
    module = import_model(model, static_inputs={"shape": np.array([3, 4])})
    f = entry_function(module)
    assert input_names(f) == ["x"]
    assert [list(t.get_shape()) for t in f.function_type.outputs.data] == [[3, 4]]


# --------------------------------------------------------------------------- #
# Diagnostics                                                                 #
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize(
    ("model", "message"),
    [
        (lambda: onnx.load(str(light_model_path("bvlc_alexnet"))), "node 'n2' (LRN): op type LRN is not supported; supported: Add, AveragePool"),
        (lambda: make_model([helper.make_node("Relu", ["x"], ["y"])], {"x": [2]}, ["y"], opset=8), "opset 8 is not supported; supported: opsets 9 through 28"),
        (lambda: make_model([helper.make_node("Relu", ["x"], ["y"])], {"x": ["batch", 3]}, ["y"]), "input 'x' has a dynamic dimension 'batch' (dim 0)"),
        (lambda: make_model([helper.make_node("Relu", ["x"], ["y"])], {"x": ([2], TensorProto.UINT16)}, ["y"]), "input 'x' has element type tensor(uint16); supported: float,"),
        (lambda: make_model([helper.make_node("Relu", ["x"], ["y"])], {"x": ([2], TensorProto.INT32)}, ["y"]), "node 'y' (Relu): input 'x' has element type tensor(int32); supported: float16"),
        (lambda: make_model([helper.make_node("Reshape", ["x", "s"], ["y"])], {"x": [2, 3], "s": ([2], TensorProto.INT64)}, ["y"]), "node 'y' (Reshape): input 's' (shape) must be a constant known at import time"),
        (lambda: make_model([helper.make_node("Conv", ["x", "w"], ["y"])], {"x": [1, 1, 2, 2, 2, 2], "w": [1, 1, 1, 1, 1, 1]}, ["y"]), "node 'y' (Conv): input 'x' has rank 6 (4-D); supported: 1-D and 2-D"),
        (lambda: make_model([helper.make_node("MaxPool", ["x"], ["y"], kernel_shape=[2, 2], pads=[2, 2, 2, 2])], {"x": [1, 1, 4, 4]}, ["y"]), "node 'y' (MaxPool): cannot be expressed as 'nn.max_pool': padding [2, 2, 2, 2] must be smaller than the kernel 2x2"),
    ],
    ids=["unsupported-op", "old-opset", "dynamic-dim", "uint16", "int-relu", "runtime-shape", "conv-4d", "pool-pads"],
)
def test_bad_models_give_one_line_naming_the_problem(model, message: str) -> None:
    with pytest.raises(OnnxImportError) as caught:
        import_model(model())
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def run_import(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "nnpipe-import"), *args], capture_output=True, text=True)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], expected: str) -> None:
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr, proc.stderr
    assert expected in lines[0], lines[0]


def relu_model(opset: int, elem_type: int = TensorProto.FLOAT) -> bytes:
    """A one-Relu model, serialized without ONNX's help (which rejects bad opsets)."""
    graph = helper.make_graph(
        [helper.make_node("Relu", ["x"], ["y"])],
        "g",
        [helper.make_tensor_value_info("x", elem_type, [2, 3])],
        [helper.make_tensor_value_info("y", elem_type, [2, 3])],
    )
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)]).SerializeToString()


def test_cli_rejects_bad_files_without_output(tmp_path: Path) -> None:
    data = relu_model(13)
    out = tmp_path / "out.mlir"
    cases = {
        "truncated.onnx": (data[: len(data) // 2], "not a valid ONNX model"),
        "garbage.onnx": (b"\x00\xffnot a protobuf" * 10, "not a valid ONNX model"),
        "empty.onnx": (b"", "not a valid ONNX model"),
        "alexnet.onnx": (light_model_path("bvlc_alexnet").read_bytes(), "node 'n2' (LRN): op type LRN is not supported; supported: "),
        "opset8.onnx": (relu_model(8), "opset 8 is not supported; supported: opsets 9 through 28"),
        "opset99.onnx": (relu_model(99), "opset 99 is not supported; supported: opsets 9 through 28"),
        "uint32.onnx": (relu_model(13, TensorProto.UINT32), "input 'x' has element type tensor(uint32); supported: float, "),
        "int32.onnx": (relu_model(13, TensorProto.INT32), "node 'y' (Relu): input 'x' has element type tensor(int32); supported: "),
    }
    for name, (content, message) in cases.items():
        (tmp_path / name).write_bytes(content)
        proc = run_import(str(tmp_path / name), "-o", str(out))
        assert_one_line_error(proc, f"{tmp_path / name}: error: {message}")
        assert not out.exists()
    assert_one_line_error(run_import(str(tmp_path / "missing.onnx"), "-o", str(out)), "cannot read file")
    assert_one_line_error(run_import(str(tmp_path), "-o", str(out)), "cannot read file: Is a directory")
    assert not out.exists()
    assert not list(tmp_path.glob(".nnpipe-*"))


def test_cli_output_parses_and_runs_with_onnx_names(tmp_path: Path) -> None:
    inits: dict = {}
    nodes = [conv("in:0", "feat", 3, 20, "conv/1", inits, k=3), helper.make_node("Relu", ["feat"], ["out/prob"])]
    model = make_model(nodes, {"in:0": [1, 3, 6, 6]}, ["out/prob"], inits)
    onnx.save(model, str(tmp_path / "m.onnx"))
    proc = run_import(str(tmp_path / "m.onnx"), "-o", str(tmp_path / "m.mlir"))
    assert proc.returncode == 0, proc.stderr
    text = (tmp_path / "m.mlir").read_text()
    assert "dense_resource<conv_1_w>" in text and "{-#" in text and '{nn.name = "in:0"}' in text
    feeds = feeds_for(model)
    np.savez(tmp_path / "in.npz", **feeds)
    run = subprocess.run(
        [str(BIN / "nnpipe-run"), str(tmp_path / "m.mlir"), "--inputs", str(tmp_path / "in.npz"), "--outputs", str(tmp_path / "out.npz")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    with np.load(tmp_path / "out.npz") as got:
        np.testing.assert_allclose(got["out/prob"], onnxruntime_outputs(model, feeds)["out/prob"], rtol=1e-5, atol=1e-5)


def test_import_file_reports_missing_files() -> None:
    with pytest.raises(OnnxImportError, match="cannot read file"):
        import_file("/no/such/model.onnx")
