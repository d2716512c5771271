"""Mapping between xDSL element types and NumPy dtypes (bf16 through ml_dtypes).

`ml_dtypes` costs about a second to import, so it is imported the first time a bf16
NumPy dtype is actually needed (`bfloat16()`), never at start-up: every `nnpipe-opt`
call (and so every lit RUN line) would otherwise pay it whether or not bf16 appears.
A NumPy array can only be bf16 once ml_dtypes is loaded, so recognising one needs no
import (`is_bfloat16`).
"""

from __future__ import annotations

from functools import cache

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



@cache
def bfloat16() -> np.dtype:
    """NumPy's bf16 dtype (imports ml_dtypes on first use)."""
    import ml_dtypes

    return np.dtype(ml_dtypes.bfloat16)


def is_bfloat16(dtype: np.dtype) -> bool:
    """Whether `dtype` is ml_dtypes' bfloat16, without importing ml_dtypes."""
    return np.dtype(dtype).name == "bfloat16"


_TO_NUMPY: dict[Attribute, np.dtype] = {
    f16: np.dtype(np.float16),
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
    if element_type == bf16:
        return 16
    return to_numpy(element_type).itemsize * 8


def to_numpy(element_type: Attribute) -> np.dtype:
    if element_type == bf16:
        return bfloat16()
    try:
        return _TO_NUMPY[element_type]
    except KeyError:
        raise ValueError(f"element type {element_type} has no NumPy equivalent") from None


def from_numpy(dtype: np.dtype) -> Attribute:
    if is_bfloat16(dtype):
        return bf16
    try:
        return _FROM_NUMPY[np.dtype(dtype)]
    except KeyError:
        raise ValueError(f"NumPy dtype {dtype} has no nn element type") from None


def supported_names() -> str:
    return ", ".join(str(t) for t in (f16, bf16, *(t for t in _TO_NUMPY if t != f16)))
