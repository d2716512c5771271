"""The `nn` dialect: tensor-level network ops with value semantics.

Layouts are fixed: activations NHWC `[n, h, w, c]`, conv weights OHWI
`[co, kh, kw, ci/groups]` (what the hardware reads). Every shape is static. Spatial
attributes are per spatial axis in (h, w) order; `padding` is `[top, bottom, left,
right]`. Each verifier names the offending value and states what it expected.

Op families share one abstract base class and one `verify_`, as in xDSL's tosa dialect.
"""

from __future__ import annotations

import math
from abc import ABC
from collections.abc import Sequence
from typing import ClassVar

from xdsl.dialects.builtin import (
    I64,
    BoolAttr,
    DenseArrayBase,
    FloatAttr,
    IntegerAttr,
    TensorType,
    f32,
    i64,
)
from xdsl.dialects.utils import EnumAttribute
from xdsl.ir import Attribute, Dialect, Operation, SSAValue
from xdsl.irdl import (
    BaseAttr,
    IRDLOperation,
    ParsePropInAttrDict,
    VarConstraint,
    irdl_attr_definition,
    irdl_op_definition,
    operand_def,
    opt_operand_def,
    opt_prop_def,
    prop_def,
    result_def,
    traits_def,
    var_operand_def,
)
from xdsl.parser import AttrParser
from xdsl.printer import Printer
from xdsl.pattern_rewriter import RewritePattern
from xdsl.traits import Commutative, HasCanonicalizationPatternsTrait, OpTrait, Pure
from xdsl.utils.exceptions import VerifyException
from xdsl.utils.str_enum import StrEnum

from nnpipe.dialects import dtypes, shapes
from nnpipe.dialects.traits import DataMovement, Engine, OrderPreserving, RunsOn

# --------------------------------------------------------------------------- #
# Attributes                                                                  #
# --------------------------------------------------------------------------- #


class _IdentifierEnumAttribute:
    """Prints `#nn.name<value>` with a bare identifier (mixin for EnumAttribute)."""

    def print_parameter(self, printer: Printer) -> None:
        with printer.in_angle_brackets():
            printer.print_string(self.data)  # type: ignore[attr-defined]

    @classmethod
    def parse_parameter(cls, parser: AttrParser):
        with parser.in_angle_brackets():
            return parser.parse_str_enum(cls.enum_type)  # type: ignore[attr-defined]


class Activation(StrEnum):
    RELU = "relu"


@irdl_attr_definition
class ActivationAttr(_IdentifierEnumAttribute, EnumAttribute[Activation]):
    """Activation fused into `nn.conv_add`; absent means identity."""

    name = "nn.activation"


class Reduction(StrEnum):
    NONE = "none"
    ADD = "add"
    MUL = "mul"
    MAX = "max"
    MIN = "min"


@irdl_attr_definition
class ReductionAttr(_IdentifierEnumAttribute, EnumAttribute[Reduction]):
    """How scatter combines an update with the existing element (ONNX `reduction`)."""

    name = "nn.reduction"


class PadMode(StrEnum):
    CONSTANT = "constant"
    REFLECT = "reflect"
    EDGE = "edge"
    WRAP = "wrap"


@irdl_attr_definition
class PadModeAttr(_IdentifierEnumAttribute, EnumAttribute[PadMode]):
    """Padding mode of `nn.pad` (ONNX Pad `mode`)."""

    name = "nn.pad_mode"


# --------------------------------------------------------------------------- #
# Helpers for verifiers                                                       #
# --------------------------------------------------------------------------- #


def i64_array(values: Sequence[int]) -> DenseArrayBase:
    return DenseArrayBase.from_list(i64, list(values))


def ints(attr: DenseArrayBase) -> tuple[int, ...]:
    return tuple(int(v) for v in attr.get_values())


def ref(value: SSAValue) -> str:
    """`%name` for diagnostics when the value was named in the source."""
    return f" %{value.name_hint}" if value.name_hint else ""


def tensor_type(value: SSAValue) -> TensorType:
    assert isinstance(value.type, TensorType)
    return value.type


def shape_of(value: SSAValue) -> tuple[int, ...]:
    return tuple(tensor_type(value).get_shape())


def element_of(value: SSAValue) -> Attribute:
    return tensor_type(value).element_type


def fmt_shape(shape: Sequence[int]) -> str:
    return "[" + ", ".join(str(d) for d in shape) + "]"


def require(condition: bool, message: str) -> None:
    if not condition:
        raise VerifyException(message)


def require_float(what: str, value: SSAValue) -> None:
    element = element_of(value)
    require(
        dtypes.is_float(element),
        f"{what}{ref(value)} has element type {element}, "
        "expected a float type (f16, bf16, f32 or f64)",
    )


def require_rank(what: str, value: SSAValue, rank: int, layout: str) -> None:
    shape = shape_of(value)
    require(
        len(shape) == rank,
        f"{what}{ref(value)} has rank {len(shape)} (shape {fmt_shape(shape)}), "
        f"expected rank {rank} ({layout})",
    )


