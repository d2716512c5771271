"""ONNX element types nnpipe imports, and their NumPy and xDSL equivalents."""

from __future__ import annotations

import ml_dtypes
import numpy as np
from onnx import TensorProto
from xdsl.dialects.builtin import TensorType
from xdsl.ir import Attribute

from nnpipe.dialects import dtypes

_NUMPY: dict[int, np.dtype] = {
    TensorProto.FLOAT: np.dtype(np.float32),
    TensorProto.FLOAT16: np.dtype(np.float16),
    TensorProto.BFLOAT16: np.dtype(ml_dtypes.bfloat16),
    TensorProto.DOUBLE: np.dtype(np.float64),
    TensorProto.BOOL: np.dtype(np.bool_),
    TensorProto.INT8: np.dtype(np.int8),
    TensorProto.UINT8: np.dtype(np.uint8),
    TensorProto.INT16: np.dtype(np.int16),
    TensorProto.INT32: np.dtype(np.int32),
    TensorProto.INT64: np.dtype(np.int64),
}

FLOATS = frozenset(
    {np.dtype(np.float16), np.dtype(ml_dtypes.bfloat16), np.dtype(np.float32), np.dtype(np.float64)}
)
"""Element types of the nn compute ops (conv, pools, batch norm, gemm, relu...)."""


def onnx_name(elem_type: int) -> str:
    """`tensor(float)`-style spelling, as ONNX error messages use."""
    try:
        return "tensor(" + TensorProto.DataType.Name(elem_type).lower() + ")"
    except ValueError:
        return f"element type #{elem_type}"


def supported_names() -> str:
    return ", ".join(TensorProto.DataType.Name(t).lower() for t in _NUMPY)


def to_numpy(elem_type: int) -> np.dtype | None:
    """The NumPy dtype of a supported ONNX element type, else None."""
    return _NUMPY.get(elem_type)


def numpy_name(dtype: np.dtype) -> str:
    for elem_type, candidate in _NUMPY.items():
        if candidate == dtype:
            return onnx_name(elem_type)
    return str(dtype)


def is_supported(dtype: np.dtype) -> bool:
    return np.dtype(dtype) in _NUMPY.values()


def tensor_type(dtype: np.dtype, shape: tuple[int, ...]) -> TensorType:
    element: Attribute = dtypes.from_numpy(dtype)
    return TensorType(element, shape)
