"""The `hw` dialect: engine ops on local-memory buffers, the level the ASIC runs
(design brief §1, docs/ir-hw.md).

    %y = hw.kernel "nn.conv_add" tiles 2 local 393216 align 16 (%input = %x, %weight = %w, %addend = %z) -> (%output)
           : (tensor<1x8x8x4xf32>, tensor<8x1x1x4xf32>, tensor<1x8x8x8xf32>) -> (tensor<1x8x8x8xf32>) {
      %x0 = hw.alloc offset 0 : memref<1x4x8x4xf32, "local">
      ...
      hw.dma_load %input[0, 0, 0, 0] -> %x0 : memref<1x8x8x4xf32> -> memref<1x4x8x4xf32, "local">
      hw.barrier
      hw.conv %x0, %w0 -> %c0 : memref<...>, memref<...> -> memref<...>
      hw.dma_load %input[0, 4, 0, 0] -> %x1 : ...
      hw.barrier
      ...
      hw.end
    }

A `hw.kernel` is what one nn op (or one `pipe.pipeline`) became: tensors in, tensors
out, and inside a flat program of engine ops. Its block arguments are the operands and
the results as *global* memrefs (`memref<...>`); `hw.alloc` places a *local* buffer
(`memref<..., "local">`) at a static byte offset in the kernel's local memory, whose
size and alignment the kernel records (`local`, `align`), so the verifier needs no
target. `hw.barrier` ends a stage: within a stage the DMA engine, the conv engine and
the add engine run concurrently, each its own ops in program order.

Every engine op declares its engine (`RunsOn`) and says which values it reads and
writes (`reads()`, `writes()`); the kernel verifier checks the schedule with those:
buffers live in the same stages do not overlap, two engines of one stage never write
bytes the other reads or writes, and no buffer is read before it is written.
"""

from __future__ import annotations

from abc import ABC
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import ClassVar

from xdsl.dialects.builtin import (
    I64,
    BoolAttr,
    DenseArrayBase,
    FloatAttr,
    IntegerAttr,
    MemRefType,
    NoneAttr,
    StringAttr,
    TensorType,
    f32,
    i64,
)
from xdsl.ir import Attribute, BlockArgument, Dialect, Operation, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    ParsePropInAttrDict,
    irdl_op_definition,
    opt_prop_def,
    prop_def,
    operand_def,
    region_def,
    result_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import HasParent, IsolatedFromAbove, IsTerminator, Pure
from xdsl.utils.exceptions import VerifyException

from nnpipe.dialects import dtypes, shapes
from nnpipe.dialects.nn import ActivationAttr, fmt_shape, i64_array, ints
from nnpipe.dialects.syntax import parse_bindings, print_bindings, split_attributes
from nnpipe.dialects.traits import Engine, RunsOn, Work, engine_of

def require(condition: bool, message: Callable[[], str]) -> None:
    """A verifier check whose message is built only when it fails: the messages
    print types, and a lowered network verifies hundreds of thousands of checks."""
    if not condition:
        raise VerifyException(message())


HOST_ATTR = "hw.host"
"""Unit attribute lower-to-hw puts on an op no engine runs: the host runs it, and the
timed interpreter counts it apart."""

SAVED_ATTR = "hw.dma_bytes_saved"
"""Attribute lower-to-hw puts on the kernel of a chain: the DMA bytes separate
kernels would have moved for its intermediates (each stored once and loaded back
once), which the chain keeps in local memory. The timed interpreter reports the sum."""

LOCAL = StringAttr("local")
"""Memory space of local buffers: `memref<..., "local">`."""

SPLIT_AXIS = 1
"""H of NHWC: the axis DMA pad rows are added along."""


class ScheduleError(VerifyException):
    """A verifier error that belongs to `op` (an op of the kernel body), so the tools
    report it at that op's location rather than at the kernel's."""

    def __init__(self, message: str, op: Operation):
        super().__init__(message)
        self.op = op


def local_type(element: Attribute, shape: Sequence[int]) -> MemRefType:
    return MemRefType(element, list(shape), NoneAttr(), LOCAL)


def global_type(t: Attribute) -> MemRefType:
    """The global memref a kernel sees for a tensor operand or result."""
    assert isinstance(t, TensorType)
    return MemRefType(t.element_type, list(t.get_shape()))


def is_local(value: SSAValue) -> bool:
    return isinstance(value.type, MemRefType) and value.type.memory_space == LOCAL


def shape(value: SSAValue) -> tuple[int, ...]:
    assert isinstance(value.type, MemRefType)
    return tuple(value.type.get_shape())


def element(value: SSAValue) -> Attribute:
    assert isinstance(value.type, MemRefType)
    return value.type.element_type


def nbytes(t: Attribute) -> int:
    """Bytes of a static memref or tensor type."""
    assert isinstance(t, (MemRefType, TensorType))
    count = 1
    for d in t.get_shape():
        count *= d
    return count * dtypes.bit_width(t.element_type) // 8


def _name(value: SSAValue) -> str:
    return f"%{value.name_hint}" if value.name_hint else "a value"


# --------------------------------------------------------------------------- #
# hw.kernel                                                                   #
# --------------------------------------------------------------------------- #