def require_same_element(what: str, value: SSAValue, other: str, expected: Attribute) -> None:
    require(
        element_of(value) == expected,
        f"{what}{ref(value)} has element type {element_of(value)}, "
        f"expected {expected} (the element type of {other})",
    )


def require_shape(what: str, value: SSAValue, expected: Sequence[int], why: str) -> None:
    actual = shape_of(value)
    require(
        actual == tuple(expected),
        f"{what}{ref(value)} has shape {fmt_shape(actual)}, expected "
        f"{fmt_shape(expected)} ({why})",
    )


def require_axis(name: str, axis: int, rank: int) -> None:
    require(0 <= axis < rank, f"{name} = {axis} is out of range for rank {rank}, expected 0 <= {name} < {rank}")


def entries(count: int) -> str:
    return f"{count} entry" if count == 1 else f"{count} entries"


def require_array(name: str, values: Sequence[int], length: int, minimum: int, layout: str) -> None:
    """An i64 array property: `length` entries (`layout` says which), each >= `minimum`."""
    require(
        len(values) == length,
        f"{name} = {fmt_shape(values)} has {entries(len(values))}, expected {length} ({layout})",
    )
    require(
        all(v >= minimum for v in values),
        f"{name} = {fmt_shape(values)} has an entry below {minimum}, expected every entry >= {minimum}",
    )


SPATIAL = "h, w"
SIDES = "top, bottom, left, right"


class CastHasCanonicalizationPatterns(HasCanonicalizationPatternsTrait):
    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        from nnpipe.passes.canonicalization import FoldIdentityCast

        return (FoldIdentityCast(),)


class TransposeHasCanonicalizationPatterns(HasCanonicalizationPatternsTrait):
    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        from nnpipe.passes.canonicalization import ComposeTransposes, FoldIdentityTranspose

        return (FoldIdentityTranspose(), ComposeTransposes())


class ReshapeHasCanonicalizationPatterns(HasCanonicalizationPatternsTrait):
    @classmethod
    def get_canonicalization_patterns(cls) -> tuple[RewritePattern, ...]:
        from nnpipe.passes.canonicalization import ComposeReshapes, FoldIdentityReshape

        return (FoldIdentityReshape(), ComposeReshapes())


_TYPES = "attr-dict `:` functional-type(operands, results)"


class StaticShapes(OpTrait):
    """Every tensor operand and result has a static shape.

    The verifiers, the interpreter and tiling compute with concrete sizes; a `?` would
    otherwise surface as a size of -1 in some unrelated message. Trait verifiers run
    before the op's own `verify_`, so this check comes first.
    """

    def verify(self, op: Operation) -> None:
        values = [(f"operand #{i}", v) for i, v in enumerate(op.operands)] + [("result", r) for r in op.results]
        for what, value in values:
            if isinstance(value.type, TensorType) and not value.type.has_static_shape():
                raise VerifyException(
                    f"{what}{ref(value)} has type {value.type}, expected a static shape "
                    "(nn tensors have no dynamic dimensions)"
                )


class NNOperation(IRDLOperation, ABC):
    """Base of every nn op: pure, static shapes, properties spelled inside the
    attribute dictionary."""

    traits = traits_def(Pure(), StaticShapes())
    irdl_options = (ParsePropInAttrDict(),)


# --------------------------------------------------------------------------- #
# Convolution                                                                 #
# --------------------------------------------------------------------------- #


