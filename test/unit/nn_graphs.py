"""Shared helpers for the tests of passes (docs/writing-a-pass.md uses them too).

- `GraphBuilder` writes a function whose constants are `dense_resource` blobs (the
  format real modules use), with inputs kept as NumPy arrays; `conv_specs` draws random
  conv geometries with hypothesis.
- `parse` reads IR text into a verified module; `apply_pipeline` runs a `-p` pipeline
  on it (any registered pass) and verifies the result.
- `differential_run` interprets a module before and after a pass pipeline, and once
  more after printing and re-parsing it (so the blobs a pass writes are checked too).
- `assert_bit_identical` compares outputs bit for bit (dtype, shape, raw bytes: NaN
  payloads and the sign of zero count); `max_relative_error` for inexact rewrites.
"""

from __future__ import annotations

import itertools
from io import StringIO
from dataclasses import dataclass, field

import numpy as np
from hypothesis import strategies as st
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import PassPipeline
from xdsl.printer import Printer

from nnpipe.dialects import shapes
from nnpipe.interpreter.runner import run_module
from nnpipe.passes import get_opt_passes
from nnpipe.tools.diagnostics import parse_module, verify_module
from nnpipe.tools.run import make_context

_BLOB_KEYS = itertools.count()
"""Blob keys are global to the process (xDSL keeps one resource table), so every
builder draws fresh ones."""

_ELEMENT = {np.dtype(np.float32): "f32", np.dtype(np.float16): "f16"}


def tensor_type(shape: tuple[int, ...], dtype=np.float32) -> str:
    return "tensor<" + "".join(f"{d}x" for d in shape) + _ELEMENT[np.dtype(dtype)] + ">"


def type_of(array: np.ndarray) -> str:
    return tensor_type(array.shape, array.dtype)