@irdl_op_definition
class KernelOp(IRDLOperation):
    """What one nn op or one `pipe.pipeline` (`origin`) runs as on the engines: the
    body sees the operands, then the results, as global memrefs, and is a flat
    program of engine ops in stages separated by `hw.barrier`, ending with `hw.end`.
    The results are what the body stored into the result memrefs. `local` and
    `align` are the local memory the kernel was allocated for (the target's)."""

    name = "hw.kernel"

    ins = var_operand_def(TensorType)
    outs = var_result_def(TensorType)
    body = region_def("single_block")

    origin = prop_def(StringAttr)
    tiles = prop_def(IntegerAttr[I64])
    local_bytes = prop_def(IntegerAttr[I64])
    alignment = prop_def(IntegerAttr[I64])

    traits = traits_def(Pure(), IsolatedFromAbove())
    irdl_options = (ParsePropInAttrDict(),)

    _HEADER: ClassVar = ("origin", "tiles", "local_bytes", "alignment")

    def moved_bytes(self, args: Sequence[object], results: Sequence[object]) -> int:
        """Its DMA ops count what moves (interpreter accounting)."""
        return 0

    @property
    def tile_count(self) -> int:
        return self.tiles.value.data

    @property
    def capacity(self) -> int:
        return self.local_bytes.value.data

    @property
    def align(self) -> int:
        return self.alignment.value.data

    def is_output(self, value: SSAValue) -> bool:
        return isinstance(value, BlockArgument) and value.block is self.body.block and value.index >= len(self.ins)

    def is_input(self, value: SSAValue) -> bool:
        return isinstance(value, BlockArgument) and value.block is self.body.block and value.index < len(self.ins)

    def stages(self) -> list[list[Operation]]:
        """The body's ops, stage by stage (barriers and hw.end left out)."""
        stages: list[list[Operation]] = [[]]
        for op in self.body.block.ops:
            if isinstance(op, BarrierOp):
                stages.append([])
            elif not isinstance(op, (EndOp, AllocOp)):
                stages[-1].append(op)
        if not stages[-1]:
            stages.pop()
        return stages

    def verify_(self) -> None:
        require(self.tile_count >= 1, lambda: f"tiles = {self.tile_count}, expected at least 1")
        require(self.capacity > 0, lambda: f"local = {self.capacity}, expected a local memory size > 0")
        require(self.align > 0, lambda: f"align = {self.align}, expected an alignment > 0")
        block = self.body.block
        expected = [global_type(v.type) for v in self.ins] + [global_type(r.type) for r in self.outs]
        actual = [a.type for a in block.args]
        require(
            actual == expected,
            lambda: f"body arguments have types ({', '.join(map(str, actual))}), expected the global memrefs of the "
            f"operands and then the results ({', '.join(map(str, expected))})",
        )
        ops = list(block.ops)
        require(bool(ops) and isinstance(ops[-1], EndOp), lambda: "body must end with hw.end")
        for op in ops:
            if not isinstance(op, (AllocOp, BarrierOp, EndOp, EngineOp)):
                raise ScheduleError(
                    "is not allowed in a hw.kernel: a kernel holds hw.alloc, engine ops, hw.barrier and hw.end "
                    "(ops no engine runs stay outside, as host ops)",
                    op,
                )
        # The schedule rules are checked by hw.end, the body's last op: verifiers
        # visit it after every other op of the body, so the rules only ever see
        # ops that passed their own checks.

    def print(self, printer: Printer) -> None:
        printer.print_string(
            f' "{self.origin.data}" tiles {self.tile_count} local {self.capacity} align {self.align} '
        )
        block = self.body.block
        print_bindings(printer, block.args, self.ins)
        printer.print_string(" -> (")
        printer.print_list(block.args[len(self.ins) :], lambda a: printer.print_block_argument(a, print_type=False))
        printer.print_string(") : (")
        printer.print_list([v.type for v in self.ins], printer.print_attribute)
        printer.print_string(") -> (")
        printer.print_list([r.type for r in self.outs], printer.print_attribute)
        printer.print_string(")")
        extra = {k: v for k, v in self.properties.items() if k not in self._HEADER}
        printer.print_op_attributes({**extra, **self.attributes}, print_keyword=True)
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=False)

    @classmethod
    def parse(cls, parser: Parser) -> KernelOp:
        origin = parser.parse_str_literal(' (the op the kernel runs, e.g. "nn.conv_add")')
        header: dict[str, int] = {}
        for keyword in ("tiles", "local", "align"):
            parser.parse_keyword(keyword)
            header[keyword] = parser.parse_integer(allow_negative=True, allow_boolean=False)

        pairs = parse_bindings(parser)
        parser.parse_punctuation("->")
        out_args = parser.parse_comma_separated_list(
            Parser.Delimiter.PAREN, lambda: parser.parse_argument(expect_type=False)
        )
        parser.parse_punctuation(":")
        pos = parser.pos
        in_types = parser.parse_comma_separated_list(Parser.Delimiter.PAREN, parser.parse_type)
        if len(in_types) != len(pairs):
            parser.raise_error(f"{len(pairs)} operands but {len(in_types)} operand types", pos, parser.pos)
        parser.parse_punctuation("->")
        pos = parser.pos
        out_types = parser.parse_comma_separated_list(Parser.Delimiter.PAREN, parser.parse_type)
        if len(out_types) != len(out_args):
            parser.raise_error(f"{len(out_args)} result arguments but {len(out_types)} result types", pos, parser.pos)
        for t in (*in_types, *out_types):
            if not isinstance(t, TensorType) or not t.has_static_shape():
                parser.raise_error(f"kernel operands and results are tensors of static shape, got {t}", pos, parser.pos)
        operands = parser.resolve_operands([p[1] for p in pairs], in_types, pos)
        args = [p[0].resolve(global_type(t)) for p, t in zip(pairs, in_types)]
        args += [a.resolve(global_type(t)) for a, t in zip(out_args, out_types)]
        attrs = parser.parse_optional_attr_dict_with_keyword()
        body = parser.parse_region(args)
        properties: dict[str, Attribute] = {
            "origin": StringAttr(origin),
            "tiles": IntegerAttr(header["tiles"], i64),
            "local_bytes": IntegerAttr(header["local"], i64),
            "alignment": IntegerAttr(header["align"], i64),
        }
        attributes = split_attributes(cls, attrs.data if attrs is not None else None, properties)
        return cls.create(
            operands=operands, result_types=out_types, properties=properties, attributes=attributes, regions=[body]
        )