class ConvOperation(NNOperation, ABC):
    """2-D convolution, NHWC input, OHWI weight, optional per-output-channel bias.

    The result element type may differ from the input's (f16 in, f32 accumulate and
    out is legal); input and weight share one element type.
    """

    traits = traits_def(RunsOn(Engine.CONV))

    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    bias = opt_operand_def(TensorType)
    result = result_def(TensorType)

    strides = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    padding = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([0, 0, 0, 0]))
    dilations = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    groups = opt_prop_def(IntegerAttr[I64], default_value=IntegerAttr(1, i64))

    @property
    def stride_values(self) -> tuple[int, int]:
        s = ints(self.strides)
        return s[0], s[1]

    @property
    def padding_values(self) -> tuple[int, int, int, int]:
        p = ints(self.padding)
        return p[0], p[1], p[2], p[3]

    @property
    def dilation_values(self) -> tuple[int, int]:
        d = ints(self.dilations)
        return d[0], d[1]

    @property
    def group_count(self) -> int:
        return self.groups.value.data

    def macs(self) -> int:
        """Multiply-accumulates of the conv (the conv engine's work, cost model)."""
        n, ho, wo, co = shape_of(self.results[0])
        _, kh, kw, cig = shape_of(self.weight)
        return n * ho * wo * co * kh * kw * cig

    def expected_result_shape(self) -> tuple[int, int, int, int]:
        """NHWC output shape from the formula of design brief §2 (attrs verified)."""
        n, h, w, _ = shape_of(self.input)
        co, kh, kw, _ = shape_of(self.weight)
        sh, sw = self.stride_values
        pt, pb, pl, pr = self.padding_values
        dh, dw = self.dilation_values
        return (
            n,
            shapes.conv_output_size(h, kh, sh, pt, pb, dh),
            shapes.conv_output_size(w, kw, sw, pl, pr, dw),
            co,
        )

    def verify_(self) -> None:
        require_array("strides", ints(self.strides), 2, 1, SPATIAL)
        require_array("dilations", ints(self.dilations), 2, 1, SPATIAL)
        require_array("padding", ints(self.padding), 4, 0, SIDES)
        groups = self.group_count
        require(groups >= 1, f"groups = {groups}, expected a positive group count")
        require_rank("input", self.input, 4, "NHWC")
        require_rank("weight", self.weight, 4, "OHWI: [out channels, kh, kw, in channels / groups]")
        require_float("input", self.input)
        require_same_element("weight", self.weight, "the input", element_of(self.input))
        require_float("result", self.result)
        _, _, _, ci = shape_of(self.input)
        co, kh, kw, wci = shape_of(self.weight)
        require(
            ci % groups == 0,
            f"input{ref(self.input)} has {ci} channels, not divisible by groups = {groups}",
        )
        require(
            co % groups == 0,
            f"weight{ref(self.weight)} has {co} output channels, not divisible by groups = {groups}",
        )
        require(
            wci == ci // groups,
            f"weight{ref(self.weight)} has {wci} input channels per group (OHWI dim 3), "
            f"expected {ci // groups} (input channels {ci} / groups {groups})",
        )
        if self.bias is not None:
            require_shape("bias", self.bias, [co], "one value per output channel")
            bias_element = element_of(self.bias)
            require(
                bias_element in (element_of(self.input), element_of(self.result)),
                f"bias{ref(self.bias)} has element type {bias_element}, expected "
                f"{element_of(self.input)} or {element_of(self.result)} (the element type of the "
                "input or of the result)",
            )
        expected = self.expected_result_shape()
        require(
            expected[1] > 0 and expected[2] > 0,
            f"kernel {kh}x{kw} (dilations {fmt_shape(self.dilation_values)}) does not fit "
            f"input{ref(self.input)} {fmt_shape(shape_of(self.input))} with padding "
            f"{fmt_shape(self.padding_values)}: output would be {fmt_shape(expected)}",
        )
        require_shape(
            "result", self.result, expected, "Ho = (H + pt + pb - dh*(kh-1) - 1) / sh + 1, likewise W"
        )


@irdl_op_definition
class Conv2DOp(ConvOperation):
    """`result = conv(input, weight) + bias`."""

    name = "nn.conv2d"

    assembly_format = "$input `,` $weight (`,` $bias^)? " + _TYPES


@irdl_op_definition
class ConvAddOp(ConvOperation):
    """`result = activation(conv(input, weight) + bias + addend)` (cuDNN's fused
    conv-bias-add-activation). The addend has the result's type, so the backend can
    run the add on the add engine tile by tile right behind the conv engine."""

    name = "nn.conv_add"

    # IRDL orders operands subclass-first; redeclaring the inherited ones pins the
    # operand order to (input, weight, addend, bias?), the order the assembly format,
    # the generic form and the interpreter use.
    input = operand_def(TensorType)
    weight = operand_def(TensorType)
    addend = operand_def(TensorType)
    bias = opt_operand_def(TensorType)
    activation = opt_prop_def(ActivationAttr)

    def add_elements(self) -> int:
        """Elements the add engine adds (and activates) after the conv: the fused
        op's second engine (cost model)."""
        return math.prod(shape_of(self.result))

    assembly_format = "$input `,` $weight `,` $addend (`,` $bias^)? " + _TYPES

    def verify_(self) -> None:
        super().verify_()
        require(
            self.addend.type == self.result.type,
            f"addend{ref(self.addend)} has type {self.addend.type}, expected "
            f"{self.result.type} (the conv result type)",
        )


# --------------------------------------------------------------------------- #
# Elementwise                                                                 #
# --------------------------------------------------------------------------- #


class BinaryElementwiseOperation(NNOperation, ABC):
    """Elementwise binary op with NumPy broadcasting; one element type throughout."""

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)

    assembly_format = "$lhs `,` $rhs " + _TYPES

    def verify_(self) -> None:
        element = element_of(self.lhs)
        require_same_element("rhs", self.rhs, "lhs", element)
        require_same_element("result", self.result, "lhs", element)
        lhs, rhs = shape_of(self.lhs), shape_of(self.rhs)
        expected = shapes.broadcast_shapes(lhs, rhs)
        require(
            expected is not None,
            f"lhs{ref(self.lhs)} shape {fmt_shape(lhs)} and rhs{ref(self.rhs)} shape "
            f"{fmt_shape(rhs)} do not broadcast",
        )
        assert expected is not None
        require_shape("result", self.result, expected, "the broadcast of lhs and rhs")


@irdl_op_definition
class AddOp(BinaryElementwiseOperation):
    name = "nn.add"
    traits = traits_def(Commutative(), RunsOn(Engine.ADD))


@irdl_op_definition
class SubOp(BinaryElementwiseOperation):
    name = "nn.sub"
    traits = traits_def(RunsOn(Engine.ADD))


@irdl_op_definition
class MulOp(BinaryElementwiseOperation):
    name = "nn.mul"
    traits = traits_def(Commutative(), RunsOn(Engine.ADD))


