"""ONNX ops whose result is known at import time: Constant, ConstantOfShape, Shape.

Their results stay NumPy values in the importer; they reach the module only if a
runtime op uses them (see `ImportContext.physical`), so shape arithmetic never does.
"""

from __future__ import annotations

import numpy as np
from onnx import numpy_helper

from nnpipe.frontend import element_types
from nnpipe.frontend.context import ImportContext, NodeView
from nnpipe.frontend.registry import converter


def tensor_value(ctx: ImportContext, proto, what: str) -> np.ndarray:
    """A TensorProto as NumPy, with a named error for unsupported element types."""
    if element_types.to_numpy(proto.data_type) is None:
        raise ctx.error(
            f"{what} has element type {element_types.onnx_name(proto.data_type)}; "
            f"supported: {element_types.supported_names()}"
        )
    array = numpy_helper.to_array(proto)
    return array.astype(element_types.to_numpy(proto.data_type), copy=False)


@converter("Constant", versions=(9, 11, 12, 13, 19, 21, 23, 24, 25))
def convert_constant(ctx: ImportContext, node: NodeView) -> None:
    if node.has_attr("value"):
        array = tensor_value(ctx, node.attr("value"), "value")
    elif node.has_attr("value_float"):
        array = np.array(node.attr("value_float"), dtype=np.float32)
    elif node.has_attr("value_floats"):
        array = np.array(node.attr("value_floats"), dtype=np.float32)
    elif node.has_attr("value_int"):
        array = np.array(node.attr("value_int"), dtype=np.int64)
    elif node.has_attr("value_ints"):
        array = np.array(node.attr("value_ints"), dtype=np.int64)
    else:
        present = ", ".join(a.name for a in node.proto.attribute) or "none"
        raise ctx.error(
            f"attribute {present} is not supported; supported: value, value_float(s), value_int(s)"
        )
    ctx.output(0, ctx.constant(array, node.outputs[0]))


@converter("ConstantOfShape", versions=(9, 20, 21, 23, 24, 25), static_inputs=(0,))
def convert_constant_of_shape(ctx: ImportContext, node: NodeView) -> None:
    shape = ctx.constant_input(0, "shape")
    if shape is None:
        raise ctx.error("input #0 (shape) is required")
    dims = [int(d) for d in np.asarray(shape).reshape(-1)]
    if any(d < 0 for d in dims):
        raise ctx.error(f"shape {dims} has a negative entry")
    fill = np.zeros(1, dtype=np.float32)
    if node.has_attr("value"):
        fill = tensor_value(ctx, node.attr("value"), "value").reshape(-1)
        if fill.size != 1:
            raise ctx.error(f"value must hold one element, it holds {fill.size}")
    ctx.output(0, ctx.constant(np.full(dims, fill[0], dtype=fill.dtype), node.outputs[0]))


@converter("Shape", versions=(1, 13, 15, 19, 21, 23, 24, 25))
def convert_shape(ctx: ImportContext, node: NodeView) -> None:
    """Shapes are static in nn, so Shape is always a constant."""
    x = ctx.required_input(0)
    rank = x.rank
    start, end = int(node.attr("start", 0)), node.attr("end")
    end = rank if end is None else int(end)
    start = min(max(start + rank if start < 0 else start, 0), rank)
    end = min(max(end + rank if end < 0 else end, 0), rank)
    ctx.output(0, ctx.constant(np.array(x.shape[start:end], dtype=np.int64), node.outputs[0]))