def kernels_in(op: Operation) -> Iterator[KernelOp]:
    """The hw.kernel ops under `op`, without walking their bodies (nearly all of a
    lowered module's ops)."""
    for region in op.regions:
        for block in region.blocks:
            for inner in block.ops:
                if isinstance(inner, KernelOp):
                    yield inner
                else:
                    yield from kernels_in(inner)


def _kernel_of(op: Operation) -> KernelOp | None:
    parent = op.parent_op()
    return parent if isinstance(parent, KernelOp) else None


# --------------------------------------------------------------------------- #
# Local buffers                                                               #
# --------------------------------------------------------------------------- #


@irdl_op_definition
class AllocOp(IRDLOperation):
    """A local buffer at byte `offset` of the kernel's local memory, for the whole
    kernel. Buffers may share bytes if they are never live in the same stage."""

    name = "hw.alloc"

    offset = prop_def(IntegerAttr[I64])
    buffer = result_def(MemRefType)

    traits = traits_def(HasParent(KernelOp), Pure())
    irdl_options = (ParsePropInAttrDict(),)

    @property
    def start(self) -> int:
        return self.offset.value.data

    @property
    def end(self) -> int:
        return self.start + nbytes(self.buffer.type)

    def verify_(self) -> None:
        t = self.buffer.type
        assert isinstance(t, MemRefType)
        require(t.memory_space == LOCAL, lambda: f'result type {t} is not a local buffer: expected memory space "local"')
        require(t.has_static_shape(), lambda: f"buffer {t} has a dynamic shape, expected a static one")
        require(
            dtypes.is_float(t.element_type),
            lambda: f"buffer element type {t.element_type} is not a float type (f16, bf16, f32 or f64)",
        )
        kernel = _kernel_of(self)
        assert kernel is not None  # HasParent
        require(self.start >= 0, lambda: f"offset {self.start} is negative")
        require(
            kernel.align <= 0 or self.start % kernel.align == 0,
            lambda: f"offset {self.start} is not a multiple of the kernel's alignment {kernel.align}",
        )
        require(
            self.end <= kernel.capacity,
            lambda: f"buffer [{self.start}, {self.end}) ({nbytes(t)} bytes) does not lie inside the {kernel.capacity} "
            "bytes of local memory",
        )

    def print(self, printer: Printer) -> None:
        printer.print_string(f" offset {self.start}")
        extra = {k: v for k, v in self.properties.items() if k != "offset"}
        printer.print_op_attributes({**extra, **self.attributes})
        printer.print_string(" : ")
        printer.print_attribute(self.buffer.type)

    @classmethod
    def parse(cls, parser: Parser) -> AllocOp:
        parser.parse_keyword("offset")
        offset = parser.parse_integer(allow_negative=True, allow_boolean=False)
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        t = parser.parse_type()
        return cls.create(result_types=[t], properties={"offset": IntegerAttr(offset, i64)}, attributes=attrs)


# --------------------------------------------------------------------------- #
# Engine ops                                                                  #
# --------------------------------------------------------------------------- #


class EngineOp(IRDLOperation, ABC):
    """An op one engine runs (its `RunsOn` trait): reads some values, writes one.
    Everything it touches lives in memory, so it has no results."""

    traits = traits_def(HasParent(KernelOp))

    def reads(self) -> list[SSAValue]:
        raise NotImplementedError

    def writes(self) -> SSAValue:
        raise NotImplementedError

    def moved_bytes(self, args: Sequence[object] = (), results: Sequence[object] = ()) -> int:
        """Bytes read plus bytes written (interpreter accounting), from the types."""
        return sum(nbytes(v.type) for v in self.reads()) + nbytes(self.writes().type)


def _require_local(op: Operation, what: str, value: SSAValue) -> None:
    require(
        is_local(value),
        lambda: f"{what} {_name(value)} of type {value.type} is not a local buffer: the {engine_of(op)} engine "
        "reads and writes local memory only (DMA moves data in and out)",
    )


