"""Property tests over conv parameters: kernel 1-7, stride 1-3, dilation 1-3, padding
0-4 per side (asymmetric), groups (depthwise included), batch 1-2.

1. The verifier accepts exactly the output shape of design brief §2,
   `Ho = floor((H + pt + pb - dh*(kh-1) - 1) / sh) + 1` (likewise W), and rejects a
   neighbouring shape with the formula in its message.
2. The interpreter's conv2d and conv_add equal the naive loop reference within f32
   rounding of the sum of |terms| (the bound a correct f32 dot product meets).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pytest
from conv_reference import naive_conv2d, run_op, tensor_type
from hypothesis import given, settings
from hypothesis import strategies as st

from nnpipe.tools.diagnostics import UserError

F32_EPS = 2.0**-24


@dataclass(frozen=True)
class Conv:
    batch: int
    height: int
    width: int
    groups: int
    in_per_group: int
    out_per_group: int
    kernel: tuple[int, int]
    strides: tuple[int, int]
    dilations: tuple[int, int]
    padding: tuple[int, int, int, int]  # top, bottom, left, right

    @property
    def input_shape(self) -> tuple[int, int, int, int]:
        return (self.batch, self.height, self.width, self.groups * self.in_per_group)

    @property
    def weight_shape(self) -> tuple[int, int, int, int]:
        return (self.groups * self.out_per_group, *self.kernel, self.in_per_group)

    def output_shape(self) -> tuple[int, int, int, int]:
        """The brief's formula, written out here rather than imported."""
        (kh, kw), (sh, sw), (dh, dw) = self.kernel, self.strides, self.dilations
        pt, pb, pl, pr = self.padding
        ho = (self.height + pt + pb - dh * (kh - 1) - 1) // sh + 1
        wo = (self.width + pl + pr - dw * (kw - 1) - 1) // sw + 1
        return (self.batch, ho, wo, self.groups * self.out_per_group)

    def geometry(self) -> dict:
        """The keyword arguments of `naive_conv2d` for this conv."""
        return dict(strides=self.strides, padding=self.padding, dilations=self.dilations, groups=self.groups)

    def random_operands(self, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Standard-normal f32 input, weight and bias."""
        x = rng.standard_normal(self.input_shape).astype(np.float32)
        w = rng.standard_normal(self.weight_shape).astype(np.float32)
        bias = rng.standard_normal(self.weight_shape[0]).astype(np.float32)
        return x, w, bias

    def props(self) -> str:
        def arr(values):
            return "array<i64: " + ", ".join(map(str, values)) + ">"

        return (
            f"strides = {arr(self.strides)}, padding = {arr(self.padding)}, "
            f"dilations = {arr(self.dilations)}, groups = {self.groups} : i64"
        )


def spatial_size(draw, kernel: int, dilation: int, pad_lo: int, pad_hi: int) -> int:
    """An input size whose padded extent fits at least one window, at most 5 more."""
    smallest = max(1, dilation * (kernel - 1) + 1 - pad_lo - pad_hi)
    return draw(st.integers(smallest, smallest + 5))


@st.composite
def convs(draw) -> Conv:
    kernel = (draw(st.integers(1, 7)), draw(st.integers(1, 7)))
    strides = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    dilations = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    padding = tuple(draw(st.integers(0, 4)) for _ in range(4))
    groups = draw(st.integers(1, 4))
    depthwise = draw(st.booleans())
    return Conv(
        batch=draw(st.integers(1, 2)),
        height=spatial_size(draw, kernel[0], dilations[0], padding[0], padding[1]),
        width=spatial_size(draw, kernel[1], dilations[1], padding[2], padding[3]),
        groups=groups,
        in_per_group=1 if depthwise else draw(st.integers(1, 3)),
        out_per_group=draw(st.integers(1, 2)),
        kernel=kernel,
        strides=strides,
        dilations=dilations,
        padding=padding,  # type: ignore[arg-type]
    )


def conv_text(conv: Conv, result_shape, operands: str = "%arg0, %arg1", extra_types=(), op: str = "conv2d", props: str = "") -> str:
    types = ", ".join([tensor_type(conv.input_shape, np.float32), tensor_type(conv.weight_shape, np.float32), *extra_types])
    return f"nn.{op} {operands} {{{conv.props()}{props}}} : ({types}) -> {tensor_type(result_shape, np.float32)}"


def window_positions(size: int, pad_lo: int, pad_hi: int, kernel: int, stride: int, dilation: int) -> int:
    """Output size by counting the window starts that fit, a second derivation."""
    return len(range(0, size + pad_lo + pad_hi - dilation * (kernel - 1), stride))


@settings(max_examples=150, deadline=None)
@given(convs())
def test_verifier_accepts_exactly_the_brief_output_shape(conv: Conv):
    n, ho, wo, co = conv.output_shape()
    pt, pb, pl, pr = conv.padding
    assert ho == window_positions(conv.height, pt, pb, conv.kernel[0], conv.strides[0], conv.dilations[0])
    assert wo == window_positions(conv.width, pl, pr, conv.kernel[1], conv.strides[1], conv.dilations[1])
    x = np.zeros(conv.input_shape, np.float32)
    w = np.zeros(conv.weight_shape, np.float32)
    out = run_op(conv_text(conv, conv.output_shape()), [x, w], tensor_type(conv.output_shape(), np.float32))
    assert out.shape == conv.output_shape()
    for wrong in ((n, ho + 1, wo, co), (n, ho, wo + 1, co)):
        with pytest.raises(UserError, match=r"expected \[.*\] \(Ho = \(H \+ pt \+ pb - dh\*\(kh-1\) - 1\) / sh \+ 1"):
            run_op(conv_text(conv, wrong), [x, w], tensor_type(wrong, np.float32))


def assert_within_f32_rounding(actual: np.ndarray, exact: np.ndarray, magnitude: np.ndarray) -> None:
    assert actual.dtype == np.float32
    assert actual.shape == exact.shape
    error = np.abs(actual.astype(np.float64) - exact)
    assert np.all(error <= 16 * F32_EPS * magnitude + 1e-30), f"max error {error.max()}"


@settings(max_examples=250, deadline=None)
@given(convs(), st.booleans(), st.integers(0, 2**32 - 1))
def test_conv2d_equals_naive_reference(conv: Conv, with_bias: bool, seed: int):
    x, w, bias = conv.random_operands(np.random.default_rng(seed))
    bias = bias if with_bias else None
    args = conv.geometry()
    exact = naive_conv2d(x, w, bias, **args)
    magnitude = naive_conv2d(np.abs(x), np.abs(w), None if bias is None else np.abs(bias), **args)
    assert exact.shape == conv.output_shape()
    inputs = [x, w] + ([bias] if bias is not None else [])
    operands = "%arg0, %arg1" + (", %arg2" if bias is not None else "")
    extra = [tensor_type(bias.shape, np.float32)] if bias is not None else []
    actual = run_op(conv_text(conv, exact.shape, operands, extra), inputs, tensor_type(exact.shape, np.float32))
    assert_within_f32_rounding(actual, exact, magnitude)


@settings(max_examples=100, deadline=None)
@given(convs(), st.booleans(), st.integers(0, 2**32 - 1))
def test_conv_add_equals_naive_reference(conv: Conv, relu: bool, seed: int):
    rng = np.random.default_rng(seed)
    x, w, bias = conv.random_operands(rng)
    addend = rng.standard_normal(conv.output_shape()).astype(np.float32)
    args = conv.geometry()
    exact = naive_conv2d(x, w, bias, **args, addend=addend, relu=relu)
    magnitude = naive_conv2d(np.abs(x), np.abs(w), np.abs(bias), **args, addend=np.abs(addend))
    out_type = tensor_type(exact.shape, np.float32)
    text = conv_text(
        conv,
        exact.shape,
        "%arg0, %arg1, %arg2, %arg3",
        [out_type, tensor_type(bias.shape, np.float32)],
        op="conv_add",
        props=", activation = #nn.activation<relu>" if relu else "",
    )
    actual = run_op(text, [x, w, addend, bias], out_type)
    assert_within_f32_rounding(actual, exact, magnitude)
    if relu:
        assert not np.signbit(actual).any()
