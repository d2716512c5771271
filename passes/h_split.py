"""`h-split{tiles=N}`: each `nn.conv_add` becomes a `pipe.pipeline` that splits its
output along H into N tiles and overlaps the conv engine with the add engine
(design brief §2, docs/ir-pipe.md):

    stage 0:        conv(t0)
    stage k:        add(t[k-1])  ∥  conv(t[k])        k = 1 … N-1
    stage N:        add(t[N-1])

with a `pipe.barrier` after every stage. Tile k's conv reads the input rows its
output rows need (halo included) through a `pipe.tile` that also adds the tile's own
top/bottom padding, so only edge tiles are padded.

The rewrite is exact. The conv of a tile keeps the accumulator type (f32 for f16/bf16
inputs) and the add engine adds the addend in that type, applies relu, and rounds once
to the result type: the same operations, in the same order, as `nn.conv_add`.

N > Ho is clamped to Ho (one output row per tile), and counted; N < 1 is an option
error. A conv_add whose bias has neither the input's nor the accumulator's element type
(f16 input with a bf16 bias and result, say) is left alone and counted: its tile conv
could not take that bias.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, StringAttr, i64
from xdsl.ir import Attribute, Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import InsertPoint, Rewriter
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from nnpipe.dialects import hw, nn, pipe, shapes
from nnpipe.dialects.shapes import rows_read_twice
from nnpipe.interpreter import targets
from nnpipe.interpreter.targets import Target
from nnpipe.dialects.traits import Engine, engine_of
from nnpipe.passes import chain_grouping, kernel_plan, statistics
from nnpipe.passes.casts import accumulator_element
from nnpipe.passes.statistics import PassStatistics, Statistic

PIPELINES = Statistic("pipelines-built", "nn.conv_add ops rewritten into pipe.pipeline")
TILES = Statistic("tiles", "Tiles over all pipelines")
HALO = Statistic("halo-rows", "Input rows read by more than one tile (the halo re-read cost of large N)")
CLAMPED = Statistic("tiles-clamped", "Pipelines whose tile count was clamped to the output height")
SKIPPED = Statistic("skipped", "nn.conv_add ops left alone (bias type the tile conv cannot take)")
CHAINS = Statistic("chains-built", "groups of chained ops rewritten into one pipe.pipeline")
MEMBERS = Statistic("chain-members", "ops in those groups")
RECOMPUTED = Statistic("recomputed-rows", "Rows of chain intermediates computed by more than one tile (the halo recompute)")
STATISTICS = (PIPELINES, TILES, HALO, CLAMPED, SKIPPED, CHAINS, MEMBERS, RECOMPUTED)

def _named(op: Operation, name: str) -> SSAValue:
    result = op.results[0]
    result.name_hint = name
    return result


def _tile(source: SSAValue, t: int, rows: tuple[int, int], pad: tuple[int, int]) -> pipe.TileOp:
    """`pipe.tile` of rows `rows` of `source`, with `pad` zero rows, for tile `t`."""
    (r0, r1), (top, bottom) = rows, pad
    return pipe.TileOp.create(
        operands=[source],
        result_types=[pipe.tensor_with_rows(source.type, r1 - r0 + top + bottom)],
        properties={"tile": IntegerAttr(t, i64), "rows": nn.i64_array([r0, r1]), "pad": nn.i64_array([top, bottom])},
    )


@dataclass
class ConvAddTiles:
    """What the schedule needs to emit the two steps of one conv_add tile."""

    op: nn.ConvAddOp
    args: tuple[SSAValue, ...]
    out_rows: list[tuple[int, int]]
    windows: list[tuple[tuple[int, int], tuple[int, int]]]
    accumulator: Attribute

    def conv(self, t: int, ops: list[Operation]) -> SSAValue:
        """Step 0 on the conv engine: the input tile (halo and own padding) and its conv,
        kept in the accumulator type."""
        x, w = self.args[0], self.args[1]
        tile = _tile(x, t, *self.windows[t])
        o0, o1 = self.out_rows[t]
        _, _, pl, pr = self.op.padding_values
        properties: dict[str, Attribute] = {
            name: attr for name, attr in self.op.properties.items() if name in ("strides", "dilations", "groups")
        }
        properties["padding"] = nn.i64_array([0, 0, pl, pr])
        conv = nn.Conv2DOp.create(
            operands=[_named(tile, f"x{t}"), w, *self.args[3:]],
            result_types=[pipe.tensor_with_rows(self.op.result.type, o1 - o0, self.accumulator)],
            properties=properties,
        )
        ops += [tile, conv]
        return _named(conv, f"c{t}")

    def add(self, t: int, conv: SSAValue, ops: list[Operation]) -> SSAValue:
        """Step 1 on the add engine (`add_step`)."""
        return add_step(self.op, self.args[2], self.out_rows[t], t, conv, ops)


def add_step(op: nn.ConvAddOp, addend: SSAValue, rows: tuple[int, int], t: int, conv: SSAValue, ops: list[Operation]) -> SSAValue:
    """The add-engine step of a conv_add tile on output rows `rows`: the addend's
    tile (widened to the accumulator type of `conv`), add, relu if the conv_add has
    it, one rounding to the result type."""
    o0, o1 = rows
    tile = _tile(addend, t, (o0, o1), (0, 0))
    ops.append(tile)
    value = _named(tile, f"z{t}")
    acc_type = conv.type
    if nn.element_of(value) != nn.element_of(conv):
        ops.append(widen := nn.CastOp.create(operands=[value], result_types=[acc_type]))
        value = _named(widen, f"zw{t}")
    ops.append(add := nn.AddOp.create(operands=[conv, value], result_types=[acc_type]))
    value = _named(add, f"s{t}")
    if op.activation is not None and op.activation.data == nn.Activation.RELU:
        ops.append(relu := nn.ReluOp.create(operands=[value], result_types=[acc_type]))
        value = _named(relu, f"r{t}")
    result_type = pipe.tensor_with_rows(op.result.type, o1 - o0)
    if acc_type != result_type:
        ops.append(narrow := nn.CastOp.create(operands=[value], result_types=[result_type]))
        value = _named(narrow, f"n{t}")
    return value


def build_pipeline(op: nn.ConvAddOp, tiles: int) -> pipe.PipelineOp:
    """The N+1-stage pipeline of `op` over `tiles` tiles (1 <= tiles <= Ho)."""
    _, h, _, _ = nn.shape_of(op.input)
    _, kh, _, _ = nn.shape_of(op.weight)
    sh, _ = op.stride_values
    dh, _ = op.dilation_values
    pt = op.padding_values[0]
    out_rows = shapes.split_rows(nn.shape_of(op.result)[pipe.SPLIT_AXIS], tiles)
    block = Block(arg_types=[v.type for v in op.operands])
    for arg, name in zip(block.args, pipe.CONV_ADD_ROLES):
        arg.name_hint = name
    plan = ConvAddTiles(
        op,
        tuple(block.args),
        out_rows,
        [shapes.conv_tile_window(rows, h, kh, sh, pt, dh) for rows in out_rows],
        accumulator_element(nn.element_of(op.input)),
    )
    conv: SSAValue | None = None  # the previous stage's conv tile, consumed by this stage's add
    outs: list[SSAValue] = []
    for s in range(tiles + 1):
        ops: list[Operation] = []
        yielded: list[tuple[str, SSAValue]] = []
        if s >= 1:
            assert conv is not None
            yielded.append((f"out{s - 1}", plan.add(s - 1, conv, ops)))
        if s < tiles:
            yielded.append((f"conv{s}", plan.conv(s, ops)))
        ops.append(pipe.YieldOp.create(operands=[v for _, v in yielded]))
        stage = pipe.StageOp.create(
            result_types=[v.type for _, v in yielded],
            properties={"index": IntegerAttr(s, i64)},
            regions=[Region(Block(ops))],
        )
        for (name, _), result in zip(yielded, stage.outputs):
            result.name_hint = name
        if s >= 1:
            outs.append(stage.outputs[0])
        conv = stage.outputs[-1] if s < tiles else None
        block.add_ops([stage, pipe.BarrierOp.create()])
    assemble = pipe.AssembleOp.create(
        operands=outs,
        result_types=[op.result.type],
        properties={"rows": nn.i64_array([r for rows in out_rows for r in rows])},
    )
    block.add_ops([assemble, pipe.YieldOp.create(operands=[_named(assemble, "result")])])
    properties: dict[str, Attribute] = {
        "origin": StringAttr(op.name),
        "tiles": IntegerAttr(tiles, i64),
        **{name: attr for name, attr in op.properties.items() if name != "origin"},
    }
    return pipe.PipelineOp.create(
        operands=list(op.operands),
        result_types=[op.result.type],
        properties=properties,
        attributes=dict(op.attributes),
        regions=[Region(block)],
    )


# --------------------------------------------------------------------------- #
# Chains                                                                      #
# --------------------------------------------------------------------------- #


def _short(op: Operation) -> str:
    """A name stem for an op's tiles: `conv`, `relu`, `max_pool` -> `pool`."""
    name = op.name.removeprefix("nn.")
    return "pool" if name.endswith("_pool") else "conv" if name.startswith("conv") else name