def _offsets_text(values: Sequence[int]) -> str:
    return "[" + ", ".join(map(str, values)) + "]"


def _print_transfer_tail(printer: Printer, op: IRDLOperation, header: tuple[str, ...]) -> None:
    """`{other attributes} : SRC_TYPE -> DST_TYPE`, the end of a DMA op."""
    extra = {k: v for k, v in op.properties.items() if k not in header}
    printer.print_op_attributes({**extra, **op.attributes})
    printer.print_string(" : ")
    printer.print_attribute(op.operands[0].type)
    printer.print_string(" -> ")
    printer.print_attribute(op.operands[1].type)


def _parse_offsets(parser: Parser) -> list[int]:
    return parser.parse_comma_separated_list(Parser.Delimiter.SQUARE, lambda: parser.parse_integer(allow_boolean=False))


def _parse_transfer_tail(parser: Parser, src, dst) -> tuple[list[SSAValue], dict[str, Attribute]]:
    """The operands and attributes after `%src ... -> %dst ...` of a DMA op."""
    attrs = parser.parse_optional_attr_dict()
    parser.parse_punctuation(":")
    src_t = parser.parse_type()
    parser.parse_punctuation("->")
    dst_t = parser.parse_type()
    return [parser.resolve_operand(src, src_t), parser.resolve_operand(dst, dst_t)], attrs


def _check_box(what: str, global_shape: Sequence[int], offsets: Sequence[int], sizes: Sequence[int]) -> None:
    require(
        len(offsets) == len(global_shape),
        lambda: f"{what} has {len(offsets)} offsets for a rank-{len(global_shape)} memref, expected one per dimension",
    )
    for axis, (o, s, d) in enumerate(zip(offsets, sizes, global_shape)):
        require(
            0 <= o and o + s <= d,
            lambda: f"{what} box at {_offsets_text(offsets)} of size {fmt_shape(sizes)} leaves the global memref "
            f"{fmt_shape(global_shape)} along dimension {axis} ({o} + {s} > {d})"
            if o >= 0
            else f"{what} offset {o} along dimension {axis} is negative",
        )


@irdl_op_definition
class DmaLoadOp(EngineOp):
    """Global → local: the box of the source at `offsets` whose size is the buffer's
    shape less the `pad = [top, bottom]` zero rows the DMA adds along H (mlir-air's
    pad_before/pad_after), so a tile at the edge of a feature map brings its own
    padding."""

    name = "hw.dma_load"

    src = operand_def(MemRefType)
    dst = operand_def(MemRefType)
    offsets = prop_def(DenseArrayBase[I64])
    pad = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([0, 0]))

    traits = traits_def(HasParent(KernelOp), RunsOn(Engine.DMA))
    irdl_options = (ParsePropInAttrDict(),)

    @property
    def pad_rows(self) -> tuple[int, int]:
        p = ints(self.pad)
        return p[0], p[1]

    def box(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """Offsets and sizes of the global box read."""
        sizes = list(shape(self.dst))
        if len(sizes) > SPLIT_AXIS:
            sizes[SPLIT_AXIS] -= sum(self.pad_rows)
        return ints(self.offsets), tuple(sizes)

    def reads(self) -> list[SSAValue]:
        return [self.src]

    def writes(self) -> SSAValue:
        return self.dst

    def box_bytes(self) -> int:
        """Bytes read from global memory: the box, not the pad rows."""
        _, sizes = self.box()
        count = 1
        for d in sizes:
            count *= d
        return count * dtypes.bit_width(element(self.src)) // 8

    def moved_bytes(self, args: Sequence[object] = (), results: Sequence[object] = ()) -> int:
        """The box read and the buffer written (its pad rows included)."""
        return self.box_bytes() + nbytes(self.dst.type)

    def verify_(self) -> None:
        kernel = _kernel_of(self)
        require(
            kernel is not None and kernel.is_input(self.src),
            lambda: f"source {_name(self.src)} is not an operand of the kernel: hw.dma_load reads the kernel's global inputs",
        )
        _require_local(self, "destination", self.dst)
        require(
            element(self.src) == element(self.dst),
            lambda: f"source element type {element(self.src)} differs from the buffer's {element(self.dst)}: DMA copies bytes",
        )
        pad = ints(self.pad)
        require(len(pad) == 2 and min(pad) >= 0, lambda: f"pad {fmt_shape(pad)} must be two rows counts >= 0 [top, bottom]")
        require(
            pad == (0, 0) or len(shape(self.dst)) == 4,
            lambda: f"pad {fmt_shape(pad)} on a rank-{len(shape(self.dst))} buffer: pad rows are added along H of NHWC",
        )
        require(
            len(shape(self.dst)) == len(shape(self.src)),
            lambda: f"buffer rank {len(shape(self.dst))} differs from the source's {len(shape(self.src))}",
        )
        offsets, sizes = self.box()
        require(min(sizes, default=1) >= 0, lambda: f"pad {fmt_shape(pad)} is larger than the buffer {fmt_shape(shape(self.dst))}")
        _check_box("source", shape(self.src), offsets, sizes)

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.src)
        printer.print_string(_offsets_text(ints(self.offsets)))
        if self.pad_rows != (0, 0):
            printer.print_string(f" pad [{self.pad_rows[0]}, {self.pad_rows[1]}]")
        printer.print_string(" -> ")
        printer.print_ssa_value(self.dst)
        _print_transfer_tail(printer, self, ("offsets", "pad"))

    @classmethod
    def parse(cls, parser: Parser) -> DmaLoadOp:
        src = parser.parse_unresolved_operand()
        properties: dict[str, Attribute] = {"offsets": i64_array(_parse_offsets(parser))}
        if parser.parse_optional_keyword("pad"):
            properties["pad"] = i64_array(_parse_offsets(parser))
        parser.parse_punctuation("->")
        dst = parser.parse_unresolved_operand()
        operands, attrs = _parse_transfer_tail(parser, src, dst)
        return cls.create(operands=operands, properties=properties, attributes=attrs)


