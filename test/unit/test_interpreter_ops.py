"""Every nn op in the interpreter against an independent reference.

conv2d and conv_add: the naive loop convolution of conv_reference.py. Every other op:
onnxruntime running the equivalent single-node ONNX model. nn is NHWC and ONNX's
spatial ops are NCHW, so those tests transpose at the boundary. The nn result type is
taken from onnxruntime's output shape, so each test also checks that the verifier's
shape rule (ceil mode, slice sizes, gather ranks...) agrees with ONNX's.

Each op is parsed from text and run through `run_module`, the path nnpipe-run takes.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import onnxruntime as ort
import pytest
from conv_reference import naive_conv2d, run_function, run_op, tensor_type
from onnx import TensorProto, helper

OPSET = 21
RNG = np.random.default_rng(20240611)

# --------------------------------------------------------------------------- #
# Helpers                                                                     #
# --------------------------------------------------------------------------- #


def randn(*shape: int, dtype=np.float32) -> np.ndarray:
    return RNG.standard_normal(shape).astype(dtype)


def onnx_run(op_type: str, inputs: Sequence[np.ndarray | None], **attributes) -> np.ndarray:
    """Run one ONNX node on `inputs` (None leaves an optional input out) and return
    its only output."""
    names = [f"in{i}" if a is not None else "" for i, a in enumerate(inputs)]
    feeds = {n: a for n, a in zip(names, inputs) if a is not None}
    node = helper.make_node(op_type, names, ["out"], **attributes)
    graph = helper.make_graph(
        [node],
        op_type,
        [helper.make_tensor_value_info(n, helper.np_dtype_to_tensor_dtype(a.dtype), a.shape) for n, a in feeds.items()],
        [helper.make_empty_tensor_value_info("out")],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)])
    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model.SerializeToString(), options, providers=["CPUExecutionProvider"])
    return session.run(None, feeds)[0]


def array_attr(values: Sequence[int]) -> str:
    return "array<i64: " + ", ".join(str(v) for v in values) + ">"


def operand_list(count: int) -> str:
    return ", ".join(f"%arg{i}" for i in range(count))


def signature(inputs: Sequence[np.ndarray], result: np.ndarray) -> str:
    types = ", ".join(tensor_type(a.shape, a.dtype) for a in inputs)
    return f"({types}) -> {tensor_type(result.shape, result.dtype)}"


def run_like(op_name: str, inputs: Sequence[np.ndarray], expected: np.ndarray, props: str = "") -> np.ndarray:
    """Run `nn.<op_name>` on `inputs` with the result type of `expected`."""
    attr = f" {{{props}}}" if props else ""
    text = f"nn.{op_name} {operand_list(len(inputs))}{attr} : {signature(inputs, expected)}"
    return run_op(text, inputs, tensor_type(expected.shape, expected.dtype))


def nchw(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x.transpose(0, 3, 1, 2))


def nhwc(x: np.ndarray) -> np.ndarray:
    return np.ascontiguousarray(x.transpose(0, 2, 3, 1))


def assert_same(actual: np.ndarray, expected: np.ndarray) -> None:
    """Same dtype, shape and bits (NaNs equal): for ops that only move data."""
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    np.testing.assert_array_equal(actual, expected)


def assert_close(actual: np.ndarray, expected: np.ndarray, rtol: float = 1e-6, atol: float = 1e-6) -> None:
    assert actual.dtype == expected.dtype and actual.shape == expected.shape
    np.testing.assert_allclose(actual, expected, rtol=rtol, atol=atol)


# --------------------------------------------------------------------------- #
# conv2d / conv_add against the naive loop convolution                        #
# --------------------------------------------------------------------------- #

# (name, input NHWC, weight OHWI, strides, padding [t, b, l, r], dilations, groups, bias)
CONV_CASES = [
    ("plain_1x1", (1, 5, 5, 3), (4, 1, 1, 3), (1, 1), (0, 0, 0, 0), (1, 1), 1, False),
    ("same_3x3_bias", (2, 6, 7, 4), (5, 3, 3, 4), (1, 1), (1, 1, 1, 1), (1, 1), 1, True),
    ("strided", (1, 9, 8, 2), (3, 3, 2, 2), (2, 3), (0, 0, 0, 0), (1, 1), 1, True),
    ("dilated", (1, 9, 9, 2), (2, 3, 3, 2), (1, 1), (0, 0, 0, 0), (2, 3), 1, False),
    ("asymmetric_padding", (1, 5, 6, 3), (4, 3, 2, 3), (1, 2), (2, 0, 1, 3), (1, 1), 1, True),
    ("groups", (1, 6, 6, 6), (4, 3, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1), 2, True),
    ("depthwise_strided", (2, 7, 7, 4), (4, 3, 3, 1), (2, 2), (1, 1, 1, 1), (1, 1), 4, True),
    ("depthwise_multiplier", (1, 5, 5, 2), (6, 2, 2, 1), (1, 1), (0, 1, 0, 1), (2, 1), 2, False),
    ("everything", (2, 10, 9, 6), (6, 3, 2, 2), (3, 2), (2, 1, 0, 2), (2, 2), 3, True),
    ("kernel_larger_than_input_padded", (1, 2, 2, 1), (1, 4, 4, 1), (1, 1), (2, 1, 1, 2), (1, 1), 1, True),
]


def conv_props(strides, padding, dilations, groups) -> str:
    return (
        f"strides = {array_attr(strides)}, padding = {array_attr(padding)}, "
        f"dilations = {array_attr(dilations)}, groups = {groups} : i64"
    )


@pytest.mark.parametrize("case", CONV_CASES, ids=[c[0] for c in CONV_CASES])
def test_conv2d_matches_naive_loops(case):
    _, xs, ws, strides, padding, dilations, groups, with_bias = case
    x, w = randn(*xs), randn(*ws)
    inputs = [x, w] + ([randn(ws[0])] if with_bias else [])
    expected = naive_conv2d(*inputs[:2], inputs[2] if with_bias else None, strides, padding, dilations, groups)
    actual = run_like("conv2d", inputs, expected.astype(np.float32), conv_props(strides, padding, dilations, groups))
    assert_close(actual, expected.astype(np.float32), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("relu", [False, True], ids=["identity", "relu"])
@pytest.mark.parametrize("with_bias", [False, True], ids=["no_bias", "bias"])
def test_conv_add_matches_naive_loops(relu, with_bias):
    x, w = randn(2, 7, 6, 4), randn(6, 3, 3, 2)
    strides, padding, dilations, groups = (2, 1), (1, 0, 2, 1), (1, 2), 2
    bias = randn(6) if with_bias else None
    out_shape = naive_conv2d(x, w, None, strides, padding, dilations, groups).shape
    addend = randn(*out_shape)
    expected = naive_conv2d(x, w, bias, strides, padding, dilations, groups, addend=addend, relu=relu).astype(np.float32)
    inputs = [x, w, addend] + ([bias] if with_bias else [])
    props = conv_props(strides, padding, dilations, groups) + (", activation = #nn.activation<relu>" if relu else "")
    actual = run_like("conv_add", inputs, expected, props)
    assert_close(actual, expected, rtol=1e-5, atol=1e-5)
    if relu:
        assert not np.signbit(actual).any(), "relu must give +0.0, never -0.0"


def test_conv2d_f16_input_accumulates_in_f32():
    """f16 products are exact in f32 and the sum is rounded in f32, so the error is
    within a few f32 ulps of the sum of |terms| (32 * 2**-24 of it allowed). An f16
    accumulator would be 2**13 times coarser and fail this by far."""
    x = (randn(1, 6, 6, 32) * 4).astype(np.float16)
    w = randn(8, 3, 3, 32).astype(np.float16)
    bias = randn(8)
    expected = naive_conv2d(x, w, bias, padding=(1, 1, 1, 1))
    magnitude = naive_conv2d(np.abs(x), np.abs(w), np.abs(bias), padding=(1, 1, 1, 1))
    f32 = run_like("conv2d", [x, w, bias], expected.astype(np.float32), conv_props((1, 1), (1, 1, 1, 1), (1, 1), 1))
    assert f32.dtype == np.float32
    assert np.all(np.abs(f32 - expected) <= 32 * 2.0**-24 * magnitude)
    # With an f16 result the f32 accumulator is rounded once to f16: at most one f16
    # ulp from the exactly rounded value (the f32 sum may sit on the other side of a tie).
    f16_bias = bias.astype(np.float16)
    exact = naive_conv2d(x, w, f16_bias, padding=(1, 1, 1, 1)).astype(np.float16)
    f16 = run_like("conv2d", [x, w, f16_bias], exact, conv_props((1, 1), (1, 1, 1, 1), (1, 1), 1))
    assert f16.dtype == np.float16
    ulps = np.abs(f16.view(np.int16).astype(np.int32) - exact.view(np.int16).astype(np.int32))
    assert ulps.max() <= 1


def test_conv2d_matches_onnxruntime():
    """A second oracle for the conv: onnxruntime's Conv (NCHW, OIHW, pads
    [top, left, bottom, right])."""
    x, w, b = randn(2, 8, 7, 6), randn(6, 3, 2, 3), randn(6)
    strides, padding, dilations, groups = (2, 1), (1, 2, 0, 1), (1, 2), 2
    pt, pb, pl, pr = padding
    expected = nhwc(
        onnx_run("Conv", [nchw(x), w.transpose(0, 3, 1, 2).copy(), b], strides=strides, pads=[pt, pl, pb, pr], dilations=dilations, group=groups)
    )
    actual = run_like("conv2d", [x, w, b], expected, conv_props(strides, padding, dilations, groups))
    assert_close(actual, expected, rtol=1e-5, atol=1e-5)


# --------------------------------------------------------------------------- #
# Elementwise                                                                 #
# --------------------------------------------------------------------------- #

BROADCASTS = [((2, 3, 4), (2, 3, 4)), ((2, 1, 4), (3, 1)), ((4,), (2, 3, 4)), ((1,), (5, 1)), ((), (2, 2))]


@pytest.mark.parametrize("op, onnx_op", [("add", "Add"), ("sub", "Sub"), ("mul", "Mul")])
@pytest.mark.parametrize("shapes", BROADCASTS, ids=[f"{a}-{b}" for a, b in BROADCASTS])
def test_binary_broadcasting(op, onnx_op, shapes):
    a, b = randn(*shapes[0]), randn(*shapes[1])
    expected = onnx_run(onnx_op, [a, b])
    assert_same(run_like(op, [a, b], expected), expected)


@pytest.mark.parametrize("dtype", [np.float32, np.float16])
def test_relu(dtype):
    x = randn(2, 3, 4, 5, dtype=dtype)
    expected = onnx_run("Relu", [x])
    actual = run_op(f"nn.relu %arg0 : {tensor_type(x.shape, dtype)}", [x], tensor_type(x.shape, dtype))
    assert_same(actual, expected)


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_softmax(axis):
    x = randn(3, 4, 5) * 5
    expected = onnx_run("Softmax", [x], axis=axis)
    t = tensor_type(x.shape, x.dtype)
    actual = run_op(f"nn.softmax %arg0 {{axis = {axis} : i64}} : {t}", [x], t)
    assert_close(actual, expected)


def test_batch_norm_over_last_axis():
    """ONNX normalises axis 1 (NCHW); nn the last axis (NHWC)."""
    x = randn(2, 4, 5, 3)
    scale, bias, mean = randn(3), randn(3), randn(3)
    var = np.abs(randn(3)) + 0.1
    expected = nhwc(onnx_run("BatchNormalization", [nchw(x), scale, bias, mean, var], epsilon=1e-3))
    actual = run_like("batch_norm", [x, scale, bias, mean, var], expected, "epsilon = 1.0e-03 : f32")
    assert_close(actual, expected, rtol=1e-5, atol=1e-6)


CASTS = [
    (np.float32, np.float16, TensorProto.FLOAT16),
    (np.float16, np.float32, TensorProto.FLOAT),
    (np.float64, np.float32, TensorProto.FLOAT),
    (np.float32, np.float64, TensorProto.DOUBLE),
    (np.float32, np.int32, TensorProto.INT32),
    (np.int64, np.int32, TensorProto.INT32),
    (np.int32, np.float32, TensorProto.FLOAT),
]


@pytest.mark.parametrize("src, dst, onnx_to", CASTS, ids=[f"{np.dtype(a).name}-{np.dtype(b).name}" for a, b, _ in CASTS])
def test_cast(src, dst, onnx_to):
    """Finite values only here (float to int truncates toward zero); NaN, inf,
    overflow, subnormals and bf16 are in test_cast_semantics.py."""
    if np.issubdtype(src, np.integer):
        x = RNG.integers(-1000, 1000, size=(3, 7)).astype(src)
    else:
        x = (randn(3, 7) * 300).astype(src)
    expected = onnx_run("Cast", [x], to=onnx_to)
    actual = run_op(
        f"nn.cast %arg0 : {tensor_type(x.shape, src)} to {tensor_type(x.shape, dst)}", [x], tensor_type(x.shape, dst)
    )
    assert_same(actual, expected)


# --------------------------------------------------------------------------- #
# Data movement                                                               #
# --------------------------------------------------------------------------- #


@pytest.mark.parametrize("perm", [(1, 0, 2), (2, 0, 1), (0, 2, 3, 1), (3, 2, 1, 0)])
def test_transpose(perm):
    x = randn(*[2, 3, 4, 5][: len(perm)])
    expected = onnx_run("Transpose", [x], perm=list(perm))
    assert_same(run_like("transpose", [x], expected, f"permutation = {array_attr(perm)}"), expected)


@pytest.mark.parametrize("shape", [(6, 4), (24,), (2, 2, 2, 3), (1, 24, 1)])
def test_reshape(shape):
    x = randn(2, 3, 4)
    expected = onnx_run("Reshape", [x, np.array(shape, np.int64)])
    assert_same(run_like("reshape", [x], expected), expected)


@pytest.mark.parametrize("src, dst", [((3,), (2, 3)), ((2, 1, 3), (2, 4, 3)), ((1, 1), (3, 1, 2))])
def test_broadcast(src, dst):
    x = randn(*src)
    expected = onnx_run("Expand", [x, np.array(dst, np.int64)])
    assert_same(run_like("broadcast", [x], expected), expected)


# (starts, ends, axes, steps) of ONNX Slice on a [6, 7, 5] input
SLICES = [
    ([1, 0, 0], [5, 7, 5], [0, 1, 2], [1, 1, 1]),
    ([0, 1], [6, 7], [0, 1], [2, 3]),
    ([5], [-7], [0], [-1]),
    ([-1, 6], [-6, 0], [0, 1], [-2, -3]),
    ([4], [1], [2], [-2]),
    ([-3, 100], [100, -100], [0, 1], [1, -2]),
]


@pytest.mark.parametrize("starts, ends, axes, steps", SLICES)
def test_slice_including_negative_steps(starts, ends, axes, steps):
    x = randn(6, 7, 5)
    as_i64 = lambda v: np.array(v, np.int64)  # noqa: E731
    expected = onnx_run("Slice", [x, as_i64(starts), as_i64(ends), as_i64(axes), as_i64(steps)])
    # nn.slice takes the first selected index per axis; sizes come from the result type.
    offsets, strides = [0] * x.ndim, [1] * x.ndim
    for start, end, axis, step in zip(starts, ends, axes, steps):
        selected = range(*slice(start, end, step).indices(x.shape[axis]))
        offsets[axis], strides[axis] = (selected[0] if len(selected) else 0), step
    props = f"offsets = {array_attr(offsets)}, strides = {array_attr(strides)}"
    assert_same(run_like("slice", [x], expected, props), expected)


@pytest.mark.parametrize("axis", [0, 1, 2])
def test_concat(axis):
    shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]]
    for i, extra in enumerate((1, 3, 2)):
        shapes[i][axis] = extra
    inputs = [randn(*s) for s in shapes]
    expected = onnx_run("Concat", inputs, axis=axis)
    assert_same(run_like("concat", inputs, expected, f"axis = {axis} : i64"), expected)


GATHERS = [
    (0, np.array([3, -1, 0, -5], np.int64)),
    (1, np.array([[0, -1], [2, 1]], np.int32)),
    (2, np.array(-2, np.int64)),
]


@pytest.mark.parametrize("axis, indices", GATHERS, ids=["axis0", "axis1_2d_i32", "axis2_scalar"])
def test_gather_including_negative_indices(axis, indices):
    data = randn(5, 4, 3)
    expected = onnx_run("Gather", [data, indices], axis=axis)
    assert_same(run_like("gather", [data, indices], expected, f"axis = {axis} : i64"), expected)


REDUCTIONS = ["none", "add", "mul", "max", "min"]


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("axis", [0, 1])
def test_scatter_elements(reduction, axis):
    data = randn(4, 5)
    if reduction == "none":  # ONNX leaves duplicate indices undefined without a reduction
        indices = np.array([[1, -1, 0], [3, 2, -4]], np.int64) if axis == 0 else np.array([[4, 0, -2], [1, 3, 0]], np.int64)
    else:  # duplicates (also via a negative spelling) must all be combined
        indices = np.array([[1, 1, 0], [-3, 2, 0]], np.int64) if axis == 0 else np.array([[4, -1, 0], [1, 1, 1]], np.int64)
    updates = randn(*indices.shape)
    expected = onnx_run("ScatterElements", [data, indices, updates], axis=axis, reduction=reduction)
    props = f"axis = {axis} : i64, reduction = #nn.reduction<{reduction}>"
    assert_close(run_like("scatter", [data, indices, updates], expected, props), expected)


@pytest.mark.parametrize("reduction", REDUCTIONS)
@pytest.mark.parametrize("depth", [1, 2])
def test_scatter_nd(reduction, depth):
    data = randn(4, 3, 2)
    if depth == 1:
        indices = np.array([[2], [0]] if reduction == "none" else [[2], [0], [2]], np.int64)
    else:
        indices = np.array([[0, 1], [3, 2]] if reduction == "none" else [[0, 1], [3, 2], [0, 1]], np.int64)
    updates = randn(*(indices.shape[:-1] + data.shape[depth:]))
    expected = onnx_run("ScatterND", [data, indices, updates], reduction=reduction)
    props = f"reduction = #nn.reduction<{reduction}>"
    assert_close(run_like("scatter_nd", [data, indices, updates], expected, props), expected)


@pytest.mark.parametrize("mode", ["constant", "reflect", "edge", "wrap"])
def test_pad(mode):
    x = randn(3, 4, 5)
    low, high = [1, 0, 2], [2, 3, 0]
    value = np.array(1.5 if mode == "constant" else 0.0, np.float32)
    expected = onnx_run("Pad", [x, np.array(low + high, np.int64), value], mode=mode)
    props = f"low = {array_attr(low)}, high = {array_attr(high)}, mode = #nn.pad_mode<{mode}>"
    assert_same(run_like("pad", [x, value], expected, props), expected)


# --------------------------------------------------------------------------- #
# Pooling (ONNX NCHW, pads [top, left, bottom, right])                        #
# --------------------------------------------------------------------------- #

# (kernel, strides, padding [t, b, l, r], dilations, ceil_mode) on a [2, 9, 8, 3] input
POOLS = [
    ((2, 2), (2, 2), (0, 0, 0, 0), (1, 1), False),
    ((3, 3), (2, 2), (1, 1, 1, 1), (1, 1), False),
    ((3, 3), (2, 2), (1, 1, 1, 1), (1, 1), True),
    ((2, 3), (3, 2), (1, 0, 0, 2), (1, 1), True),
    ((3, 2), (2, 3), (0, 2, 1, 1), (1, 1), True),
    ((3, 3), (1, 2), (2, 1, 0, 2), (2, 2), False),
    ((2, 2), (2, 2), (1, 1, 1, 1), (2, 1), True),
    ((1, 1), (3, 3), (0, 0, 0, 0), (1, 1), True),
]


def pool_props(kernel, strides, padding, dilations, ceil_mode) -> str:
    return (
        f"kernel = {array_attr(kernel)}, strides = {array_attr(strides)}, padding = {array_attr(padding)}, "
        f"dilations = {array_attr(dilations)}, ceil_mode = {str(ceil_mode).lower()}"
    )


def onnx_pool_attrs(kernel, strides, padding, dilations, ceil_mode) -> dict:
    pt, pb, pl, pr = padding
    return dict(kernel_shape=kernel, strides=strides, pads=[pt, pl, pb, pr], dilations=dilations, ceil_mode=int(ceil_mode))


@pytest.mark.parametrize("case", POOLS, ids=[f"pool{i}" for i in range(len(POOLS))])
def test_max_pool(case):
    x = randn(2, 9, 8, 3)
    expected = nhwc(onnx_run("MaxPool", [nchw(x)], **onnx_pool_attrs(*case)))
    assert_same(run_like("max_pool", [x], expected, pool_props(*case)), expected)


@pytest.mark.parametrize("count_include_pad", [False, True], ids=["exclude_pad", "include_pad"])
@pytest.mark.parametrize("case", POOLS, ids=[f"pool{i}" for i in range(len(POOLS))])
def test_avg_pool(case, count_include_pad):
    x = randn(2, 9, 8, 3)
    attrs = onnx_pool_attrs(*case)
    expected = nhwc(onnx_run("AveragePool", [nchw(x)], count_include_pad=int(count_include_pad), **attrs))
    props = pool_props(*case) + f", count_include_pad = {str(count_include_pad).lower()}"
    assert_close(run_like("avg_pool", [x], expected, props), expected, rtol=1e-5, atol=1e-6)


def test_global_avg_pool():
    x = randn(2, 5, 7, 3)
    expected = nhwc(onnx_run("GlobalAveragePool", [nchw(x)]))
    assert_close(run_like("global_avg_pool", [x], expected), expected, rtol=1e-5, atol=1e-6)


# --------------------------------------------------------------------------- #
# Matrix products                                                             #
# --------------------------------------------------------------------------- #

GEMMS = [
    (False, False, 1.0, 1.0, (5,)),
    (True, False, 0.5, 2.0, (3, 5)),
    (False, True, 1.0, -1.0, (3, 1)),
    (True, True, -2.0, 0.25, (1, 5)),
    (False, False, 1.5, 1.0, None),
]


@pytest.mark.parametrize("trans_a, trans_b, alpha, beta, c_shape", GEMMS)
def test_gemm(trans_a, trans_b, alpha, beta, c_shape):
    m, k, n = 3, 4, 5
    a = randn(*((k, m) if trans_a else (m, k)))
    b = randn(*((n, k) if trans_b else (k, n)))
    c = randn(*c_shape) if c_shape else None
    expected = onnx_run("Gemm", [a, b, c], alpha=alpha, beta=beta, transA=int(trans_a), transB=int(trans_b))
    inputs = [a, b] + ([c] if c is not None else [])
    props = (
        f"alpha = {alpha:e} : f32, beta = {beta:e} : f32, "
        f"trans_a = {str(trans_a).lower()}, trans_b = {str(trans_b).lower()}"
    )
    assert_close(run_like("gemm", inputs, expected, props), expected, rtol=1e-5, atol=1e-6)


MATMULS = [((3, 4), (4, 5)), ((2, 1, 3, 4), (5, 4, 6)), ((4,), (2, 4, 3)), ((2, 3, 4), (4,)), ((4,), (4,)), ((1, 3, 4), (2, 4, 2))]


@pytest.mark.parametrize("shapes", MATMULS, ids=[f"{a}x{b}" for a, b in MATMULS])
def test_matmul_batch_broadcasting(shapes):
    a, b = randn(*shapes[0]), randn(*shapes[1])
    expected = onnx_run("MatMul", [a, b])
    assert_close(run_like("matmul", [a, b], expected), expected, rtol=1e-5, atol=1e-6)


def test_a_chain_of_ops_runs_as_one_function():
    """Values flow between ops as nnpipe-run passes them (not only single ops)."""
    x, w = randn(1, 6, 6, 2), randn(4, 3, 3, 2)
    t_x, t_w, t_c = tensor_type(x.shape, x.dtype), tensor_type(w.shape, w.dtype), "tensor<1x6x6x4xf32>"
    body = (
        f"  %c = nn.conv2d %arg0, %arg1 {{padding = array<i64: 1, 1, 1, 1>}} : ({t_x}, {t_w}) -> {t_c}\n"
        f"  %r = nn.relu %c : {t_c}\n"
        f"  %p = nn.max_pool %r {{kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}} : ({t_c}) -> tensor<1x3x3x4xf32>\n"
        "  func.return %p : tensor<1x3x3x4xf32>"
    )
    (actual,) = run_function(body, [x, w], ["tensor<1x3x3x4xf32>"])
    conv = np.maximum(naive_conv2d(x, w, padding=(1, 1, 1, 1)), 0).astype(np.float32)
    expected = conv.reshape(1, 3, 2, 3, 2, 4).max(axis=(2, 4))
    assert_close(actual, expected, rtol=1e-5, atol=1e-5)
