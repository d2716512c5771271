"""Matrix ONNX ops: Gemm and MatMul.

A 2-D operand that an ONNX Transpose left held transposed is passed as it is, with
Gemm's `transA`/`transB` flipped instead of moving data.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects.builtin import BoolAttr, FloatAttr, f32

from nnpipe.dialects import nn, shapes
from nnpipe.frontend.context import ImportContext, NodeView, Tensor
from nnpipe.frontend.elementwise_ops import require_float
from nnpipe.frontend.registry import converter


def _matrix(ctx: ImportContext, tensor: Tensor, what: str, transposed: bool):
    """The SSA value of a 2-D Gemm operand and whether op() must transpose it."""
    if tensor.rank != 2:
        raise ctx.error(f"{what} '{tensor.name}' has shape {list(tensor.shape)}, expected a matrix (rank 2)")
    if not tensor.is_constant and tensor.perm == (1, 0):
        return ctx.physical(tensor, (1, 0)), not transposed
    return ctx.logical(tensor), transposed


@converter("Gemm", versions=(9, 11, 13))
def convert_gemm(ctx: ImportContext, node: NodeView) -> None:
    a, b, c = ctx.required_input(0), ctx.required_input(1), ctx.input(2)
    require_float(ctx, a, "A")
    if b.dtype != a.dtype or (c is not None and c.dtype != a.dtype):
        raise ctx.error("A, B and C must have one element type")
    trans_a, trans_b = bool(node.attr("transA", 0)), bool(node.attr("transB", 0))
    m, ka = a.shape[::-1] if trans_a else a.shape
    kb, n = b.shape[::-1] if trans_b else b.shape
    if ka != kb:
        raise ctx.error(f"A {list(a.shape)} and B {list(b.shape)} disagree on K ({ka} vs {kb})")
    a_value, trans_a = _matrix(ctx, a, "A", trans_a)
    b_value, trans_b = _matrix(ctx, b, "B", trans_b)
    operands: list = [a_value, b_value, []]
    if c is not None:
        if c.rank > 2 or shapes.broadcast_shapes(c.shape, (m, n)) != (m, n):
            raise ctx.error(f"C '{c.name}' has shape {list(c.shape)}, which does not broadcast to [{m}, {n}]")
        operands[2] = [ctx.logical(c)]
    props: dict = {}
    alpha, beta = float(node.attr("alpha", 1.0)), float(node.attr("beta", 1.0))
    if alpha != 1.0:
        props["alpha"] = FloatAttr(alpha, f32)
    if beta != 1.0:
        props["beta"] = FloatAttr(beta, f32)
    if trans_a:
        props["trans_a"] = BoolAttr.from_bool(True)
    if trans_b:
        props["trans_b"] = BoolAttr.from_bool(True)
    y = ctx.build(nn.GemmOp, operands, (m, n), a.dtype, props)
    ctx.output(0, ctx.runtime(y, (m, n), (0, 1), a.dtype))


def matmul_shape(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...] | None:
    """NumPy matmul result shape, or None if the operands do not fit."""
    a2 = (1, *a) if len(a) == 1 else a
    b2 = (*b, 1) if len(b) == 1 else b
    if a2[-1] != b2[-2]:
        return None
    batch = shapes.broadcast_shapes(a2[:-2], b2[:-2])
    if batch is None:
        return None
    out = [*batch, a2[-2], b2[-1]]
    if len(a) == 1:
        out.pop(-2)
    if len(b) == 1:
        out.pop(-1)
    return tuple(out)


@converter("MatMul", versions=(9, 13))
def convert_matmul(ctx: ImportContext, node: NodeView) -> None:
    a, b = ctx.required_input(0), ctx.required_input(1)
    require_float(ctx, a, "A")
    if a.rank == 0 or b.rank == 0 or b.dtype != a.dtype:
        raise ctx.error("A and B must have rank >= 1 and one element type")
    shape = matmul_shape(a.shape, b.shape)
    if shape is None:
        raise ctx.error(f"A {list(a.shape)} and B {list(b.shape)} do not fit a matrix product")
    y = ctx.build(nn.MatMulOp, [ctx.logical(a), ctx.logical(b)], shape, a.dtype)
    ctx.output(0, ctx.runtime(y, shape, tuple(range(len(shape))), np.dtype(a.dtype)))