@irdl_op_definition
class DmaStoreOp(EngineOp):
    """Local → global: the whole buffer into the box of a kernel result at `offsets`."""

    name = "hw.dma_store"

    src = operand_def(MemRefType)
    dst = operand_def(MemRefType)
    offsets = prop_def(DenseArrayBase[I64])

    traits = traits_def(HasParent(KernelOp), RunsOn(Engine.DMA))
    irdl_options = (ParsePropInAttrDict(),)

    def reads(self) -> list[SSAValue]:
        return [self.src]

    def writes(self) -> SSAValue:
        return self.dst

    def moved_bytes(self, args: Sequence[object] = (), results: Sequence[object] = ()) -> int:
        """The buffer read and as many bytes written."""
        return 2 * nbytes(self.src.type)

    def verify_(self) -> None:
        _require_local(self, "source", self.src)
        kernel = _kernel_of(self)
        require(
            kernel is not None and kernel.is_output(self.dst),
            lambda: f"destination {_name(self.dst)} is not a result of the kernel: hw.dma_store writes the kernel's global results",
        )
        require(
            element(self.src) == element(self.dst),
            lambda: f"buffer element type {element(self.src)} differs from the destination's {element(self.dst)}: DMA copies bytes",
        )
        require(
            len(shape(self.dst)) == len(shape(self.src)),
            lambda: f"buffer rank {len(shape(self.src))} differs from the destination's {len(shape(self.dst))}",
        )
        _check_box("destination", shape(self.dst), ints(self.offsets), shape(self.src))

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.src)
        printer.print_string(" -> ")
        printer.print_ssa_value(self.dst)
        printer.print_string(_offsets_text(ints(self.offsets)))
        _print_transfer_tail(printer, self, ("offsets",))

    @classmethod
    def parse(cls, parser: Parser) -> DmaStoreOp:
        src = parser.parse_unresolved_operand()
        parser.parse_punctuation("->")
        dst = parser.parse_unresolved_operand()
        offsets = _parse_offsets(parser)
        operands, attrs = _parse_transfer_tail(parser, src, dst)
        return cls.create(operands=operands, properties={"offsets": i64_array(offsets)}, attributes=attrs)


class ComputeOp(EngineOp, ABC):
    """A conv- or add-engine op: `hw.OP %in, ... -> %out {attrs} : T, ... -> T`.
    Inputs and output are local buffers; the output is written whole."""

    operands_ = var_operand_def(MemRefType)

    ARITY: ClassVar[tuple[int, ...]] = (1,)
    """How many inputs the op takes."""

    irdl_options = (ParsePropInAttrDict(),)

    @property
    def inputs(self) -> Sequence[SSAValue]:
        return self.operands_[:-1]

    @property
    def output(self) -> SSAValue:
        return self.operands_[-1]

    def reads(self) -> list[SSAValue]:
        return list(self.inputs)

    def writes(self) -> SSAValue:
        return self.output

    def verify_(self) -> None:
        require(
            len(self.operands_) > 0,
            lambda: f"has no operands, expected {' or '.join(map(str, self.ARITY))} inputs and an output",
        )
        require(
            len(self.operands_) - 1 in self.ARITY,
            lambda: f"has {len(self.operands_) - 1} inputs, expected {' or '.join(map(str, self.ARITY))}",
        )
        for i, value in enumerate(self.inputs):
            _require_local(self, f"input {i}", value)
        _require_local(self, "output", self.output)
        self.verify_compute()

    def verify_compute(self) -> None:
        """Shape and type rules of the op."""

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_list(self.inputs, printer.print_ssa_value)
        printer.print_string(" -> ")
        printer.print_ssa_value(self.output)
        printer.print_op_attributes({**self.properties, **self.attributes})
        printer.print_string(" : ")
        printer.print_list([v.type for v in self.inputs], printer.print_attribute)
        printer.print_string(" -> ")
        printer.print_attribute(self.output.type)

    @classmethod
    def parse(cls, parser: Parser) -> ComputeOp:
        inputs = parser.parse_comma_separated_list(Parser.Delimiter.NONE, parser.parse_unresolved_operand)
        parser.parse_punctuation("->")
        output = parser.parse_unresolved_operand()
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        pos = parser.pos
        types = parser.parse_comma_separated_list(Parser.Delimiter.NONE, parser.parse_type)
        parser.parse_punctuation("->")
        out_t = parser.parse_type()
        if len(types) != len(inputs):
            parser.raise_error(f"{len(inputs)} inputs but {len(types)} input types", pos, parser.pos)
        operands = parser.resolve_operands([*inputs, output], [*types, out_t], pos)
        properties: dict[str, Attribute] = {}
        attributes = split_attributes(cls, attrs, properties)
        return cls.create(operands=operands, properties=properties, attributes=attributes)


