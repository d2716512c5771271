"""Data-movement ONNX ops: Flatten, Reshape, Squeeze, Unsqueeze, Transpose, Slice,
Concat, Pad, Gather, ScatterElements, ScatterND.

Transpose only relabels the layout; reshapes run on the physical value when the dims
they merge or split are adjacent there (`layout.plan_reshape`); Slice, Concat, Pad,
Gather and ScatterElements remap their axes into the physical layout. Only ScatterND,
which addresses leading logical axes, needs the logical layout.
"""

from __future__ import annotations

import math

import numpy as np
from xdsl.dialects.builtin import IntegerAttr, i64

from nnpipe.dialects import nn, shapes
from nnpipe.frontend import layout
from nnpipe.frontend.context import ImportContext, NodeView, Tensor
from nnpipe.frontend.elementwise_ops import common_layout
from nnpipe.frontend.registry import converter

_REDUCTIONS = {"none", "add", "mul", "max", "min"}


def normalize_axis(ctx: ImportContext, axis: int, rank: int, what: str = "axis") -> int:
    if not -rank <= axis < rank:
        raise ctx.error(f"{what} = {axis} is out of range for rank {rank}")
    return axis % rank


def _held(tensor: Tensor) -> layout.Perm:
    """The layout an op that accepts any layout runs in."""
    return tensor.perm if not tensor.is_constant else layout.identity(tensor.rank)