class UnaryFloatOperation(NNOperation, ABC):
    """Elementwise on floats: result type equals input type."""

    T: ClassVar = VarConstraint("T", BaseAttr(TensorType))
    input = operand_def(T)
    result = result_def(T)

    assembly_format = "$input attr-dict `:` type($input)"

    def verify_(self) -> None:
        require_float("input", self.input)


@irdl_op_definition
class ReluOp(UnaryFloatOperation):
    """`max(x, +0.0)` with +0.0 for every x <= 0 (also -0.0); NaN stays NaN. Pinning
    the sign of zero makes relu commute bit-exactly with a narrowing cast."""

    name = "nn.relu"
    traits = traits_def(OrderPreserving(), RunsOn(Engine.ADD))


@irdl_op_definition
class SoftmaxOp(UnaryFloatOperation):
    """Softmax along `axis` (ONNX opset 13 semantics)."""

    name = "nn.softmax"
    axis = prop_def(IntegerAttr[I64])

    def verify_(self) -> None:
        super().verify_()
        require_axis("axis", self.axis.value.data, len(shape_of(self.input)))


@irdl_op_definition
class BatchNormOp(NNOperation):
    """Inference batch norm over the last (channel) axis:
    `(x - mean) / sqrt(var + epsilon) * scale + bias`."""

    name = "nn.batch_norm"
    traits = traits_def(RunsOn(Engine.ADD))

    input = operand_def(TensorType)
    scale = operand_def(TensorType)
    bias = operand_def(TensorType)
    mean = operand_def(TensorType)
    variance = operand_def(TensorType)
    result = result_def(TensorType)
    epsilon = opt_prop_def(FloatAttr, default_value=FloatAttr(1e-5, f32))

    assembly_format = "$input `,` $scale `,` $bias `,` $mean `,` $variance " + _TYPES

    def verify_(self) -> None:
        require_float("input", self.input)
        shape = shape_of(self.input)
        require(
            len(shape) >= 1,
            f"input{ref(self.input)} has rank 0, expected rank >= 1 (the last axis holds the channels)",
        )
        channels = shape[-1]
        for what in ("scale", "bias", "mean", "variance"):
            value = getattr(self, what)
            require_shape(what, value, [channels], "one value per channel, the last axis")
            require_same_element(what, value, "the input", element_of(self.input))
        require(
            self.result.type == self.input.type,
            f"result{ref(self.result)} has type {self.result.type}, expected {self.input.type} (the input type)",
        )


@irdl_op_definition
class CastOp(NNOperation):
    """Element type conversion; float-to-float rounds to nearest even (IEEE)."""

    name = "nn.cast"

    input = operand_def(TensorType)
    result = result_def(TensorType)

    traits = traits_def(CastHasCanonicalizationPatterns(), RunsOn(Engine.ADD))

    assembly_format = "$input attr-dict `:` type($input) `to` type($result)"

    def verify_(self) -> None:
        require_shape("result", self.result, shape_of(self.input), "a cast keeps the shape")
        for what, value in (("input", self.input), ("result", self.result)):
            element = element_of(value)
            try:
                dtypes.to_numpy(element)
            except ValueError:
                raise VerifyException(
                    f"{what}{ref(value)} has element type {element}, expected one of "
                    f"{dtypes.supported_names()}"
                ) from None

    @property
    def is_narrowing(self) -> bool:
        """Float-to-float cast to fewer bits (f32->f16, f32->bf16, f64->f32...)."""
        src, dst = element_of(self.input), element_of(self.result)
        return dtypes.is_float(src) and dtypes.is_float(dst) and dtypes.bit_width(dst) < dtypes.bit_width(src)


# --------------------------------------------------------------------------- #
# Data movement                                                               #
# --------------------------------------------------------------------------- #


class SameElementOperation(NNOperation, ABC):
    """Base for data-movement ops: the result has the data operands' element type."""

    def verify_element(self, value: SSAValue, what: str) -> None:
        result = self.results[0]
        require_same_element("result", result, what, element_of(value))


@irdl_op_definition
class TransposeOp(SameElementOperation):
    """`result[i0..] = input[permuted indices]`: result dim k is input dim perm[k]."""

    name = "nn.transpose"

    input = operand_def(TensorType)
    result = result_def(TensorType)
    permutation = prop_def(DenseArrayBase[I64])

    traits = traits_def(DataMovement(), TransposeHasCanonicalizationPatterns())
    assembly_format = "$input " + _TYPES

    def verify_(self) -> None:
        self.verify_element(self.input, "the input")
        shape = shape_of(self.input)
        perm = ints(self.permutation)
        require(
            sorted(perm) == list(range(len(shape))),
            f"permutation {fmt_shape(perm)} is not a permutation of 0..{len(shape) - 1} "
            f"(input{ref(self.input)} has rank {len(shape)})",
        )
        require_shape("result", self.result, [shape[p] for p in perm], "input shape permuted")