def window_geometry(op: Operation) -> tuple[tuple[int, int], tuple[int, int, int, int], tuple[int, int]]:
    strides, padding, dilations = (ints(op.properties[k]) if k in op.properties else None for k in ("strides", "padding", "dilations"))
    return (
        (strides[0], strides[1]) if strides else (1, 1),
        (padding[0], padding[1], padding[2], padding[3]) if padding else (0, 0, 0, 0),
        (dilations[0], dilations[1]) if dilations else (1, 1),
    )


def _check_geometry_arrays(op: Operation) -> None:
    for key, size in (("strides", 2), ("padding", 4), ("dilations", 2), ("kernel", 2)):
        if key in op.properties:
            values = ints(op.properties[key])  # type: ignore[arg-type]
            require(len(values) == size, lambda: f"{key} has {len(values)} entries, expected {size}")


def _check_windowed(op: ComputeOp, kernel: tuple[int, int], channels_out: int) -> None:
    """Output shape of a conv or pool over the first input's H and W."""
    x, out = op.inputs[0], op.output
    require(len(shape(x)) == 4, lambda: f"input {_name(x)} has rank {len(shape(x))}, expected 4 (NHWC)")
    (sh, sw), (pt, pb, pl, pr), (dh, dw) = window_geometry(op)
    require(min(sh, sw, dh, dw) >= 1, lambda: "strides and dilations must be >= 1")
    require(min(pt, pb, pl, pr) >= 0, lambda: "padding must be >= 0")
    n, h, w, _ = shape(x)
    expected = (
        n,
        shapes.conv_output_size(h, kernel[0], sh, pt, pb, dh),
        shapes.conv_output_size(w, kernel[1], sw, pl, pr, dw),
        channels_out,
    )
    require(
        shape(out) == expected,
        lambda: f"output {_name(out)} has shape {fmt_shape(shape(out))}, expected {fmt_shape(expected)} "
        f"from input {fmt_shape(shape(x))}, a {kernel[0]}x{kernel[1]} window, strides {fmt_shape((sh, sw))}, "
        f"padding {fmt_shape((pt, pb, pl, pr))} and dilations {fmt_shape((dh, dw))}",
    )


@irdl_op_definition
class ConvOp(ComputeOp):
    """`out = conv(x, w) + bias` on the conv engine, accumulated in f32 for f16/bf16
    inputs (f64 for f64) and rounded once to the output's element type; the same
    arithmetic as `nn.conv2d`. Weights OHWI. A kernel's first conv takes H padding
    0 (its `hw.dma_load` brought the pad rows); a chain member whose input is an
    intermediate tile pads at the tensor edge itself."""

    name = "hw.conv"

    ARITY: ClassVar[tuple[int, ...]] = (2, 3)

    strides = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    padding = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([0, 0, 0, 0]))
    dilations = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    groups = opt_prop_def(IntegerAttr[I64], default_value=IntegerAttr(1, i64))

    traits = traits_def(HasParent(KernelOp), RunsOn(Engine.CONV))

    @property
    def group_count(self) -> int:
        return self.groups.value.data

    def macs(self) -> int:
        n, ho, wo, co = shape(self.output)
        _, kh, kw, cig = shape(self.inputs[1])
        return n * ho * wo * co * kh * kw * cig

    def verify_compute(self) -> None:
        x, w = self.inputs[0], self.inputs[1]
        _check_geometry_arrays(self)
        require(len(shape(x)) == 4, lambda: f"input {_name(x)} has rank {len(shape(x))}, expected 4 (NHWC)")
        require(len(shape(w)) == 4, lambda: f"weight {_name(w)} has rank {len(shape(w))}, expected 4 (OHWI)")
        co, kh, kw, cig = shape(w)
        g = self.group_count
        require(g >= 1 and co % g == 0, lambda: f"groups = {g} must be >= 1 and divide the {co} output channels")
        require(
            shape(x)[3] == cig * g,
            lambda: f"input {_name(x)} has {shape(x)[-1]} channels, expected {cig * g} (weight {fmt_shape(shape(w))} x groups {g})",
        )
        require(element(x) == element(w), lambda: f"weight element type {element(w)} differs from the input's {element(x)}")
        if len(self.inputs) == 3:
            b = self.inputs[2]
            require(shape(b) == (co,), lambda: f"bias {_name(b)} has shape {fmt_shape(shape(b))}, expected [{co}]")
        _check_windowed(self, (kh, kw), co)


class AddEngineOp(ComputeOp, ABC):
    """An op of the add (vector) engine."""

    traits = traits_def(HasParent(KernelOp), RunsOn(Engine.ADD))

    def elements(self) -> int:
        """Elements the engine processes (its cost's work)."""
        count = 1
        for d in shape(self.output):
            count *= d
        return count


def per_channel_shape(out: Sequence[int]) -> tuple[int, ...]:
    """The shape of one value per channel, broadcast over the others: [1, 1, 1, C]."""
    return (*(1 for _ in out[:-1]), out[-1]) if out else ()