@dataclass(frozen=True)
class ConvSpec:
    """One conv: NHWC input shape, OHWI weight shape and attributes."""

    n: int
    h: int
    w: int
    ci: int
    co: int
    kh: int
    kw: int
    strides: tuple[int, int]
    padding: tuple[int, int, int, int]
    dilations: tuple[int, int]
    groups: int
    bias: bool

    @property
    def input_shape(self) -> tuple[int, int, int, int]:
        return (self.n, self.h, self.w, self.ci)

    @property
    def weight_shape(self) -> tuple[int, int, int, int]:
        return (self.co, self.kh, self.kw, self.ci // self.groups)

    @property
    def output_shape(self) -> tuple[int, int, int, int]:
        pt, pb, pl, pr = self.padding
        return (
            self.n,
            shapes.conv_output_size(self.h, self.kh, self.strides[0], pt, pb, self.dilations[0]),
            shapes.conv_output_size(self.w, self.kw, self.strides[1], pl, pr, self.dilations[1]),
            self.co,
        )

    def attributes(self) -> str:
        def arr(values) -> str:
            return "array<i64: " + ", ".join(str(v) for v in values) + ">"

        return (
            f"{{strides = {arr(self.strides)}, padding = {arr(self.padding)}, "
            f"dilations = {arr(self.dilations)}, groups = {self.groups} : i64}}"
        )

    def with_input(self, shape: tuple[int, int, int, int]) -> ConvSpec:
        """The same conv applied to an input of `shape` (channels must divide)."""
        n, h, w, ci = shape
        return ConvSpec(n, h, w, ci, self.co, self.kh, self.kw, self.strides, self.padding, self.dilations, self.groups, self.bias)


@st.composite
def conv_specs(draw, max_hw: int = 7, bias: bool | None = None) -> ConvSpec:
    """Random convs: groups 1-3, kernels 1-3, strides and dilations 1-2, padding
    0-2 per side, batch 1-2, with or without bias; the input is at least as large as
    the dilated kernel needs."""
    groups = draw(st.sampled_from([1, 1, 2, 3]))
    ci = groups * draw(st.integers(1, 3))
    co = groups * draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    strides = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    dilations = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
    padding = tuple(draw(st.integers(0, 2)) for _ in range(4))
    h = max(draw(st.integers(1, max_hw)), dilations[0] * (kh - 1) + 1 - padding[0] - padding[1], 1)
    w = max(draw(st.integers(1, max_hw)), dilations[1] * (kw - 1) + 1 - padding[2] - padding[3], 1)
    has_bias = draw(st.booleans()) if bias is None else bias
    return ConvSpec(draw(st.integers(1, 2)), h, w, ci, co, kh, kw, strides, padding, dilations, groups, has_bias)  # type: ignore[arg-type]


@dataclass
class GraphBuilder:
    """Writes one `func.func @main` line by line; values are `%v0, %v1, ...`."""

    rng: np.random.Generator
    arguments: list[tuple[str, np.ndarray]] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    blobs: dict[str, str] = field(default_factory=dict)
    _names: itertools.count = field(default_factory=itertools.count)

    def fresh(self) -> str:
        return f"%v{next(self._names)}"

    def argument(self, array: np.ndarray) -> str:
        name = f"%arg{len(self.arguments)}"
        self.arguments.append((name, array))
        return name

    def random(self, shape, low: float | None = None, high: float | None = None, dtype=np.float32) -> np.ndarray:
        if low is None:
            return self.rng.standard_normal(shape).astype(dtype)
        return self.rng.uniform(low, high, shape).astype(dtype)

    def constant(self, array: np.ndarray) -> str:
        key = f"blob{next(_BLOB_KEYS)}"
        data = np.ascontiguousarray(array)
        self.blobs[key] = "0x" + data.dtype.itemsize.to_bytes(4, "little").hex() + data.tobytes().hex()
        name = self.fresh()
        self.body.append(f"{name} = arith.constant dense_resource<{key}> : {type_of(array)}")
        return name

    def op(self, text: str) -> str:
        name = self.fresh()
        self.body.append(f"{name} = {text}")
        return name

    def conv(self, x: str, spec: ConvSpec, dtype=np.float32, result_dtype=None) -> str:
        """A conv with random constant weights (and bias), scaled so outputs stay
        near unit size."""
        fan_in = spec.kh * spec.kw * (spec.ci // spec.groups)
        weight = self.constant((self.random(spec.weight_shape) / np.sqrt(fan_in)).astype(dtype))
        result_dtype = dtype if result_dtype is None else result_dtype
        operands = [x, weight]
        types = [tensor_type(spec.input_shape, dtype), tensor_type(spec.weight_shape, dtype)]
        if spec.bias:
            operands.append(self.constant(self.random((spec.co,), dtype=result_dtype)))
            types.append(tensor_type((spec.co,), result_dtype))
        return self.op(
            f"nn.conv2d {', '.join(operands)} {spec.attributes()} : ({', '.join(types)}) -> "
            f"{tensor_type(spec.output_shape, result_dtype)}"
        )

    def binary(self, name: str, lhs: tuple[str, str], rhs: tuple[str, str], result_type: str) -> str:
        """`nn.<name> lhs, rhs` with (value, type) operands."""
        return self.op(f"nn.{name} {lhs[0]}, {rhs[0]} : ({lhs[1]}, {rhs[1]}) -> {result_type}")

    def text(self, results: list[tuple[str, str]]) -> str:
        args = ", ".join(f"{name}: {type_of(array)}" for name, array in self.arguments)
        result_types = ", ".join(t for _, t in results)
        lines = [f"func.func @main({args}) -> ({result_types}) {{"]
        lines += ["  " + line for line in self.body]
        lines.append(f"  func.return {', '.join(v for v, _ in results)} : {result_types}")
        lines.append("}")
        if self.blobs:
            entries = ",\n".join(f'      {key}: "{blob}"' for key, blob in self.blobs.items())
            lines.append("{-#\n  dialect_resources: {\n    builtin: {\n" + entries + "\n    }\n  }\n#-}")
        return "\n".join(lines) + "\n"

    def inputs(self) -> list[np.ndarray]:
        return [array for _, array in self.arguments]


def print_module(module: ModuleOp) -> str:
    """The module as nnpipe-opt writes it, resource section included."""
    stream = StringIO()
    printer = Printer(stream=stream)
    printer.print_op(module)
    printer.print_metadata(make_context().loaded_dialects)
    return stream.getvalue() + "\n"


def parse(text: str) -> ModuleOp:
    """IR text to a verified module (a located UserError if it is not valid)."""
    return parse_module(make_context(), text, "<test>")[0]


def raw(array: np.ndarray) -> tuple[str, tuple[int, ...], bytes]:
    return (str(array.dtype), array.shape, np.ascontiguousarray(array).tobytes())


def assert_bit_identical(before: dict[str, np.ndarray], after: dict[str, np.ndarray]) -> None:
    assert before.keys() == after.keys()
    for name in before:
        assert raw(before[name]) == raw(after[name]), name


def op_names(module: ModuleOp) -> list[str]:
    return [op.name for op in module.walk() if op.name.startswith("nn.")]


def apply_pipeline(module: ModuleOp, pipeline: str) -> None:
    ctx = make_context()
    PassPipeline.parse_spec(get_opt_passes(), pipeline).apply(ctx, module)
    verify_module(module, None, "<test>")


def differential_run(text: str, inputs: list[np.ndarray], pipeline: str):
    """Outputs before the pipeline, after it, and after a print/parse round trip of
    the rewritten module, plus the rewritten module itself."""
    ctx = make_context()
    module, _ = parse_module(ctx, text, "<test>")
    before = run_module(module, inputs).outputs
    apply_pipeline(module, pipeline)
    after = run_module(module, inputs).outputs
    reparsed, _ = parse_module(make_context(), print_module(module), "<printed>")
    again = run_module(reparsed, inputs).outputs
    return before, after, again, module


def max_relative_error(reference: dict[str, np.ndarray], actual: dict[str, np.ndarray]) -> float:
    """max |a - r| / max(1, max |r|) over all outputs (error relative to the
    output's scale, so values that cancel to ~0 do not blow it up)."""
    worst = 0.0
    assert reference.keys() == actual.keys()
    for key, ref in reference.items():
        r = ref.astype(np.float64)
        a = actual[key].astype(np.float64)
        assert r.shape == a.shape
        scale = max(1.0, float(np.max(np.abs(r), initial=0.0)))
        worst = max(worst, float(np.max(np.abs(a - r), initial=0.0)) / scale)
    return worst
