"""Op traits that passes query instead of hard-coding op lists: what an op does to its
data (`DataMovement`, `OrderPreserving`) and which engine runs it (`RunsOn`)."""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.ir import Operation, SSAValue
from xdsl.traits import OpTrait
from xdsl.utils.str_enum import StrEnum


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


class Engine(StrEnum):
    """The ASIC's independent units (design brief §1). Ops on different engines may
    run at the same time; ops on one engine run in program order."""

    CONV = "conv"
    """MAC array: convolutions and matrix products."""
    ADD = "add"
    """Vector unit: elementwise arithmetic, activations, casts and pools."""
    DMA = "dma"
    """Moves data between global memory and the local memory."""


@dataclass(frozen=True)
class RunsOn(OpTrait):
    """The engine that executes the op. The pipe verifier, the hw lowering and the
    cost model ask the op (`engine_of`), so a new op is scheduled correctly by
    declaring this trait, with no list of op names anywhere in a pass."""

    engine: Engine


@dataclass(frozen=True)
class Work:
    """What the cost model charges an op on an engine: MACs on the conv engine,
    elements (of `element` type) on the add engine, bytes on DMA (a `load` from
    global memory, else a store). The same record at every level: nn and pipe ops,
    hw ops (`hw.work_of`) and lower-to-hw's plans (`passes/kernel_plan.py`) are all
    charged through `interpreter/timing.cycles_of`."""

    engine: Engine
    amount: int
    element: str = ""
    load: bool = False


def engine_of(op: Operation) -> Engine | None:
    """The engine `op` runs on, or None for ops that compute nothing on an engine
    (views such as `pipe.tile`, structural ops, host ops)."""
    trait = op.get_trait(RunsOn)
    return trait.engine if trait is not None else None