class ElementwiseOp(AddEngineOp, ABC):
    """Inputs converted to the first input's element type, the operation, then one
    rounding to the output's element type. The first input has the output's shape;
    a later one may instead hold one value per channel ([1, 1, 1, C]), broadcast."""

    def verify_compute(self) -> None:
        for i, value in enumerate(self.inputs):
            allowed = [shape(self.output)] + ([per_channel_shape(shape(self.output))] if i else [])
            require(
                shape(value) in allowed,
                lambda: f"input {i} {_name(value)} has shape {fmt_shape(shape(value))}, expected the output's "
                f"{fmt_shape(shape(self.output))} (elementwise)"
                + (f" or one value per channel {fmt_shape(allowed[1])}" if i else ""),
            )
        for value in (*self.inputs, self.output):
            require(dtypes.is_float(element(value)), lambda: f"{_name(value)} has element type {element(value)}, expected a float type")


class BinaryOp(ElementwiseOp, ABC):
    ARITY: ClassVar[tuple[int, ...]] = (2,)
    activation = opt_prop_def(ActivationAttr)

    @property
    def relu(self) -> bool:
        return self.activation is not None


@irdl_op_definition
class AddOp(BinaryOp):
    """`out = act(a + b)`, computed in a's element type (the conv_add order: the
    accumulator plus the widened addend, relu, one rounding)."""

    name = "hw.add"


@irdl_op_definition
class SubOp(BinaryOp):
    name = "hw.sub"


@irdl_op_definition
class MulOp(BinaryOp):
    name = "hw.mul"


@irdl_op_definition
class ReluOp(ElementwiseOp):
    """`out = x if x > 0 else +0.0` (NaN stays NaN)."""

    name = "hw.relu"


@irdl_op_definition
class CastOp(ElementwiseOp):
    """`out = x` rounded to the output's element type (round to nearest even)."""

    name = "hw.cast"


@irdl_op_definition
class BatchNormOp(AddEngineOp):
    """`out = (x - mean) / sqrt(var + epsilon) * scale + bias` per channel (the last
    axis), as `nn.batch_norm`: in f32 for f16/bf16 inputs, rounded to x's type."""

    name = "hw.batch_norm"

    ARITY: ClassVar[tuple[int, ...]] = (5,)
    epsilon = opt_prop_def(FloatAttr, default_value=FloatAttr(1e-5, f32))

    def verify_compute(self) -> None:
        x = self.inputs[0]
        require(shape(x) == shape(self.output), lambda: f"output {_name(self.output)} has shape {fmt_shape(shape(self.output))}, expected the input's {fmt_shape(shape(x))}")
        require(element(x) == element(self.output), lambda: f"output element type {element(self.output)} differs from the input's {element(x)}")
        channels = shape(x)[-1] if shape(x) else 0
        for what, value in zip(("scale", "bias", "mean", "variance"), self.inputs[1:]):
            require(
                shape(value) == (channels,),
                lambda: f"{what} {_name(value)} has shape {fmt_shape(shape(value))}, expected [{channels}] (one per channel)",
            )


class PoolOp(AddEngineOp, ABC):
    kernel = prop_def(DenseArrayBase[I64])
    strides = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    padding = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([0, 0, 0, 0]))
    dilations = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))

    def elements(self) -> int:
        """Every window element is read: output elements x window size."""
        kh, kw = ints(self.kernel)
        return super().elements() * kh * kw

    def verify_compute(self) -> None:
        _check_geometry_arrays(self)
        k = ints(self.kernel)
        require(min(k) >= 1, lambda: f"kernel {fmt_shape(k)} must be two sizes >= 1")
        x = self.inputs[0]
        require(element(x) == element(self.output), lambda: f"output element type {element(self.output)} differs from the input's {element(x)}")
        require(len(shape(x)) == 4, lambda: f"input {_name(x)} has rank {len(shape(x))}, expected 4 (NHWC)")
        _check_windowed(self, (k[0], k[1]), shape(x)[-1])


@irdl_op_definition
class MaxPoolOp(PoolOp):
    """Window max over the real elements (padding never wins); +0.0 over -0.0."""

    name = "hw.max_pool"


@irdl_op_definition
class AvgPoolOp(PoolOp):
    """Window mean, as `nn.avg_pool`."""

    name = "hw.avg_pool"
    count_include_pad = opt_prop_def(BoolAttr, default_value=BoolAttr.from_bool(False))


def work_of(op: EngineOp) -> Work:
    """What the cost model charges the op."""
    if isinstance(op, DmaLoadOp):
        return Work(Engine.DMA, op.box_bytes(), "", load=True)
    if isinstance(op, DmaStoreOp):
        return Work(Engine.DMA, nbytes(op.src.type), "")
    assert isinstance(op, ComputeOp)
    first = str(element(op.inputs[0]))
    if isinstance(op, ConvOp):
        return Work(Engine.CONV, op.macs(), first)
    assert isinstance(op, AddEngineOp)
    return Work(Engine.ADD, op.elements(), first)


# --------------------------------------------------------------------------- #
# Stages                                                                      #
# --------------------------------------------------------------------------- #