@dataclass
class ChainTiles:
    """What the schedule needs to emit the steps of one tile of a chain: each
    member on the rows the backward halo gives it (`pipe.PipelineOp.member_rows`),
    padding in the op where its window reaches the tensor edge."""

    members: list[Operation]
    args: dict[SSAValue, SSAValue]
    """The members' operands -> the pipeline body's arguments."""
    rows: list[list[tuple[int, int]]]
    """rows[t][k]: the output rows member k computes for tile t."""

    def steps(self) -> list[tuple[int, int]]:
        """(member, part) of every step: a conv_add is two steps (conv, add)."""
        return [(k, part) for k, op in enumerate(self.members) for part in range(2 if isinstance(op, nn.ConvAddOp) else 1)]

    def engines(self) -> list[Engine]:
        found = []
        for k, part in self.steps():
            engine = engine_of(self.members[k]) if part == 0 else Engine.ADD
            assert engine is not None
            found.append(engine)
        return found

    def step(self, t: int, k: int, part: int, value: SSAValue | None, ops: list[Operation]) -> SSAValue:
        """Member k's step `part` for tile t on `value` (the previous step's result;
        None for the first step, which takes its tile of the group input)."""
        op = self.members[k]
        rows = self.rows[t][k]
        if part == 1:
            assert isinstance(op, nn.ConvAddOp) and value is not None
            return add_step(op, self.args[op.addend], rows, t, value, ops)
        (r0, r1), (top, bottom) = pipe.input_window(op, rows)
        if value is None:
            tile = _tile(self.args[op.operands[0]], t, (r0, r1), (0, 0))
            ops.append(tile)
            value = _named(tile, f"x{t}")
        properties = dict(op.properties)
        if isinstance(op, (nn.ConvOperation, nn.PoolOperation)):
            _, _, left, right = nn.ints(properties["padding"]) if "padding" in properties else (0, 0, 0, 0)
            properties["padding"] = nn.i64_array([top, bottom, left, right])
        if isinstance(op, nn.PoolOperation):
            properties.pop("ceil_mode", None)  # the tile's rows are exact
        result_type = pipe.tensor_with_rows(op.results[0].type, rows[1] - rows[0])
        if isinstance(op, nn.ConvAddOp):  # the conv step, kept in the accumulator type
            properties.pop("activation", None)
            operands = [value, self.args[op.weight], *([self.args[op.bias]] if op.bias is not None else [])]
            accumulator = accumulator_element(nn.element_of(op.input))
            ops.append(new := nn.Conv2DOp.create(operands=operands, result_types=[pipe.tensor_with_rows(result_type, rows[1] - rows[0], accumulator)], properties=properties))
            return _named(new, f"c{k}t{t}")
        full = nn.shape_of(op.results[0])
        operands = [value]
        for other in op.operands[1:]:
            if not isinstance(op, nn.ConvOperation) and nn.shape_of(other) == full:  # a feature map: its tile
                ops.append(tile := _tile(self.args[other], t, rows, (0, 0)))
                operands.append(_named(tile, f"y{t}"))
            else:  # weights, bias, one value per channel: whole
                operands.append(self.args[other])
        ops.append(new := type(op).create(operands=operands, result_types=[result_type], properties=properties, attributes=dict(op.attributes)))
        return _named(new, f"{_short(op)}{k}t{t}")


