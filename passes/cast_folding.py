"""Patterns that make a narrowing `nn.cast` disappear once hoisting brought it up to
the op that defines its input.

- an exact widening cast right before it: `cast(cast(x : f16 -> f32) : f32 -> f16)`
  is `x` (every f16 bit pattern survives f32; casts/casts.py lists the exact pairs).
  The reverse, `f32 -> f16 -> f32`, loses bits and is never touched, and two
  narrowing casts in a row are never merged: `f64 -> f32 -> f16` rounds twice, which
  can differ from one `f64 -> f16` rounding.
- a constant: converted at compile time (see constant_casts.py).
- a conv that accumulates in f32 and returns f32 (opt-in `fold-into-producer`): the
  conv rounds its accumulator once to its result type, so asking it for f16 directly
  is the same single rounding the cast did.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern
from xdsl.rewriter import InsertPoint

from nnpipe.dialects import nn
from nnpipe.passes.cast_hoisting import MERGED
from nnpipe.passes.casts import accumulator_element, is_exact_widening, same_cast, with_element
from nnpipe.passes.constant_casts import insert_converted_constant, is_tensor_constant
from nnpipe.passes.statistics import PassStatistics, Statistic

CANCELLED = Statistic("casts-cancelled", "Widen-then-narrow cast pairs removed")
CONSTANTS = Statistic("constants-narrowed", "Casts of constants done at compile time")
FOLDED = Statistic("casts-folded", "Narrowing casts folded into a conv result type")


@dataclass
class CancelExactRoundTrip(RewritePattern):
    """`cast(cast(x : N -> W) : W -> N)` -> `x` when `N -> W` is exact (f16/bf16 ->
    f32 or f64, f32 -> f64). The inner cast stays while it has other users."""

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, cast: nn.CastOp, rewriter: PatternRewriter) -> None:
        inner = cast.input.owner
        if not isinstance(inner, nn.CastOp) or inner.input.type != cast.result.type:
            return
        if not is_exact_widening(nn.element_of(inner.input), nn.element_of(inner.result)):
            return
        rewriter.replace(cast, [], [inner.input])
        if not inner.result.uses:
            rewriter.erase(inner)
        self.counters.add(CANCELLED)


@dataclass
class NarrowConstant(RewritePattern):
    """`cast(arith.constant C) : W -> N` (narrowing) -> `arith.constant C'` with `C'`
    converted at compile time, as the cast would have at run time. Widening casts of
    constants are left alone: they would store the weights twice as large."""

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, cast: nn.CastOp, rewriter: PatternRewriter) -> None:
        if not cast.is_narrowing or not is_tensor_constant(cast.input):
            return
        constant = cast.input.owner
        assert isinstance(constant, Operation)
        converted = insert_converted_constant(cast.input, nn.element_of(cast.result), rewriter)
        converted.name_hint = cast.result.name_hint or converted.name_hint
        rewriter.replace(cast, [], [converted])
        if not constant.results[0].uses:
            rewriter.erase(constant)
        self.counters.add(CONSTANTS)


@dataclass
class FoldNarrowingCastIntoConv(RewritePattern):
    """`cast(conv(...) : f32 -> f16)` -> `conv(...) : f16` when the conv's result type
    is its accumulator type (f32 for f16/bf16/f32 inputs), so the conv rounds once,
    straight to f16. Every user of the conv must be that same cast (a conv is never
    duplicated). The bias must stay legal (input or result element type), and a
    conv_add's addend must be an exact widening of an f16 value, which is used instead.
    """

    counters: PassStatistics

    @op_type_rewrite_pattern
    def match_and_rewrite(self, cast: nn.CastOp, rewriter: PatternRewriter) -> None:
        conv = cast.input.owner
        if not cast.is_narrowing or not isinstance(conv, nn.ConvOperation):
            return
        narrow = nn.element_of(cast.result)
        input_element = nn.element_of(conv.input)
        if nn.element_of(conv.result) != accumulator_element(input_element):
            return
        if conv.bias is not None and nn.element_of(conv.bias) not in (input_element, narrow):
            return
        users = [use.operation for use in conv.result.uses]
        if not all(same_cast(cast, user) for user in users):
            return
        replaced: dict[str, SSAValue] = {}
        widened = None
        if isinstance(conv, nn.ConvAddOp):
            widened = conv.addend.owner
            if not (
                isinstance(widened, nn.CastOp)
                and widened.input.type == cast.result.type
                and is_exact_widening(narrow, nn.element_of(widened.result))
            ):
                return
            replaced["addend"] = widened.input
        operand_names = [name for name, _ in type(conv).get_irdl_definition().operands]
        folded = type(conv)(
            operands=[replaced.get(name, getattr(conv, name)) for name in operand_names],
            result_types=[with_element(conv.result.type, narrow)],
            properties=dict(conv.properties),
            attributes=dict(conv.attributes),
        )
        folded.results[0].name_hint = cast.result.name_hint or conv.result.name_hint
        rewriter.insert(folded, InsertPoint.before(conv))
        merged = list(dict.fromkeys(users))
        for user in merged:
            rewriter.replace(user, [], [folded.results[0]])
        rewriter.erase(conv)
        if isinstance(widened, nn.CastOp) and not widened.result.uses:
            rewriter.erase(widened)
        self.counters.add(FOLDED)
        self.counters.add(MERGED, len(merged) - 1)
