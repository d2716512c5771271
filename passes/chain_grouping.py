"""Which ops `h-split{chains=true}` groups into chains (design brief §3b).

**Chains.** A chain is a run of ops an engine runs on whole tensors (convs, conv_adds,
elementwise ops, batch norms, pools: the ops with a `kernel_plan.spec_of`) where
each op's result is the next op's first operand and has no other user: an
intermediate with a second user must reach global memory anyway, so the chain is cut
there. `linear_chains` finds the maximal ones.

**Groups.** A chain is cut into consecutive groups by cost, not grouped whole: a
larger group saves the DMA of its intermediates but holds more in local memory
(every member's weights stay resident; fewer rows fit a tile) and recomputes more
halo rows. `choose_groups` minimises the target's simulated cycles (the plan
lower-to-hw builds, `kernel_plan`) over every way of cutting the chain, by dynamic
programming over the cut points: a group costs its chain plan's cycles, or a lone
op its own kernel's; a group whose tiles fit local memory at no tile count cannot be
chosen. Ties go to fewer DMA bytes. A group whose resident weights alone exceed
local memory is not planned (it fits at no tile count). Groups have at most `MAX_MEMBERS` ops, which
bounds the search on long chains (VGG's 16 convs and relus run unbroken).

tpu-mlir's LayerGroup makes the same decision (`GroupMethod::dynamic_programming_layer_group`,
cost from its own cycle model); Vela's cascade builder grows cascades greedily while
they save SRAM. Both then overlap DMA with one compute unit; here the members of a
group also run on their own engines at once (`kernel_plan.modulo_schedule`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from xdsl.ir import Operation

from nnpipe.dialects import nn
from nnpipe.interpreter.targets import Target
from nnpipe.passes import kernel_plan
from nnpipe.passes.chain_spec import ChainSpec, chain_spec
from nnpipe.passes.kernel_plan import KernelPlan

MAX_MEMBERS = 8
"""The most ops one group holds."""


def chainable(op: Operation) -> bool:
    return op.name.startswith("nn.") and kernel_plan.spec_of(op) is not None


def _next(op: Operation, accept) -> Operation | None:
    """The op that continues a chain after `op`: its result's only user, taking it
    as its first operand, if `accept` takes it."""
    uses = list(op.results[0].uses) if len(op.results) == 1 else []
    if len(uses) != 1:
        return None
    user = uses[0].operation
    if uses[0].index != 0 or user.parent is not op.parent or not accept(user):
        return None
    return user


def linear_chains(ops: Iterable[Operation], accept=chainable) -> list[list[Operation]]:
    """The maximal chains (two ops or more) among `ops` (one block's), in order.
    `accept` says which ops may be members."""
    chains: list[list[Operation]] = []
    taken: set[Operation] = set()
    for op in ops:
        if op in taken or not accept(op):
            continue
        chain = [op]
        while (following := _next(chain[-1], accept)) is not None:
            chain.append(following)
        taken.update(chain)
        if len(chain) >= 2:
            chains.append(chain)
    return chains


def chain_operands(ops: list[Operation]) -> list:
    """The operands of a group: the group input, then every other operand of its
    members (each value once), in order."""
    found = [ops[0].operands[0]]
    for k, op in enumerate(ops):
        for i, value in enumerate(op.operands):
            if (i > 0 or k == 0) and value not in found:
                found.append(value)
    return found


@dataclass(frozen=True)
class Group:
    """Ops [start, end) of a chain, and the plan they run with (None for a lone
    op, which keeps its own lowering)."""

    start: int
    end: int
    cycles: int
    dma_bytes: int
    plan: KernelPlan | None = None

    @property
    def size(self) -> int:
        return self.end - self.start


def group_spec(ops: list[Operation]) -> ChainSpec | str:
    return chain_spec(ops, chain_operands(ops))


def _plan(spec: kernel_plan.KernelSpec, tiles: int | None, target: Target) -> KernelPlan | None:
    """`tiles=auto` (None): the best plan; else the plan at min(tiles, height)."""
    if tiles is None:
        best = kernel_plan.best_tiles(spec, target)
        return best[1] if best is not None else None
    return kernel_plan.plan(spec, min(tiles, spec.height), target)


def _lone(op: Operation, tiles: int | None, target: Target) -> Group:
    """A lone op costs what its own kernel does (a conv_add at the pipeline's tile
    count, any other op at the count lower-to-hw picks). Costed even if it does
    not fit: lower-to-hw reports that, as it would without chains."""
    spec = kernel_plan.spec_of(op)
    assert spec is not None
    plan = _plan(spec, tiles if isinstance(op, nn.ConvAddOp) else None, target) or _plan(spec, None, target)
    if plan is None:
        return Group(0, 1, 1 << 62, 1 << 62)
    return Group(0, 1, plan.cycles(target).total, plan.dma_bytes())


def choose_groups(chain: list[Operation], tiles: int | None, target: Target) -> list[Group]:
    """The cheapest cut of `chain` into groups (see the module doc)."""
    n = len(chain)
    best: list[tuple[int, int, list[Group]]] = [(0, 0, [])] + [(1 << 62, 1 << 62, [])] * n
    for end in range(1, n + 1):
        for start in range(max(0, end - MAX_MEMBERS), end):
            if start == end - 1:
                lone = _lone(chain[start], tiles, target)
                group = Group(start, end, lone.cycles, lone.dma_bytes)
            else:
                spec = group_spec(chain[start:end])
                fits = not isinstance(spec, str) and spec.resident_bytes(target) <= target.local_bytes
                plan = _plan(spec, tiles, target) if fits else None  # type: ignore[arg-type]
                if plan is None:
                    continue
                group = Group(start, end, plan.cycles(target).total, plan.dma_bytes(), plan)
            cycles, dma, groups = best[start]
            candidate = (cycles + group.cycles, dma + group.dma_bytes, [*groups, group])
            if candidate[:2] < best[end][:2]:
                best[end] = candidate
    return best[n][2]
