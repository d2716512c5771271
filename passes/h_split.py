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
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from nnpipe.dialects import nn, pipe, shapes
from nnpipe.interpreter import targets
from nnpipe.interpreter.targets import Target
from nnpipe.passes import kernel_plan, statistics
from nnpipe.passes.casts import accumulator_element
from nnpipe.passes.statistics import PassStatistics, Statistic

PIPELINES = Statistic("pipelines-built", "nn.conv_add ops rewritten into pipe.pipeline")
TILES = Statistic("tiles", "Tiles over all pipelines")
HALO = Statistic("halo-rows", "Input rows read by more than one tile (the halo re-read cost of large N)")
CLAMPED = Statistic("tiles-clamped", "Pipelines whose tile count was clamped to the output height")
SKIPPED = Statistic("skipped", "nn.conv_add ops left alone (bias type the tile conv cannot take)")
STATISTICS = (PIPELINES, TILES, HALO, CLAMPED, SKIPPED)

def rows_read_twice(windows: list[tuple[int, int]]) -> int:
    """Rows read by the tiles in total minus the distinct rows read: the halo."""
    total = sum(r1 - r0 for r0, r1 in windows)
    distinct, end = 0, 0
    for r0, r1 in sorted(windows):
        if r1 > end:
            distinct += r1 - max(r0, end)
            end = r1
    return total - distinct


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
        """Step 1 on the add engine: addend tile (widened to the accumulator type), add,
        relu if the conv_add has it, one rounding to the result type."""
        o0, o1 = self.out_rows[t]
        tile = _tile(self.args[2], t, (o0, o1), (0, 0))
        ops.append(tile)
        value = _named(tile, f"z{t}")
        acc_type = conv.type
        if nn.element_of(value) != self.accumulator:
            ops.append(widen := nn.CastOp.create(operands=[value], result_types=[acc_type]))
            value = _named(widen, f"zw{t}")
        ops.append(add := nn.AddOp.create(operands=[conv, value], result_types=[acc_type]))
        value = _named(add, f"s{t}")
        if self.op.activation is not None and self.op.activation.data == nn.Activation.RELU:
            ops.append(relu := nn.ReluOp.create(operands=[value], result_types=[acc_type]))
            value = _named(relu, f"r{t}")
        result_type = pipe.tensor_with_rows(self.op.result.type, o1 - o0)
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


@dataclass
class SplitConvAdd(RewritePattern):
    """`nn.conv_add` → `pipe.pipeline` of min(tiles, Ho) tiles; with `target`
    (tiles=auto), of the tile count the target's cost model finds fastest."""

    tiles: int
    counters: PassStatistics
    target: Target | None = None

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.ConvAddOp, rewriter: PatternRewriter) -> None:
        if op.bias is not None:
            bias = nn.element_of(op.bias)
            if bias not in (nn.element_of(op.input), accumulator_element(nn.element_of(op.input))):
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
    """For tiles=auto: a built-in target or a .toml file; empty: nnpipe-opt's
    --target, else the default."""

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
        # dce_enabled=False: unrelated unused ops are not this pass's business.
        PatternRewriteWalker(
            GreedyRewritePatternApplier(
                [SplitConvAdd(self.tiles if isinstance(self.tiles, int) else 0, counters, target)], dce_enabled=False
            ),
            apply_recursively=False,
        ).rewrite_module(op)
