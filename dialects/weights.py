"""Weights as `dense_resource` blobs, the MLIR convention (torch-mlir, IREE).

The op holds `dense_resource<key> : tensor<...>`; the bytes live once in the file's
`{-# dialect_resources: {builtin: {key: "0x..."}} #-}` section, which xDSL parses into
the builtin dialect's `OpAsmDialectInterface`. Measured on 200 MB of hex (ResNet-50
size): 0.15 s to read (`tools/resource_section.py`), 0.5 s to print, so the design
needs no side files.

A blob is `0x` + a 4-byte little-endian alignment + the raw little-endian data, so real
`mlir-opt` reads what we write. Decoded arrays are cached per blob, read-only.
"""

from __future__ import annotations

import re

import numpy as np
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import (
    Builtin,
    DenseIntOrFPElementsAttr,
    DenseResourceAttr,
    FloatAttr,
    IntegerAttr,
    TensorType,
)
from xdsl.ir import Attribute

from nnpipe.dialects import dtypes

_decoded: dict[str, tuple[str, np.ndarray]] = {}


def _storage() -> OpAsmDialectInterface:
    interface = Builtin.get_interface(OpAsmDialectInterface)
    assert interface is not None
    return interface


def _sanitize(name: str) -> str:
    key = re.sub(r"[^A-Za-z0-9_.]", "_", name) or "weight"
    if not (key[0].isalpha() or key[0] == "_"):
        key = "_" + key
    return key


def make_resource(name: str, array: np.ndarray) -> DenseResourceAttr:
    """Store `array` as a new blob (the key is made unique) and return the attribute
    that refers to it."""
    element_type = dtypes.from_numpy(array.dtype)
    storage = _storage()
    key = storage.declare_resource(_sanitize(name))
    data = np.ascontiguousarray(array).astype(array.dtype.newbyteorder("<"), copy=False)
    header = max(array.dtype.itemsize, 1).to_bytes(4, "little")
    blob = "0x" + header.hex() + data.tobytes().hex()
    storage.parse_resource(key, blob)
    frozen = np.array(array, copy=True)
    frozen.flags.writeable = False
    _decoded[key] = (storage.lookup(key) or blob, frozen)
    return DenseResourceAttr.from_params(key, TensorType(element_type, array.shape))


def blob_problem(blob: str) -> str | None:
    """What is wrong with the shape of a blob's text (`0x` + a 4-byte little-endian
    alignment + the data, in hex), or None. Constant time: the hex digits themselves
    are checked when the blob is decoded (`resource_problem`)."""
    if not blob.startswith("0x"):
        return 'a blob starts with "0x"'
    digits = len(blob) - 2
    if digits % 2:
        return f"the blob has {digits} hex digits, an odd count (two per byte)"
    if digits < 8:
        return "the blob has no 4-byte alignment header (a blob is 0x, the alignment, then the data)"
    try:
        alignment = int.from_bytes(bytes.fromhex(blob[2:10]), "little")
    except ValueError:
        return f"the blob's alignment header {blob[2:10]!r} is not hex"
    if alignment == 0 or alignment & (alignment - 1):
        return f"the blob's alignment header is {alignment}, expected a power of two"
    return None


def resource_problem(attr: DenseResourceAttr) -> str | None:
    """Why `attr` cannot be read, or None: no blob, a malformed blob, a blob whose size
    is not its type's, or a non-hex digit. Decodes the blob (once per blob: the array
    is cached for the passes and the interpreter)."""
    key = attr.resource_handle.data
    blob = _storage().lookup(key)
    if not blob:
        return f"dense_resource<{key}> has no blob in the file's dialect_resources section"
    problem = blob_problem(blob)
    if problem is not None:
        return f"dense_resource<{key}>: {problem}"
    try:
        read_resource(attr)
    except ValueError as err:
        return str(err)
    return None


def read_resource(attr: DenseResourceAttr) -> np.ndarray:
    """The array behind a `dense_resource`, decoded once (read-only)."""
    key = attr.resource_handle.data
    blob = _storage().lookup(key)
    if not blob:
        raise ValueError(f"dense_resource<{key}> has no blob in the file's dialect_resources")
    cached = _decoded.get(key)
    if cached is not None and cached[0] is blob:
        return cached[1]
    tensor_type = attr.type
    assert isinstance(tensor_type, TensorType)
    dtype = dtypes.to_numpy(tensor_type.element_type).newbyteorder("<")
    shape = tuple(tensor_type.get_shape())
    expected = int(np.prod(shape, dtype=object)) * dtype.itemsize
    held = (len(blob) - 2) // 2 - 4
    if held != expected:  # before decoding: a wrong size is known from the length alone
        raise ValueError(f"dense_resource<{key}> holds {held} bytes, but {tensor_type} needs {expected}")
    try:
        raw = bytes.fromhex(blob[2:])[4:]
    except ValueError as err:
        raise ValueError(f"dense_resource<{key}>: the blob is not hex ({err})") from None
    if len(raw) != expected:
        raise ValueError(
            f"dense_resource<{key}> holds {len(raw)} bytes, but {tensor_type} needs {expected}"
        )
    array = np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))
    array.flags.writeable = False
    _decoded[key] = (blob, array)
    return array


def read_elements(attr: Attribute) -> np.ndarray:
    """The value of any constant attribute nn uses: dense_resource, dense<...>, or a
    scalar float/integer attribute."""
    if isinstance(attr, DenseResourceAttr):
        return read_resource(attr)
    if isinstance(attr, DenseIntOrFPElementsAttr):
        tensor_type = attr.get_type()
        dtype = dtypes.to_numpy(tensor_type.get_element_type())
        values = attr.get_values()
        shape = tuple(tensor_type.get_shape())
        array = np.asarray(values, dtype=dtype)
        if array.size == 1 and int(np.prod(shape, dtype=np.int64)) != 1:
            array = np.full(shape, array.reshape(()), dtype=dtype)
        return array.reshape(shape)
    if isinstance(attr, (FloatAttr, IntegerAttr)):
        return np.asarray(attr.value.data, dtype=dtypes.to_numpy(attr.type))
    raise ValueError(f"unsupported constant attribute {attr}")