@converter("Flatten", versions=(9, 11, 13, 21, 23, 24, 25))
def convert_flatten(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    axis = int(node.attr("axis", 1))
    if not -x.rank <= axis <= x.rank:
        raise ctx.error(f"axis = {axis} is out of range for rank {x.rank}")
    axis = axis % x.rank if axis < 0 else axis
    ctx.output(0, ctx.reshape(x, (math.prod(x.shape[:axis]), math.prod(x.shape[axis:]))))


def reshape_target(ctx: ImportContext, source: tuple[int, ...], spec: np.ndarray, allowzero: bool) -> tuple[int, ...]:
    """Resolve ONNX Reshape's shape input (0 copies a dim unless allowzero, -1 infers)."""
    dims = [int(d) for d in np.asarray(spec).reshape(-1)]
    if dims.count(-1) > 1:
        raise ctx.error(f"shape {dims} has more than one -1")
    out = []
    for i, d in enumerate(dims):
        if d == 0 and not allowzero:
            if i >= len(source):
                raise ctx.error(f"shape {dims} copies dim {i} (0), but the input has rank {len(source)}")
            d = source[i]
        elif d < -1:
            raise ctx.error(f"shape {dims} has a negative entry {d}")
        out.append(d)
    total = math.prod(source)
    if -1 in out:
        known = math.prod(d for d in out if d != -1)
        if known == 0 or total % known:
            raise ctx.error(f"cannot reshape {list(source)} ({total} elements) to {dims}")
        out[out.index(-1)] = total // known
    if math.prod(out) != total:
        raise ctx.error(f"cannot reshape {list(source)} ({total} elements) to {out}")
    return tuple(out)


@converter("Reshape", versions=(5, 13, 14, 19, 21, 23, 24, 25), static_inputs=(1,))
def convert_reshape(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    spec = ctx.constant_input(1, "shape")
    if spec is None:
        raise ctx.error("input #1 (shape) is required")
    ctx.output(0, ctx.reshape(x, reshape_target(ctx, x.shape, spec, bool(node.attr("allowzero", 0)))))


def _axes(ctx: ImportContext, node: NodeView, what: str) -> list[int] | None:
    """Squeeze/Unsqueeze axes: an attribute before opset 13, an input since."""
    if node.version >= 13:
        axes = ctx.constant_input(1, "axes")
        return None if axes is None else [int(a) for a in np.asarray(axes).reshape(-1)]
    axes = node.attr("axes")
    return None if axes is None else [int(a) for a in axes]


@converter("Squeeze", versions=(1, 11, 13, 21, 23, 24, 25), static_inputs=(1,))
def convert_squeeze(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    axes = _axes(ctx, node, "Squeeze")
    if axes is None:
        drop = {i for i, d in enumerate(x.shape) if d == 1}
    else:
        drop = {normalize_axis(ctx, a, x.rank, "axes entry") for a in axes}
        for a in sorted(drop):
            if x.shape[a] != 1:
                raise ctx.error(f"cannot squeeze axis {a} of size {x.shape[a]} (shape {list(x.shape)})")
    ctx.output(0, ctx.reshape(x, tuple(d for i, d in enumerate(x.shape) if i not in drop)))


@converter("Unsqueeze", versions=(1, 11, 13, 21, 23, 24, 25), static_inputs=(1,))
def convert_unsqueeze(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    axes = _axes(ctx, node, "Unsqueeze")
    if axes is None:
        raise ctx.error("axes are required")
    rank = x.rank + len(axes)
    inserted = {normalize_axis(ctx, a, rank, "axes entry") for a in axes}
    if len(inserted) != len(axes):
        raise ctx.error(f"axes {axes} repeat an axis")
    dims = iter(x.shape)
    ctx.output(0, ctx.reshape(x, tuple(1 if i in inserted else next(dims) for i in range(rank))))


@converter("Transpose", versions=(1, 13, 21, 23, 24, 25))
def convert_transpose(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    perm = node.attr("perm")
    perm = list(range(x.rank))[::-1] if perm is None else [int(p) for p in perm]
    if sorted(perm) != list(range(x.rank)):
        raise ctx.error(f"perm = {perm} is not a permutation of 0..{x.rank - 1}")
    ctx.output(0, ctx.transpose(x, perm))


def slice_bounds(dim: int, start: int, end: int, step: int) -> tuple[int, int]:
    """ONNX Slice clamping: (first index, element count) along one axis."""
    start = start + dim if start < 0 else start
    end = end + dim if end < 0 else end
    if step > 0:
        start, end = min(max(start, 0), dim), min(max(end, 0), dim)
        count = max(0, -(-(end - start) // step))
    else:
        start, end = min(max(start, 0), dim - 1), min(max(end, -1), dim - 1)
        count = max(0, -(-(start - end) // -step))
    return (start, count) if count else (0, 0)


def emit_slice(ctx: ImportContext, x: Tensor, offsets: list[int], sizes: list[int], steps: list[int]) -> Tensor:
    """Per-logical-axis slice, run on the physical value."""
    if tuple(sizes) == x.shape and all(o == 0 for o in offsets) and all(s == 1 for s in steps):
        return x
    if x.is_constant:
        index = tuple(slice(o, o + n * s if o + n * s >= 0 else None, s) for o, n, s in zip(offsets, sizes, steps))
        return ctx.constant(x.array[index], x.name)  # type: ignore[index]
    perm = _held(x)
    props = {
        "offsets": nn.i64_array(layout.permute(offsets, perm)),
        "strides": nn.i64_array(layout.permute(steps, perm)),
    }
    y = ctx.build(nn.SliceOp, [ctx.physical(x, perm)], layout.permute(sizes, perm), x.dtype, props)
    return ctx.runtime(y, sizes, perm, x.dtype)


@converter("Slice", versions=(1, 10, 11, 13), static_inputs=(1, 2, 3, 4))
def convert_slice(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    if node.version >= 10:
        starts, ends = ctx.constant_input(1, "starts"), ctx.constant_input(2, "ends")
        axes, steps = ctx.constant_input(3, "axes"), ctx.constant_input(4, "steps")
        if starts is None or ends is None:
            raise ctx.error("starts and ends are required")
    else:
        starts, ends, axes, steps = node.attr("starts"), node.attr("ends"), node.attr("axes"), None
    starts = [int(v) for v in np.asarray(starts).reshape(-1)]
    ends = [int(v) for v in np.asarray(ends).reshape(-1)]
    axes = list(range(len(starts))) if axes is None else [int(v) for v in np.asarray(axes).reshape(-1)]
    steps = [1] * len(starts) if steps is None else [int(v) for v in np.asarray(steps).reshape(-1)]
    if not len(starts) == len(ends) == len(axes) == len(steps):
        raise ctx.error("starts, ends, axes and steps must have one entry per sliced axis")
    offsets, sizes, strides = [0] * x.rank, list(x.shape), [1] * x.rank
    for start, end, axis, step in zip(starts, ends, axes, steps):
        axis = normalize_axis(ctx, axis, x.rank, "axes entry")
        if step == 0:
            raise ctx.error(f"steps has a 0 for axis {axis}")
        offsets[axis], sizes[axis] = slice_bounds(x.shape[axis], start, end, step)
        strides[axis] = step if sizes[axis] else 1
    ctx.output(0, emit_slice(ctx, x, offsets, sizes, strides))


@converter("Concat", versions=(4, 11, 13))
def convert_concat(ctx: ImportContext, node: NodeView) -> None:
    tensors = [ctx.required_input(i) for i in range(len(node.inputs))]
    rank = tensors[0].rank
    if node.attr("axis") is None:
        raise ctx.error("axis is required")
    axis = normalize_axis(ctx, int(node.attr("axis")), max(rank, 1))
    for t in tensors:
        if t.rank != rank or t.dtype != tensors[0].dtype:
            raise ctx.error("inputs must share one rank and element type")
        if any(a != b for i, (a, b) in enumerate(zip(t.shape, tensors[0].shape)) if i != axis):
            raise ctx.error(f"input shapes {[list(t.shape) for t in tensors]} differ outside axis {axis}")
    shape = list(tensors[0].shape)
    shape[axis] = sum(t.shape[axis] for t in tensors)
    perm = common_layout(tensors, rank)
    y = ctx.build(
        nn.ConcatOp,
        [[ctx.physical(t, perm) for t in tensors]],
        layout.permute(shape, perm),
        tensors[0].dtype,
        {"axis": IntegerAttr(perm.index(axis), i64)},
    )
    ctx.output(0, ctx.runtime(y, shape, perm, tensors[0].dtype))


_PAD_MODES = ("constant", "reflect", "edge", "wrap")


@converter("Pad", versions=(2, 11, 13, 18, 19, 21, 23, 24, 25), static_inputs=(1, 3))
def convert_pad(ctx: ImportContext, node: NodeView) -> None:
    """Negative pads crop first (a slice); the rest is one `nn.pad`."""
    x = ctx.required_input(0)
    mode = node.attr("mode", "constant")
    if mode not in _PAD_MODES[: 4 if node.version >= 19 else 3]:
        raise ctx.error(f"mode = '{mode}' is not supported at this opset; supported: {', '.join(_PAD_MODES)}")
    value: Tensor | None
    if node.version >= 11:
        pads = ctx.constant_input(1, "pads")
        axes = ctx.constant_input(3, "axes")
        value = ctx.input(2)
    else:
        pads, axes = node.attr("pads"), None
        value = ctx.constant(np.array(node.attr("value", 0.0), dtype=x.dtype))
    if pads is None:
        raise ctx.error("pads are required")
    pads = [int(p) for p in np.asarray(pads).reshape(-1)]
    axes = list(range(x.rank)) if axes is None else [normalize_axis(ctx, int(a), x.rank, "axes entry") for a in np.asarray(axes).reshape(-1)]
    if len(pads) != 2 * len(axes):
        raise ctx.error(f"pads has {len(pads)} entries, expected {2 * len(axes)} (begin and end per axis)")
    low, high = [0] * x.rank, [0] * x.rank
    for i, axis in enumerate(axes):
        low[axis], high[axis] = pads[i], pads[i + len(axes)]
    if any(p < 0 for p in low + high):
        offsets = [max(-lo, 0) for lo in low]
        sizes = [d - max(-lo, 0) - max(-hi, 0) for d, lo, hi in zip(x.shape, low, high)]
        if min(sizes, default=1) < 0:
            raise ctx.error(f"negative pads {pads} crop more than the input {list(x.shape)}")
        x = emit_slice(ctx, x, offsets, sizes, [1] * x.rank)
        low, high = [max(p, 0) for p in low], [max(p, 0) for p in high]
    if value is None:
        value = ctx.constant(np.zeros((), dtype=x.dtype))
    if value.dtype != x.dtype or math.prod(value.shape) != 1:
        raise ctx.error(f"constant_value '{value.name}' must be one element of the input's type")
    value = ctx.reshape(value, ())
    if not any(low) and not any(high):
        ctx.output(0, x)
        return
    perm = _held(x)
    shape = [d + lo + hi for d, lo, hi in zip(x.shape, low, high)]
    props = {"low": nn.i64_array(layout.permute(low, perm)), "high": nn.i64_array(layout.permute(high, perm))}
    if mode != "constant":
        props["mode"] = nn.PadModeAttr(nn.PadMode(mode))
    y = ctx.build(nn.PadOp, [ctx.physical(x, perm), ctx.physical(value)], layout.permute(shape, perm), x.dtype, props)
    ctx.output(0, ctx.runtime(y, shape, perm, x.dtype))


def _require_indices(ctx: ImportContext, indices: Tensor) -> None:
    if indices.dtype not in (np.dtype(np.int32), np.dtype(np.int64)):
        raise ctx.error(f"indices '{indices.name}' have element type {indices.dtype}, expected int32 or int64")


@converter("Gather", versions=(1, 11, 13))
def convert_gather(ctx: ImportContext, node: NodeView) -> None:
    """Runs on data's physical layout: the gathered axis is replaced in place by the
    index dims."""
    data, indices = ctx.required_input(0), ctx.required_input(1)
    _require_indices(ctx, indices)
    if data.rank == 0:
        raise ctx.error("data must have rank >= 1")
    axis = normalize_axis(ctx, int(node.attr("axis", 0)), data.rank)
    perm = _held(data)
    ri = indices.rank
    out_perm: list[int] = []
    for p in perm:
        if p < axis:
            out_perm.append(p)
        elif p == axis:
            out_perm.extend(range(axis, axis + ri))
        else:
            out_perm.append(p + ri - 1)
    shape = shapes.gather_result_shape(data.shape, indices.shape, axis)
    y = ctx.build(
        nn.GatherOp,
        [ctx.physical(data, perm), ctx.logical(indices)],
        layout.permute(shape, out_perm),
        data.dtype,
        {"axis": IntegerAttr(perm.index(axis), i64)},
    )
    ctx.output(0, ctx.runtime(y, shape, tuple(out_perm), data.dtype))


def _reduction(ctx: ImportContext, node: NodeView) -> dict:
    reduction = node.attr("reduction", "none")
    allowed = ("none", "add", "mul", "max", "min")[: 5 if node.version >= 18 else 3 if node.version >= 16 else 1]
    if reduction not in allowed:
        raise ctx.error(f"reduction = '{reduction}' is not supported at this opset; supported: {', '.join(allowed)}")
    return {} if reduction == "none" else {"reduction": nn.ReductionAttr(nn.Reduction(reduction))}


@converter("ScatterElements", versions=(11, 13, 16, 18))
def convert_scatter_elements(ctx: ImportContext, node: NodeView) -> None:
    data, indices, updates = (ctx.required_input(i) for i in range(3))
    _require_indices(ctx, indices)
    if not data.rank == indices.rank == updates.rank or indices.shape != updates.shape or updates.dtype != data.dtype:
        raise ctx.error("data, indices and updates must share one rank, indices and updates one shape")
    axis = normalize_axis(ctx, int(node.attr("axis", 0)), data.rank)
    perm = _held(data)
    props = {"axis": IntegerAttr(perm.index(axis), i64), **_reduction(ctx, node)}
    operands = [ctx.physical(data, perm), ctx.physical(indices, perm), ctx.physical(updates, perm)]
    y = ctx.build(nn.ScatterOp, operands, layout.permute(data.shape, perm), data.dtype, props)
    ctx.output(0, ctx.runtime(y, data.shape, perm, data.dtype))


@converter("ScatterND", versions=(11, 13, 16, 18))
def convert_scatter_nd(ctx: ImportContext, node: NodeView) -> None:
    data, indices, updates = (ctx.required_input(i) for i in range(3))
    _require_indices(ctx, indices)
    if indices.dtype != np.dtype(np.int64) or updates.dtype != data.dtype:
        raise ctx.error("indices must be int64 and updates must have data's element type")
    operands = [ctx.logical(data), ctx.logical(indices), ctx.logical(updates)]
    y = ctx.build(nn.ScatterNDOp, operands, data.shape, data.dtype, _reduction(ctx, node))
    ctx.output(0, ctx.runtime(y, data.shape, layout.identity(data.rank), data.dtype))
