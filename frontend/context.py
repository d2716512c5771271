"""State of one import: ONNX tensor names bound to SSA values held in a layout.

`ImportContext` is what every op converter talks to. It keeps, for each ONNX tensor
name, a `Tensor`: the logical (ONNX) shape and dtype plus either an import-time NumPy
value (initializers, folded shape arithmetic) or an SSA value held in a physical layout
(see `layout.py`). Constants are materialized lazily, in whatever layout their user
needs, so shape-only constants never reach the module and conv weights are transposed
OIHW -> OHWI at import time into a new blob instead of by an `nn.transpose`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import onnx
from onnx import helper
from xdsl.dialects import arith
from xdsl.dialects.builtin import DenseIntOrFPElementsAttr, TensorType
from xdsl.ir import Block, Operation, SSAValue
from xdsl.utils.exceptions import VerifyException

from nnpipe.dialects import nn, weights
from nnpipe.frontend import element_types, layout
from nnpipe.frontend.errors import OnnxImportError, first_line
from nnpipe.frontend.layout import Perm, Shape

INLINE_LIMIT = 8
"""Constants with at most this many elements are printed inline as `dense<...>`; larger
ones become `dense_resource` blobs in the file's resource section."""


def value_name(onnx_name: str) -> str | None:
    """An SSA name hint for an ONNX tensor name (`gpu_0/res2_0` -> `gpu_0.res2_0`)."""
    name = re.sub(r"[^\w$.-]", "_", onnx_name.replace("/", "."))
    if not name:
        return None
    return name if not name[0].isdigit() else "v" + name


@dataclass(eq=False)
class Tensor:
    """One ONNX tensor as the importer holds it.

    `array` is the value when it is known at import time (logical layout). Otherwise
    `value` is an SSA value holding `np.transpose(logical, perm)`. `views` caches the
    SSA values of this tensor in other layouts, so several users share one transpose or
    one materialized constant.
    """

    name: str
    shape: Shape
    dtype: np.dtype
    value: SSAValue | None = None
    perm: Perm = ()
    array: np.ndarray | None = None
    views: dict[Perm, SSAValue] = field(default_factory=dict)

    @property
    def rank(self) -> int:
        return len(self.shape)

    @property
    def is_constant(self) -> bool:
        return self.array is not None


class NodeView:
    """An ONNX node with its resolved schema version and typed attribute access."""

    def __init__(self, proto: onnx.NodeProto, version: int, index: int):
        self.proto = proto
        self.version = version
        self.index = index
        self.op_type = proto.op_type
        self._attrs = {a.name: a for a in proto.attribute}

    def describe(self) -> str:
        name = self.proto.name or (self.proto.output[0] if self.proto.output else f"#{self.index}")
        return f"node '{name}' ({self.op_type})"

    def has_attr(self, name: str) -> bool:
        return name in self._attrs

    def attr(self, name: str, default: Any = None) -> Any:
        attr = self._attrs.get(name)
        if attr is None:
            return default
        value = helper.get_attribute_value(attr)
        if isinstance(value, bytes):
            return value.decode()
        if isinstance(value, list) and value and isinstance(value[0], bytes):
            return [v.decode() for v in value]
        return value

    @property
    def inputs(self) -> list[str]:
        return list(self.proto.input)

    @property
    def outputs(self) -> list[str]:
        return list(self.proto.output)


