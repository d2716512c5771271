"""The plan of a hw kernel: how one op (a conv_add pipeline, a conv, an elementwise
op, a pool) is cut into jobs, where its buffers go in local memory, and the modulo
schedule of its stages — and what that schedule costs on a target. `lower-to-hw`
emits the plan as hw ops; `h-split{tiles=auto}` asks it for the cycles of each tile
count. One model for both, so `auto` optimises exactly what lower-to-hw builds and
the timed interpreter measures (docs/ir-hw.md).

**Jobs.** The output is split into N tiles of rows (brief §2) and, when a tile does
not fit local memory with all output channels, into B blocks of channels (Vela's
depth slicing: a conv's output channels, with the weights of those channels; an
elementwise op's or pool's channels on every operand). Job j = (tile t, block b), in
that order. A job is a short chain of engine steps — conv then add for a conv_add,
one step per member op and more for a chain (`chain_spec.py`), one otherwise — with
the loads each step needs and the store of its result.

**Modulo schedule.** Job j runs step k in stage j * II + offset[k] + 1
(`modulo_schedule`: at most one step per engine in a stage), loads what step k reads
one stage earlier and stores its result one stage after its last step. For a
conv_add (II = 1, offsets 0, 1) stage s holds: DMA loads of job s (input tile,
weights) and of job s-1's addend, the conv of job s-1, the add of job s-2 and the
store of job s-3 — load ∥ conv ∥ add ∥ store.

**Buffers.** Every buffer role has slots of its largest instance; an instance takes
the first slot whose previous instance is dead before it is written (`_layout`):
two slots — double buffering — when jobs overlap, as they do at II = 1, one when they
do not. An input tile is one instance for all blocks of its tile. Weights stay
resident (one slot, loaded once) when they fit; otherwise each job streams its block's.

**Cost.** A stage lasts as long as its busiest engine plus the barrier; the costs are
the target's (`interpreter/targets.py`), computed from the same quantities the
timed interpreter reads off the hw ops (MACs, elements, bytes).
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache

from xdsl.dialects.builtin import TensorType
from xdsl.ir import Attribute

from nnpipe.dialects import dtypes, hw, nn, shapes
from nnpipe.dialects.nn import i64_array
from nnpipe.dialects.traits import Engine, Work, engine_of
from nnpipe.interpreter.targets import Target
from nnpipe.interpreter.timing import Cycles, cycles_of
from nnpipe.passes.errors import OpError

# --------------------------------------------------------------------------- #
# Actions                                                                     #
# --------------------------------------------------------------------------- #


def _count(shape: Sequence[int]) -> int:
    return math.prod(shape)


@lru_cache(maxsize=None)
def _width(element: Attribute) -> int:
    return dtypes.bit_width(element)


def _bytes(shape: Sequence[int], element: Attribute) -> int:
    return _count(shape) * _width(element) // 8


@dataclass(frozen=True)
class Buffer:
    """One instance of a buffer role: what a load or a step writes, read later."""

    role: str
    key: tuple
    shape: tuple[int, ...]
    element: Attribute

    @cached_property
    def nbytes(self) -> int:
        return _bytes(self.shape, self.element)


@dataclass(frozen=True)
class Load:
    """DMA of kernel operand `operand` at `offsets` into `buffer` (pad rows along H)."""

    operand: int
    offsets: tuple[int, ...]
    pad: tuple[int, int]
    buffer: Buffer
    step: int
    """The compute step that reads it: the load runs one stage before that step."""

    engine = Engine.DMA

    @property
    def nbytes(self) -> int:
        """Bytes read from global memory (pad rows are made, not moved)."""
        if self.pad == (0, 0):
            return self.buffer.nbytes
        rows = self.buffer.shape[1]
        return self.buffer.nbytes // rows * (rows - sum(self.pad))

    def charge(self) -> Work:
        return Work(Engine.DMA, self.nbytes, load=True)


@dataclass(frozen=True)
class Store:
    """DMA of `buffer` into kernel result `result` at `offsets`."""

    result: int
    offsets: tuple[int, ...]
    buffer: Buffer

    engine = Engine.DMA

    def charge(self) -> Work:
        return Work(Engine.DMA, self.buffer.nbytes)


@dataclass(frozen=True)
class Compute:
    """Step `step` of a job: the hw op `kind` from `inputs` into `output`."""

    kind: type[hw.ComputeOp]
    inputs: tuple[Buffer, ...]
    output: Buffer
    properties: tuple[tuple[str, object], ...]
    """Plain values (int tuples become i64 arrays when the op is built: making
    attributes for every candidate plan of tiles=auto would dominate its time)."""
    step: int
    amount: int
    """MACs on the conv engine, elements on the add engine (as `hw.work_of` counts
    them on the op this becomes)."""

    @property
    def engine(self) -> Engine:
        return _engine_of_kind(self.kind)

    def charge(self) -> Work:
        return Work(self.engine, self.amount, str(self.inputs[0].element))


@lru_cache(maxsize=None)
def _engine_of_kind(kind: type[hw.ComputeOp]) -> Engine:
    trait = kind.get_trait(hw.RunsOn)
    assert trait is not None
    return trait.engine


Action = Load | Store | Compute

RELU = nn.ActivationAttr(nn.Activation.RELU)


def attribute(value: object) -> Attribute:
    """The property attribute of a plan value: int tuples are i64 arrays."""
    if isinstance(value, tuple):
        return i64_array(value)
    if isinstance(value, int):
        return nn.IntegerAttr(value, nn.i64)
    assert isinstance(value, Attribute)
    return value


# --------------------------------------------------------------------------- #
# What is being planned                                                       #
# --------------------------------------------------------------------------- #


class KernelSpec(ABC):
    """An op to run as a kernel: its operand and result types and how a job of it
    looks. Rank-4 NHWC, split along H (rows) and the last axis (channels)."""

    origin: str
    operand_types: list[TensorType]
    result_type: TensorType

    @property
    def height(self) -> int:
        return self.result_type.get_shape()[1]

    @property
    def channels(self) -> int:
        return self.result_type.get_shape()[3]

    def max_blocks(self) -> int:
        """Channel blocks the op can be cut into (1: it cannot be)."""
        return self.channels

    def channel_blocks(self, blocks: int) -> list[tuple[int, int]]:
        """The output channels of `blocks` blocks, as even as possible."""
        return shapes.split_rows(self.channels, blocks)

    has_weights = False

    blocks_outer_ok = True
    """Whether jobs may run block by block (a chain with full-channel steps before
    its blocked conv may not: they would be recomputed for every block)."""

    def window(self, rows: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        """The real input rows output rows `rows` read and the pad rows they need
        (brief §2); an elementwise op reads its own rows."""
        return rows, (0, 0)

    def weight_buffers(self, b: int, channels: tuple[int, int], resident: bool, j: int) -> list[tuple[int, "Buffer"]]:
        """(operand, buffer) of the weights block b reads (none for an op without)."""
        return []

    def can_tile(self, out_rows: list[tuple[int, int]]) -> bool:
        """Whether these output rows make a plan (a chain cannot give an
        intermediate an empty tile)."""
        return True

    @abstractmethod
    def job(self, t: int, rows: tuple[int, int], b: int, channels: tuple[int, int], resident: bool, j: int) -> list[Action]:
        """The actions of job j: tile t (output rows), block b (output channels),
        loading every buffer it reads (`_jobs` drops a load whose buffer already
        holds that data: an input tile shared by the blocks of its tile, weights
        shared by the tiles of their block)."""


_DEFAULTS: dict[str, object] = {"strides": (1, 1), "padding": (0, 0, 0, 0), "dilations": (1, 1), "groups": 1}


def _non_default(**properties: object) -> list[tuple[str, object]]:
    """The window properties that differ from their defaults (MLIR prints no default)."""
    return [(name, value) for name, value in properties.items() if value != _DEFAULTS[name]]


def _out_shape(spec: KernelSpec, rows: tuple[int, int], channels: tuple[int, int]) -> tuple[int, ...]:
    n, _, w, _ = spec.result_type.get_shape()
    return (n, rows[1] - rows[0], w, channels[1] - channels[0])


@dataclass
class ConvSpec(KernelSpec):
    """nn.conv2d (one step, conv engine) or nn.conv_add / its pipeline (conv, then
    add on the add engine: the accumulator plus the widened addend, relu, one
    rounding)."""

    origin: str
    operand_types: list[TensorType]
    result_type: TensorType
    strides: tuple[int, int]
    padding: tuple[int, int, int, int]
    dilations: tuple[int, int]
    groups: int
    relu: bool
    accumulator: Attribute
    has_weights = True

    @property
    def with_addend(self) -> bool:
        return self.origin == "nn.conv_add"

    @property
    def bias_index(self) -> int | None:
        count = 3 if self.with_addend else 2
        return count if len(self.operand_types) > count else None

    def max_blocks(self) -> int:
        return self.groups if self.groups > 1 else self.channels

    def channel_blocks(self, blocks: int) -> list[tuple[int, int]]:
        """A grouped conv is cut between groups: a block is whole groups, its conv a
        grouped conv over those groups' input and output channels."""
        if self.groups == 1:
            return shapes.split_rows(self.channels, blocks)
        per_group = self.channels // self.groups
        return [(g0 * per_group, g1 * per_group) for g0, g1 in shapes.split_rows(self.groups, blocks)]

    def window(self, rows: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        _, h, _, _ = self.operand_types[0].get_shape()
        _, kh, _, _ = self.operand_types[1].get_shape()
        return shapes.conv_tile_window(rows, h, kh, self.strides[0], self.padding[0], self.dilations[0])

    def weight_buffers(self, b: int, channels: tuple[int, int], resident: bool, j: int) -> list[tuple[int, Buffer]]:
        """(operand, buffer) of the weights and bias of block b: resident ones are
        one role per block (loaded once, kept), streamed ones one role whose buffer
        holds one block at a time."""
        _, kh, kw, cig = self.operand_types[1].get_shape()
        c0, c1 = channels
        role, key = (f"w{b}", ("w", b)) if resident else ("w", ("w", b))
        found = [(1, Buffer(role, key, (c1 - c0, kh, kw, cig), self.operand_types[1].element_type))]
        if (bi := self.bias_index) is not None:
            bias_role = f"bias{b}" if resident else "bias"
            found.append((bi, Buffer(bias_role, key, (c1 - c0,), self.operand_types[bi].element_type)))
        return found

    def job(self, t, rows, b, channels, resident, j):
        x_t = self.operand_types[0]
        n, _, wd, ci = x_t.get_shape()
        _, kh, kw, cig = self.operand_types[1].get_shape()
        (r0, r1), (top, bottom) = self.window(rows)
        c0, c1 = channels
        actions: list[Action] = []
        groups, first_in = self.groups, 0
        if self.groups > 1 and (c0, c1) != (0, self.channels):
            # A block of whole groups reads only those groups' input channels.
            per_group = self.channels // self.groups
            groups = (c1 - c0) // per_group
            first_in, ci = c0 // per_group * cig, groups * cig
            x = Buffer("in", ("in", t, b), (n, r1 - r0 + top + bottom, wd, ci), x_t.element_type)
        else:
            x = Buffer("in", ("in", t), (n, r1 - r0 + top + bottom, wd, ci), x_t.element_type)
        actions.append(Load(0, (0, r0, 0, first_in), (top, bottom), x, 0))
        inputs = [x]
        for operand, buffer in self.weight_buffers(b, channels, resident, j):
            offsets = (c0, 0, 0, 0) if operand == 1 else (c0,)
            actions.append(Load(operand, offsets, (0, 0), buffer, 0))
            inputs.append(buffer)
        out_shape = _out_shape(self, rows, channels)
        conv_out = Buffer(
            "acc" if self.with_addend else "out",
            ("conv", j),
            out_shape,
            self.accumulator if self.with_addend else self.result_type.element_type,
        )
        _, _, pl, pr = self.padding
        props = _non_default(strides=self.strides, padding=(0, 0, pl, pr), dilations=self.dilations, groups=groups)
        macs = _count(out_shape) * kh * kw * cig
        actions.append(Compute(hw.ConvOp, tuple(inputs), conv_out, tuple(props), 0, macs))
        result = conv_out
        if self.with_addend:
            z_t = self.operand_types[2]
            z = Buffer("z", ("z", j), out_shape, z_t.element_type)
            actions.append(Load(2, (0, rows[0], 0, c0), (0, 0), z, 1))
            result = Buffer("out", ("out", j), out_shape, self.result_type.element_type)
            props = [("activation", RELU)] if self.relu else []
            actions.append(Compute(hw.AddOp, (conv_out, z), result, tuple(props), 1, _count(out_shape)))
        actions.append(Store(0, (0, rows[0], 0, c0), result))
        return actions


@dataclass
class ElementwiseSpec(KernelSpec):
    """An add-engine op on operands of the result's shape (hw.add, hw.relu, ...),
    or of one value per channel (rank 1: batch norm's scale, bias, mean, variance)."""

    origin: str
    operand_types: list[TensorType]
    result_type: TensorType
    kind: type[hw.ComputeOp]
    roles: tuple[str, ...]
    properties: tuple[tuple[str, object], ...] = ()

    def job(self, t, rows, b, channels, resident, j):
        shape = _out_shape(self, rows, channels)
        offsets = (0, rows[0], 0, channels[0])
        loads = []
        for i, (role, ty) in enumerate(zip(self.roles, self.operand_types)):
            if len(ty.get_shape()) == 1:  # one value per channel: this block's channels
                buffer = Buffer(role, (role, j), (channels[1] - channels[0],), ty.element_type)
                loads.append(Load(i, (channels[0],), (0, 0), buffer, 0))
            elif ty.get_shape() != self.result_type.get_shape():  # [1, 1, 1, C], broadcast
                buffer = Buffer(role, (role, j), (1, 1, 1, channels[1] - channels[0]), ty.element_type)
                loads.append(Load(i, (0, 0, 0, channels[0]), (0, 0), buffer, 0))
            else:
                loads.append(Load(i, offsets, (0, 0), Buffer(role, (role, j), shape, ty.element_type), 0))
        out = Buffer("out", ("out", j), shape, self.result_type.element_type)
        compute = Compute(self.kind, tuple(load.buffer for load in loads), out, self.properties, 0, _count(shape))
        return [*loads, compute, Store(0, offsets, out)]


@dataclass
class PoolSpec(KernelSpec):
    """hw.max_pool / hw.avg_pool: a tile reads its window's real rows and pads
    itself in the op (max-pool padding is -inf, so the DMA's zero rows would not do)."""

    origin: str
    operand_types: list[TensorType]
    result_type: TensorType
    kind: type[hw.PoolOp]
    kernel: tuple[int, int]
    strides: tuple[int, int]
    padding: tuple[int, int, int, int]
    dilations: tuple[int, int]
    extra: tuple[tuple[str, Attribute], ...] = field(default=())

    def window(self, rows: tuple[int, int]) -> tuple[tuple[int, int], tuple[int, int]]:
        h = self.operand_types[0].get_shape()[1]
        return shapes.conv_tile_window(rows, h, self.kernel[0], self.strides[0], self.padding[0], self.dilations[0])

    def job(self, t, rows, b, channels, resident, j):
        x_t = self.operand_types[0]
        n, h, wd, _ = x_t.get_shape()
        (r0, r1), (top, bottom) = self.window(rows)
        c0, c1 = channels
        x = Buffer("in", ("in", j), (n, r1 - r0, wd, c1 - c0), x_t.element_type)
        out_shape = _out_shape(self, rows, channels)
        out = Buffer("out", ("out", j), out_shape, self.result_type.element_type)
        _, _, pl, pr = self.padding
        props = (
            ("kernel", self.kernel),
            *_non_default(strides=self.strides, padding=(top, bottom, pl, pr), dilations=self.dilations),
            *self.extra,
        )
        work = _count(out_shape) * self.kernel[0] * self.kernel[1]
        return [
            Load(0, (0, r0, 0, c0), (0, 0), x, 0),
            Compute(self.kind, (x,), out, props, 0, work),
            Store(0, (0, rows[0], 0, c0), out),
        ]


# --------------------------------------------------------------------------- #
# The plan                                                                    #
# --------------------------------------------------------------------------- #


@dataclass(frozen=True)
class Role:
    offset: int
    slot_bytes: int
    slots: int


@dataclass
class KernelPlan:
    spec: KernelSpec
    out_rows: list[tuple[int, int]]
    blocks: list[tuple[int, int]]
    resident: bool
    blocks_outer: bool
    """Jobs block by block (each weight block streamed once, input tiles once per
    block) rather than tile by tile."""
    stages: list[list[Action]]
    roles: dict[str, Role]
    slot_of: dict[tuple[str, tuple], int]
    local_bytes: int

    @property
    def tiles(self) -> int:
        return len(self.out_rows)

    def offset_of(self, buffer: Buffer) -> int:
        role = self.roles[buffer.role]
        return role.offset + self.slot_of[(buffer.role, buffer.key)] * role.slot_bytes

    def dma_bytes(self) -> int:
        """Bytes the DMA moves: loads (pad rows are made, not moved) and stores."""
        return sum(
            a.nbytes if isinstance(a, Load) else a.buffer.nbytes
            for stage in self.stages
            for a in stage
            if isinstance(a, (Load, Store))
        )

    def cycles(self, target: Target) -> Cycles:
        """The schedule's figures on `target`: the same `cycles_of` and stage rule the
        timed interpreter applies to the hw ops this plan becomes."""
        return Cycles.of(
            ([(a.engine, cycles_of(a.charge(), target)) for a in stage], target.barrier_cycles) for stage in self.stages
        )


def modulo_schedule(engines: Sequence[Engine]) -> tuple[int, list[int]]:
    """The initiation interval II and the stage offset of each step of a job whose
    steps run on `engines`, in order (brief §3b): job j runs step k in stage
    j * II + offset[k]. II is the most steps any engine runs, and each step goes to
    the first stage after its predecessor's whose slot (stage mod II) its engine has
    free, so a stage holds at most one step per engine and steps of one job that
    share an engine serialize over stages. Steps on distinct engines give II = 1
    and offsets 0, 1, 2, ... (the conv_add pipeline: conv(t) ∥ add(t-1))."""
    ii = max(Counter(engines).values(), default=1)
    taken: set[tuple[int, Engine]] = set()
    offsets: list[int] = []
    stage = 0
    for engine in engines:
        while (stage % ii, engine) in taken:
            stage += 1
        taken.add((stage % ii, engine))
        offsets.append(stage)
        stage += 1
    return ii, offsets


def step_engines(jobs: list[list[Action]]) -> list[Engine]:
    """The engine of each step of a job (the first job runs every step)."""
    engines: dict[int, Engine] = {}
    for job in jobs:
        for action in job:
            if isinstance(action, Compute):
                engines.setdefault(action.step, action.engine)
    return [engines[k] for k in sorted(engines)]


def _schedule(jobs: list[list[Action]]) -> list[list[Action]]:
    """The modulo schedule (`modulo_schedule`): job j runs step k in stage
    j * II + offset[k] + 1, loads what step k reads one stage earlier and stores its
    result one stage after its last step; within a stage DMA first, then the conv
    and add engines. Stages left empty (a chain's full-channel steps, which only a
    tile's first block runs) are dropped."""
    ii, offsets = modulo_schedule(step_engines(jobs))
    last = offsets[-1] if offsets else 0
    stages: list[list[Action]] = [[] for _ in range((len(jobs) - 1) * ii + last + 3)]
    for j, job in enumerate(jobs):
        base = j * ii
        for action in job:
            if isinstance(action, Load):
                stages[base + offsets[action.step]].append(action)
            elif isinstance(action, Compute):
                stages[base + offsets[action.step] + 1].append(action)
            else:
                stages[base + last + 2].append(action)
    order = {Engine.DMA: 0, Engine.CONV: 1, Engine.ADD: 2}
    for stage in stages:
        stage.sort(key=lambda a: (order[a.engine], 0 if isinstance(a, Load) else 1))
    return [s for s in stages if s]


def _lifetimes(stages: list[list[Action]]) -> dict[tuple[str, tuple], list[int]]:
    """Per buffer instance (role, key), in order of first write: [the stage that
    writes it, the last stage that reads it]."""
    live: dict[tuple[str, tuple], list[int]] = {}
    for s, stage in enumerate(stages):
        for action in stage:
            if isinstance(action, Load):
                live.setdefault((action.buffer.role, action.buffer.key), [s, s])
            elif isinstance(action, Compute):
                for x in action.inputs:
                    live[(x.role, x.key)][1] = s
                live.setdefault((action.output.role, action.output.key), [s, s])
            else:
                live[(action.buffer.role, action.buffer.key)][1] = s
    return live


def _layout(
    jobs: list[list[Action]], stages: list[list[Action]], target: Target
) -> tuple[dict[str, Role], dict[tuple[str, tuple], int], int]:
    """Each role's instances share its slots, the largest instance each: an instance
    takes the first slot whose last instance was last read before this one is
    written (never in the same stage: engines of one stage run at once). Two slots
    when jobs overlap (load of job j+1 while job j computes: double buffering), one
    when an instance is dead before the next is written (a chain whose steps are
    spread over a longer initiation interval)."""
    sizes: dict[str, int] = {}  # in the order the jobs' actions name the roles: the memory map's order
    for job in jobs:
        for action in job:
            buffer = action.output if isinstance(action, Compute) else action.buffer
            sizes[buffer.role] = max(sizes.get(buffer.role, 0), target.aligned(buffer.nbytes))
    free_after: dict[str, list[int]] = {role: [] for role in sizes}  # per slot, the last stage its instance is read
    slot_of: dict[tuple[str, tuple], int] = {}
    for (role, key), (first, last) in _lifetimes(stages).items():
        slots = free_after[role]
        slot = next((i for i, end in enumerate(slots) if end < first), len(slots))
        if slot == len(slots):
            slots.append(last)
        else:
            slots[slot] = last
        slot_of[(role, key)] = slot
    roles: dict[str, Role] = {}
    offset = 0
    for role, slots in free_after.items():
        roles[role] = Role(offset, sizes[role], len(slots))
        offset += len(slots) * sizes[role]
    return roles, slot_of, offset


def _jobs(
    spec: KernelSpec,
    out_rows: list[tuple[int, int]],
    channel_blocks: list[tuple[int, int]],
    resident: bool,
    blocks_outer: bool = False,
) -> list[list[Action]]:
    """The jobs in order — tile by tile, each tile's blocks in turn, or with
    `blocks_outer` block by block (weights stationary) — each without the loads of
    data its buffer already holds, and without the steps whose result is already
    held (a chain's full-channel steps, shared by the blocks of a tile). Data loaded
    again after its buffer held other data is a new instance (its key gets the
    occurrence), so slots alternate."""
    order = [(t, b) for b in range(len(channel_blocks)) for t in range(len(out_rows))] if blocks_outer else [
        (t, b) for t in range(len(out_rows)) for b in range(len(channel_blocks))
    ]
    holds: dict[str, tuple] = {}  # role -> the key of the data its buffer holds now
    current: dict[tuple[str, tuple], Buffer] = {}  # (role, key) -> its latest instance
    loads: Counter[tuple[str, tuple]] = Counter()
    jobs: list[list[Action]] = []
    for t, b in order:
        kept: list[Action] = []
        for action in spec.job(t, out_rows[t], b, channel_blocks[b], resident, len(jobs)):
            if isinstance(action, Load):
                buffer = action.buffer
                name = (buffer.role, buffer.key)
                if holds.get(buffer.role) == buffer.key:
                    continue
                holds[buffer.role] = buffer.key
                occurrence = loads[name]
                loads[name] += 1
                current[name] = buffer if occurrence == 0 else replace(buffer, key=(*buffer.key, occurrence))
                kept.append(replace(action, buffer=current[name]))
            elif isinstance(action, Compute):
                output = action.output
                if holds.get(output.role) == output.key:
                    continue  # a chain's full-channel step, done by the tile's first block
                holds[output.role] = output.key
                inputs = tuple(current.get((x.role, x.key), x) for x in action.inputs)
                kept.append(replace(action, inputs=inputs))
            else:
                kept.append(action)
        jobs.append(kept)
    return jobs


def build(
    spec: KernelSpec,
    out_rows: list[tuple[int, int]],
    blocks: int,
    resident: bool,
    target: Target,
    blocks_outer: bool = False,
) -> KernelPlan:
    channel_blocks = spec.channel_blocks(blocks)
    jobs = _jobs(spec, out_rows, channel_blocks, resident, blocks_outer)
    stages = _schedule(jobs)
    roles, slot_of, needed = _layout(jobs, stages, target)
    return KernelPlan(spec, out_rows, channel_blocks, resident, blocks_outer, stages, roles, slot_of, needed)


def footprint(spec: KernelSpec, out_rows: list[tuple[int, int]], blocks: int, resident: bool, target: Target) -> int:
    """The local bytes `build` would lay out, from the jobs of the first two blocks
    only (every role's largest instance and slot count show there; the first
    blocks are the largest), plus the resident weights of the other blocks."""
    channel_blocks = spec.channel_blocks(blocks)
    # Tiles of one row count away from the edges have buffers of one shape: the
    # first two, the last two and the two around the row-count change stand for all.
    extra = spec.height % len(out_rows) if len(out_rows) else 0
    sample = sorted({i for i in (0, 1, extra - 1, extra, len(out_rows) - 2, len(out_rows) - 1) if 0 <= i < len(out_rows)})
    jobs = _jobs(spec, [out_rows[i] for i in sample], channel_blocks[:2], resident)
    needed = _layout(jobs, _schedule(jobs), target)[2]
    if resident:
        for b, channels in enumerate(channel_blocks[2:], start=2):
            needed += sum(target.aligned(buffer.nbytes) for _, buffer in spec.weight_buffers(b, channels, True, 0))
    return needed


def choose_blocks(
    spec: KernelSpec, out_rows: list[tuple[int, int]], target: Target, modes: Sequence[bool] | None = None
) -> tuple[int, bool] | None:
    """(channel blocks, weights resident) for these tiles: resident weights if any
    block count lets them fit, else streamed; the fewest blocks that fit. None if
    nothing fits. `modes` restricts the weight modes tried (resident True/False)."""
    capacity = target.local_bytes
    limit = spec.max_blocks()
    if not spec.can_tile(out_rows):
        return None
    if modes is None:
        modes = [True, False] if spec.has_weights else [False]
    for resident in modes:
        one = footprint(spec, out_rows, 1, resident, target)
        if one <= capacity:
            return 1, resident
        if limit == 1:
            continue
        # The footprint is about fixed + per_block / B: guess B from B = 1 and 2,
        # then step to the smallest fitting count.
        two = footprint(spec, out_rows, 2, resident, target)
        per_block = 2 * (one - two)
        fixed = one - per_block
        if two <= capacity:
            return 2, resident
        guess = limit if per_block <= 0 or fixed >= capacity else -(-per_block // (capacity - fixed))
        lo, hi = 2, max(3, min(limit, guess))  # lo does not fit; find the smallest hi that does
        while footprint(spec, out_rows, hi, resident, target) > capacity:
            if hi == limit:
                break
            lo, hi = hi, min(limit, hi * 2)
        else:
            while hi - lo > 1:
                mid = (lo + hi) // 2
                if footprint(spec, out_rows, mid, resident, target) <= capacity:
                    hi = mid
                else:
                    lo = mid
            return hi, resident
    return None


def plan(spec: KernelSpec, tiles: int | list[tuple[int, int]], target: Target) -> KernelPlan | None:
    """The plan of `spec` over `tiles` tiles (or these output rows): for each way of
    holding the weights (resident, or streamed block by block) the fewest channel
    blocks that fit local memory, and of those the one with fewer cycles (resident
    weights load once, but leave less room, so they may need many more blocks).
    None if nothing fits."""
    out_rows = shapes.split_rows(spec.height, tiles) if isinstance(tiles, int) else tiles
    candidates = []
    for resident in [True, False] if spec.has_weights else [False]:
        choice = choose_blocks(spec, out_rows, target, [resident])
        if choice is None:
            continue
        # Streamed weights: tile by tile re-streams every block for every tile,
        # block by block re-loads every input tile for every block; cost both.
        orders = (
            [False, True]
            if not resident and spec.has_weights and spec.blocks_outer_ok and choice[0] > 1 and len(out_rows) > 1
            else [False]
        )
        for blocks_outer in orders:
            candidate = build(spec, out_rows, choice[0], resident, target, blocks_outer)
            candidates.append((candidate.cycles(target).total, not resident, blocks_outer, candidate))
    return min(candidates, key=lambda c: c[:3])[3] if candidates else None


def smallest_fitting_tiles(spec: KernelSpec, target: Target, modes: Sequence[bool] | None = None) -> int | None:
    """The smallest tile count whose tiles fit (with weights held in one of `modes`).
    From two tiles on, more tiles never make a buffer larger (the largest tile's
    window only shrinks), so the count is bisected; one tile is checked apart, since
    it needs one slot per role where more tiles need two."""

    def fits(tiles: int) -> bool:
        return choose_blocks(spec, shapes.split_rows(spec.height, tiles), target, modes) is not None

    if fits(1):
        return 1
    lo, hi = 1, spec.height  # lo does not fit
    if hi < 2 or not fits(hi):
        return None
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if fits(mid):
            hi = mid
        else:
            lo = mid
    return hi


def candidate_tiles(height: int, first: int) -> list[int]:
    """For every tile height r, the fewest tiles that give it: ceil(height / r).
    More tiles of the same height only add jobs (DMA latency, fixed costs) with the
    same buffers and channel blocks, so these are the counts worth costing."""
    return sorted({first} | {-(-height // r) for r in range(1, height + 1) if -(-height // r) >= first})


_BEST: dict[tuple[str, str], tuple[int, KernelPlan] | None] = {}
"""best_tiles by (spec, target): a network repeats layers of one shape (ResNet-50's
37 plain convs have 20 distinct specs), and a plan refers to types only, never to values."""


def best_tiles(spec: KernelSpec, target: Target) -> tuple[int, KernelPlan] | None:
    """`tiles=auto`: from the smallest tile count that fits (where tpu-mlir starts),
    cost every candidate count (`candidate_tiles`: one per tile height) with the
    plan's simulated cycles; the fewest cycles win, the smaller count on ties."""
    key = (repr(spec), repr(target))
    if key not in _BEST:
        if len(_BEST) > 4096:
            _BEST.clear()
        _BEST[key] = _best_tiles(spec, target)
    return _BEST[key]


def _best_tiles(spec: KernelSpec, target: Target) -> tuple[int, KernelPlan] | None:
    first = smallest_fitting_tiles(spec, target)
    if first is None:
        return None
    best: tuple[int, int, KernelPlan] | None = None
    for tiles in candidate_tiles(spec.height, first):
        candidate = plan(spec, tiles, target)
        if candidate is not None:
            total = candidate.cycles(target).total
            if best is None or total < best[0]:
                best = (total, tiles, candidate)
    assert best is not None
    return best[1], best[2]


def fit_error(op, spec: KernelSpec, tiles: int, target: Target) -> OpError:
    """The diagnostic for `op` whose `tiles` tiles fit no channel cut: the smallest
    tile count that fits, or that none does."""
    name = f"%{op.results[0].name_hint}: " if op.results and op.results[0].name_hint else ""
    memory = f"the {target.local_bytes} bytes of local memory of target '{target.name}'"
    first = smallest_fitting_tiles(spec, target)
    if first is None:
        return OpError(
            f"{name}does not fit {memory} at any tile count, even one output row per tile with its channels "
            "cut into blocks",
            op,
        )
    rows = -(-spec.height // tiles)
    return OpError(
        f"{name}tiles of up to {rows} output rows do not fit {memory}, however the output channels are cut: "
        f"the smallest tile count that fits is {first} (h-split{{tiles={first}}}, or tiles=auto)",
        op,
    )


def exhaustive_tiles(spec: KernelSpec, target: Target) -> Iterator[tuple[int, int]]:
    """(N, total cycles) for every N from 1 to the output height that fits."""
    for tiles in range(1, spec.height + 1):
        candidate = plan(spec, tiles, target)
        if candidate is not None:
            yield tiles, candidate.cycles(target).total


# --------------------------------------------------------------------------- #
# Specs of the ops lower-to-hw runs on an engine                              #
# --------------------------------------------------------------------------- #


def _tensor_types(values) -> list[TensorType]:
    types = [v.type for v in values]
    assert all(isinstance(t, TensorType) for t in types)
    return types  # type: ignore[return-value]


def conv_spec(origin: str, operands, result_type: TensorType, props, relu: bool) -> ConvSpec:
    """A conv (origin nn.conv2d) or conv_add (origin nn.conv_add) with geometry
    `props` (the op's or the pipeline's properties)."""
    from nnpipe.passes.casts import accumulator_element

    def get(name: str, default: Sequence[int]) -> tuple[int, ...]:
        attr = props.get(name)
        return nn.ints(attr) if attr is not None else tuple(default)

    groups = props.get("groups")
    types = _tensor_types(operands)
    return ConvSpec(
        origin,
        types,
        result_type,
        get("strides", (1, 1)),  # type: ignore[arg-type]
        get("padding", (0, 0, 0, 0)),  # type: ignore[arg-type]
        get("dilations", (1, 1)),  # type: ignore[arg-type]
        groups.value.data if groups is not None else 1,
        relu,
        accumulator_element(types[0].element_type),
    )


def spec_of(op) -> KernelSpec | None:
    """The kernel spec of an nn op an engine can run whole, or None (a host op).
    Which engine, and whether the op is a conv, an elementwise op or a pool, is
    asked of the op (its `RunsOn` trait and hw counterpart), not listed here."""
    from nnpipe.dialects import pipe

    engine = engine_of(op) if not isinstance(op, pipe.PipelineOp) else Engine.CONV
    if engine is None or not op.results or not all(isinstance(r.type, TensorType) for r in op.results):
        return None
    result_type = op.results[0].type
    if len(result_type.get_shape()) != 4 or len(op.results) != 1:
        return None
    relu = getattr(op, "activation", None) is not None
    if isinstance(op, pipe.PipelineOp):
        if op.is_chain:
            from nnpipe.passes.chain_spec import pipeline_chain_spec

            chain = pipeline_chain_spec(op)
            return None if isinstance(chain, str) else chain
        return conv_spec(op.origin.data, op.ins, result_type, op.properties, relu)
    if isinstance(op, nn.ConvOperation):
        return conv_spec(op.name, op.operands, result_type, op.properties, relu)
    kind = HW_COUNTERPART.get(type(op))
    if kind is None:
        return None
    types = _tensor_types(op.operands)
    if issubclass(kind, hw.PoolOp):
        assert isinstance(op, nn.PoolOperation)
        if op.ceil_mode.value.data and op.expected_result_shape() != _floor_shape(op):
            return None
        extra: tuple[tuple[str, Attribute], ...] = ()
        if isinstance(op, nn.AvgPoolOp) and op.count_include_pad.value.data:
            extra = (("count_include_pad", op.count_include_pad),)
        k, s, p, d = (nn.ints(getattr(op, name)) for name in ("kernel", "strides", "padding", "dilations"))
        return PoolSpec(op.name, types, result_type, kind, k, s, p, d, extra)  # type: ignore[arg-type]
    if isinstance(op, nn.BatchNormOp):
        channels = result_type.get_shape()[-1]
        if types[0].get_shape() != result_type.get_shape() or any(t.get_shape() != (channels,) for t in types[1:]):
            return None
        return ElementwiseSpec(
            op.name, types, result_type, kind, ("in", "gamma", "beta", "mu", "var"), (("epsilon", op.epsilon),)
        )
    per_channel = hw.per_channel_shape(result_type.get_shape())
    if types[0].get_shape() != result_type.get_shape() or any(
        t.get_shape() not in (result_type.get_shape(), per_channel) for t in types[1:]
    ):
        return None  # other broadcasting: the host's
    if kind is not hw.CastOp and any(t.element_type != result_type.element_type for t in types):
        return None
    return ElementwiseSpec(op.name, types, result_type, kind, ("a", "b") if len(types) == 2 else ("in",))


def _floor_shape(op) -> tuple[int, ...]:
    n, h, w, c = nn.shape_of(op.input)
    kh, kw = nn.ints(op.kernel)
    sh, sw = nn.ints(op.strides)
    pt, pb, pl, pr = nn.ints(op.padding)
    dh, dw = nn.ints(op.dilations)
    return (n, shapes.conv_output_size(h, kh, sh, pt, pb, dh), shapes.conv_output_size(w, kw, sw, pl, pr, dw), c)


HW_COUNTERPART: dict[type, type[hw.ComputeOp]] = {
    nn.AddOp: hw.AddOp,
    nn.SubOp: hw.SubOp,
    nn.MulOp: hw.MulOp,
    nn.ReluOp: hw.ReluOp,
    nn.CastOp: hw.CastOp,
    nn.BatchNormOp: hw.BatchNormOp,
    nn.MaxPoolOp: hw.MaxPoolOp,
    nn.AvgPoolOp: hw.AvgPoolOp,
}
"""The hw op an nn op becomes when it runs whole on the add engine (the conv
engine's ops are planned as convs). An nn op missing here runs on the host."""