def build_chain_pipeline(members: list[Operation], tiles: int) -> pipe.PipelineOp:
    """The pipeline of a chain over `tiles` tiles: a `computes` region holding the
    members on whole tensors, and stages from the modulo schedule of their steps
    (`kernel_plan.modulo_schedule`, the schedule lower-to-hw builds): tile t runs
    step k in stage t * II + offset[k], at most one step per engine in a stage."""
    operands = chain_grouping.chain_operands(members)
    types = [v.type for v in operands]
    block = Block(arg_types=types)
    computes = Block(arg_types=types)
    names = {operands[0]: "input"}  # each operand named for its first use
    for k, op in enumerate(members):
        for i, value in enumerate(op.operands[1:], start=1):
            names.setdefault(value, f"{pipe.operand_role(op, i)}{k}")
    for arg, other, value in zip(block.args, computes.args, operands):
        arg.name_hint = other.name_hint = names[value]
    mapping: dict[SSAValue, SSAValue] = dict(zip(operands, computes.args))
    for op in members:
        computes.add_op(clone := op.clone(value_mapper=mapping))
        for old, new in zip(op.results, clone.results):
            mapping[old] = new
            new.name_hint = old.name_hint
    computes.add_op(pipe.YieldOp.create(operands=[mapping[members[-1].results[0]]]))

    out_rows = shapes.split_rows(nn.shape_of(members[-1].results[0])[pipe.SPLIT_AXIS], tiles)
    plan = ChainTiles(members, dict(zip(operands, block.args)), [pipe.chain_rows(members, rows) for rows in out_rows])
    steps = plan.steps()
    ii, offsets = kernel_plan.modulo_schedule(plan.engines())
    at: dict[int, list[tuple[int, int]]] = {}
    for t in range(tiles):
        for s in range(len(steps)):
            at.setdefault(t * ii + offsets[s], []).append((t, s))
    previous: dict[int, SSAValue] = {}  # tile -> its latest step's result, as a stage result
    outs: list[SSAValue] = []
    for index, stage_index in enumerate(sorted(at)):
        ops: list[Operation] = []
        yielded: list[tuple[int, int, SSAValue]] = []
        for t, s in at[stage_index]:
            k, part = steps[s]
            yielded.append((t, s, plan.step(t, k, part, previous.get(t), ops)))
        ops.append(pipe.YieldOp.create(operands=[v for _, _, v in yielded]))
        stage = pipe.StageOp.create(
            result_types=[v.type for _, _, v in yielded],
            properties={"index": IntegerAttr(index, i64)},
            regions=[Region(Block(ops))],
        )
        for (t, s, _), result in zip(yielded, stage.outputs):
            last = s == len(steps) - 1
            k = steps[s][0]
            result.name_hint = f"out{t}" if last else f"{_short(members[k])}{k}_t{t}"
            previous[t] = result
            if last:
                outs.append(result)
        block.add_ops([stage, pipe.BarrierOp.create()])
    assemble = pipe.AssembleOp.create(
        operands=outs,
        result_types=[members[-1].results[0].type],
        properties={"rows": nn.i64_array([r for rows in out_rows for r in rows])},
    )
    block.add_ops([assemble, pipe.YieldOp.create(operands=[_named(assemble, "result")])])
    return pipe.PipelineOp.create(
        operands=operands,
        result_types=[members[-1].results[0].type],
        properties={"origin": StringAttr(pipe.CHAIN), "tiles": IntegerAttr(tiles, i64)},
        regions=[Region(block), Region(computes)],
    )