class ImportContext:
    """Symbol table, op emission and layout conversion for one ONNX graph."""

    def __init__(self, block: Block):
        self.block = block
        self.tensors: dict[str, Tensor] = {}
        self.node: NodeView | None = None

    # ------------------------------------------------------------------ errors

    def error(self, message: str) -> OnnxImportError:
        where = f"{self.node.describe()}: " if self.node is not None else ""
        return OnnxImportError(where + message)

    # ---------------------------------------------------------- symbol table

    def lookup(self, name: str) -> Tensor:
        tensor = self.tensors.get(name)
        if tensor is None:
            raise self.error(f"uses tensor '{name}', which no earlier node, input or initializer defines")
        return tensor

    def define(self, name: str, tensor: Tensor) -> None:
        self.tensors[name] = tensor
        if tensor.value is not None and tensor.value.name_hint is None:
            tensor.value.name_hint = value_name(name)

    def input(self, index: int) -> Tensor | None:
        """The node's input `index`, or None when it is absent (omitted or '')."""
        assert self.node is not None
        names = self.node.inputs
        if index >= len(names) or not names[index]:
            return None
        return self.lookup(names[index])

    def required_input(self, index: int) -> Tensor:
        tensor = self.input(index)
        if tensor is None:
            raise self.error(f"input #{index} is required")
        return tensor

    def constant_input(self, index: int, what: str) -> np.ndarray | None:
        """The value of an input that fixes a shape (Reshape's shape, Slice's starts...):
        nn shapes are static, so it must be known at import time."""
        tensor = self.input(index)
        if tensor is None:
            return None
        if tensor.array is None:
            raise self.error(
                f"input '{tensor.name}' ({what}) must be a constant known at import time "
                "(an initializer, a Constant or shape arithmetic on static shapes)"
            )
        return tensor.array

    def output(self, index: int, tensor: Tensor) -> None:
        assert self.node is not None
        names = self.node.outputs
        if index < len(names) and names[index]:
            if not tensor.name:
                tensor.name = names[index]
            self.define(names[index], tensor)

    def wants_output(self, index: int) -> bool:
        assert self.node is not None
        return index < len(self.node.outputs) and bool(self.node.outputs[index])

    # ------------------------------------------------------------- emission

    def emit(self, op: Operation) -> Operation:
        """Append `op` and verify it now, so a failure names the ONNX node."""
        self.block.add_op(op)
        try:
            op.verify()
        except VerifyException as err:
            raise self.error(f"cannot be expressed as '{op.name}': {first_line(err)}") from None
        return op

    def build(
        self,
        op_type: type[Operation],
        operands: Sequence[SSAValue | Sequence[SSAValue]],
        shape: Sequence[int],
        dtype: np.dtype,
        properties: dict[str, Any] | None = None,
    ) -> SSAValue:
        """Emit `op_type(operands) -> tensor<shape x dtype>` and return its result."""
        result_type = element_types.tensor_type(dtype, tuple(shape))
        op = op_type(  # type: ignore[call-arg]
            operands=[list(o) if isinstance(o, (list, tuple)) else o for o in operands],
            result_types=[result_type],
            properties=properties or {},
        )
        return self.emit(op).results[0]

    def runtime(self, value: SSAValue, shape: Sequence[int], perm: Perm, dtype: np.dtype) -> Tensor:
        """A tensor computed at run time, held in `perm`."""
        return Tensor(name="", shape=tuple(shape), dtype=np.dtype(dtype), value=value, perm=tuple(perm))

    def constant(self, array: np.ndarray, name: str = "") -> Tensor:
        array = np.asarray(array)
        if not element_types.is_supported(array.dtype):
            raise self.error(
                f"constant '{name}' has element type {array.dtype}; supported: {element_types.supported_names()}"
            )
        return Tensor(name=name, shape=tuple(array.shape), dtype=array.dtype, array=array)

    # ------------------------------------------------------ layout handling

    def physical(self, tensor: Tensor, perm: Perm | None = None) -> SSAValue:
        """The SSA value of `tensor` held in `perm` (the logical layout by default),
        materializing a constant or emitting one transpose (a reshape if only unit dims
        move) the first time a layout is asked for."""
        perm = layout.identity(tensor.rank) if perm is None else tuple(perm)
        if tensor.value is not None and tensor.perm == perm:
            return tensor.value
        cached = tensor.views.get(perm)
        if cached is not None:
            return cached
        if tensor.array is not None:
            value = self._materialize(np.transpose(tensor.array, perm), tensor.name)
        else:
            assert tensor.value is not None
            value = self._relayout(tensor.value, tensor.shape, tensor.perm, perm, tensor.dtype)
            if tensor.value.name_hint is not None:
                value.name_hint = tensor.value.name_hint + _layout_suffix(perm)
        tensor.views[perm] = value
        return value

    def _relayout(self, value: SSAValue, shape: Shape, source: Perm, target: Perm, dtype: np.dtype) -> SSAValue:
        transpose = layout.relayout(source, target)
        src_shape = layout.permute(shape, source)
        dst_shape = layout.permute(shape, target)
        if src_shape == dst_shape and layout.keeps_element_order(src_shape, transpose):
            return value
        if layout.keeps_element_order(src_shape, transpose):
            return self.build(nn.ReshapeOp, [value], dst_shape, dtype)
        return self.build(nn.TransposeOp, [value], dst_shape, dtype, {"permutation": nn.i64_array(transpose)})

    def _materialize(self, array: np.ndarray, name: str) -> SSAValue:
        array = np.ascontiguousarray(array).reshape(array.shape)  # keeps rank 0
        tensor_type = element_types.tensor_type(array.dtype, tuple(array.shape))
        if array.size <= INLINE_LIMIT:
            flat = array.reshape(-1)
            values = flat.astype(np.int64).tolist() if array.dtype.kind in "biu" else flat.astype(np.float64).tolist()
            attr: Any = DenseIntOrFPElementsAttr.from_list(tensor_type, values)
        else:
            attr = weights.make_resource(name or "constant", array)
        op = arith.ConstantOp(attr, tensor_type)
        self.block.add_op(op)
        op.results[0].name_hint = value_name(name) if name else None
        return op.results[0]

    def broadcast_operand(self, tensor: Tensor, rank: int, perm: Perm) -> SSAValue:
        """`tensor` as an operand of a broadcasting op of `rank` held in `perm`: lower
        ranks get leading unit dims (NumPy broadcasting), in one reshape when the
        element order allows."""
        if tensor.rank == rank:
            return self.physical(tensor, perm)
        extra = rank - tensor.rank
        shape = (1,) * extra + tensor.shape
        if tensor.array is not None:
            expanded = self.constant(tensor.array.reshape(shape), tensor.name)
            return self.physical(expanded, perm)
        assert tensor.value is not None
        held = tuple(range(extra)) + tuple(p + extra for p in tensor.perm)
        value = self.build(nn.ReshapeOp, [tensor.value], layout.permute(shape, held), tensor.dtype)
        return self._relayout(value, shape, held, perm, tensor.dtype)

    def reshape(self, tensor: Tensor, shape: Sequence[int]) -> Tensor:
        """Row-major reshape of the logical tensor, on the physical value when the
        layout allows (see `layout.plan_reshape`)."""
        shape = tuple(int(d) for d in shape)
        if tensor.array is not None:
            return self.constant(tensor.array.reshape(shape), tensor.name)
        plan = layout.plan_reshape(tensor.shape, tensor.perm, shape)
        value = self.physical(tensor, plan.input_perm)
        src = layout.permute(tensor.shape, plan.input_perm)
        dst = layout.permute(shape, plan.output_perm)
        if src != dst:
            value = self.build(nn.ReshapeOp, [value], dst, tensor.dtype)
        return self.runtime(value, shape, plan.output_perm, tensor.dtype)

    def transpose(self, tensor: Tensor, onnx_perm: Sequence[int]) -> Tensor:
        """ONNX Transpose: relabels the layout, moves no data."""
        shape = layout.permute(tensor.shape, onnx_perm)
        if tensor.array is not None:
            return self.constant(np.transpose(tensor.array, onnx_perm), tensor.name)
        assert tensor.value is not None
        return self.runtime(tensor.value, shape, layout.after_transpose(tensor.perm, onnx_perm), tensor.dtype)

    def logical(self, tensor: Tensor) -> SSAValue:
        return self.physical(tensor, layout.identity(tensor.rank))


def _layout_suffix(perm: Perm) -> str:
    if len(perm) == 4 and perm == layout.channels_last(4):
        return ".nhwc"
    if perm == layout.identity(len(perm)):
        return ".nchw" if len(perm) == 4 else ".logical"
    return ".p" + "".join(str(p) for p in perm)


def result_type(tensor: Tensor) -> TensorType:
    return element_types.tensor_type(tensor.dtype, tensor.shape)
