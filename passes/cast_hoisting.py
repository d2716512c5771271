"""Patterns that move a narrowing `nn.cast` above the op producing its input.

`cast(M(x, ...))` becomes `M(cast(x), ...)` when M commutes with the cast bit for bit,
so M reads and writes narrow data. Which ops commute is declared on the ops, not listed
here (design brief §4):

- `DataMovement` (transpose, reshape, broadcast, slice, concat, pad, gather, scatter,
  scatter_nd): every result element is a copy of one element of a data operand (or of
  several, combined by scatter max/min, see below), and a cast is applied to each
  element independently, so casting before or after the copy gives the same bits.
  Only the operands the trait names carry data (gather/scatter indices keep their
  integer type); pad's fill value is one of them, it is copied into the result too.
- `OrderPreserving` (relu, max_pool) and scatter with reduction max/min: their result
  is one of the input elements (or +0.0), chosen by comparisons. Rounding is monotone
  under the order -0.0 < +0.0, and NaN stays NaN, so it never reverses a comparison
  and the same element wins; relu returns +0.0 for every x <= 0 in both orders
  (a cast makes -1e-10 into -0.0, and relu(-0.0) is +0.0 too), max ties prefer
  +0.0 and min ties -0.0. See docs/semantics.md.

Fan-out: the rewrite is done only when every user of M's result is the same cast
(then they all become the new M, counted as merged); a user that needs the wide value
would force M to exist twice, which `allow-duplicate` permits explicitly.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass

from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter, RewritePattern, op_type_rewrite_pattern
from xdsl.rewriter import InsertPoint

from nnpipe.dialects import nn
from nnpipe.dialects.traits import DataMovement, OrderPreserving
from nnpipe.passes.casts import hint, new_cast, same_cast, with_element
from nnpipe.passes.statistics import PassStatistics, Statistic

MOVED = Statistic("casts-moved", "Narrowing casts moved above a data-movement or order-preserving op")
MERGED = Statistic("casts-merged", "Identical casts of one value merged into one")
DUPLICATED = Statistic("ops-duplicated", "Ops duplicated to hoist past a mixed fan-out (allow-duplicate)")


@dataclass
class HoistNarrowingCast(RewritePattern, ABC):
    """Base of the hoisting patterns: `cast(M(x...))` -> `M(cast(x)...)` for the ops a
    subclass recognises; the subclass names the operands that carry data."""

    counters: PassStatistics
    allow_duplicate: bool = False

    @abstractmethod
    def data_operands(self, producer: Operation) -> tuple[SSAValue, ...] | None:
        """The operands of `producer` a narrowing cast of its result can move onto,
        or None if this pattern does not apply to `producer`."""

    @op_type_rewrite_pattern
    def match_and_rewrite(self, cast: nn.CastOp, rewriter: PatternRewriter) -> None:
        producer = cast.input.owner
        if not cast.is_narrowing or not isinstance(producer, Operation):
            return
        if len(producer.results) != 1 or producer.regions or producer.successors:
            return
        data = self.data_operands(producer)
        source = nn.element_of(cast.input)
        if not data or not all(isinstance(v.type, TensorType) and v.type.element_type == source for v in data):
            return
        moved = producer.results[0]
        users = [use.operation for use in moved.uses]
        merged = [user for user in dict.fromkeys(users) if same_cast(cast, user)]
        mixed_fan_out = len(merged) != len(users)
        if mixed_fan_out and not self.allow_duplicate:
            return

        narrow = nn.element_of(cast.result)
        casts: dict[SSAValue, nn.CastOp] = {}
        for value in data:
            if value not in casts:
                casts[value] = new_cast(value, narrow)
        narrowed = type(producer).create(
            operands=[casts[v].result if v in casts else v for v in producer.operands],
            result_types=[with_element(moved.type, narrow)],
            properties=dict(producer.properties),
            attributes=dict(producer.attributes),
        )
        narrowed.results[0].name_hint = cast.result.name_hint or hint(moved, narrow)
        rewriter.insert([*casts.values(), narrowed], InsertPoint.before(producer))
        for user in merged:
            rewriter.replace(user, [], [narrowed.results[0]])
        if not moved.uses:
            rewriter.erase(producer)

        self.counters.add(MOVED)
        self.counters.add(MERGED, len(merged) - 1)
        if mixed_fan_out:
            self.counters.add(DUPLICATED)


@dataclass
class HoistCastAboveDataMovement(HoistNarrowingCast):
    """`cast(M(x...))` -> `M(cast(x)...)` for an op declaring `DataMovement` (and,
    through `DataMovement.applies_to`, not a scatter with reduction add/mul, which
    computes): the op then moves narrow data, the result is the same bits."""

    def data_operands(self, producer: Operation) -> tuple[SSAValue, ...] | None:
        trait = producer.get_trait(DataMovement)
        if trait is None or not trait.applies_to(producer):
            return None
        return trait.data_values(producer)


@dataclass
class HoistCastAboveOrderPreserving(HoistNarrowingCast):
    """`cast(relu(x))` -> `relu(cast(x))`, likewise max_pool: ops declaring
    `OrderPreserving` pick one of their input elements (or +0.0) by comparisons that
    rounding never reverses, so they commute with a narrowing cast bit for bit."""

    def data_operands(self, producer: Operation) -> tuple[SSAValue, ...] | None:
        if not producer.has_trait(OrderPreserving):
            return None
        return tuple(producer.operands)