def _bias_fits(op: nn.ConvAddOp) -> bool:
    """A tile conv takes a bias of the input's or the accumulator's element type."""
    if op.bias is None:
        return True
    return nn.element_of(op.bias) in (nn.element_of(op.input), accumulator_element(nn.element_of(op.input)))


def replace_chain(members: list[Operation], tiles: int) -> pipe.PipelineOp:
    """Replace the chain `members` by its pipeline of `tiles` tiles, at the position
    of its last op (where every operand of every member is defined)."""
    pipeline = build_chain_pipeline(members, tiles)
    rewriter = Rewriter()
    rewriter.insert_op(pipeline, InsertPoint.before(members[-1]))
    members[-1].results[0].replace_all_uses_with(pipeline.result)
    pipeline.result.name_hint = members[-1].results[0].name_hint
    for member in reversed(members):
        rewriter.erase_op(member)
    return pipeline


@dataclass
class SplitConvAdd(RewritePattern):
    """`nn.conv_add` → `pipe.pipeline` of min(tiles, Ho) tiles; with `target`
    (tiles=auto), of the tile count the target's cost model finds fastest."""

    tiles: int
    counters: PassStatistics
    target: Target | None = None

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.ConvAddOp, rewriter: PatternRewriter) -> None:
        if pipe.enclosing(op, pipe.PipelineOp) is not None:
            return  # a member of a chain (its computes region)
        if not _bias_fits(op):
            self.counters.add(SKIPPED)
            return
        height = nn.shape_of(op.result)[pipe.SPLIT_AXIS]
        if self.target is not None:
            tiles = self._auto_tiles(op, self.target)
        else:
            tiles = min(self.tiles, height)
            if tiles < self.tiles:
                self.counters.add(CLAMPED)
        pipeline = build_pipeline(op, tiles)
        windows = [t.row_range for t in pipeline.walk() if isinstance(t, pipe.TileOp) and pipeline.role(t.source) == "input"]
        rewriter.replace(op, pipeline)
        self.counters.add(PIPELINES)
        self.counters.add(TILES, tiles)
        self.counters.add(HALO, rows_read_twice(windows))

    def _auto_tiles(self, op: nn.ConvAddOp, target: Target) -> int:
        spec = kernel_plan.spec_of(op)
        assert spec is not None
        best = kernel_plan.best_tiles(spec, target)
        if best is None:
            raise kernel_plan.fit_error(op, spec, spec.height, target)
        return best[0]