@irdl_op_definition
class ReshapeOp(SameElementOperation):
    """Row-major reshape to the (static) result shape."""

    name = "nn.reshape"

    input = operand_def(TensorType)
    result = result_def(TensorType)

    traits = traits_def(DataMovement(), ReshapeHasCanonicalizationPatterns())
    assembly_format = "$input " + _TYPES

    def verify_(self) -> None:
        self.verify_element(self.input, "the input")
        src, dst = shape_of(self.input), shape_of(self.result)
        n_src, n_dst = _count(src), _count(dst)
        require(
            n_src == n_dst,
            f"result{ref(self.result)} has {n_dst} elements {fmt_shape(dst)}, input{ref(self.input)} has "
            f"{n_src} {fmt_shape(src)}: a reshape keeps the element count",
        )


def _count(shape: Sequence[int]) -> int:
    n = 1
    for d in shape:
        n *= d
    return n


@irdl_op_definition
class BroadcastOp(SameElementOperation):
    """NumPy `broadcast_to` the result shape."""

    name = "nn.broadcast"

    input = operand_def(TensorType)
    result = result_def(TensorType)

    traits = traits_def(DataMovement())
    assembly_format = "$input " + _TYPES

    def verify_(self) -> None:
        self.verify_element(self.input, "the input")
        src, dst = shape_of(self.input), shape_of(self.result)
        require(
            len(src) <= len(dst) and shapes.broadcast_shapes(src, dst) == dst,
            f"input{ref(self.input)} shape {fmt_shape(src)} does not broadcast to {fmt_shape(dst)}",
        )


@irdl_op_definition
class SliceOp(SameElementOperation):
    """Strided slice: result element i along axis k is input element
    `offsets[k] + i * strides[k]` (strides may be negative; sizes come from the result
    type). Every selected index must lie inside the input."""

    name = "nn.slice"

    input = operand_def(TensorType)
    result = result_def(TensorType)
    offsets = prop_def(DenseArrayBase[I64])
    strides = prop_def(DenseArrayBase[I64])

    traits = traits_def(DataMovement())
    assembly_format = "$input " + _TYPES

    def verify_(self) -> None:
        self.verify_element(self.input, "the input")
        shape, out = shape_of(self.input), shape_of(self.result)
        offsets, strides = ints(self.offsets), ints(self.strides)
        rank = len(shape)
        require(
            len(out) == rank,
            f"result{ref(self.result)} has rank {len(out)}, expected {rank} (the rank of input{ref(self.input)})",
        )
        require(len(offsets) == rank, f"offsets = {fmt_shape(offsets)} has {entries(len(offsets))}, expected {rank} (one per axis)")
        require(len(strides) == rank, f"strides = {fmt_shape(strides)} has {entries(len(strides))}, expected {rank} (one per axis)")
        for axis, (dim, size, off, step) in enumerate(zip(shape, out, offsets, strides)):
            require(step != 0, f"strides[{axis}] is 0, expected a non-zero step")
            if size == 0:
                continue
            last = off + (size - 1) * step
            require(
                0 <= off < dim and 0 <= last < dim,
                f"axis {axis}: offset {off}, step {step} and {size} elements select indices "
                f"{off}..{last}, but input{ref(self.input)} has {dim} elements on that axis "
                f"(valid indices 0..{dim - 1})",
            )


@irdl_op_definition
class ConcatOp(SameElementOperation):
    """Concatenation along `axis`; every operand carries data."""

    name = "nn.concat"

    inputs = var_operand_def(TensorType)
    result = result_def(TensorType)
    axis = prop_def(IntegerAttr[I64])

    traits = traits_def(DataMovement())
    assembly_format = "$inputs " + _TYPES

    def verify_(self) -> None:
        require(len(self.inputs) >= 1, "expected at least one input")
        first = self.inputs[0]
        self.verify_element(first, "the first input")
        rank = len(shape_of(first))
        axis = self.axis.value.data
        require_axis("axis", axis, rank)
        total = 0
        for i, value in enumerate(self.inputs):
            require_same_element(f"input #{i}", value, "the first input", element_of(first))
            shape = shape_of(value)
            require(
                len(shape) == rank,
                f"input #{i}{ref(value)} has rank {len(shape)}, expected {rank} (the rank of the first input)",
            )
            for k in range(rank):
                require(
                    k == axis or shape[k] == shape_of(first)[k],
                    f"input #{i}{ref(value)} has shape {fmt_shape(shape)}, which differs from "
                    f"{fmt_shape(shape_of(first))} outside axis {axis}",
                )
            total += shape[axis]
        expected = list(shape_of(first))
        expected[axis] = total
        require_shape("result", self.result, expected, f"the inputs joined along axis {axis}")


def _require_indices(value: SSAValue, what: str = "indices") -> None:
    element = element_of(value)
    require(
        dtypes.is_index_type(element),
        f"{what}{ref(value)} has element type {element}, expected i32 or i64",
    )


