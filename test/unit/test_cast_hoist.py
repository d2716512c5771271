"""cast-hoist is exact: differential tests that interpret a module before and after the
pass and compare the raw bytes of every output (NaN payloads, infinities and the sign
of zero included).

Inputs are not "nice" floats: each one is drawn either from a pool of special values
(±0, tiny negatives that round to -0.0, ±inf, NaN, values past the f16 and bf16
ranges, subnormals) mixed with arbitrary floats, or as raw bit patterns, which covers
signalling NaNs and NaN payloads.
"""

from __future__ import annotations

import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import ml_dtypes
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from nn_graphs import assert_bit_identical, parse, raw
from xdsl.dialects.builtin import ModuleOp

from nnpipe.dialects import nn
from nnpipe.interpreter.runner import run_module
from nnpipe.passes import statistics
from nnpipe.passes.cast_hoist import CastHoistPass
from nnpipe.tools.diagnostics import verify_module
from nnpipe.tools.run import make_context

BIN = Path(sys.executable).parent

# NaN and inf inputs are the point here; NumPy's warnings about them are noise.
pytestmark = pytest.mark.filterwarnings("ignore::RuntimeWarning")

NUMPY = {"f16": np.dtype(np.float16), "bf16": np.dtype(ml_dtypes.bfloat16), "f32": np.dtype(np.float32), "f64": np.dtype(np.float64)}
UNSIGNED = {2: np.uint16, 4: np.uint32, 8: np.uint64}
NARROWING = [("f32", "f16"), ("f32", "bf16"), ("f64", "f32"), ("f64", "f16")]

SPECIAL = [0.0, -0.0, 1e-10, -1e-10, -1e-30, 6e-8, -6e-8, 2e-45, -3e-39, 1.0, -1.0, 0.1, 65504.0, 65519.0,
           65520.0, -65520.0, 1e5, 3.4e38, -3.4e38, 1e300, -1e300, float("inf"), float("-inf"), float("nan")]


def float_arrays(dtype: np.dtype, shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray]:
    """Special values mixed with arbitrary floats, or raw bit patterns."""
    width = 64 if dtype == np.float64 else 32
    values = hnp.arrays(
        np.float64, shape, elements=st.one_of(st.sampled_from(SPECIAL), st.floats(width=width))
    ).map(lambda a: a.astype(dtype))
    bits = hnp.arrays(UNSIGNED[dtype.itemsize], shape).map(lambda a: a.view(dtype))
    return st.one_of(values, bits)


def tensor(shape: tuple[int, ...], element: str) -> str:
    return "tensor<" + "".join(f"{d}x" for d in shape) + element + ">"


def i64s(values) -> str:
    values = [str(int(v)) for v in values]
    return "array<i64: " + ", ".join(values) + ">" if values else "array<i64>"


@dataclass
class Chain:
    """A function built op by op: data-movement and order-preserving ops on one
    value, extra operands as function arguments, and a trailing narrowing cast."""

    source: str
    narrow: str
    shape: tuple[int, ...]
    args: list[tuple[str, str, np.ndarray]] = field(default_factory=list)
    lines: list[str] = field(default_factory=list)
    value: str = "%x"
    count: int = 0

    def arg(self, array: np.ndarray, element: str) -> str:
        name = f"%a{len(self.args)}"
        self.args.append((name, tensor(array.shape, element), array))
        return name

    def emit(self, op: str, operands: str, attrs: str, operand_types: list[str], shape: tuple[int, ...]) -> None:
        result = f"%v{self.count}"
        self.count += 1
        result_type = tensor(shape, self.source)
        attrs = f" {{{attrs}}}" if attrs else ""
        self.lines.append(f"  {result} = {op} {operands}{attrs} : ({', '.join(operand_types)}) -> {result_type}")
        self.value, self.shape = result, shape

    @property
    def type(self) -> str:
        return tensor(self.shape, self.source)

    def text(self, x_shape: tuple[int, ...]) -> str:
        out = tensor(self.shape, self.narrow)
        params = ", ".join([f"%x: {tensor(x_shape, self.source)}"] + [f"{n}: {t}" for n, t, _ in self.args])
        body = "\n".join(self.lines)
        return (
            f"func.func @main({params}) -> {out} {{\n{body}\n"
            f"  %y = nn.cast {self.value} : {self.type} to {out}\n  func.return %y : {out}\n}}\n"
        )


