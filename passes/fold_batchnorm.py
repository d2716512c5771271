"""`fold-batchnorm`: fold inference batch norm, and constant per-channel `mul`/`add`,
into the conv that feeds them.

    %c = nn.conv2d %x, %w, %b          %c = nn.conv2d %x, %w', %b'
    %y = nn.batch_norm %c, ...    ==>

with `w' = w * s` (per output channel, OHWI axis 0) and `b' = (b - mean) * s + beta`,
`s = gamma / sqrt(var + eps)`; a conv without bias gets one. Each pattern leaves the
IR unchanged when the conv result has another user (the un-normalized value is still
needed), when a weight, bias or statistic is not an `arith.constant`, or when the
folded values do not fit their element type. The math lives in `conv_constants`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import SSAValue
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
from nnpipe.passes.conv_constants import constant_array, fold_affine_into_conv, per_channel_constant
from nnpipe.passes.statistics import PassStatistics, Statistic

BATCH_NORMS = Statistic("batch-norms-folded", "Batch norms folded into a conv's weights and bias")
MULS = Statistic("muls-folded", "Per-channel constant muls folded into a conv's weights and bias")
ADDS = Statistic("adds-folded", "Per-channel constant adds folded into a conv's bias")
STATISTICS = (BATCH_NORMS, MULS, ADDS)


def sole_conv_user(value: SSAValue) -> nn.Conv2DOp | None:
    """The `nn.conv2d` defining `value` if `value` has exactly one use, else None."""
    owner = value.owner
    if isinstance(owner, nn.Conv2DOp) and owner.result.has_one_use():
        return owner
    return None


def conv_and_channel_constant(
    op: nn.BinaryElementwiseOperation,
) -> tuple[nn.Conv2DOp, np.ndarray] | None:
    """For `op(conv, c)` or `op(c, conv)` whose result keeps the conv's type and
    whose `c` is a per-channel constant: the conv and `c` as a length-C vector."""
    for conv_side, other in ((op.lhs, op.rhs), (op.rhs, op.lhs)):
        conv = sole_conv_user(conv_side)
        if conv is None or op.result.type != conv.result.type:
            continue
        channel = per_channel_constant(other, nn.shape_of(conv.result))
        if channel is not None:
            return conv, channel
    return None


@dataclass
class FoldBatchNormIntoConv(RewritePattern):
    """`batch_norm(conv(x, w, b?), gamma, beta, mean, var)` with constant weights and
    statistics becomes `conv(x, w * s, (b - mean) * s + beta)`, `s = gamma /
    sqrt(var + eps)`, computed in float64 and rounded once."""

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.BatchNormOp, rewriter: PatternRewriter) -> None:
        conv = sole_conv_user(op.input)
        if conv is None:
            return
        stats = [constant_array(v) for v in (op.scale, op.bias, op.mean, op.variance)]
        if any(s is None for s in stats):
            return
        gamma, beta, mean, var = (np.asarray(s, dtype=np.float64) for s in stats)
        epsilon = float(op.epsilon.value.data)
        with np.errstate(divide="ignore", invalid="ignore"):
            scale = gamma / np.sqrt(var + epsilon)
        if not np.isfinite(scale).all():
            return
        if fold_affine_into_conv(rewriter, conv, scale, beta - mean * scale, op):
            self.counters.add(BATCH_NORMS)


@dataclass
class FoldChannelMulIntoConv(RewritePattern):
    """`mul(conv(x, w, b?), c)` (either operand order) with `c` a per-channel
    constant becomes `conv(x, w * c, b * c)`."""

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.MulOp, rewriter: PatternRewriter) -> None:
        match = conv_and_channel_constant(op)
        if match is not None:
            conv, channel = match
            if fold_affine_into_conv(rewriter, conv, channel, None, op):
                self.counters.add(MULS)


@dataclass
class FoldChannelAddIntoConvBias(RewritePattern):
    """`add(conv(x, w, b?), c)` (either operand order) with `c` a per-channel
    constant (a broadcast add such as `[1, 1, 1, C]`, `[C]` or a scalar) becomes
    `conv(x, w, b + c)`. The weights need not be constant."""

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.AddOp, rewriter: PatternRewriter) -> None:
        match = conv_and_channel_constant(op)
        if match is not None:
            conv, channel = match
            if fold_affine_into_conv(rewriter, conv, None, channel, op):
                self.counters.add(ADDS)


@dataclass(frozen=True)
class FoldBatchNormPass(ModulePass):
    """Fold batch norm and per-channel constant mul/add into the preceding conv."""

    name = "fold-batchnorm"

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        counters = statistics.for_pass(self.name, STATISTICS)
        # dce_enabled=False: the patterns erase the constants they make dead;
        # unrelated unused ops are not this pass's business.
        patterns = GreedyRewritePatternApplier(
            [FoldBatchNormIntoConv(counters), FoldChannelMulIntoConv(counters), FoldChannelAddIntoConvBias(counters)],
            dce_enabled=False,
        )
        PatternRewriteWalker(patterns).rewrite_module(op)