@irdl_op_definition
class GatherOp(SameElementOperation):
    """ONNX Gather: `result = take(data, indices, axis)`, negative indices count from
    the end. Only `data` carries data; `indices` keep their integer type."""

    name = "nn.gather"

    data = operand_def(TensorType)
    indices = operand_def(TensorType)
    result = result_def(TensorType)
    axis = prop_def(IntegerAttr[I64])

    traits = traits_def(DataMovement(("data",)))
    assembly_format = "$data `,` $indices " + _TYPES

    def verify_(self) -> None:
        self.verify_element(self.data, "data")
        _require_indices(self.indices)
        data = shape_of(self.data)
        axis = self.axis.value.data
        require_axis("axis", axis, len(data))
        expected = shapes.gather_result_shape(data, shape_of(self.indices), axis)
        require_shape("result", self.result, expected, "data[:axis] + indices + data[axis+1:]")


class ScatterOperation(SameElementOperation, ABC):
    """Base of the ONNX scatters: `data` and `updates` carry data (so cast hoisting can
    narrow both), `indices` steer. With reduction add/mul the op computes, so it is
    only data movement for reduction none/max/min."""

    data = operand_def(TensorType)
    indices = operand_def(TensorType)
    updates = operand_def(TensorType)
    result = result_def(TensorType)
    reduction = opt_prop_def(ReductionAttr, default_value=ReductionAttr(Reduction.NONE))

    traits = traits_def(DataMovement(("data", "updates")))
    assembly_format = "$data `,` $indices `,` $updates " + _TYPES

    def moves_data_only(self) -> bool:
        return self.reduction.data in (Reduction.NONE, Reduction.MAX, Reduction.MIN)

    def verify_(self) -> None:
        self.verify_element(self.data, "data")
        require_same_element("updates", self.updates, "data", element_of(self.data))
        _require_indices(self.indices)
        require(
            self.result.type == self.data.type,
            f"result{ref(self.result)} has type {self.result.type}, expected {self.data.type} (the data type)",
        )


@irdl_op_definition
class ScatterOp(ScatterOperation):
    """ONNX ScatterElements along `axis`."""

    name = "nn.scatter"

    axis = prop_def(IntegerAttr[I64])

    def verify_(self) -> None:
        super().verify_()
        data = shape_of(self.data)
        axis = self.axis.value.data
        require_axis("axis", axis, len(data))
        require_rank("indices", self.indices, len(data), "the rank of data")
        indices = shape_of(self.indices)
        require_shape("updates", self.updates, indices, "the shape of indices")
        for k, (size, dim) in enumerate(zip(indices, data)):
            require(
                k == axis or size <= dim,
                f"indices{ref(self.indices)} has shape {fmt_shape(indices)}, larger than data"
                f"{ref(self.data)} {fmt_shape(data)} on axis {k}, expected at most {dim} there "
                f"(off the scatter axis {axis}, an index's position addresses data directly)",
            )


@irdl_op_definition
class ScatterNDOp(ScatterOperation):
    """ONNX ScatterND: the last indices axis (k entries) addresses data's first k axes."""

    name = "nn.scatter_nd"

    def verify_(self) -> None:
        super().verify_()
        data, idx = shape_of(self.data), shape_of(self.indices)
        require(len(idx) >= 1, f"indices{ref(self.indices)} has rank 0, expected rank >= 1 (its last axis holds the coordinates)")
        k = idx[-1]
        require(
            1 <= k <= len(data),
            f"indices{ref(self.indices)} has shape {fmt_shape(idx)}: last dimension {k} addresses {k} "
            f"axes, expected 1..{len(data)} (the rank of data)",
        )
        expected = idx[:-1] + data[k:]
        require_shape("updates", self.updates, expected, "indices.shape[:-1] + data.shape[k:]")


@irdl_op_definition
class PadOp(SameElementOperation):
    """Pads `low[k]` elements before and `high[k]` after each axis. `value` (a 0-d
    tensor) fills constant mode; it carries data too, so a cast moves through it."""

    name = "nn.pad"

    input = operand_def(TensorType)
    value = operand_def(TensorType)
    result = result_def(TensorType)
    low = prop_def(DenseArrayBase[I64])
    high = prop_def(DenseArrayBase[I64])
    mode = opt_prop_def(PadModeAttr, default_value=PadModeAttr(PadMode.CONSTANT))

    traits = traits_def(DataMovement())
    assembly_format = "$input `,` $value " + _TYPES

    def verify_(self) -> None:
        self.verify_element(self.input, "the input")
        require_shape("value", self.value, [], "the pad value is a 0-d tensor")
        require_same_element("value", self.value, "the input", element_of(self.input))
        shape = shape_of(self.input)
        low, high = ints(self.low), ints(self.high)
        require_array("low", low, len(shape), 0, "one per axis")
        require_array("high", high, len(shape), 0, "one per axis")
        mode = self.mode.data
        for axis, (dim, lo, hi) in enumerate(zip(shape, low, high)):
            if mode == PadMode.REFLECT:
                require(
                    max(lo, hi) < dim or (lo == hi == 0),
                    f"mode reflect pads axis {axis} by {max(lo, hi)} but input{ref(self.input)} has "
                    f"{dim} elements there, expected padding < {dim} (reflection excludes the edge)",
                )
            elif mode != PadMode.CONSTANT:
                require(
                    dim > 0 or (lo == hi == 0),
                    f"mode {mode} pads axis {axis} of input{ref(self.input)}, which is empty: "
                    "only constant mode can pad an empty axis",
                )
        expected = [d + lo + hi for d, lo, hi in zip(shape, low, high)]
        require_shape("result", self.result, expected, "input + low + high")