def divisors(n: int) -> list[int]:
    return [d for d in range(1, n + 1) if n % d == 0]


ANY_RANK = ["transpose", "reshape", "broadcast", "slice", "pad", "relu"]
"""Ops a chain can apply to a tensor of any rank, scalars included."""
RANK_1_UP = ["concat", "gather", "scatter", "scatter_nd"]
"""Ops that need an axis: rank >= 1."""
NHWC_ONLY = ["max_pool"]
"""Ops on NHWC feature maps: rank 4."""
KINDS = ANY_RANK + RANK_1_UP + NHWC_ONLY


@st.composite
def chains(draw, first: str) -> tuple[str, list[np.ndarray]]:
    """A chain of 1-4 ops starting with `first`, then a narrowing cast."""
    source, narrow = draw(st.sampled_from(NARROWING))
    dtype = NUMPY[source]
    rank = 4 if first == "max_pool" else draw(st.integers(1, 4))
    x_shape = tuple(draw(st.lists(st.integers(1, 4), min_size=rank, max_size=rank)))
    chain = Chain(source, narrow, x_shape)
    arrays = [draw(float_arrays(dtype, x_shape))]

    def data_arg(shape):
        array = draw(float_arrays(dtype, tuple(shape)))
        arrays.append(array)
        return chain.arg(array, source)

    def index_arg(shape, low, high):
        element = draw(st.sampled_from(["i32", "i64"]))
        array = draw(hnp.arrays(np.int64, tuple(shape), elements=st.integers(low, high - 1))).astype(np.int32 if element == "i32" else np.int64)
        arrays.append(array)
        return chain.arg(array, element)

    for position in range(draw(st.integers(1, 4))):
        shape, rank, t = chain.shape, len(chain.shape), chain.type
        kinds = ANY_RANK + (RANK_1_UP if rank >= 1 else []) + (NHWC_ONLY if rank == 4 else [])
        kind = first if position == 0 else draw(st.sampled_from(kinds))
        if kind == "transpose":
            perm = draw(st.permutations(range(rank)))
            chain.emit("nn.transpose", chain.value, f"permutation = {i64s(perm)}", [t], tuple(shape[p] for p in perm))
        elif kind == "reshape":
            remaining, dims = int(np.prod(shape)), []
            for _ in range(draw(st.integers(0, 3))):
                d = draw(st.sampled_from(divisors(remaining)))
                dims.append(d)
                remaining //= d
            chain.emit("nn.reshape", chain.value, "", [t], tuple(dims + [remaining]))
        elif kind == "broadcast":
            lead = draw(st.lists(st.integers(1, 3), max_size=2))
            out = tuple(lead) + tuple(draw(st.integers(1, 3)) if d == 1 else d for d in shape)
            chain.emit("nn.broadcast", chain.value, "", [t], out)
        elif kind == "slice":
            offsets, strides, sizes = [], [], []
            for dim in shape:
                step = draw(st.sampled_from([1, 2, -1, -2]))
                off = draw(st.integers(0, dim - 1))
                room = (dim - 1 - off) // step + 1 if step > 0 else off // -step + 1
                offsets.append(off), strides.append(step), sizes.append(draw(st.integers(1, room)))
            chain.emit("nn.slice", chain.value, f"offsets = {i64s(offsets)}, strides = {i64s(strides)}", [t], tuple(sizes))
        elif kind == "concat":
            axis = draw(st.integers(0, rank - 1))
            operands, types, total = [chain.value], [t], shape[axis]
            for _ in range(draw(st.integers(1, 2))):
                if draw(st.booleans()):
                    operands.append(chain.value), types.append(t)
                    total += shape[axis]
                else:
                    other = list(shape)
                    other[axis] = draw(st.integers(1, 3))
                    operands.append(data_arg(other)), types.append(tensor(tuple(other), source))
                    total += other[axis]
            out = list(shape)
            out[axis] = total
            chain.emit("nn.concat", ", ".join(operands), f"axis = {axis} : i64", types, tuple(out))
        elif kind == "pad":
            low = draw(st.lists(st.integers(0, 2), min_size=rank, max_size=rank))
            high = draw(st.lists(st.integers(0, 2), min_size=rank, max_size=rank))
            modes = ["constant", "edge", "wrap"]
            if all(max(lo, hi) < d for d, lo, hi in zip(shape, low, high)):
                modes.append("reflect")
            mode = draw(st.sampled_from(modes))
            value = data_arg(())
            attrs = f"low = {i64s(low)}, high = {i64s(high)}" + ("" if mode == "constant" else f", mode = #nn.pad_mode<{mode}>")
            out = tuple(d + lo + hi for d, lo, hi in zip(shape, low, high))
            chain.emit("nn.pad", f"{chain.value}, {value}", attrs, [t, tensor((), source)], out)
        elif kind == "gather":
            axis = draw(st.integers(0, rank - 1))
            idx_shape = draw(st.lists(st.integers(1, 3), max_size=2))
            indices = index_arg(idx_shape, -shape[axis], shape[axis])
            idx_type = chain.args[-1][1]
            out = shape[:axis] + tuple(idx_shape) + shape[axis + 1 :]
            chain.emit("nn.gather", f"{chain.value}, {indices}", f"axis = {axis} : i64", [t, idx_type], out)
        elif kind == "scatter":
            axis = draw(st.integers(0, rank - 1))
            idx_shape = [draw(st.integers(1, 3)) if k == axis else draw(st.integers(1, d)) for k, d in enumerate(shape)]
            indices = index_arg(idx_shape, -shape[axis], shape[axis])
            idx_type = chain.args[-1][1]
            updates = data_arg(idx_shape)
            reduction = draw(st.sampled_from(["none", "max", "min"]))
            attrs = f"axis = {axis} : i64" + ("" if reduction == "none" else f", reduction = #nn.reduction<{reduction}>")
            chain.emit("nn.scatter", f"{chain.value}, {indices}, {updates}", attrs, [t, idx_type, tensor(tuple(idx_shape), source)], shape)
        elif kind == "scatter_nd":
            k = draw(st.integers(1, rank))
            m = draw(st.integers(1, 3))
            element = draw(st.sampled_from(["i32", "i64"]))
            columns = [draw(hnp.arrays(np.int64, (m,), elements=st.integers(-shape[a], shape[a] - 1))) for a in range(k)]
            index_array = np.stack(columns, axis=1).astype(np.int32 if element == "i32" else np.int64)
            arrays.append(index_array)
            indices = chain.arg(index_array, element)
            upd_shape = (m,) + shape[k:]
            updates = data_arg(upd_shape)
            reduction = draw(st.sampled_from(["none", "max", "min"]))
            attrs = "" if reduction == "none" else f"reduction = #nn.reduction<{reduction}>"
            chain.emit("nn.scatter_nd", f"{chain.value}, {indices}, {updates}", attrs, [t, tensor((m, k), element), tensor(upd_shape, source)], shape)
        elif kind == "relu":
            chain.lines.append(f"  %v{chain.count} = nn.relu {chain.value} : {t}")
            chain.value = f"%v{chain.count}"
            chain.count += 1
        elif kind == "max_pool":
            n, h, w, c = shape
            kh, kw = draw(st.integers(1, min(h, 2))), draw(st.integers(1, min(w, 2)))
            sh, sw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
            pt, pb = draw(st.integers(0, kh - 1)), draw(st.integers(0, kh - 1))
            pl, pr = draw(st.integers(0, kw - 1)), draw(st.integers(0, kw - 1))
            ho, wo = (h + pt + pb - kh) // sh + 1, (w + pl + pr - kw) // sw + 1
            attrs = f"kernel = {i64s((kh, kw))}, strides = {i64s((sh, sw))}, padding = {i64s((pt, pb, pl, pr))}"
            chain.emit("nn.max_pool", chain.value, attrs, [t], (n, ho, wo, c))
    return chain.text(x_shape), arrays


