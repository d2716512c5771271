"""`fuse-conv-add`: a conv whose result is added elementwise to another tensor (the
ResNet residual) becomes one `nn.conv_add`, which the backend schedules as one unit
on two engines: the add engine consumes each conv tile as the conv engine finishes it.

    %c = nn.conv2d %x, %w, %b                %y = nn.conv_add %x, %w, %z, %b
    %y = nn.add %c, %z             ==>       (placed where the add was)

Conditions (design brief §5, docs/fusion.md):
- the conv result has exactly one use, this add (it does not escape);
- the addend has exactly the conv's result type: no broadcasting, and since the
  operands of `nn.add` are the conv and the addend themselves, never across a cast;
- a broadcast add of a per-channel constant folds into the conv bias instead;
- when both operands qualify, the conv defined later in the block is fused and the
  earlier one's result becomes the addend;
- with `fold-relu=true` (the default) a `relu` that is the sole user of the fused
  result becomes `activation = relu`.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import (
    GreedyRewritePatternApplier,
    PatternRewriter,
    PatternRewriteWalker,
    RewritePattern,
    op_type_rewrite_pattern,
)

from nnpipe.dialects import nn
from nnpipe.passes import statistics
from nnpipe.passes.fold_batchnorm import ADDS, FoldChannelAddIntoConvBias, sole_conv_user
from nnpipe.passes.statistics import PassStatistics, Statistic

FUSED = Statistic("convs-fused", "Conv + add pairs fused into nn.conv_add")
RELUS = Statistic("relus-folded", "Relus folded into a conv_add's activation")
STATISTICS = (FUSED, RELUS, ADDS)


def _defined_later(a: Operation, b: Operation, block_of_add) -> bool:
    """Whether `a` comes after `b` in program order as seen from the add's block: two
    ops of that block compare by position; an op of an enclosing block precedes
    every op of the add's own block."""
    if a.parent_block() is block_of_add and b.parent_block() is block_of_add:
        return b.is_before_in_block(a)
    return a.parent_block() is block_of_add


def conv_to_fuse(op: nn.AddOp) -> tuple[nn.Conv2DOp, SSAValue] | None:
    """The conv `op` should absorb and the addend, or None.

    A candidate is an operand defined by `nn.conv2d` whose only use is `op` and whose
    type equals `op`'s result type (then the other operand has that type too: no
    broadcasting). With two candidates the later-defined conv is fused: it is the
    one that sits next to the add, so fusing it moves no computation across the other
    branch, and the earlier conv's result is already computed when the fused op runs.
    """
    candidates: list[tuple[nn.Conv2DOp, SSAValue]] = []
    for conv_side, addend in ((op.lhs, op.rhs), (op.rhs, op.lhs)):
        conv = sole_conv_user(conv_side)
        if conv is not None and conv.result.type == op.result.type == addend.type:
            candidates.append((conv, addend))
    if not candidates:
        return None
    if len(candidates) == 2 and _defined_later(candidates[1][0], candidates[0][0], op.parent_block()):
        return candidates[1]
    return candidates[0]


@dataclass
class FuseConvIntoAdd(RewritePattern):
    """`add(conv(x, w, b?), z)` or `add(z, conv(x, w, b?))` becomes
    `conv_add(x, w, z, b?)` at the add's position, so every operand (including an
    addend defined after the conv) dominates it. Both operands convs: the later one
    is fused (see `conv_to_fuse`)."""

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.AddOp, rewriter: PatternRewriter) -> None:
        match = conv_to_fuse(op)
        if match is None:
            return
        conv, addend = match
        bias = [conv.bias] if conv.bias is not None else []
        fused = nn.ConvAddOp.create(
            operands=[conv.input, conv.weight, addend, *bias],
            result_types=[op.result.type],
            properties=dict(conv.properties),
            attributes=dict(conv.attributes),
        )
        rewriter.replace(op, fused)
        rewriter.erase(conv)
        self.counters.add(FUSED)


@dataclass
class FoldReluIntoConvAdd(RewritePattern):
    """`relu(conv_add(...))` without activation becomes `conv_add(...) {activation =
    relu}` when the relu is the conv_add's only user (else the pre-activation value
    is still needed)."""

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.ReluOp, rewriter: PatternRewriter) -> None:
        fused = op.input.owner
        if not isinstance(fused, nn.ConvAddOp) or fused.activation is not None:
            return
        if not fused.result.has_one_use():
            return
        activated = nn.ConvAddOp.create(
            operands=list(fused.operands),
            result_types=[op.result.type],
            properties={**fused.properties, "activation": nn.ActivationAttr(nn.Activation.RELU)},
            attributes=dict(fused.attributes),
        )
        rewriter.replace(op, activated)
        rewriter.erase(fused)
        self.counters.add(RELUS)


@dataclass(frozen=True)
class FuseConvAddPass(ModulePass):
    """Fuse conv + elementwise add (+ relu) into `nn.conv_add`."""

    name = "fuse-conv-add"

    fold_relu: bool = True
    """Fold a following relu into `activation = relu`."""

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        counters = statistics.for_pass(self.name, STATISTICS)
        patterns: list[RewritePattern] = [FoldChannelAddIntoConvBias(counters), FuseConvIntoAdd(counters)]
        if self.fold_relu:
            patterns.append(FoldReluIntoConvAdd(counters))
        # dce_enabled=False: unrelated unused ops are not this pass's business.
        PatternRewriteWalker(GreedyRewritePatternApplier(patterns, dce_enabled=False)).rewrite_module(op)