# --------------------------------------------------------------------------- #
# Pooling                                                                     #
# --------------------------------------------------------------------------- #


class PoolOperation(NNOperation, ABC):
    """2-D window pooling over NHWC."""

    input = operand_def(TensorType)
    result = result_def(TensorType)
    kernel = prop_def(DenseArrayBase[I64])
    strides = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    padding = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([0, 0, 0, 0]))
    dilations = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    ceil_mode = opt_prop_def(BoolAttr, default_value=BoolAttr.from_bool(False))

    assembly_format = "$input " + _TYPES

    def elements(self) -> int:
        """Elements the add engine reads: every window element (cost model)."""
        kh, kw = ints(self.kernel)
        return math.prod(shape_of(self.result)) * kh * kw

    def expected_result_shape(self) -> tuple[int, int, int, int]:
        n, h, w, c = shape_of(self.input)
        kh, kw = ints(self.kernel)
        sh, sw = ints(self.strides)
        pt, pb, pl, pr = ints(self.padding)
        dh, dw = ints(self.dilations)
        ceil = self.ceil_mode.value.data != 0
        return (
            n,
            shapes.pool_output_size(h, kh, sh, pt, pb, dh, ceil),
            shapes.pool_output_size(w, kw, sw, pl, pr, dw, ceil),
            c,
        )

    def verify_(self) -> None:
        require_rank("input", self.input, 4, "NHWC")
        require_float("input", self.input)
        require_same_element("result", self.result, "the input", element_of(self.input))
        require_array("kernel", ints(self.kernel), 2, 1, SPATIAL)
        require_array("strides", ints(self.strides), 2, 1, SPATIAL)
        require_array("dilations", ints(self.dilations), 2, 1, SPATIAL)
        require_array("padding", ints(self.padding), 4, 0, SIDES)
        kh, kw = ints(self.kernel)
        pt, pb, pl, pr = ints(self.padding)
        require(
            max(pt, pb) < kh and max(pl, pr) < kw,
            f"padding {fmt_shape((pt, pb, pl, pr))} must be smaller than the kernel {kh}x{kw} "
            "on every side (else a window could lie entirely in the padding)",
        )
        expected = self.expected_result_shape()
        require(
            expected[1] > 0 and expected[2] > 0,
            f"kernel {kh}x{kw} (dilations {fmt_shape(ints(self.dilations))}) does not fit "
            f"input{ref(self.input)} {fmt_shape(shape_of(self.input))} with padding "
            f"{fmt_shape((pt, pb, pl, pr))}: output would be {fmt_shape(expected)}",
        )
        if self.ceil_mode.value.data:
            formula = (
                "ceil mode: Ho = ceil((H + pt + pb - dh*(kh-1) - 1) / sh) + 1, less one if the "
                "last window would start in the bottom padding; likewise W"
            )
        else:
            formula = "Ho = (H + pt + pb - dh*(kh-1) - 1) / sh + 1, likewise W"
        require_shape("result", self.result, expected, formula)


@irdl_op_definition
class MaxPoolOp(PoolOperation):
    """Window maximum; padding never wins (-inf). NaN propagates; on ties between
    +0.0 and -0.0 the result is +0.0, so max_pool commutes bit-exactly with a
    narrowing cast."""

    name = "nn.max_pool"
    traits = traits_def(OrderPreserving(), RunsOn(Engine.ADD))


@irdl_op_definition
class AvgPoolOp(PoolOperation):
    """Window mean; padded positions count only with `count_include_pad`."""

    name = "nn.avg_pool"
    traits = traits_def(RunsOn(Engine.ADD))
    count_include_pad = opt_prop_def(BoolAttr, default_value=BoolAttr.from_bool(False))


@irdl_op_definition
class GlobalAvgPoolOp(NNOperation):
    """Mean over H and W: `[n, h, w, c] -> [n, 1, 1, c]`."""

    name = "nn.global_avg_pool"
    traits = traits_def(RunsOn(Engine.ADD))

    input = operand_def(TensorType)
    result = result_def(TensorType)

    assembly_format = "$input " + _TYPES

    def elements(self) -> int:
        """Elements the add engine reads: the whole input (cost model)."""
        return math.prod(shape_of(self.input))

    def verify_(self) -> None:
        require_rank("input", self.input, 4, "NHWC")
        require_float("input", self.input)
        require_same_element("result", self.result, "the input", element_of(self.input))
        n, _, _, c = shape_of(self.input)
        require_shape("result", self.result, [n, 1, 1, c], "[n, 1, 1, c]")


# --------------------------------------------------------------------------- #
# Matrix products                                                             #
# --------------------------------------------------------------------------- #


