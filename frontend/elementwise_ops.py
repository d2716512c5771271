"""Elementwise ONNX ops: Add, Sub, Mul, Sum, Relu, Softmax, Cast, Identity, Dropout.

None of them depends on the element order, so each runs on its operands in the layout
the first activation is already held in (NHWC after a conv); a constant operand, such as
a per-channel `[C, 1, 1]` scale, is permuted and reshaped at import time to match.
"""

from __future__ import annotations

import math

import numpy as np
from xdsl.dialects.builtin import IntegerAttr, i64

from nnpipe.dialects import nn, shapes
from nnpipe.frontend import element_types, layout
from nnpipe.frontend.context import ImportContext, NodeView, Tensor
from nnpipe.frontend.registry import converter

_BINARY = {"Add": nn.AddOp, "Sub": nn.SubOp, "Mul": nn.MulOp}


def common_layout(tensors: list[Tensor], rank: int) -> layout.Perm:
    """The layout a broadcasting op runs in: that of its first full-rank activation
    held in a non-logical layout, else the logical one."""
    for tensor in tensors:
        if not tensor.is_constant and tensor.rank == rank and tensor.perm != layout.identity(rank):
            return tensor.perm
    return layout.identity(rank)


def broadcast(ctx: ImportContext, tensors: list[Tensor], op_class: type[nn.BinaryElementwiseOperation]) -> Tensor:
    """Fold `tensors` left to right with a broadcasting binary nn op."""
    dtype = tensors[0].dtype
    for tensor in tensors[1:]:
        if tensor.dtype != dtype:
            raise ctx.error(
                f"operands have element types {element_types.numpy_name(dtype)} and "
                f"{element_types.numpy_name(tensor.dtype)}; ONNX requires one type"
            )
    shape: tuple[int, ...] | None = tensors[0].shape
    for tensor in tensors[1:]:
        assert shape is not None
        shape = shapes.broadcast_shapes(shape, tensor.shape)
        if shape is None:
            raise ctx.error("operand shapes " + ", ".join(str(list(t.shape)) for t in tensors) + " do not broadcast")
    assert shape is not None
    rank = len(shape)
    perm = common_layout(tensors, rank)
    values = [ctx.broadcast_operand(t, rank, perm) for t in tensors]
    acc, acc_shape = values[0], nn.shape_of(values[0])
    for value in values[1:]:
        out = shapes.broadcast_shapes(acc_shape, nn.shape_of(value))
        assert out is not None
        acc, acc_shape = ctx.build(op_class, [acc, value], out, dtype), out
    return ctx.runtime(acc, shape, perm, dtype)


def _binary(ctx: ImportContext, node: NodeView) -> None:
    ctx.output(0, broadcast(ctx, [ctx.required_input(0), ctx.required_input(1)], _BINARY[node.op_type]))


for _op in _BINARY:
    converter(_op, versions=(7, 13, 14))(_binary)


@converter("Sum", versions=(8, 13))
def convert_sum(ctx: ImportContext, node: NodeView) -> None:
    """Variadic, broadcasting: a chain of `nn.add`."""
    tensors = [ctx.required_input(i) for i in range(len(node.inputs))]
    if len(tensors) == 1:
        ctx.output(0, tensors[0])
        return
    ctx.output(0, broadcast(ctx, tensors, nn.AddOp))


def require_float(ctx: ImportContext, tensor: Tensor, what: str = "input") -> None:
    if tensor.dtype not in element_types.FLOATS:
        raise ctx.error(
            f"{what} '{tensor.name}' has element type {element_types.numpy_name(tensor.dtype)}; "
            "supported: float16, bfloat16, float, double"
        )


def _same_layout(ctx: ImportContext, tensor: Tensor) -> tuple[layout.Perm, object]:
    perm = tensor.perm if not tensor.is_constant else layout.identity(tensor.rank)
    return perm, ctx.physical(tensor, perm)


@converter("Relu", versions=(6, 13, 14))
def convert_relu(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    require_float(ctx, x)
    perm, value = _same_layout(ctx, x)
    y = ctx.build(nn.ReluOp, [value], layout.permute(x.shape, perm), x.dtype)
    ctx.output(0, ctx.runtime(y, x.shape, perm, x.dtype))


@converter("Softmax", versions=(1, 11, 13))
def convert_softmax(ctx: ImportContext, node: NodeView) -> None:
    """Opset 13: along `axis`. Before: over the input flattened to 2-D at `axis`, which
    is a single-axis softmax when at most one of the flattened dims is not 1."""
    x = ctx.required_input(0)
    require_float(ctx, x)
    rank = x.rank
    if rank == 0:
        raise ctx.error("input must have rank >= 1")
    axis = node.attr("axis", -1 if node.version >= 13 else 1)
    if not -rank <= axis < rank:
        raise ctx.error(f"axis = {axis} is out of range for rank {rank}")
    axis %= rank
    if node.version < 13:
        flattened = [d for d in range(axis, rank) if x.shape[d] != 1]
        if len(flattened) > 1:
            rows, cols = math.prod(x.shape[:axis]), math.prod(x.shape[axis:])
            flat = ctx.reshape(x, (rows, cols))
            y = ctx.build(nn.SoftmaxOp, [ctx.logical(flat)], (rows, cols), x.dtype, {"axis": IntegerAttr(1, i64)})
            ctx.output(0, ctx.reshape(ctx.runtime(y, (rows, cols), (0, 1), x.dtype), x.shape))
            return
        axis = flattened[0] if flattened else axis
    perm, value = _same_layout(ctx, x)
    props = {"axis": IntegerAttr(perm.index(axis), i64)}
    y = ctx.build(nn.SoftmaxOp, [value], layout.permute(x.shape, perm), x.dtype, props)
    ctx.output(0, ctx.runtime(y, x.shape, perm, x.dtype))


@converter("Cast", versions=(9, 13, 19, 21, 23, 24, 25, 28))
def convert_cast(ctx: ImportContext, node: NodeView) -> None:
    x = ctx.required_input(0)
    to = node.attr("to")
    dtype = element_types.to_numpy(to)
    if dtype is None:
        raise ctx.error(
            f"cast to element type {element_types.onnx_name(to)} is not supported; "
            f"supported: {element_types.supported_names()}"
        )
    if dtype == x.dtype:
        ctx.output(0, x)
        return
    perm, value = _same_layout(ctx, x)
    y = ctx.build(nn.CastOp, [value], layout.permute(x.shape, perm), dtype)
    ctx.output(0, ctx.runtime(y, x.shape, perm, dtype))


@converter("Identity", versions=(1, 13, 14, 16, 19, 21, 23, 24, 25))
def convert_identity(ctx: ImportContext, node: NodeView) -> None:
    ctx.output(0, ctx.required_input(0))


@converter("Dropout", versions=(7, 10, 12, 13, 22), static_inputs=(2,))
def convert_dropout(ctx: ImportContext, node: NodeView) -> None:
    """Inference: the identity, and an all-true mask when it is asked for."""
    x = ctx.required_input(0)
    training = ctx.constant_input(2, "training_mode")
    if training is not None and bool(np.asarray(training).reshape(-1)[0]):
        raise ctx.error("training_mode = true is not supported; nnpipe imports inference graphs")
    ctx.output(0, x)
    if ctx.wants_output(1):
        ctx.output(1, ctx.constant(np.ones(x.shape, dtype=np.bool_), node.outputs[1]))