@dataclass(frozen=True)
class HSplitPass(ModulePass):
    """Split every nn.conv_add along H into a software pipeline over the conv and add
    engines."""

    name = "h-split"

    tiles: int | str = 4
    """Tiles per conv_add (>= 1, clamped to the output height), or `auto`: per
    conv_add, the count with the fewest simulated cycles on the target among those
    whose tiles fit its local memory (passes/kernel_plan.py)."""

    target: str = ""
    """For tiles=auto and chains: a built-in target or a .toml file; empty:
    nnpipe-opt's --target, else the default."""

    chains: bool = False
    """Also group chains of engine ops (convs, conv_adds, elementwise ops, pools,
    each feeding only the next) into pipelines whose intermediates stay in local
    memory, cut into groups by the target's cost model (passes/chain_grouping.py)."""

    def __post_init__(self) -> None:
        if isinstance(self.tiles, str):
            if self.tiles != "auto":
                raise ValueError(f"option tiles={self.tiles} of pass 'h-split': expected a tile count >= 1 or auto")
        elif self.tiles < 1:
            raise ValueError(f"option tiles={self.tiles} of pass 'h-split': expected a tile count >= 1 or auto")
        targets.check_option(self.name, self.target)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        counters = statistics.for_pass(self.name, STATISTICS)
        target = targets.for_pass(self.target) if self.tiles == "auto" else None
        if self.chains:
            self._group_chains(op, counters)
        # dce_enabled=False: unrelated unused ops are not this pass's business.
        PatternRewriteWalker(
            GreedyRewritePatternApplier(
                [SplitConvAdd(self.tiles if isinstance(self.tiles, int) else 0, counters, target)], dce_enabled=False
            ),
            apply_recursively=False,
        ).rewrite_module(op)

    def _group_chains(self, module: ModuleOp, counters: PassStatistics) -> None:
        """Each chain of engine ops, cut into the groups the cost model finds
        cheapest (`chain_grouping`); every group of two ops or more becomes one
        pipeline, at the position of its last op."""
        target = targets.for_pass(self.target)
        tiles = self.tiles if isinstance(self.tiles, int) else None
        blocks = [
            block
            for candidate in module.walk()
            if not isinstance(candidate, (pipe.PipelineOp, hw.KernelOp))
            and pipe.enclosing(candidate, (pipe.PipelineOp, hw.KernelOp)) is None
            for region in candidate.regions
            for block in region.blocks
        ]
        for block in blocks:
            for chain in chain_grouping.linear_chains(list(block.ops), _splittable):
                for group in chain_grouping.choose_groups(chain, tiles, target):
                    if group.plan is None:
                        continue
                    members = chain[group.start : group.end]
                    pipeline = replace_chain(members, group.plan.tiles)
                    counters.add(CHAINS)
                    counters.add(MEMBERS, group.size)
                    counters.add(TILES, group.plan.tiles)
                    counters.add(RECOMPUTED, group.plan.spec.recomputed_rows(group.plan.out_rows))  # type: ignore[attr-defined]
                    windows = [t.row_range for t in pipeline.walk() if isinstance(t, pipe.TileOp) and pipeline.role(t.source) == "input"]
                    counters.add(HALO, rows_read_twice(windows))


def _splittable(op: Operation) -> bool:
    """A chain member: an op an engine runs whole, and a conv_add whose tile conv
    can take its bias (as for a lone conv_add)."""
    if not chain_grouping.chainable(op):
        return False
    return not isinstance(op, nn.ConvAddOp) or _bias_fits(op)