def hoist(module: ModuleOp, **options) -> ModuleOp:
    CastHoistPass(**options).apply(make_context(), module)
    verify_module(module, None, "<after cast-hoist>")
    return module


def ops_on(module: ModuleOp, element: str) -> list[str]:
    """Names of the non-cast nn ops whose result has element type `element`."""
    return [
        op.name
        for op in module.walk()
        if op.name.startswith("nn.") and not isinstance(op, nn.CastOp) and str(nn.element_of(op.results[0])) == element
    ]


@pytest.mark.parametrize("first", KINDS)
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_random_chains_are_bit_identical_and_fully_hoisted(first: str, data: st.DataObject) -> None:
    text, arrays = data.draw(chains(first), label="chain")
    module = parse(text)
    before = run_module(module, arrays).outputs
    source = str(nn.element_of(next(op for op in module.walk() if isinstance(op, nn.CastOp)).input))
    hoist(module)
    assert_bit_identical(before, run_module(module, arrays).outputs)
    # Not vacuous: every op now moves narrow data, and the casts sit on the arguments.
    assert ops_on(module, source) == [], str(module)
    for op in module.walk():
        if isinstance(op, nn.CastOp):
            assert op.input.owner is not None and not isinstance(op.input.owner, nn.NNOperation), str(module)
    # A fixed point: a second run changes nothing.
    printed = str(module)
    assert str(hoist(module)) == printed


