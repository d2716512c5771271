"""Facts about `nn.cast` that the passes moving and inserting casts share.

The numerical claims here are the interpreter's semantics (`interpreter/kernels.py`):
float-to-float casts round to nearest even and carry NaN payloads over (truncated when
narrowing, zero-padded when widening), and a conv accumulates f16/bf16/f32 inputs in
f32 (f64 in f64) and rounds once to its result type.
"""

from __future__ import annotations

from xdsl.dialects.builtin import TensorType, bf16, f16, f32, f64
from xdsl.ir import Attribute, SSAValue

from nnpipe.dialects import nn

_EXACT_WIDENING: frozenset[tuple[Attribute, Attribute]] = frozenset(
    {(f16, f32), (f16, f64), (bf16, f32), (bf16, f64), (f32, f64)}
)
"""(narrow, wide) pairs where every `narrow` value, NaN payloads included, is exactly
representable in `wide`, so `narrow -> wide -> narrow` is the identity. f16 -> bf16 is
not among them: neither contains the other."""


def is_exact_widening(source: Attribute, target: Attribute) -> bool:
    """Whether a cast from `source` to `target` loses nothing (and undoing it restores
    every bit pattern)."""
    return (source, target) in _EXACT_WIDENING


def with_element(value_type: Attribute, element: Attribute) -> TensorType:
    """`value_type` (a ranked tensor) with its element type replaced."""
    assert isinstance(value_type, TensorType)
    return TensorType(element, value_type.get_shape(), value_type.encoding)


def hint(value: SSAValue, element: Attribute) -> str | None:
    """Name hint for `value` converted to `element`: `%x` becomes `%x_f16`."""
    return f"{value.name_hint}_{element}" if value.name_hint else None


def new_cast(value: SSAValue, element: Attribute) -> nn.CastOp:
    """An (uninserted) `nn.cast` of `value` to `element`, named after it."""
    cast = nn.CastOp(operands=[value], result_types=[with_element(value.type, element)])
    cast.result.name_hint = hint(value, element)
    return cast


def accumulator_element(element: Attribute) -> Attribute:
    """The element type a conv with `element` inputs accumulates in (f32 for f16,
    bf16 and f32; f64 for f64)."""
    return f64 if element == f64 else f32


def same_cast(a: nn.CastOp, b: object) -> bool:
    """Whether `b` is a cast of the same value to the same type as `a`."""
    return isinstance(b, nn.CastOp) and b.input is a.input and b.result.type == a.result.type
