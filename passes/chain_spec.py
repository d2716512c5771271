"""A chain of H-local ops planned as one kernel (design brief §3b, docs/ir-pipe.md
"Chains"): the ops of a layer group run tile by tile, each on its engine, and the
intermediate tiles never leave local memory.

A `ChainSpec` is a `KernelSpec` (passes/kernel_plan.py) made of the specs of its
members — the same `ConvSpec`, `ElementwiseSpec` and `PoolSpec` a lone op is planned
with — so a chain is cut into jobs, laid out, scheduled and costed by the same code
as any kernel. What it adds:

**Backward halo.** For the output rows of a tile of the last member, `member_rows`
applies each member's window (§2) from the last to the first: the real input rows
a member reads are the rows its producer must compute, and the group input rows to
load. Padding stays where the tensor edge is: a member whose tile reaches the edge
pads in the op, never in its producer. Neighbouring tiles of an intermediate overlap
by the halo: those rows are recomputed (`recomputed_rows`).

**Jobs.** A job is one tile (and one channel block) through every member: member k's
steps follow member k-1's, reading its output buffer where a lone op would load its
input, and only the last member stores. The channel blocks are those of the last
conv (`blocked`); the members after it are channel-local and follow its blocks,
the members before it run once per tile over all channels — a later block finds
their result still held (`kernel_plan._jobs`), as it finds the input tile. Their
weights stay resident.

**Schedule.** `kernel_plan.modulo_schedule`: each stage holds at most one step per
engine; two convs of one chain share the conv engine, so the initiation interval
is the number of steps on the busiest engine.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from xdsl.dialects.builtin import TensorType
from xdsl.ir import Operation, SSAValue

from nnpipe.dialects import shapes
from nnpipe.passes import kernel_plan
from nnpipe.passes.kernel_plan import Action, Buffer, Compute, ConvSpec, KernelSpec, Load, Store

CHAIN = "chain"
"""The origin of a chain's pipeline and kernel."""