@irdl_op_definition
class BarrierOp(IRDLOperation):
    """Ends a stage: every engine finishes its ops before any op of the next stage
    starts."""

    name = "hw.barrier"
    traits = traits_def(HasParent(KernelOp))
    assembly_format = "attr-dict"


@irdl_op_definition
class EndOp(IRDLOperation):
    """Ends the kernel body; verifying it checks the body's schedule rules
    (`check_schedule`), once every op before it has passed its own checks."""

    name = "hw.end"
    traits = traits_def(HasParent(KernelOp), IsTerminator())
    assembly_format = "attr-dict"

    def verify_(self) -> None:
        kernel = _kernel_of(self)
        if kernel is not None and all(isinstance(op, (AllocOp, BarrierOp, EndOp, EngineOp)) for op in kernel.body.block.ops):
            check_schedule(kernel)


# --------------------------------------------------------------------------- #
# The schedule rules                                                          #
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Span:
    """The bytes of local memory a buffer occupies."""

    start: int
    end: int

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        return f"[{self.start}, {self.end})"


def span_of(value: SSAValue) -> Span | None:
    owner = value.owner
    if isinstance(owner, AllocOp):
        return Span(owner.start, owner.end)
    return None


def check_schedule(kernel: KernelOp) -> None:
    """The three rules of docs/ir-hw.md, each raised at the op that breaks it."""
    live: dict[SSAValue, list[list[int]]] = {}
    """Per buffer, its live intervals [first stage, last stage]: from a write to
    the last read before the next write."""
    written: set[SSAValue] = set()
    for s, ops in enumerate(kernel.stages()):
        here = f"stage {s}"
        _check_engines(ops, here)
        by_engine: dict[Engine, set[SSAValue]] = {}
        for op in ops:
            assert isinstance(op, EngineOp)
            engine = engine_of(op)
            assert engine is not None
            mine = by_engine.setdefault(engine, set())
            for value in op.reads():
                if span_of(value) is None:
                    continue
                if value not in written and value not in mine:
                    raise ScheduleError(
                        f"{here}: reads {_name(value)} before anything wrote it (a buffer is written by an earlier "
                        f"stage, or earlier in this stage on the same engine)",
                        op,
                    )
                live[value][-1][1] = s
            out = op.writes()
            if span_of(out) is not None:
                mine.add(out)
                live.setdefault(out, []).append([s, s])
        for values in by_engine.values():
            written |= values
    _check_overlap(kernel, live)


def _check_engines(ops: list[Operation], here: str) -> None:
    """Engines of one stage run concurrently: none may write bytes another one reads
    or writes in the same stage."""
    touched: list[tuple[Engine, Span, SSAValue, bool, Operation]] = []
    for op in ops:
        assert isinstance(op, EngineOp)
        engine = engine_of(op)
        assert engine is not None
        for value in op.reads():
            if (span := span_of(value)) is not None:
                touched.append((engine, span, value, False, op))
        if (span := span_of(op.writes())) is not None:
            touched.append((engine, span, op.writes(), True, op))
    for i, (e1, s1, v1, w1, op1) in enumerate(touched):
        for e2, s2, v2, w2, op2 in touched[i + 1 :]:
            if e1 == e2 or not (w1 or w2) or not s1.overlaps(s2):
                continue
            writer, reader = (op1, op2) if w1 else (op2, op1)
            wv, rv = (v1, v2) if w1 else (v2, v1)
            verb = "writes" if (w1 and w2) else "reads"
            raise ScheduleError(
                f"{here}: the {engine_of(writer)} engine writes {_name(wv)} {span_of(wv)} while the "
                f"{engine_of(reader)} engine {verb} {_name(rv)} {span_of(rv)} in the same stage ('{reader.name}'); "
                "engines of one stage run concurrently, so put a barrier between them",
                op2,
            )


def _check_overlap(kernel: KernelOp, live: dict[SSAValue, list[list[int]]]) -> None:
    """Buffers that share bytes must never be live in the same stage (a buffer is
    live from a stage that writes it to the last stage that reads what it wrote)."""
    allocs = [op for op in kernel.body.block.ops if isinstance(op, AllocOp) and op.buffer in live]
    allocs.sort(key=lambda a: a.start)
    for i, a in enumerate(allocs):
        for b in allocs[i + 1 :]:
            if b.start >= a.end:
                break
            for a0, a1 in live[a.buffer]:
                for b0, b1 in live[b.buffer]:
                    if a0 <= b1 and b0 <= a1:
                        first, second = (a, b) if a0 <= b0 else (b, a)
                        raise ScheduleError(
                            f"buffer {_name(second.buffer)} [{second.start}, {second.end}) shares bytes with "
                            f"{_name(first.buffer)} [{first.start}, {first.end}), and both are live in stage "
                            f"{max(a0, b0)} ({_name(a.buffer)} in stages {a0}-{a1}, {_name(b.buffer)} in stages {b0}-{b1})",
                            second,
                        )


HW = Dialect(
    "hw",
    [
        KernelOp,
        AllocOp,
        DmaLoadOp,
        DmaStoreOp,
        ConvOp,
        AddOp,
        SubOp,
        MulOp,
        ReluOp,
        CastOp,
        BatchNormOp,
        MaxPoolOp,
        AvgPoolOp,
        BarrierOp,
        EndOp,
    ],
    [],
)