@irdl_op_definition
class GemmOp(NNOperation):
    """ONNX Gemm: `alpha * op(a) @ op(b) + beta * c`, op = optional transpose; `c`
    broadcasts to `[M, N]`. The result element type may be wider than the inputs'."""

    name = "nn.gemm"
    traits = traits_def(RunsOn(Engine.CONV))

    a = operand_def(TensorType)
    b = operand_def(TensorType)
    c = opt_operand_def(TensorType)
    result = result_def(TensorType)
    alpha = opt_prop_def(FloatAttr, default_value=FloatAttr(1.0, f32))
    beta = opt_prop_def(FloatAttr, default_value=FloatAttr(1.0, f32))
    trans_a = opt_prop_def(BoolAttr, default_value=BoolAttr.from_bool(False))
    trans_b = opt_prop_def(BoolAttr, default_value=BoolAttr.from_bool(False))

    assembly_format = "$a `,` $b (`,` $c^)? " + _TYPES

    def macs(self) -> int:
        """M x N x K (cost model)."""
        m, k = shape_of(self.a)[:: -1 if self.trans_a.value.data else 1]
        return m * k * shape_of(self.result)[1]

    def verify_(self) -> None:
        require_rank("a", self.a, 2, "matrix")
        require_rank("b", self.b, 2, "matrix")
        require_float("a", self.a)
        require_same_element("b", self.b, "a", element_of(self.a))
        require_float("result", self.result)
        m, ka = shape_of(self.a)[:: -1 if self.trans_a.value.data else 1]
        kb, n = shape_of(self.b)[:: -1 if self.trans_b.value.data else 1]
        require(
            ka == kb,
            f"a{ref(self.a)} {fmt_shape(shape_of(self.a))}{' transposed' if self.trans_a.value.data else ''} "
            f"gives [M, K] = [{m}, {ka}] but b{ref(self.b)} {fmt_shape(shape_of(self.b))}"
            f"{' transposed' if self.trans_b.value.data else ''} gives [K, N] = [{kb}, {n}]: K differs ({ka} vs {kb})",
        )
        if self.c is not None:
            c_element = element_of(self.c)
            require(
                c_element in (element_of(self.a), element_of(self.result)),
                f"c{ref(self.c)} has element type {c_element}, expected {element_of(self.a)} "
                f"or {element_of(self.result)} (the element type of a or of the result)",
            )
            c = shape_of(self.c)
            require(
                len(c) <= 2 and shapes.broadcast_shapes(c, (m, n)) == (m, n),
                f"c{ref(self.c)} shape {fmt_shape(c)} does not broadcast to {fmt_shape((m, n))}",
            )
        require_shape("result", self.result, [m, n], "[M, N]")


@irdl_op_definition
class MatMulOp(NNOperation):
    """NumPy/ONNX matmul with batch broadcasting."""

    name = "nn.matmul"
    traits = traits_def(RunsOn(Engine.CONV))

    lhs = operand_def(TensorType)
    rhs = operand_def(TensorType)
    result = result_def(TensorType)

    assembly_format = "$lhs `,` $rhs " + _TYPES

    def macs(self) -> int:
        """Result elements x contracted dimension (cost model)."""
        return math.prod(shape_of(self.result)) * shape_of(self.lhs)[-1]

    def verify_(self) -> None:
        require_float("lhs", self.lhs)
        require_same_element("rhs", self.rhs, "lhs", element_of(self.lhs))
        require_float("result", self.result)
        a, b = shape_of(self.lhs), shape_of(self.rhs)
        for what, value in (("lhs", self.lhs), ("rhs", self.rhs)):
            require(len(shape_of(value)) >= 1, f"{what}{ref(value)} has rank 0, expected rank >= 1")
        a2 = (1,) + a if len(a) == 1 else a
        b2 = b + (1,) if len(b) == 1 else b
        require(
            a2[-1] == b2[-2],
            f"lhs{ref(self.lhs)} {fmt_shape(a)} and rhs{ref(self.rhs)} {fmt_shape(b)} "
            f"disagree on the contracted dimension ({a2[-1]} vs {b2[-2]})",
        )
        batch = shapes.broadcast_shapes(a2[:-2], b2[:-2])
        require(
            batch is not None,
            f"lhs{ref(self.lhs)} batch dimensions {fmt_shape(a2[:-2])} and rhs{ref(self.rhs)} batch "
            f"dimensions {fmt_shape(b2[:-2])} do not broadcast",
        )
        assert batch is not None
        expected = list(batch) + [a2[-2], b2[-1]]
        if len(a) == 1:
            expected.pop(-2)
        if len(b) == 1:
            expected.pop(-1)
        require_shape("result", self.result, expected, "NumPy matmul shape rules")


NN = Dialect(
    "nn",
    [
        Conv2DOp,
        ConvAddOp,
        AddOp,
        SubOp,
        MulOp,
        ReluOp,
        SoftmaxOp,
        BatchNormOp,
        CastOp,
        TransposeOp,
        ReshapeOp,
        BroadcastOp,
        SliceOp,
        ConcatOp,
        GatherOp,
        ScatterOp,
        ScatterNDOp,
        PadOp,
        MaxPoolOp,
        AvgPoolOp,
        GlobalAvgPoolOp,
        GemmOp,
        MatMulOp,
    ],
    [ActivationAttr, ReductionAttr, PadModeAttr],
)
