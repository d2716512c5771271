"""Casting a constant at compile time instead of at run time.

`cast(arith.constant C)` is replaced by a constant holding `C` already converted, with
the interpreter's own conversion (`kernels.convert`), so the result is bit-identical to
running the cast. Weights stay `dense_resource` blobs (a new blob, named after the old
one: `conv1.w` becomes `conv1.w_f16`); a small inline `dense<...>` stays inline when
its printed form reads back to exactly the same bits, else it becomes a blob too.
"""

from __future__ import annotations

import numpy as np
from xdsl.dialects import arith
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, DenseResourceAttr, TensorType
from xdsl.ir import Attribute, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.rewriter import InsertPoint
from xdsl.utils.exceptions import DiagnosticException

from nnpipe.dialects import dtypes, weights
from nnpipe.interpreter import kernels
from nnpipe.passes.casts import hint, with_element


def converted_attribute(value: Attribute, element: Attribute, name: str) -> Attribute:
    """The constant attribute `value` with every element converted to `element`."""
    try:
        array = np.asarray(weights.read_elements(value))
    except ValueError as err:  # a malformed blob in the input file
        raise DiagnosticException(str(err)) from None
    converted = kernels.convert(array, dtypes.to_numpy(element))
    if isinstance(value, DenseIntOrFPElementsAttr) and np.isfinite(converted).all():
        inline = DenseIntOrFPElementsAttr.from_list(
            with_element(value.get_type(), element), [float(v) for v in converted.reshape(-1)]
        )
        if weights.read_elements(inline).tobytes() == converted.tobytes():
            return inline
    if isinstance(value, DenseResourceAttr):
        name = f"{value.resource_handle.data}_{element}"
    return weights.make_resource(name, converted)


def is_tensor_constant(value: SSAValue) -> bool:
    """Whether `value` is an `arith.constant` tensor the passes can convert."""
    owner = value.owner
    return (
        isinstance(owner, arith.ConstantOp)
        and isinstance(value.type, TensorType)
        and isinstance(owner.value, (DenseIntOrFPElementsAttr, DenseResourceAttr))
    )


def insert_converted_constant(value: SSAValue, element: Attribute, rewriter: PatternRewriter) -> SSAValue:
    """A new `arith.constant`, right after the one defining `value`, holding its
    elements converted to `element`; the old constant is left to its other users."""
    constant = value.owner
    assert isinstance(constant, arith.ConstantOp) and is_tensor_constant(value)
    name = hint(value, element) or f"constant_{element}"
    converted = arith.ConstantOp(converted_attribute(constant.value, element, name))
    converted.result.name_hint = hint(value, element)
    rewriter.insert(converted, InsertPoint.after(constant))
    return converted.result
