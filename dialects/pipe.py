"""The `pipe` dialect: an op split along H into tiles and software-pipelined over
engines, with explicit stages and barriers (design brief §1-§2, docs/ir-pipe.md).

    %y = pipe.pipeline "nn.conv_add" along h tiles 2 (%x = %0, %w = %1, %addend = %2) : (...) -> T attributes {...} {
      %conv0 = pipe.stage 0 -> (T0) {
        %x0 = pipe.tile %x tile 0 rows [0, 9) pad [1, 0] : ...    // input rows + halo, own padding
        %c = nn.conv2d %x0, %w {padding = array<i64: 0, 0, 1, 1>} : ...   // conv engine
        pipe.yield %c : T0
      }
      pipe.barrier
      %out0, %conv1 = pipe.stage 1 -> (...) { add(tile 0) on the add engine ∥ conv(tile 1) }
      pipe.barrier
      %out1 = pipe.stage 2 -> (...) { add(tile 1) }
      pipe.barrier
      %y = pipe.assemble %out0 [0, 8), %out1 [8, 16) : T
      pipe.yield %y : T
    }

The compute inside a stage reuses nn ops on tile-sized tensors: one semantics, one
interpreter and one set of verifiers for every level, and each nn op already declares
its engine (`RunsOn`). What the pipe level adds is where data comes from
(`pipe.tile`: rows of a feature map with the halo and the tile's own padding), where
it goes (`pipe.assemble`), and when things run (`pipe.stage`, `pipe.barrier`). It holds
no target numbers: it says what overlaps, not how long anything takes.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from typing import ClassVar, TypeVar

from xdsl.dialects.builtin import (
    I64,
    DenseArrayBase,
    IntegerAttr,
    StringAttr,
    TensorType,
    i64,
)
from xdsl.ir import Attribute, Block, BlockArgument, Dialect, Operation, Region, SSAValue
from xdsl.irdl import (
    IRDLOperation,
    opt_region_def,
    ParsePropInAttrDict,
    irdl_op_definition,
    operand_def,
    opt_prop_def,
    prop_def,
    region_def,
    result_def,
    traits_def,
    var_operand_def,
    var_result_def,
)
from xdsl.parser import Parser
from xdsl.printer import Printer
from xdsl.traits import HasParent, IsolatedFromAbove, IsTerminator, Pure, RecursiveMemoryEffect
from xdsl.utils.exceptions import VerifyException

from nnpipe.dialects import nn, shapes
from nnpipe.dialects.nn import ActivationAttr, fmt_shape, i64_array, ints, require
from nnpipe.dialects.syntax import parse_bindings, print_bindings, split_attributes
from nnpipe.dialects.traits import Engine, engine_of

OpT = TypeVar("OpT", bound=Operation)

SPLIT_AXIS = 1
"""H in NHWC: the only axis pipelines split today."""

CHAIN = "chain"
"""The origin of a pipeline that stands for a chain of ops (a layer group, brief
§3b): the ops themselves are its `computes` region."""

ORIGINS = ("nn.conv_add", CHAIN)
"""What a pipeline can stand for."""

CONV_ADD_ROLES = ("input", "weight", "addend", "bias")
"""Operand roles of a pipeline that stands for nn.conv_add, in order (bias optional)."""


def _rows(values: Sequence[int]) -> str:
    return f"[{values[0]}, {values[1]})"


def tensor_with_rows(t: Attribute, rows: int, element: Attribute | None = None) -> TensorType:
    """`t` with `rows` rows along the split axis (and `element` as element type, if given)."""
    assert isinstance(t, TensorType)
    shape = list(t.get_shape())
    shape[SPLIT_AXIS] = rows
    return TensorType(element if element is not None else t.element_type, shape)


def _parse_interval(parser: Parser) -> tuple[int, int]:
    """`[a, b)`: a half-open row range."""
    parser.parse_punctuation("[")
    a = parser.parse_integer()
    parser.parse_punctuation(",")
    b = parser.parse_integer()
    parser.parse_punctuation(")")
    return a, b


def _parse_pair(parser: Parser) -> tuple[int, int]:
    """`[a, b]`."""
    values = parser.parse_comma_separated_list(Parser.Delimiter.SQUARE, parser.parse_integer)
    if len(values) != 2:
        parser.raise_error(f"expected two integers [top, bottom], got {len(values)}")
    return values[0], values[1]


# --------------------------------------------------------------------------- #
# pipe.pipeline                                                               #
# --------------------------------------------------------------------------- #


@irdl_op_definition
class PipelineOp(IRDLOperation):
    """The pipelined computation of one op (`origin`, today `nn.conv_add`), split along
    `axis` (1, H) into `tiles` tiles. Its operands are the original op's operands, its
    result the original result; the body sees the operands as block arguments
    (isolated from above) and is a sequence of `pipe.stage`s separated by
    `pipe.barrier`s, then one `pipe.assemble` and `pipe.yield`. The original op's
    attributes (conv geometry, activation) are kept, so the tiles can be checked
    against them."""

    name = "pipe.pipeline"

    ins = var_operand_def(TensorType)
    result = result_def(TensorType)
    body = region_def("single_block")
    computes = opt_region_def("single_block")
    """A chain's ops on whole tensors (only for origin "chain"): what the stages
    compute tile by tile, and the geometry their tiles are checked against."""

    origin = prop_def(StringAttr)
    axis = opt_prop_def(IntegerAttr[I64], default_value=IntegerAttr(SPLIT_AXIS, i64))
    tiles = prop_def(IntegerAttr[I64])
    strides = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    padding = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([0, 0, 0, 0]))
    dilations = opt_prop_def(DenseArrayBase[I64], default_value=i64_array([1, 1]))
    groups = opt_prop_def(IntegerAttr[I64], default_value=IntegerAttr(1, i64))
    activation = opt_prop_def(ActivationAttr)

    traits = traits_def(Pure(), IsolatedFromAbove())
    irdl_options = (ParsePropInAttrDict(),)

    _HEADER: ClassVar = ("origin", "axis", "tiles")

    def moved_bytes(self, args: Sequence[object], results: Sequence[object]) -> int:
        """Forwards values only: its ops count what they move (interpreter accounting)."""
        return 0

    @property
    def tile_count(self) -> int:
        return self.tiles.value.data

    @property
    def geometry(self) -> dict[str, Attribute]:
        """The conv attributes the pipeline carries over from its origin."""
        return {
            name: attr
            for name in ("strides", "padding", "dilations", "groups")
            if (attr := self.properties.get(name)) is not None
        }

    @property
    def is_chain(self) -> bool:
        return self.origin.data == CHAIN

    @property
    def computes_block(self) -> Block | None:
        """The block of the computes region, if the pipeline has one."""
        return self.computes.block if self.computes is not None and self.computes.blocks else None

    def members(self) -> list[Operation]:
        """A chain's ops, in dependence order (empty for other pipelines)."""
        block = self.computes_block
        return [op for op in block.ops if not isinstance(op, YieldOp)] if block is not None else []

    def role(self, value: SSAValue) -> str | None:
        """`input`, `weight`, `addend` or `bias` for a block argument of the body (of
        a chain: `input` for the group input, `weight`, `bias` and `addend` for the
        operands its convs take so, `operand` for any other)."""
        if not (isinstance(value, BlockArgument) and value.block is self.body.block):
            return None
        if not self.is_chain:
            return CONV_ADD_ROLES[value.index] if value.index < len(CONV_ADD_ROLES) else None
        members = self.members()
        if self.computes_block is None or not members:
            return None
        mine = self.computes_block.args[value.index]
        if members[0].operands and members[0].operands[0] is mine:
            return "input"
        for op in members:
            for i, operand in enumerate(op.operands):
                if operand is mine and i > 0:
                    return operand_role(op, i)
        return "operand"

    def member_rows(self, rows: tuple[int, int]) -> list[tuple[int, int]]:
        """The rows each member of a chain computes for output rows `rows` of the last."""
        return chain_rows(self.members(), rows)

    def stages(self) -> list[StageOp]:
        return [op for op in self.body.block.ops if isinstance(op, StageOp)]

    def assembly(self) -> AssembleOp | None:
        return next((op for op in self.body.block.ops if isinstance(op, AssembleOp)), None)

    def output_rows(self) -> list[tuple[int, int]] | None:
        """The output rows of each tile, from `pipe.assemble` (None if it is missing
        or its rows do not cover the output exactly once; pipe.assemble reports that)."""
        assemble = self.assembly()
        if assemble is None:
            return None
        rows = ints(assemble.rows)
        if len(rows) != 2 * len(assemble.inputs):
            return None
        ranges = [(rows[2 * i], rows[2 * i + 1]) for i in range(len(assemble.inputs))]
        height = nn.shape_of(assemble.result)[SPLIT_AXIS] if len(nn.shape_of(assemble.result)) == 4 else -1
        ends = [0] + [r1 for _, r1 in ranges]
        if any(r0 != end or r1 <= r0 for (r0, r1), end in zip(ranges, ends)) or ends[-1] != height:
            return None
        return ranges

    def verify_(self) -> None:
        origin = self.origin.data
        require(origin in ORIGINS, f'origin "{origin}" is not supported; a pipeline stands for one of: {", ".join(ORIGINS)}')
        require(self.axis.value.data == SPLIT_AXIS, f"axis = {self.axis.value.data}, expected {SPLIT_AXIS} (H of NHWC: pipelines split along H)")
        require(self.tile_count >= 1, f"tiles = {self.tile_count}, expected at least 1")
        in_types = [v.type for v in self.ins]
        blocks = [("body", self.body.block)] + ([("computes region", self.computes_block)] if self.computes_block else [])
        for what, region_block in blocks:
            arg_types = [a.type for a in region_block.args]
            require(
                arg_types == in_types,
                f"{what} arguments have types ({', '.join(map(str, arg_types))}), expected the operand types "
                f"({', '.join(map(str, in_types))})",
            )
        if self.is_chain:
            self._verify_chain()
        else:
            require(
                len(self.ins) in (3, 4),
                f"has {len(self.ins)} operands, expected those of nn.conv_add: input, weight, addend and optionally bias",
            )
            require(
                len(blocks) == 1,
                f'a computes region belongs to a chain (origin "{CHAIN}"), not to a pipeline of {origin}',
            )
            self._verify_replaces_conv_add()
        self._verify_body()

    def _verify_chain(self) -> None:
        """The computes region is the chain on whole tensors: ops an engine runs, each
        taking the previous one's result as its first operand and its only user,
        the last one's result yielded as the pipeline's."""
        require(
            self.computes_block is not None,
            f'a pipeline of a chain (origin "{CHAIN}") needs a computes region holding the chain\'s ops',
        )
        assert self.computes_block is not None
        ops = list(self.computes_block.ops)
        require(
            bool(ops) and isinstance(ops[-1], YieldOp) and len(ops[-1].operands) == 1,
            "the computes region must end with pipe.yield of the chain's result",
        )
        members = ops[:-1]
        require(len(members) >= 2, f"a chain has at least two ops, the computes region holds {len(members)}")
        for k, op in enumerate(members):
            require(
                engine_of(op) is not None and len(op.results) == 1 and bool(op.operands),
                f"'{op.name}' (member {k}) runs on no engine: a chain holds ops an engine runs on whole tensors",
            )
            result_shape = nn.shape_of(op.results[0])
            require(len(result_shape) == 4, f"'{op.name}' (member {k}) has a rank-{len(result_shape)} result, expected NHWC")
            if k == 0:
                require(
                    isinstance(op.operands[0], BlockArgument),
                    f"'{op.name}' (member 0) must take a pipeline operand as its first operand: the group input",
                )
            else:
                require(
                    op.operands[0] is members[k - 1].results[0],
                    f"'{op.name}' (member {k}) must take member {k - 1}'s result as its first operand",
                )
            uses = len(list(op.results[0].uses))
            require(
                uses == 1,
                f"the result of '{op.name}' (member {k}) has {uses} users, expected 1: a chain's intermediates "
                "stay in local memory, so only the next member may read them",
            )
            for i, operand in enumerate(op.operands[1:], start=1):
                require(
                    isinstance(operand, BlockArgument),
                    f"operand {i} of '{op.name}' (member {k}) must be a pipeline operand: only the first operand is chained",
                )
        require(
            ops[-1].operands[0] is members[-1].results[0] and self.result.type == members[-1].results[0].type,
            f"the computes region must yield its last op's result, of the pipeline's result type {self.result.type}",
        )

    def _verify_replaces_conv_add(self) -> None:
        """The result type is the type of the nn.conv_add the pipeline replaces."""
        x, w, addend = self.ins[0], self.ins[1], self.ins[2]
        for what, value in (("input", x), ("weight", w)):
            require(
                len(nn.shape_of(value)) == 4,
                f"{what}{nn.ref(value)} has shape {fmt_shape(nn.shape_of(value))}, expected rank 4",
            )
        n, h, wd, _ = nn.shape_of(x)
        co, kh, kw, _ = nn.shape_of(w)
        sh, sw = ints(self.strides)
        pt, pb, pl, pr = ints(self.padding)
        dh, dw = ints(self.dilations)
        expected = (
            n,
            shapes.conv_output_size(h, kh, sh, pt, pb, dh),
            shapes.conv_output_size(wd, kw, sw, pl, pr, dw),
            co,
        )
        expected_type = TensorType(nn.element_of(addend), expected)
        require(
            self.result.type == expected_type and addend.type == expected_type,
            f"result type {self.result.type} (addend {addend.type}) differs from the type of the "
            f"{self.origin.data} it replaces: {expected_type}",
        )

    def _verify_body(self) -> None:
        ops = list(self.body.block.ops)
        require(ops and isinstance(ops[-1], YieldOp), "body must end with pipe.yield of the assembled result")
        stages = self.stages()
        require(bool(stages), "body has no pipe.stage")
        assembles = [op for op in ops if isinstance(op, AssembleOp)]
        require(len(assembles) == 1, f"body has {len(assembles)} pipe.assemble ops, expected exactly one")
        assemble = assembles[0]
        last_stage = ops.index(stages[-1])
        require(
            ops.index(assemble) > last_stage,
            f"pipe.assemble comes before stage {stages[-1].index.value.data}: tiles are assembled after the last stage",
        )
        require(
            len(assemble.inputs) == self.tile_count,
            f"pipe.assemble has {len(assemble.inputs)} tiles, expected tiles = {self.tile_count}",
        )
        yielded = ops[-1].operands
        require(
            len(yielded) == 1 and yielded[0] is assemble.result,
            "pipe.yield must yield the result of pipe.assemble, and only it",
        )
        for op in ops:
            require(
                isinstance(op, (StageOp, BarrierOp, AssembleOp, YieldOp)),
                f"'{op.name}' directly in the pipeline body: only pipe.stage, pipe.barrier, "
                "pipe.assemble and pipe.yield may be there (compute belongs in a stage)",
            )

    def print(self, printer: Printer) -> None:
        printer.print_string(f' "{self.origin.data}" along h tiles {self.tile_count} ')
        block = self.body.block
        print_bindings(printer, block.args, self.ins)
        printer.print_string(" : (")
        printer.print_list([v.type for v in self.ins], printer.print_attribute)
        printer.print_string(") -> ")
        printer.print_attribute(self.result.type)
        extra = {k: v for k, v in self.properties.items() if k not in self._HEADER}
        printer.print_op_attributes({**extra, **self.attributes}, print_keyword=True)
        if self.computes is not None and self.computes_block is not None:
            # Sibling regions have their own SSA scopes (as in MLIR, and as the
            # parser reads them): the computes region's arguments print under the
            # names of the bindings, and its names are free again in the body.
            printer.print_string(" computes ")
            printer.enter_scope()
            for mine, bound in zip(self.computes_block.args, block.args):
                printer._ssa_values[mine] = printer._ssa_values[bound]  # pyright: ignore[reportPrivateUsage]
            printer.print_region(self.computes, print_entry_block_args=False)
            printer.exit_scope()
        printer.print_string(" ")
        printer.print_region(self.body, print_entry_block_args=False)

    @classmethod
    def parse(cls, parser: Parser) -> PipelineOp:
        origin = parser.parse_str_literal(" (the op the pipeline stands for, e.g. \"nn.conv_add\")")
        parser.parse_keyword("along")
        axis_name = parser.parse_identifier(" (the split axis)")
        if axis_name != "h":
            parser.raise_error(f"pipelines split along h, got '{axis_name}'")
        parser.parse_keyword("tiles")
        tiles = parser.parse_integer(allow_negative=True, allow_boolean=False)
        pairs = parse_bindings(parser)
        parser.parse_punctuation(":")
        pos = parser.pos
        types = parser.parse_comma_separated_list(Parser.Delimiter.PAREN, parser.parse_type)
        parser.parse_punctuation("->")
        result_type = parser.parse_type()
        if len(types) != len(pairs):
            parser.raise_error(f"{len(pairs)} operands but {len(types)} operand types", pos, parser.pos)
        operands = parser.resolve_operands([p[1] for p in pairs], types, pos)
        args = [p[0].resolve(t) for p, t in zip(pairs, types)]
        attrs = parser.parse_optional_attr_dict_with_keyword()
        regions: list[Region] = []
        if parser.parse_optional_keyword("computes"):
            regions.append(parser.parse_region([p[0].resolve(t) for p, t in zip(pairs, types)]))
        body = parser.parse_region(args)
        properties: dict[str, Attribute] = {
            "origin": StringAttr(origin),
            "tiles": IntegerAttr(tiles, i64),
        }
        attributes = split_attributes(cls, attrs.data if attrs is not None else None, properties)
        return cls.create(
            operands=operands,
            result_types=[result_type],
            properties=properties,
            attributes=attributes,
            regions=[body, *regions],
        )


