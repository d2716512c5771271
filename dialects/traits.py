"""Op traits of the nn dialect that passes query instead of hard-coding op lists."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.ir import Operation, SSAValue
from xdsl.traits import OpTrait


@dataclass(frozen=True)
class DataMovement(OpTrait):
    """The op only moves, copies or selects elements of some operands; it computes
    nothing from their values.

    `data_operands` names the operands whose elements flow to the result unchanged
    (the others, such as gather indices, steer the movement and must keep their type).
    An empty tuple means every operand carries data. The result element type equals
    the data operands' element type.

    Cast hoisting relies on this: a narrowing cast of the result equals the same op
    applied to narrowed data operands, bit for bit. A new op opts in by declaring it.
    """

    data_operands: tuple[str, ...] = ()

    def applies_to(self, op: Operation) -> bool:
        """Whether this instance of the op only moves data (scatter with reduction
        add/mul computes, so it opts out through `moves_data_only`)."""
        check = getattr(op, "moves_data_only", None)
        return True if check is None else bool(check())

    def data_values(self, op: Operation) -> tuple[SSAValue, ...]:
        """The SSA values of `op` that carry data (all operands if none are named)."""
        if not self.data_operands:
            return tuple(op.operands)
        values: list[SSAValue] = []
        for name in self.data_operands:
            value = getattr(op, name)
            if value is None:
                continue
            if isinstance(value, SSAValue):
                values.append(value)
            else:
                values.extend(value)
        return tuple(values)


@dataclass(frozen=True)
class OrderPreserving(OpTrait):
    """Elementwise or windowed op built only from comparisons against +0.0 or
    between elements (relu, max_pool): rounding is monotone, so a narrowing cast
    commutes with it bit-exactly given the +0.0 conventions documented in
    docs/semantics.md."""
