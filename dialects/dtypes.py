"""Mapping between xDSL element types and NumPy dtypes (bf16 through ml_dtypes)."""

from __future__ import annotations

import ml_dtypes
import numpy as np
from xdsl.dialects.builtin import (
    BFloat16Type,
    Float16Type,
    Float32Type,
    Float64Type,
    IntegerType,
    Signedness,
    bf16,
    f16,
    f32,
    f64,
    i1,
    i8,
    i16,
    i32,
    i64,
)
from xdsl.ir import Attribute

FLOAT_TYPES = (Float16Type, BFloat16Type, Float32Type, Float64Type)
"""Element types nn data tensors may have."""

_TO_NUMPY: dict[Attribute, np.dtype] = {
    f16: np.dtype(np.float16),
    bf16: np.dtype(ml_dtypes.bfloat16),
    f32: np.dtype(np.float32),
    f64: np.dtype(np.float64),
    i1: np.dtype(np.bool_),
    i8: np.dtype(np.int8),
    i16: np.dtype(np.int16),
    i32: np.dtype(np.int32),
    i64: np.dtype(np.int64),
    IntegerType(8, Signedness.UNSIGNED): np.dtype(np.uint8),
}
_FROM_NUMPY: dict[np.dtype, Attribute] = {v: k for k, v in _TO_NUMPY.items()}


def is_float(element_type: Attribute) -> bool:
    return isinstance(element_type, FLOAT_TYPES)


def is_index_type(element_type: Attribute) -> bool:
    """Gather/scatter indices: signless i32 or i64."""
    return element_type in (i32, i64)


def bit_width(element_type: Attribute) -> int:
    if isinstance(element_type, IntegerType):
        return element_type.width.data
    return _TO_NUMPY[element_type].itemsize * 8


def to_numpy(element_type: Attribute) -> np.dtype:
    try:
        return _TO_NUMPY[element_type]
    except KeyError:
        raise ValueError(f"element type {element_type} has no NumPy equivalent") from None


def from_numpy(dtype: np.dtype) -> Attribute:
    try:
        return _FROM_NUMPY[np.dtype(dtype)]
    except KeyError:
        raise ValueError(f"NumPy dtype {dtype} has no nn element type") from None


def supported_names() -> str:
    return ", ".join(str(t) for t in _TO_NUMPY)
