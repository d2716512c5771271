"""Spatial ONNX ops: Conv, MaxPool, AveragePool, GlobalAveragePool, BatchNormalization.

They run NHWC: the activation is brought to channels-last once (a no-op when the
producer already left it there) and the result stays channels-last. Conv weights are
OIHW in ONNX and OHWI in nn, the same permutation as NCHW -> NHWC, so a constant weight
is transposed at import time into a new blob. 1-D forms (3-D inputs) run as 2-D with a
unit height; both reshapes are free in NHWC.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from xdsl.dialects.builtin import BoolAttr, FloatAttr, IntegerAttr, f32, i64

from nnpipe.dialects import nn, shapes
from nnpipe.frontend import layout
from nnpipe.frontend.context import ImportContext, NodeView, Tensor
from nnpipe.frontend.elementwise_ops import require_float
from nnpipe.frontend.registry import converter

NHWC = layout.channels_last(4)


def _require_spatial_rank(ctx: ImportContext, x: Tensor) -> int:
    """Number of spatial dims (1 or 2) of an N, C, spatial... input."""
    if x.rank not in (3, 4):
        spatial = max(x.rank - 2, 0)
        raise ctx.error(
            f"input '{x.name}' has rank {x.rank} ({spatial}-D); supported: 1-D and 2-D (rank 3 or 4), "
            "as nn's conv and pooling ops are 2-D"
        )
    return x.rank - 2


def _ints(ctx: ImportContext, node: NodeView, name: str, count: int, default: int) -> list[int]:
    values = node.attr(name)
    if values is None:
        return [default] * count
    values = [int(v) for v in values]
    if len(values) != count:
        raise ctx.error(f"{name} = {values} has {len(values)} entries, expected {count}")
    return values


def explicit_pads(
    ctx: ImportContext,
    node: NodeView,
    sizes: Sequence[int],
    kernel: Sequence[int],
    strides: Sequence[int],
    dilations: Sequence[int],
) -> list[tuple[int, int]]:
    """(begin, end) padding per spatial axis from `pads` or `auto_pad`."""
    count = len(sizes)
    auto_pad = node.attr("auto_pad", "NOTSET")
    if auto_pad == "NOTSET":
        pads = _ints(ctx, node, "pads", 2 * count, 0)
        if any(p < 0 for p in pads):
            raise ctx.error(f"pads = {pads} has a negative entry")
        return [(pads[i], pads[i + count]) for i in range(count)]
    if auto_pad == "VALID":
        return [(0, 0)] * count
    if auto_pad not in ("SAME_UPPER", "SAME_LOWER"):
        raise ctx.error(f"auto_pad = '{auto_pad}' is not supported; supported: NOTSET, VALID, SAME_UPPER, SAME_LOWER")
    result = []
    for size, k, s, d in zip(sizes, kernel, strides, dilations):
        out = -(-size // s)
        total = max(0, (out - 1) * s + (k - 1) * d + 1 - size)
        small, large = total // 2, total - total // 2
        result.append((small, large) if auto_pad == "SAME_UPPER" else (large, small))
    return result


def _as_2d(ctx: ImportContext, tensor: Tensor, spatial: int) -> Tensor:
    """N, C, L -> N, C, 1, L (free in NHWC)."""
    if spatial == 2:
        return tensor
    return ctx.reshape(tensor, (*tensor.shape[:2], 1, tensor.shape[2]))


def _from_2d(ctx: ImportContext, tensor: Tensor, spatial: int) -> Tensor:
    if spatial == 2:
        return tensor
    n, c, _, w = tensor.shape
    return ctx.reshape(tensor, (n, c, w))


def _spatial_props(strides, pads, dilations) -> dict:
    """nn properties, defaults left out so the IR stays short."""
    props: dict = {}
    if tuple(strides) != (1, 1):
        props["strides"] = nn.i64_array(strides)
    padding = (pads[0][0], pads[0][1], pads[1][0], pads[1][1])
    if any(padding):
        props["padding"] = nn.i64_array(padding)
    if tuple(dilations) != (1, 1):
        props["dilations"] = nn.i64_array(dilations)
    return props


def _lift(values: Sequence[int], spatial: int, unit: int) -> list[int]:
    return list(values) if spatial == 2 else [unit, *values]


@converter("Conv", versions=(1, 11, 22))
def convert_conv(ctx: ImportContext, node: NodeView) -> None:
    x, w, bias = ctx.required_input(0), ctx.required_input(1), ctx.input(2)
    spatial = _require_spatial_rank(ctx, x)
    require_float(ctx, x)
    if w.rank != x.rank or w.dtype != x.dtype:
        raise ctx.error(f"weight '{w.name}' has shape {list(w.shape)}, expected rank {x.rank} and the input's type")
    kernel = list(w.shape[2:])
    if node.has_attr("kernel_shape") and list(node.attr("kernel_shape")) != kernel:
        raise ctx.error(f"kernel_shape = {node.attr('kernel_shape')} differs from the weight's {kernel}")
    strides = _ints(ctx, node, "strides", spatial, 1)
    dilations = _ints(ctx, node, "dilations", spatial, 1)
    groups = int(node.attr("group", 1))
    pads = explicit_pads(ctx, node, x.shape[2:], kernel, strides, dilations)
    n, ci = x.shape[:2]
    co = w.shape[0]
    if groups < 1 or ci % groups or co % groups or w.shape[1] * groups != ci:
        raise ctx.error(
            f"group = {groups} does not fit input channels {ci}, weight {list(w.shape)} "
            "(expected weight dim 1 = input channels / group)"
        )
    out_spatial = [
        shapes.conv_output_size(size, k, s, lo, hi, d)
        for size, k, s, (lo, hi), d in zip(x.shape[2:], kernel, strides, pads, dilations)
    ]
    if min(out_spatial) < 1:
        raise ctx.error(f"the kernel {kernel} does not fit the padded input {list(x.shape)}")
    x2, w2 = _as_2d(ctx, x, spatial), _as_2d(ctx, w, spatial)
    strides2, dilations2 = _lift(strides, spatial, 1), _lift(dilations, spatial, 1)
    pads2 = pads if spatial == 2 else [(0, 0), *pads]
    props = _spatial_props(strides2, pads2, dilations2)
    if groups != 1:
        props["groups"] = IntegerAttr(groups, i64)
    out_hw = _lift(out_spatial, spatial, 1)
    operands: list = [ctx.physical(x2, NHWC), ctx.physical(w2, NHWC)]
    operands.append([ctx.physical(bias)] if bias is not None else [])
    if bias is not None and (bias.shape != (co,) or bias.dtype != x.dtype):
        raise ctx.error(f"bias '{bias.name}' has shape {list(bias.shape)}, expected [{co}]")
    y = ctx.build(nn.Conv2DOp, operands, (n, *out_hw, co), x.dtype, props)
    ctx.output(0, _from_2d(ctx, ctx.runtime(y, (n, co, *out_hw), NHWC, x.dtype), spatial))


@dataclass(frozen=True)
class Window:
    """One pooling window along each spatial axis, padding as (begin, end) pairs."""

    kernel: tuple[int, ...]
    strides: tuple[int, ...]
    pads: tuple[tuple[int, int], ...]
    dilations: tuple[int, ...]

    def out_sizes(self, sizes: Sequence[int], ceil: bool) -> tuple[int, ...]:
        return tuple(
            shapes.pool_output_size(size, k, s, lo, hi, d, ceil)
            for size, k, s, (lo, hi), d in zip(sizes, self.kernel, self.strides, self.pads, self.dilations)
        )

    def axes(self, *indices: int | None) -> Window:
        """The window along the given axes; None is a unit axis (kernel 1, no padding)."""
        unit = (1, 1, (0, 0), 1)
        picked = [unit if i is None else (self.kernel[i], self.strides[i], self.pads[i], self.dilations[i]) for i in indices]
        kernel, strides, pads, dilations = zip(*picked)
        return Window(kernel, strides, pads, dilations)


def _pool2d(ctx: ImportContext, value, window: Window, op_class, props: dict, dtype: np.dtype):
    """One nn pooling op on a physical NHWC value."""
    n, h, w, c = nn.shape_of(value)
    props = {**_spatial_props(window.strides, window.pads, window.dilations), "kernel": nn.i64_array(window.kernel), **props}
    ceil = bool(props.get("ceil_mode"))
    ho, wo = window.out_sizes((h, w), ceil)
    return ctx.build(op_class, [value], (n, ho, wo, c), dtype, props)


def _pool(ctx: ImportContext, node: NodeView, op_class, extra: dict) -> None:
    """1-D and 2-D pooling are one nn op (1-D with a unit height). 3-D pooling is
    separable: the window is a box and both the maximum and the mean over a box (the
    mean's divisor is a product of per-axis counts, with or without padding) are the
    same reduction over H x W for every depth slice, then over D."""
    x = ctx.required_input(0)
    spatial = x.rank - 2
    if spatial not in (1, 2, 3):
        raise ctx.error(f"input '{x.name}' has rank {x.rank}; supported: 1-D, 2-D and 3-D pooling (rank 3, 4, 5)")
    if not node.has_attr("kernel_shape"):
        raise ctx.error("kernel_shape is required")
    kernel = tuple(int(k) for k in node.attr("kernel_shape"))
    if len(kernel) != spatial:
        raise ctx.error(f"kernel_shape = {list(kernel)} has {len(kernel)} entries, expected {spatial}")
    strides = tuple(_ints(ctx, node, "strides", spatial, 1))
    dilations = tuple(_ints(ctx, node, "dilations", spatial, 1))
    pads = tuple(explicit_pads(ctx, node, x.shape[2:], kernel, strides, dilations))
    window = Window(kernel, strides, pads, dilations)
    ceil = bool(node.attr("ceil_mode", 0))
    props = {**extra, **({"ceil_mode": BoolAttr.from_bool(True)} if ceil else {})}
    out = window.out_sizes(x.shape[2:], ceil)
    n, c = x.shape[:2]
    dtype = x.dtype
    if op_class is nn.MaxPoolOp and x.dtype in (np.dtype(np.int8), np.dtype(np.uint8)):
        # Every int8/uint8 value is exact in f32 and padding (-inf) never wins a window
        # that holds a real element, so max-pooling in f32 is exact.
        dtype = np.dtype(np.float32)
    else:
        require_float(ctx, x)
    perm = layout.channels_last(x.rank)
    value = ctx.physical(x, perm)
    if dtype != x.dtype:
        value = ctx.build(nn.CastOp, [value], nn.shape_of(value), dtype)
    if spatial == 3:
        _, d, h, w, _ = nn.shape_of(value)
        planes = ctx.build(nn.ReshapeOp, [value], (n * d, h, w, c), dtype)
        pooled = _pool2d(ctx, planes, window.axes(1, 2), op_class, props, dtype)
        columns = ctx.build(nn.ReshapeOp, [pooled], (n, d, out[1] * out[2], c), dtype)
        pooled = _pool2d(ctx, columns, window.axes(0, None), op_class, props, dtype)
        y = ctx.build(nn.ReshapeOp, [pooled], (n, *out, c), dtype)
    else:
        if spatial == 1:
            value = ctx.build(nn.ReshapeOp, [value], (n, 1, x.shape[2], c), dtype)
            window = window.axes(None, 0)
        y = _pool2d(ctx, value, window, op_class, props, dtype)
        if spatial == 1:
            y = ctx.build(nn.ReshapeOp, [y], (n, out[0], c), dtype)
    if dtype != x.dtype:
        y = ctx.build(nn.CastOp, [y], nn.shape_of(y), x.dtype)
    ctx.output(0, ctx.runtime(y, (n, c, *out), perm, x.dtype))


@converter("MaxPool", versions=(8, 10, 11, 12, 22))
def convert_max_pool(ctx: ImportContext, node: NodeView) -> None:
    if ctx.wants_output(1):
        raise ctx.error("the Indices output is not supported; supported: the pooled output only")
    _pool(ctx, node, nn.MaxPoolOp, {})


@converter("AveragePool", versions=(7, 10, 11, 19, 22))
def convert_average_pool(ctx: ImportContext, node: NodeView) -> None:
    extra = {}
    if node.attr("count_include_pad", 0):
        extra["count_include_pad"] = BoolAttr.from_bool(True)
    _pool(ctx, node, nn.AvgPoolOp, extra)


@converter("GlobalAveragePool", versions=(1, 22))
def convert_global_average_pool(ctx: ImportContext, node: NodeView) -> None:
    """Any number of spatial dims: the mean over D x H x W equals the mean over
    (D*H) x W, so channels-last inputs fold into one `nn.global_avg_pool`."""
    x = ctx.required_input(0)
    if x.rank < 3:
        raise ctx.error(f"input '{x.name}' has rank {x.rank}, expected N x C x spatial dims")
    require_float(ctx, x)
    n, c, *spatial = x.shape
    perm = layout.channels_last(x.rank)
    value = ctx.physical(x, perm)
    planar = (n, math.prod(spatial[:-1]), spatial[-1], c)
    if nn.shape_of(value) != planar:
        value = ctx.build(nn.ReshapeOp, [value], planar, x.dtype)
    y = ctx.build(nn.GlobalAvgPoolOp, [value], (n, 1, 1, c), x.dtype)
    unit = (1,) * len(spatial)
    if x.rank != 4:
        y = ctx.build(nn.ReshapeOp, [y], (n, *unit, c), x.dtype)
    ctx.output(0, ctx.runtime(y, (n, c, *unit), perm, x.dtype))


@converter("BatchNormalization", versions=(9, 14, 15))
def convert_batch_norm(ctx: ImportContext, node: NodeView) -> None:
    """Inference form over the channel axis (1), run channels-last."""
    if node.attr("training_mode", 0):
        raise ctx.error("training_mode = 1 is not supported; nnpipe imports inference graphs")
    if any(ctx.wants_output(i) for i in range(1, 5)):
        raise ctx.error("the running mean/variance outputs (training) are not supported; supported: output Y only")
    x = ctx.required_input(0)
    require_float(ctx, x)
    if x.rank < 2:
        raise ctx.error(f"input '{x.name}' has rank {x.rank}, expected N x C x ...")
    channels = x.shape[1]
    params = []
    for index, what in enumerate(("scale", "B", "input_mean", "input_var"), start=1):
        p = ctx.required_input(index)
        if p.shape != (channels,):
            raise ctx.error(f"{what} '{p.name}' has shape {list(p.shape)}, expected [{channels}] (one per channel)")
        if p.dtype != x.dtype:
            if p.is_constant:
                p = ctx.constant(p.array.astype(x.dtype), p.name)  # type: ignore[union-attr]
            else:
                p = ctx.runtime(ctx.build(nn.CastOp, [ctx.physical(p)], (channels,), x.dtype), (channels,), (0,), x.dtype)
        params.append(ctx.physical(p))
    perm = x.perm if not x.is_constant and x.perm[-1] == 1 else layout.channels_last(x.rank)
    epsilon = float(node.attr("epsilon", 1e-5))
    y = ctx.build(
        nn.BatchNormOp,
        [ctx.physical(x, perm), *params],
        layout.permute(x.shape, perm),
        x.dtype,
        {"epsilon": FloatAttr(epsilon, f32)},
    )
    ctx.output(0, ctx.runtime(y, x.shape, perm, x.dtype))