def operand_role(op: Operation, index: int) -> str:
    """What operand `index` > 0 of a chain member is: a conv's `weight`, `bias` or
    (conv_add) `addend`, any other op's `operand`."""
    if not isinstance(op, nn.ConvOperation):
        return "operand"
    return ("weight", "addend" if isinstance(op, nn.ConvAddOp) else "bias", "bias")[index - 1]


def chain_rows(members: Sequence[Operation], rows: tuple[int, int]) -> list[tuple[int, int]]:
    """The output rows each op of a chain computes for output rows `rows` of the
    last (the backward halo, brief §3b): each op's window applied from the last op
    to the first, the real rows an op reads being the rows its producer computes."""
    return shapes.chain_rows([partial(input_window, op) for op in members[1:]], rows)


def input_window(op: Operation, rows: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
    """The real rows of its first operand that output rows `rows` of an nn op read,
    and the pad rows the op adds (brief §2): a conv's or pool's window, an
    elementwise op's own rows."""
    if isinstance(op, nn.ConvOperation):
        kh, sh, pt, dh = nn.shape_of(op.weight)[1], op.stride_values[0], op.padding_values[0], op.dilation_values[0]
    elif isinstance(op, nn.PoolOperation):
        kh, sh, pt, dh = ints(op.kernel)[0], ints(op.strides)[0], ints(op.padding)[0], ints(op.dilations)[0]
    else:
        return rows, (0, 0)
    return shapes.conv_tile_window(rows, nn.shape_of(op.operands[0])[SPLIT_AXIS], kh, sh, pt, dh)


# --------------------------------------------------------------------------- #
# pipe.stage and pipe.barrier                                                 #
# --------------------------------------------------------------------------- #


def enclosing(op: Operation, kind: type[OpT] | tuple[type[Operation], ...]) -> OpT | None:
    """The closest ancestor of `op` that is a `kind` (or one of several kinds: the
    passes leave alone the ops inside a pipeline or a hw.kernel)."""
    current = op.parent_op()
    while current is not None and not isinstance(current, kind):
        current = current.parent_op()
    return current  # type: ignore[return-value]


def _tile_of(op: Operation, stage_ops: set[Operation]) -> int | None:
    """The tile an op of a stage works on: the `pipe.tile` it reads, directly or
    through other ops of the stage; None if it reads none."""
    pending, seen = [op], set()
    while pending:
        current = pending.pop()
        if isinstance(current, TileOp):
            return current.tile_index
        for operand in current.operands:
            owner = operand.owner
            if isinstance(owner, Operation) and owner in stage_ops and owner not in seen:
                seen.add(owner)
                pending.append(owner)
    return None


def _engine_inputs(op: Operation, stage_ops: set[Operation]) -> list[tuple[SSAValue, Operation]]:
    """The ops of the same stage whose results `op` reads, looking through ops that
    run on no engine (views): each pair is the operand and the engine op behind it."""
    found: list[tuple[SSAValue, Operation]] = []
    for operand in op.operands:
        pending, seen = [operand], set()
        while pending:
            value = pending.pop()
            owner = value.owner
            if not isinstance(owner, Operation) or owner not in stage_ops or owner in seen:
                continue
            seen.add(owner)
            if engine_of(owner) is not None:
                found.append((operand, owner))
            else:
                pending.extend(owner.operands)
    return found


@irdl_op_definition
class StageOp(IRDLOperation):
    """One step of the software pipeline: its ops run concurrently, each on its
    engine (`RunsOn`), ops on the same engine in program order. Ops on different
    engines must therefore not depend on each other within the stage; values cross
    stages as the stage's results. `index` counts stages from 0."""

    name = "pipe.stage"

    index = prop_def(IntegerAttr[I64])
    outputs = var_result_def(TensorType)
    body = region_def("single_block")

    traits = traits_def(HasParent(PipelineOp), RecursiveMemoryEffect())
    irdl_options = (ParsePropInAttrDict(),)

    def moved_bytes(self, args: Sequence[object], results: Sequence[object]) -> int:
        """Forwards values only: its ops count what they move (interpreter accounting)."""
        return 0

    @property
    def stage_index(self) -> int:
        return self.index.value.data

    def verify_(self) -> None:
        pipeline = self.parent_op()
        assert isinstance(pipeline, PipelineOp)  # HasParent
        here = f"stage {self.stage_index}"
        siblings = list(pipeline.body.block.ops)
        position = siblings.index(self)
        earlier = sum(1 for op in siblings[:position] if isinstance(op, StageOp))
        require(
            self.stage_index == earlier,
            f"stage index {self.stage_index}, expected {earlier}: stages are numbered 0, 1, 2, ... in program order",
        )
        later = siblings[position + 1 :]
        if any(isinstance(op, StageOp) for op in later):
            require(
                isinstance(later[0], BarrierOp),
                f"{here} is not followed by pipe.barrier: every stage but the last must end with a "
                "barrier, or the next stage's ops would overlap with it",
            )
        ops = list(self.body.block.ops)
        require(bool(ops) and isinstance(ops[-1], YieldOp), f"{here} must end with pipe.yield")
        yielded = [v.type for v in ops[-1].operands]
        results = [r.type for r in self.outputs]
        require(
            yielded == results,
            f"{here} yields ({', '.join(map(str, yielded))}) but its results are ({', '.join(map(str, results))})",
        )
        stage_ops = set(ops)
        for op in ops[:-1]:
            engine = engine_of(op)
            tile = _tile_of(op, stage_ops)
            where = f"{here}, tile {tile}" if tile is not None else here
            if engine is None:
                require(
                    isinstance(op, TileOp),
                    f"{where}: '{op.name}' runs on no engine; a stage holds engine ops (nn ops that "
                    "declare RunsOn) and pipe.tile",
                )
                continue
            for operand, producer in _engine_inputs(op, stage_ops):
                other = engine_of(producer)
                if other != engine:
                    raise VerifyException(
                        f"{where}: '{op.name}' on the {engine} engine uses {_value_name(operand)}computed by "
                        f"'{producer.name}' on the {other} engine in the same stage; engines of one stage run "
                        "concurrently, so the value must come from an earlier stage"
                    )
            if engine == Engine.CONV and isinstance(op, nn.Conv2DOp) and not pipeline.is_chain:
                _verify_tile_conv(op, pipeline, where)

    def print(self, printer: Printer) -> None:
        printer.print_string(f" {self.stage_index}")
        if self.outputs:
            printer.print_string(" -> (")
            printer.print_list([r.type for r in self.outputs], printer.print_attribute)
            printer.print_string(")")
        extra = {k: v for k, v in self.properties.items() if k != "index"}
        printer.print_op_attributes({**extra, **self.attributes}, print_keyword=True)
        printer.print_string(" ")
        printer.print_region(self.body)

    @classmethod
    def parse(cls, parser: Parser) -> StageOp:
        index = parser.parse_integer(allow_negative=True, allow_boolean=False)
        types: list[Attribute] = []
        if parser.parse_optional_punctuation("->"):
            types = parser.parse_comma_separated_list(Parser.Delimiter.PAREN, parser.parse_type)
        attrs = parser.parse_optional_attr_dict_with_keyword()
        body = parser.parse_region()
        return cls.create(
            result_types=types,
            properties={"index": IntegerAttr(index, i64)},
            attributes=dict(attrs.data) if attrs is not None else {},
            regions=[body],
        )


def _value_name(value: SSAValue) -> str:
    return f"%{value.name_hint} " if value.name_hint else ""


def _verify_tile_conv(conv: nn.Conv2DOp, pipeline: PipelineOp, where: str) -> None:
    """A conv of a conv_add pipeline is the pipeline's conv on one tile: same weight,
    bias, strides, dilations and groups, W padding kept and H padding zero (the tile's
    `pipe.tile` already holds its pad rows)."""
    require(
        pipeline.role(conv.weight) == "weight",
        f"{where}: conv weight must be the pipeline's weight argument",
    )
    has_bias = len(pipeline.ins) == 4
    require(
        (conv.bias is None and not has_bias) or (conv.bias is not None and pipeline.role(conv.bias) == "bias"),
        f"{where}: conv bias must be the pipeline's bias argument" + ("" if has_bias else " (the pipeline has none)"),
    )
    for name in ("strides", "dilations", "groups"):
        mine = conv.properties.get(name)
        theirs = pipeline.properties.get(name)
        default = nn.Conv2DOp.get_irdl_definition().properties[name].default_value
        require(
            (mine or default) == (theirs or default),
            f"{where}: conv has {name} {mine or default}, expected the pipeline's {theirs or default}",
        )
    pt, pb, pl, pr = ints(pipeline.padding)
    expected = (0, 0, pl, pr)
    require(
        conv.padding_values == expected,
        f"{where}: conv has padding {fmt_shape(conv.padding_values)}, expected {fmt_shape(expected)}: "
        "H padding belongs to the tile's pipe.tile, W padding is the pipeline's",
    )


@irdl_op_definition
class BarrierOp(IRDLOperation):
    """Ends a stage: every engine finishes its ops of the stage before any op of the
    next stage starts."""

    name = "pipe.barrier"

    traits = traits_def(HasParent(PipelineOp))
    assembly_format = "attr-dict"


# --------------------------------------------------------------------------- #
# Tiles                                                                       #
# --------------------------------------------------------------------------- #


@irdl_op_definition
class TileOp(IRDLOperation):
    """Rows `[r0, r1)` of a feature map with `pad = [top, bottom]` zero rows added
    around them: one tile's input with its halo and its own padding (brief §2). The
    result has `r1 - r0 + top + bottom` rows. Runs on no engine: it names data (at
    the hw level it becomes a DMA with pad_before/pad_after, as in mlir-air)."""

    name = "pipe.tile"

    source = operand_def(TensorType)
    result = result_def(TensorType)
    tile = prop_def(IntegerAttr[I64])
    rows = prop_def(DenseArrayBase[I64])
    pad = prop_def(DenseArrayBase[I64])

    traits = traits_def(Pure(), HasParent(StageOp))
    irdl_options = (ParsePropInAttrDict(),)

    _HEADER: ClassVar = ("tile", "rows", "pad")

    def moved_bytes(self, args: Sequence[object], results: Sequence[object]) -> int:
        """The real rows read (halo included: neighbouring tiles read them again)
        plus the tile written (interpreter accounting)."""
        source, (tile,) = args[0], results
        r0, r1 = self.row_range
        return int(source[:, r0:r1].nbytes + tile.nbytes)  # type: ignore[index,union-attr]

    @property
    def tile_index(self) -> int:
        return self.tile.value.data

    @property
    def row_range(self) -> tuple[int, int]:
        r = ints(self.rows)
        return r[0], r[1]

    @property
    def pad_rows(self) -> tuple[int, int]:
        p = ints(self.pad)
        return p[0], p[1]

    def verify_(self) -> None:
        stage = enclosing(self, StageOp)
        here = f"stage {stage.stage_index}, tile {self.tile_index}" if stage is not None else f"tile {self.tile_index}"
        rows, pad = ints(self.rows), ints(self.pad)
        require(len(rows) == 2, f"{here}: rows has {len(rows)} entries, expected [first, end)")
        require(len(pad) == 2, f"{here}: pad has {len(pad)} entries, expected [top, bottom]")
        r0, r1 = rows
        source_shape = nn.shape_of(self.source)
        require(len(source_shape) == 4, f"{here}: source has rank {len(source_shape)}, expected 4 (NHWC)")
        height = source_shape[SPLIT_AXIS]
        require(
            0 <= r0 <= r1 <= height,
            f"{here}: rows {_rows(rows)} do not lie inside the {height} rows of {_value_name(self.source)}(0 <= first <= end <= {height})",
        )
        require(pad[0] >= 0 and pad[1] >= 0, f"{here}: pad {fmt_shape(pad)} is negative")
        expected = tensor_with_rows(self.source.type, r1 - r0 + pad[0] + pad[1])
        require(
            self.result.type == expected,
            f"{here}: result type {self.result.type}, expected {expected} (rows {_rows(rows)} plus pad {fmt_shape(pad)})",
        )
        pipeline = enclosing(self, PipelineOp)
        if pipeline is None:
            return
        role = pipeline.role(self.source)
        if pipeline.is_chain:
            require(
                role in ("input", "addend", "operand"),
                f"{here}: tiles are taken of the pipeline's feature-map arguments (the group input, an addend or "
                "another operand of the result's rows), not of its weights",
            )
        else:
            require(role in ("input", "addend"), f"{here}: tiles are taken of the pipeline's input or addend argument")
        require(
            0 <= self.tile_index < pipeline.tile_count,
            f"{here}: tile index out of range, the pipeline has tiles = {pipeline.tile_count}",
        )
        out_rows = pipeline.output_rows()
        if out_rows is None or self.tile_index >= len(out_rows):
            return  # the pipeline reports its assemble
        o0, o1 = out_rows[self.tile_index]
        if pipeline.is_chain:
            self._verify_chain_tile(pipeline, (o0, o1), here, role)
            return
        if role == "addend":
            want_rows, want_pad = (o0, o1), (0, 0)
            why = "an addend tile is the tile's own output rows"
        else:
            _, kh, _, _ = nn.shape_of(pipeline.ins[1])
            sh, dh, pt = ints(pipeline.strides)[0], ints(pipeline.dilations)[0], ints(pipeline.padding)[0]
            want_rows, want_pad = shapes.conv_tile_window((o0, o1), height, kh, sh, pt, dh)
            why = (
                f"output rows {_rows((o0, o1))} of a {kh}-row kernel with stride {sh}, dilation {dh} and top "
                f"padding {pt} need input rows {_rows((o0 * sh - pt, (o1 - 1) * sh - pt + dh * (kh - 1) + 1))}"
            )
        require(
            (r0, r1) == want_rows and (pad[0], pad[1]) == want_pad,
            f"{here}: reads rows {_rows(rows)} with pad {fmt_shape(pad)} of the {role}, expected rows "
            f"{_rows(want_rows)} with pad {fmt_shape(want_pad)}: {why}",
        )

    def _verify_chain_tile(self, pipeline: PipelineOp, out_rows: tuple[int, int], here: str, role: str | None) -> None:
        """A tile of a chain's group input reads the real rows its first member's
        window needs for the tile (the backward halo through the chain, brief §3b);
        the members pad in the op, so the tile adds no rows. Other tiles hold rows
        of one member's output: they lie inside them."""
        members = pipeline.members()
        if not members:
            return  # the pipeline reports its computes region
        if role != "input":
            return
        rows = pipeline.member_rows(out_rows)
        want_rows, pad = input_window(members[0], rows[0])
        chain = ", ".join(f"{_rows(r)} of member {k} ('{op.name}')" for k, (op, r) in enumerate(zip(members, rows)))
        require(
            self.row_range == want_rows and self.pad_rows == (0, 0),
            f"{here}: reads rows {_rows(self.row_range)} with pad {fmt_shape(self.pad_rows)} of the group input, "
            f"expected rows {_rows(want_rows)} with pad [0, 0]: output rows {_rows(out_rows)} of the chain need "
            f"rows {chain}, which read input rows {_rows(want_rows)}"
            + (f" and {fmt_shape(pad)} pad rows the member adds itself" if pad != (0, 0) else ""),
        )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")
        printer.print_ssa_value(self.source)
        r0, r1 = self.row_range
        top, bottom = self.pad_rows
        printer.print_string(f" tile {self.tile_index} rows [{r0}, {r1}) pad [{top}, {bottom}]")
        extra = {k: v for k, v in self.properties.items() if k not in self._HEADER}
        printer.print_op_attributes({**extra, **self.attributes})
        printer.print_string(" : ")
        printer.print_attribute(self.source.type)
        printer.print_string(" -> ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> TileOp:
        source = parser.parse_unresolved_operand()
        parser.parse_keyword("tile")
        tile = parser.parse_integer(allow_negative=True, allow_boolean=False)
        parser.parse_keyword("rows")
        rows = _parse_interval(parser)
        parser.parse_keyword("pad")
        pad = _parse_pair(parser)
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        source_type = parser.parse_type()
        parser.parse_punctuation("->")
        result_type = parser.parse_type()
        return cls.create(
            operands=[parser.resolve_operand(source, source_type)],
            result_types=[result_type],
            properties={"tile": IntegerAttr(tile, i64), "rows": i64_array(rows), "pad": i64_array(pad)},
            attributes=attrs,
        )


@irdl_op_definition
class AssembleOp(IRDLOperation):
    """The full output from its tiles: operand k holds rows `[rows[2k], rows[2k+1])`.
    The ranges must cover the output rows exactly once, in order."""

    name = "pipe.assemble"

    inputs = var_operand_def(TensorType)
    result = result_def(TensorType)
    rows = prop_def(DenseArrayBase[I64])

    traits = traits_def(Pure(), HasParent(PipelineOp))
    irdl_options = (ParsePropInAttrDict(),)

    def ranges(self) -> list[tuple[int, int]]:
        rows = ints(self.rows)
        return [(rows[i], rows[i + 1]) for i in range(0, len(rows) - 1, 2)]

    def verify_(self) -> None:
        rows = ints(self.rows)
        require(
            len(rows) == 2 * len(self.inputs),
            f"rows has {len(rows)} entries for {len(self.inputs)} tiles, expected two per tile",
        )
        shape = nn.shape_of(self.result)
        require(len(shape) == 4, f"result has rank {len(shape)}, expected 4 (NHWC)")
        height = shape[SPLIT_AXIS]
        end = 0
        for k, ((r0, r1), value) in enumerate(zip(self.ranges(), self.inputs)):
            require(r1 > r0, f"tile {k}: rows {_rows((r0, r1))} are empty, every tile holds at least one row")
            require(
                r0 >= end,
                f"tile {k}: rows {_rows((r0, r1))} overlap tile {k - 1}, which ends at row {end}: "
                "output rows must be written exactly once",
            )
            require(
                r0 == end,
                f"tile {k}: rows {_rows((r0, r1))} leave a gap: output rows {_rows((end, r0))} are never written",
            )
            expected = tensor_with_rows(self.result.type, r1 - r0)
            require(
                value.type == expected,
                f"tile {k}: {_value_name(value)}has type {value.type}, expected {expected} (rows {_rows((r0, r1))})",
            )
            end = r1
        require(
            end == height,
            f"tiles cover rows [0, {end}) but the result has {height} rows: rows {_rows((end, height))} are never written",
        )

    def print(self, printer: Printer) -> None:
        printer.print_string(" ")

        def entry(pair: tuple[SSAValue, tuple[int, int]]) -> None:
            printer.print_ssa_value(pair[0])
            printer.print_string(f" [{pair[1][0]}, {pair[1][1]})")

        printer.print_list(list(zip(self.inputs, self.ranges())), entry)
        extra = {k: v for k, v in self.properties.items() if k != "rows"}
        printer.print_op_attributes({**extra, **self.attributes})
        printer.print_string(" : ")
        printer.print_attribute(self.result.type)

    @classmethod
    def parse(cls, parser: Parser) -> AssembleOp:
        pos = parser.pos
        entries = parser.parse_comma_separated_list(
            Parser.Delimiter.NONE, lambda: (parser.parse_unresolved_operand(), _parse_interval(parser))
        )
        attrs = parser.parse_optional_attr_dict()
        parser.parse_punctuation(":")
        result_type = parser.parse_type()
        if not isinstance(result_type, TensorType) or len(result_type.get_shape()) != 4:
            parser.raise_error(f"expected an NHWC tensor type, got {result_type}", pos, parser.pos)
        operands = [
            parser.resolve_operand(value, tensor_with_rows(result_type, max(r1 - r0, 0))) for value, (r0, r1) in entries
        ]
        return cls.create(
            operands=operands,
            result_types=[result_type],
            properties={"rows": i64_array([r for _, rng in entries for r in rng])},
            attributes=attrs,
        )


@irdl_op_definition
class YieldOp(IRDLOperation):
    """Ends a stage (its results) or the pipeline (the assembled result)."""

    name = "pipe.yield"

    values = var_operand_def(TensorType)

    traits = traits_def(IsTerminator(), HasParent(PipelineOp, StageOp), Pure())
    assembly_format = "attr-dict ($values^ `:` type($values))?"

    def moved_bytes(self, args: Sequence[object], results: Sequence[object]) -> int:
        """Forwards values only (interpreter accounting)."""
        return 0


PIPE = Dialect(
    "pipe",
    [PipelineOp, StageOp, BarrierOp, TileOp, AssembleOp, YieldOp],
    [],
)
