"""Canonicalization patterns of nn ops, found by xDSL's `canonicalize` pass through
each op's `HasCanonicalizationPatternsTrait`."""

from __future__ import annotations

from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern

from nnpipe.dialects import nn


class FoldIdentityCast(RewritePattern):
    """`nn.cast` to the type it already has is the identity."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.CastOp, rewriter: PatternRewriter) -> None:
        if op.input.type == op.result.type:
            rewriter.replace(op, [], [op.input])


class FoldIdentityTranspose(RewritePattern):
    """`nn.transpose` by the identity permutation is the identity."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.TransposeOp, rewriter: PatternRewriter) -> None:
        perm = nn.ints(op.permutation)
        if list(perm) == list(range(len(perm))):
            rewriter.replace(op, [], [op.input])


class ComposeTransposes(RewritePattern):
    """`transpose(transpose(x, p), q)` is `transpose(x, p∘q)`; the inner one stays
    if it has other users."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.TransposeOp, rewriter: PatternRewriter) -> None:
        inner = op.input.owner
        if not isinstance(inner, nn.TransposeOp):
            return
        p, q = nn.ints(inner.permutation), nn.ints(op.permutation)
        composed = [p[k] for k in q]
        rewriter.replace(
            op,
            nn.TransposeOp.create(
                operands=[inner.input],
                result_types=[op.result.type],
                properties={"permutation": nn.i64_array(composed)},
            ),
        )


class FoldIdentityReshape(RewritePattern):
    """`nn.reshape` to the same shape is the identity."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.ReshapeOp, rewriter: PatternRewriter) -> None:
        if op.input.type == op.result.type:
            rewriter.replace(op, [], [op.input])


class ComposeReshapes(RewritePattern):
    """`reshape(reshape(x))` is one reshape (row-major order is preserved)."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, op: nn.ReshapeOp, rewriter: PatternRewriter) -> None:
        inner = op.input.owner
        if isinstance(inner, nn.ReshapeOp):
            rewriter.replace(
                op, nn.ReshapeOp.create(operands=[inner.input], result_types=[op.result.type])
            )