@dataclass
class ChainSpec(KernelSpec):
    """Members in dependence order: member k > 0 takes member k-1's result as its
    operand 0. `operand_maps[k][i]` is the chain operand that member k's operand i
    is (-1: the previous member's result); chain operand 0 is the group input."""

    operand_types: list[TensorType]
    result_type: TensorType
    members: tuple[KernelSpec, ...]
    operand_maps: tuple[tuple[int, ...], ...]
    origin: str = CHAIN

    @property
    def has_weights(self) -> bool:  # type: ignore[override]
        return any(m.has_weights for m in self.members)

    @property
    def blocked(self) -> int:
        """The member whose output channels the blocks cut: the last conv (the
        members after it are channel-local), or the first member if none is a conv."""
        convs = [k for k, m in enumerate(self.members) if isinstance(m, ConvSpec)]
        return convs[-1] if convs else 0

    @property
    def blocks_outer_ok(self) -> bool:  # type: ignore[override]
        return self.blocked == 0

    def max_blocks(self) -> int:
        k = self.blocked
        member = self.members[k]
        if k > 0 and isinstance(member, ConvSpec) and member.groups > 1:
            return 1  # a block of groups would read a channel slice of a local buffer
        return member.max_blocks()

    def channel_blocks(self, blocks: int) -> list[tuple[int, int]]:
        return self.members[self.blocked].channel_blocks(blocks)

    def weight_buffers(self, b: int, channels: tuple[int, int], resident: bool, j: int) -> list[tuple[int, Buffer]]:
        """The blocked conv's weights and bias of block b (chain operands, member roles)."""
        k = self.blocked
        member = self.members[k]
        if not isinstance(member, ConvSpec):
            return []
        return [
            (self.operand_maps[k][i], _renamed(buffer, k))
            for i, buffer in member.weight_buffers(b, channels, resident, j)
        ]

    def resident_bytes(self, target) -> int:
        """The local bytes the members before the blocked one hold whatever the
        tiles: their whole weights and biases, resident."""
        return sum(
            target.aligned(buffer.nbytes)
            for member in self.members[: self.blocked]
            for _, buffer in member.weight_buffers(0, (0, member.channels), True, 0)
        )

    def window(self, rows: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        return self.members[0].window(self.member_rows(rows)[0])

    def member_rows(self, rows: tuple[int, int]) -> list[tuple[int, int]]:
        """The output rows each member computes for output rows `rows` of the last."""
        return shapes.chain_rows([member.window for member in self.members[1:]], rows)

    def can_tile(self, out_rows: list[tuple[int, int]]) -> bool:
        """Every member computes at least one row of every tile (a tile whose window
        lies in a member's padding would leave its producer nothing to compute)."""
        return all(r1 > r0 for rows in out_rows for r0, r1 in self.member_rows(rows))

    def recomputed_rows(self, out_rows: list[tuple[int, int]]) -> int:
        """Rows of the intermediates computed by more than one tile."""
        per_tile = [self.member_rows(rows) for rows in out_rows]
        return sum(shapes.rows_read_twice([tile[k] for tile in per_tile]) for k in range(len(self.members) - 1))

    def intermediate_bytes(self) -> int:
        """The bytes of the intermediates: separate kernels would store each and load
        it back at least once, twice these bytes over DMA."""
        return sum(kernel_plan._bytes(m.result_type.get_shape(), m.result_type.element_type) for m in self.members[:-1])

    def job(self, t, rows, b, channels, resident, j):
        actions: list[Action] = []
        step = 0
        previous: Buffer | None = None
        blocked = self.blocked
        for k, (member, rows_k) in enumerate(zip(self.members, self.member_rows(rows))):
            if k >= blocked:
                member_actions = member.job(t, rows_k, b, channels, resident if k == blocked else False, j)
            else:  # once per tile over all channels: keys name the tile, not the job
                member_actions = member.job(t, rows_k, 0, (0, member.channels), True, ("tile", t))
            actions += self._member_actions(k, member_actions, previous, step)
            steps = [a.step for a in member_actions if isinstance(a, Compute)]
            step += 1 + max(steps)
            previous = _renamed(next(a.buffer for a in member_actions if isinstance(a, Store)), k)
        return actions

    def _member_actions(self, k: int, actions: list[Action], previous: Buffer | None, step: int) -> list[Action]:
        """Member k's actions as steps of the chain: its input is the previous
        member's result (padded in the op where its window reaches the edge), its
        other operands are chain operands, its buffers are its own roles, and only
        the last member stores."""
        substitute: dict[Buffer, Buffer] = {}
        edge_pad = (0, 0)
        out: list[Action] = []
        maps = self.operand_maps[k]
        for action in actions:
            if isinstance(action, Load):
                if action.operand == 0 and k > 0:
                    assert previous is not None
                    substitute[action.buffer] = previous
                    edge_pad = action.pad
                    continue
                out.append(Load(maps[action.operand], action.offsets, action.pad, _renamed(action.buffer, k), action.step + step))
            elif isinstance(action, Compute):
                properties = action.properties
                if edge_pad != (0, 0) and action.kind is not kernel_plan.hw.AddOp:
                    properties = _with_h_padding(properties, edge_pad)
                inputs = tuple(substitute.get(x) or _renamed(x, k) for x in action.inputs)
                out.append(Compute(action.kind, inputs, _renamed(action.output, k), properties, action.step + step, action.amount))
            elif k == len(self.members) - 1:
                out.append(Store(action.result, action.offsets, _renamed(action.buffer, k)))
        return out


@lru_cache(maxsize=1 << 16)
def _renamed(buffer: Buffer, k: int) -> Buffer:
    """`buffer` as member k's: its role gets the member's prefix (`_role`)."""
    return Buffer(_role(buffer.role, k), buffer.key, buffer.shape, buffer.element)


def _role(role: str, k: int) -> str:
    """Member k's name for a buffer role: `out` of member 1 is `m1_out` (its
    buffers print as `%m1_out0`, `%m1_out1`)."""
    return f"m{k}_{role}"


def _with_h_padding(properties: tuple[tuple[str, object], ...], pad: tuple[int, int]) -> tuple[tuple[str, object], ...]:
    """A conv's properties with H padding `pad` (its input is an intermediate tile:
    the pad rows a DMA would bring are added in the op)."""
    found = dict(properties)
    _, _, left, right = found.get("padding", (0, 0, 0, 0))  # type: ignore[misc]
    found["padding"] = (pad[0], pad[1], left, right)
    return tuple(found.items())


def chain_spec(ops: Sequence[Operation], operands: Sequence[SSAValue]) -> ChainSpec | str:
    """The chain of `ops` (each op's operand 0 is the previous op's result) on chain
    operands `operands`, or why it is not one."""
    members: list[KernelSpec] = []
    maps: list[tuple[int, ...]] = []
    for k, op in enumerate(ops):
        spec = kernel_plan.spec_of(op)
        if spec is None:
            return f"'{op.name}' runs on no engine as a whole-tensor op, so it cannot be a member of a chain"
        indices: list[int] = []
        for i, value in enumerate(op.operands):
            if i == 0 and k > 0:
                if value is not ops[k - 1].results[0]:
                    return f"'{op.name}' (member {k}) does not take member {k - 1}'s result as its first operand"
                indices.append(-1)
            elif value in operands:
                indices.append(list(operands).index(value))
            else:
                return f"operand {i} of '{op.name}' (member {k}) is not an operand of the chain"
        members.append(spec)
        maps.append(tuple(indices))
    if len(members) < 2:
        return f"a chain has at least two members, got {len(members)}"
    types = [v.type for v in operands]
    assert all(isinstance(t, TensorType) for t in types)
    return ChainSpec(types, members[-1].result_type, tuple(members), tuple(maps))  # type: ignore[arg-type]


def pipeline_chain_spec(pipeline) -> ChainSpec | str:
    """The chain a `pipe.pipeline "chain"` stands for (its computes region), or why
    the engines cannot run it."""
    assert pipeline.computes_block is not None
    return chain_spec(pipeline.members(), list(pipeline.computes_block.args))
