"""`cast-hoist`: move narrowing casts up so data movement moves narrow data.

In a mixed-precision network a conv often produces f32, a transpose or reshape moves
it, and only then a cast narrows it to f16. The data-movement op does not care about
the element type, so casting first halves the bytes it moves, with exactly the same
result (design brief §4). The pass applies, to a fixed point:

- `HoistCastAboveDataMovement`, `HoistCastAboveOrderPreserving` (cast_hoisting.py):
  `cast(M(x))` -> `M(cast(x))`, repeatedly, so a cast climbs whole chains;
- `CancelExactRoundTrip` (cast_folding.py): a hoisted cast that meets the exact
  widening it undoes (`f16 -> f32 -> f16`) cancels with it;
- `NarrowConstant`: a hoisted cast that meets a constant is done at compile time;
- `FoldNarrowingCastIntoConv`, only with `fold-into-producer=true`: a cast that meets
  an f32-accumulating conv becomes the conv's result type.

Only narrowing casts move (f32 -> f16, f32 -> bf16, f64 -> f32, ...): a widening
cast moved up would double the bytes instead. Every rewrite is exact, so the module
computes the same bits before and after; IR the patterns do not recognise is left
as it is. Hoisting above an op that shrinks its data (a slice, a gather of few rows)
makes the cast itself convert more elements; that pays off when the cast goes on to
cancel, fold or reach a constant, which is the case the pass exists for, so it does
not second-guess the rule with a cost model. Options:

- `allow-duplicate` (false): hoist past an op whose result also has users that need
  the wide value, by keeping the wide op for them and adding a narrow copy.
- `fold-into-producer` (false): enable `FoldNarrowingCastIntoConv`.

`--pass-statistics` reports the casts moved, merged, cancelled and folded.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import GreedyRewritePatternApplier, PatternRewriteWalker, RewritePattern

from nnpipe.passes import statistics
from nnpipe.passes.cast_folding import (
    CANCELLED,
    CONSTANTS,
    FOLDED,
    CancelExactRoundTrip,
    FoldNarrowingCastIntoConv,
    NarrowConstant,
)
from nnpipe.passes.cast_hoisting import (
    DUPLICATED,
    MERGED,
    MOVED,
    HoistCastAboveDataMovement,
    HoistCastAboveOrderPreserving,
)

STATISTICS = (MOVED, MERGED, CANCELLED, CONSTANTS, FOLDED, DUPLICATED)


@dataclass(frozen=True)
class CastHoistPass(ModulePass):
    """Hoist narrowing casts above data-movement and order-preserving ops, then
    cancel, constant-fold or (opt-in) fold them into convs."""

    name = "cast-hoist"

    allow_duplicate: bool = False
    fold_into_producer: bool = False

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        counters = statistics.for_pass(self.name, STATISTICS)
        patterns: list[RewritePattern] = [
            CancelExactRoundTrip(counters),
            NarrowConstant(counters),
            HoistCastAboveDataMovement(counters, self.allow_duplicate),
            HoistCastAboveOrderPreserving(counters, self.allow_duplicate),
        ]
        if self.fold_into_producer:
            patterns.append(FoldNarrowingCastIntoConv(counters))
        # dce_enabled=False: the patterns erase what they make dead; unrelated
        # unused ops are not this pass's business.
        PatternRewriteWalker(GreedyRewritePatternApplier(patterns, dce_enabled=False)).rewrite_module(op)