@st.composite
def convs_then_cast(draw) -> tuple[str, list[np.ndarray]]:
    """A conv (or conv_add whose addend is a widened narrow value, with or without
    relu) with f32 result (f16, bf16 or f32 inputs), an optional transpose, and a
    narrowing cast: the cast reaches the conv and folds into it."""
    inp = draw(st.sampled_from(["f16", "bf16", "f32"]))
    narrow = draw(st.sampled_from(["f16", "bf16"]))
    h, w, ci, co = (draw(st.integers(1, 4)) for _ in range(4))
    k = draw(st.integers(1, min(h, w, 2)))
    x = draw(float_arrays(NUMPY[inp], (1, h, w, ci)))
    wt = draw(float_arrays(NUMPY[inp], (co, k, k, ci)))
    b = draw(float_arrays(NUMPY[inp], (co,)))
    ho, wo = h - k + 1, w - k + 1
    out32, outn = tensor((1, ho, wo, co), "f32"), tensor((1, ho, wo, co), narrow)
    params = f"%x: {tensor(x.shape, inp)}, %w: {tensor(wt.shape, inp)}, %b: {tensor(b.shape, inp)}"
    arrays = [x, wt, b]
    types = f"{tensor(x.shape, inp)}, {tensor(wt.shape, inp)}, {tensor(b.shape, inp)}"
    if draw(st.booleans()):
        lines = [f"  %c = nn.conv2d %x, %w, %b : ({types}) -> {out32}"]
    else:
        arrays.append(draw(float_arrays(NUMPY[narrow], (1, ho, wo, co))))
        params += f", %a: {outn}"
        relu = ", activation = #nn.activation<relu>" if draw(st.booleans()) else ""
        types = f"{tensor(x.shape, inp)}, {tensor(wt.shape, inp)}, {out32}, {tensor(b.shape, inp)}"
        lines = [
            f"  %a32 = nn.cast %a : {outn} to {out32}",
            f"  %c = nn.conv_add %x, %w, %a32, %b {{{relu[2:]}}} : ({types}) -> {out32}",
        ]
    value = "%c"
    if draw(st.booleans()):
        lines.append(f"  %t = nn.transpose %c {{permutation = array<i64: 0, 2, 1, 3>}} : ({out32}) -> {tensor((1, wo, ho, co), 'f32')}")
        value, out32, outn = "%t", tensor((1, wo, ho, co), "f32"), tensor((1, wo, ho, co), narrow)
    text = (
        f"func.func @main({params}) -> {outn} {{\n"
        + "\n".join(lines)
        + f"\n  %y = nn.cast {value} : {out32} to {outn}\n  func.return %y : {outn}\n}}\n"
    )
    return text, arrays


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(convs_then_cast())
def test_fold_into_conv_is_bit_identical(case: tuple[str, list[np.ndarray]]) -> None:
    text, arrays = case
    module = parse(text)
    before = run_module(module, arrays).outputs
    hoist(module, fold_into_producer=True)
    assert_bit_identical(before, run_module(module, arrays).outputs)
    assert not any(isinstance(op, nn.CastOp) for op in module.walk()), str(module)


def all_bit_patterns(element: str) -> np.ndarray:
    dtype = NUMPY[element]
    if dtype.itemsize == 2:
        return np.arange(1 << 16, dtype=np.uint16).view(dtype)
    rng = np.random.default_rng(0)
    bits = rng.integers(0, 1 << 32, 1 << 16, dtype=np.uint64).astype(np.uint32)
    bits[:256] = 0x7F800001 + np.arange(256, dtype=np.uint32) * 0x100  # signalling NaNs
    return bits.view(dtype)


@pytest.mark.parametrize(("narrow", "wide"), [("f16", "f32"), ("f16", "f64"), ("bf16", "f32"), ("bf16", "f64"), ("f32", "f64")])
def test_cancelled_round_trip_is_identity_on_every_bit_pattern(narrow: str, wide: str) -> None:
    """What cancellation removes really is the identity in the interpreter: every f16
    and bf16 bit pattern, and f32 patterns with signalling NaNs."""
    x = all_bit_patterns(narrow)
    n = x.shape[0]
    text = (
        f"func.func @main(%x: tensor<{n}x{narrow}>) -> tensor<{n}x{narrow}> {{\n"
        f"  %w = nn.cast %x : tensor<{n}x{narrow}> to tensor<{n}x{wide}>\n"
        f"  %y = nn.cast %w : tensor<{n}x{wide}> to tensor<{n}x{narrow}>\n"
        f"  func.return %y : tensor<{n}x{narrow}>\n}}\n"
    )
    module = parse(text)
    before = run_module(module, [x]).outputs
    hoist(module)
    assert not any(isinstance(op, nn.CastOp) for op in module.walk())
    assert_bit_identical(before, run_module(module, [x]).outputs)
    assert raw(before["result0"]) == raw(x)


def test_statistics_count_moves_merges_and_cancellations() -> None:
    module = parse(
        """func.func @main(%x: tensor<2x4xf16>) -> (tensor<4x2xf16>, tensor<4x2xf16>) {
  %w = nn.cast %x : tensor<2x4xf16> to tensor<2x4xf32>
  %r = nn.relu %w : tensor<2x4xf32>
  %t = nn.transpose %r {permutation = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<4x2xf32>
  %a = nn.cast %t : tensor<4x2xf32> to tensor<4x2xf16>
  %b = nn.cast %t : tensor<4x2xf32> to tensor<4x2xf16>
  func.return %a, %b : tensor<4x2xf16>, tensor<4x2xf16>
}
"""
    )
    with statistics.collect() as collected:
        hoist(module)
        hoist(module)  # a second run adds zeros: the counts accumulate per pass name
    counters = collected.get("cast-hoist")
    assert counters is not None
    assert (counters["casts-moved"], counters["casts-merged"], counters["casts-cancelled"]) == (2, 1, 1)
    assert "(S) 2 casts-moved" in collected.report()


def test_untouched_ir_stays_identical() -> None:
    """Nothing to hoist (casts after computing ops, widening casts, refusals): the
    module prints exactly as before."""
    text = """func.func @main(%x: tensor<1x4x4x2xf32>, %h: tensor<2x2xf16>) -> (tensor<1x2x2x2xf16>, tensor<2x2xf32>) {
  %a = nn.avg_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x2xf32>) -> tensor<1x2x2x2xf32>
  %y = nn.cast %a : tensor<1x2x2x2xf32> to tensor<1x2x2x2xf16>
  %t = nn.transpose %h {permutation = array<i64: 1, 0>} : (tensor<2x2xf16>) -> tensor<2x2xf16>
  %z = nn.cast %t : tensor<2x2xf16> to tensor<2x2xf32>
  func.return %y, %z : tensor<1x2x2x2xf16>, tensor<2x2xf32>
}
"""
    module = parse(text)
    printed = str(module)
    assert str(hoist(module, allow_duplicate=True, fold_into_producer=True)) == printed


def run_opt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / "nnpipe-opt"), *args], capture_output=True, text=True)


@pytest.mark.parametrize(
    ("pipeline", "message"),
    [
        (
            "cast-hoist{hoist-widening=true}",
            "pass 'cast-hoist' has no option 'hoist-widening'; its options: allow-duplicate, fold-into-producer",
        ),
        ("cast-hoist{allow-duplicate=maybe}", "option allow-duplicate=maybe of pass 'cast-hoist': expected true or false"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path: Path, pipeline: str, message: str) -> None:
    src = tmp_path / "in.mlir"
    src.write_text("func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {\n  func.return %x : tensor<2xf32>\n}\n")
    out = tmp_path / "out.mlir"
    proc = run_opt(str(src), "-p", pipeline, "-o", str(out))
    assert proc.returncode == 1
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in proc.stderr
    assert lines[0].startswith(f"nnpipe-opt: error: invalid pass pipeline '{pipeline}'") and message in lines[0]
    assert not out.exists()
