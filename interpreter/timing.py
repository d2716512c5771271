"""The timed interpreter: an interpreter listener that charges every engine op its
target cost and lays the ops out in stages (design brief §3, docs/targets.md).

- Inside a `hw.kernel` or a `pipe.pipeline`, a barrier ends a stage; a stage lasts
  as long as its busiest engine plus the target's barrier cycles.
- Outside them every op runs alone, serially: at the nn level an op is a DMA load of
  its operands, its compute, a DMA store of its result (three stages, no overlap).
- A `pipe.tile` is a DMA load of its real rows; a pipeline's weights are loaded in
  its first stage; the tiles `pipe.assemble` gathers are stored in the stage that
  produced them. So nn, pipe and hw modules get the same figures from one model.
- Ops no engine runs (reshape, softmax, ops marked `{hw.host}`) are the host's:
  counted apart in `host_ops`, not timed.

Costs come from the op: `macs()` on conv-engine ops, `elements()` (else the result's
element count) on add-engine ops, bytes on DMA — never from a list of op names.
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from xdsl.dialects.builtin import IntegerAttr, TensorType
from xdsl.interpreter import Interpreter, PythonValues
from xdsl.ir import Operation

from nnpipe.dialects import hw, pipe
from nnpipe.dialects.traits import Engine, Work, engine_of
from nnpipe.interpreter.targets import Target



@dataclass
class Slice:
    engine: Engine
    cycles: int
    op: Operation
    macs: int = 0
    dma_bytes: int = 0


@dataclass
class Stage:
    slices: list[Slice] = field(default_factory=list)
    barrier: bool = False
    local_bytes: int = 0

    def busy(self) -> dict[Engine, int]:
        per: dict[Engine, int] = {}
        for s in self.slices:
            per[s.engine] = per.get(s.engine, 0) + s.cycles
        return per


def cycles_of(work: Work, target: Target) -> int:
    """The target's cost of `work` (brief §3): fixed + work / throughput, or for a
    DMA latency + bytes / bandwidth."""
    if work.engine == Engine.DMA:
        return target.load_cycles(work.amount) if work.load else target.store_cycles(work.amount)
    if work.engine == Engine.CONV:
        return target.conv_cycles(work.amount, work.element)
    return target.add_cycles(work.amount, work.element)


@dataclass(frozen=True)
class Cycles:
    """The three figures of brief §3 over stages of (engine, cycles), each with its
    barrier's cycles: a stage lasts as long as its busiest engine plus the barrier."""

    total: int
    serial: int
    lower_bound: int
    busy: dict[Engine, int]

    @staticmethod
    def of(stages: Iterable[tuple[Iterable[tuple[Engine, int]], int]]) -> Cycles:
        total = serial = 0
        busy: dict[Engine, int] = {}
        for slices, barrier in stages:
            per: dict[Engine, int] = {}
            for engine, cycles in slices:
                per[engine] = per.get(engine, 0) + cycles
            total += max(per.values(), default=0) + barrier
            serial += sum(per.values()) + barrier
            for engine, cycles in per.items():
                busy[engine] = busy.get(engine, 0) + cycles
        return Cycles(total, serial, max(busy.values(), default=0), busy)


@dataclass
class PipelineRecord:
    op: Operation
    tiles: int
    first_stage: int
    last_stage: int = 0


def _element(value_type) -> str:
    return str(value_type.element_type) if hasattr(value_type, "element_type") else ""


def _array_bytes(values) -> int:
    return sum(v.nbytes for v in values if isinstance(v, np.ndarray))


@dataclass
class Timeline(Interpreter.Listener):
    target: Target
    stages: list[Stage] = field(default_factory=list)
    pipelines: list[PipelineRecord] = field(default_factory=list)
    host_ops: Counter[str] = field(default_factory=Counter)
    _open: list[PipelineRecord] = field(default_factory=list)
    _args: list[PythonValues] = field(default_factory=list)

    # -- stage bookkeeping -------------------------------------------------- #

    def _new_stage(self, barrier: bool) -> Stage:
        stage = Stage(barrier=barrier)
        self.stages.append(stage)
        return stage

    def _current(self) -> Stage:
        return self.stages[-1]

    def will_interpret_op(self, op: Operation, args: PythonValues) -> None:
        self._args.append(args)
        if isinstance(op, (pipe.PipelineOp, hw.KernelOp)):
            tiles = op.tile_count
            self._open.append(PipelineRecord(op, tiles, len(self.stages)))
            self._new_stage(barrier=True)
            if isinstance(op, pipe.PipelineOp):
                self._pipeline_weights(op, args)
        elif isinstance(op, (pipe.BarrierOp, hw.BarrierOp)):
            self._new_stage(barrier=True)

    def did_interpret_op(self, op: Operation, results: PythonValues) -> None:
        args = self._args.pop()
        if isinstance(op, (pipe.PipelineOp, hw.KernelOp)):
            record = self._open.pop()
            if not self._current().slices:
                self.stages.pop()
            record.last_stage = len(self.stages)
            self.pipelines.append(record)
            if isinstance(op, hw.KernelOp):
                peak = max((a.end for a in op.body.block.ops if isinstance(a, hw.AllocOp)), default=0)
                for stage in self.stages[record.first_stage : record.last_stage]:
                    stage.local_bytes = peak
            return
        if isinstance(op, pipe.StageOp):
            self._pipe_stores(op, results)
            return
        if op.name in ("func.return", "func.func", "func.call") or op.name.startswith("arith.") or isinstance(
            op, (pipe.BarrierOp, hw.BarrierOp, hw.EndOp, hw.AllocOp, pipe.YieldOp, pipe.AssembleOp)
        ):
            return
        inside = bool(self._open)
        if isinstance(op, pipe.TileOp):
            r0, r1 = op.row_range
            self._current().slices.append(self._charge(op, Work(Engine.DMA, int(args[0][:, r0:r1].nbytes), load=True)))
            self._current().local_bytes += int(results[0].nbytes)
            return
        engine = engine_of(op)
        if engine is None or hw.HOST_ATTR in op.attributes:
            self.host_ops[op.name] += 1
            return
        if inside:
            self._current().slices.extend(self._costs(op, engine))
            if not isinstance(op, hw.EngineOp):
                self._current().local_bytes += _array_bytes(results)
            return
        # An op on its own (nn level, or an engine op left outside any kernel):
        # load each operand (one DMA each), compute, store its result, one after
        # the other.
        loads = [int(a.nbytes) for a in args if isinstance(a, np.ndarray)]
        stores = [int(r.nbytes) for r in results if isinstance(r, np.ndarray)]
        for slice_ in (
            *(self._charge(op, Work(Engine.DMA, n, load=True)) for n in loads),
            *self._costs(op, engine),
            *(self._charge(op, Work(Engine.DMA, n)) for n in stores),
        ):
            self._new_stage(barrier=False).slices.append(slice_)
            self._current().local_bytes = sum(loads) + sum(stores)

    def kernel_ran(self, kernel: hw.KernelOp, program) -> None:
        """The compiled body of a hw.kernel ran: its ops, stage by stage."""
        for op, work in zip(program.ops, program.work):
            if work is None:
                self._new_stage(barrier=True)
            else:
                self._current().slices.append(self._charge(op, work))

    def _charge(self, op: Operation, work: Work) -> Slice:
        return Slice(
            work.engine,
            cycles_of(work, self.target),
            op,
            macs=work.amount if work.engine == Engine.CONV else 0,
            dma_bytes=work.amount if work.engine == Engine.DMA else 0,
        )

    def _pipeline_weights(self, op: pipe.PipelineOp, args: PythonValues) -> None:
        """The weights (and bias) of a pipeline are loaded once, in its first stage."""
        for value, array in zip(op.body.block.args, args):
            if op.role(value) in ("weight", "bias"):
                self._current().slices.append(self._charge(op, Work(Engine.DMA, int(array.nbytes), load=True)))
                self._current().local_bytes += int(array.nbytes)

    def _pipe_stores(self, op: pipe.StageOp, results: PythonValues) -> None:
        """Stage results that pipe.assemble gathers are stored by the stage."""
        for value, array in zip(op.outputs, results):
            if any(isinstance(use.operation, pipe.AssembleOp) for use in value.uses):
                self._current().slices.append(self._charge(op, Work(Engine.DMA, int(array.nbytes))))

    def _costs(self, op: Operation, engine: Engine) -> list[Slice]:
        """The op's slice on its engine, and on the add engine for a fused op that
        also adds (nn.conv_add: `add_elements()`)."""
        slices = [self._charge(op, self._work(op, engine))]
        extra = getattr(op, "add_elements", None)
        if extra is not None:
            slices.append(self._charge(op, Work(Engine.ADD, extra(), _element(op.results[0].type))))
        return slices

    @staticmethod
    def _work(op: Operation, engine: Engine) -> Work:
        """What the op asks its engine to do: hw ops say (`hw.work_of`); an nn op's
        conv-engine work is its `macs()`, its add-engine work its `elements()`, else
        its result's element count."""
        if isinstance(op, hw.EngineOp):
            return hw.work_of(op)
        element = _element(op.operands[0].type) if op.operands else ""
        if engine == Engine.CONV:
            return Work(Engine.CONV, op.macs(), element)  # type: ignore[attr-defined]
        elements = op.elements() if hasattr(op, "elements") else _result_elements(op)  # type: ignore[attr-defined]
        return Work(engine, elements, element)

    # -- figures ------------------------------------------------------------ #

    def _cycles(self, stages: list[Stage]) -> Cycles:
        barrier = self.target.barrier_cycles
        return Cycles.of(([(x.engine, x.cycles) for x in stage.slices], barrier if stage.barrier else 0) for stage in stages)

    def report(self, locate=lambda op: None) -> dict[str, Any]:
        """The figures of brief §3, with exactly its key names."""
        cycles = self._cycles(self.stages)
        total, serial, lower, busy = cycles.total, cycles.serial, cycles.lower_bound, cycles.busy
        macs = sum(s.macs for stage in self.stages for s in stage.slices)
        return {
            "target": self.target.name,
            "total_cycles": total,
            "serial_cycles": serial,
            "lower_bound_cycles": lower,
            "seconds_at_clock": total / self.target.clock_hz,
            "engines": {
                str(engine): {
                    "busy_cycles": busy.get(engine, 0),
                    "utilisation": busy.get(engine, 0) / total if total else 0.0,
                }
                for engine in Engine
            },
            "mac_utilisation": macs / (total * self.target.conv_macs_per_cycle) if total else 0.0,
            "macs": macs,
            "dma_bytes": sum(s.dma_bytes for stage in self.stages for s in stage.slices),
            "dma_bytes_saved": sum(_saved_bytes(record.op) for record in self.pipelines),
            "peak_local_bytes": max((stage.local_bytes for stage in self.stages), default=0),
            "host_ops": dict(sorted(self.host_ops.items())),
            "pipelines": [self._pipeline_entry(record, locate) for record in self.pipelines],
        }

    def _pipeline_entry(self, record: PipelineRecord, locate) -> dict[str, Any]:
        cycles = self._cycles(self.stages[record.first_stage : record.last_stage])
        origin = record.op.properties.get("origin")
        return {
            "op": record.op.name,
            "origin": origin.data if origin is not None else record.op.name,  # type: ignore[attr-defined]
            "location": locate(record.op),
            "tiles": record.tiles,
            "stages": record.last_stage - record.first_stage,
            "total_cycles": cycles.total,
            "serial_cycles": cycles.serial,
            "lower_bound_cycles": cycles.lower_bound,
            "dma_bytes": sum(s.dma_bytes for stage in self.stages[record.first_stage : record.last_stage] for s in stage.slices),
            "dma_bytes_saved": _saved_bytes(record.op),
        }

    def trace(self, locate=lambda op: None) -> str:
        """A Chrome/Perfetto trace (JSON array format): one track per engine, one
        slice per op, stages laid end to end, times in microseconds at the target's
        clock."""
        us = 1e6 / self.target.clock_hz
        tids = {Engine.CONV: 1, Engine.ADD: 2, Engine.DMA: 3}
        events: list[dict[str, Any]] = [
            {"name": "process_name", "ph": "M", "pid": 1, "tid": 0, "args": {"name": f"nnpipe on {self.target.name}"}}
        ]
        for engine, tid in tids.items():
            events.append({"name": "thread_name", "ph": "M", "pid": 1, "tid": tid, "args": {"name": f"{engine} engine"}})
            events.append({"name": "thread_sort_index", "ph": "M", "pid": 1, "tid": tid, "args": {"sort_index": tid}})
        clock = 0
        for index, stage in enumerate(self.stages):
            offsets = dict.fromkeys(tids, clock)
            for s in stage.slices:
                args: dict[str, Any] = {"cycles": s.cycles, "stage": index}
                if s.macs:
                    args["macs"] = s.macs
                if s.dma_bytes:
                    args["bytes"] = s.dma_bytes
                where = locate(s.op)
                if where:
                    args["location"] = where
                events.append(
                    {
                        "name": s.op.name,
                        "cat": str(s.engine),
                        "ph": "X",
                        "pid": 1,
                        "tid": tids[s.engine],
                        "ts": offsets[s.engine] * us,
                        "dur": s.cycles * us,
                        "args": args,
                    }
                )
                offsets[s.engine] += s.cycles
            busy = stage.busy()
            clock += max(busy.values(), default=0) + (self.target.barrier_cycles if stage.barrier else 0)
        return json.dumps({"traceEvents": events, "displayTimeUnit": "ns"}) + "\n"


def _result_elements(op: Operation) -> int:
    count = 0
    for result in op.results:
        if isinstance(result.type, TensorType):
            count += math.prod(result.type.get_shape())
    return count


def _saved_bytes(op: Operation) -> int:
    """The DMA bytes a chain's pipeline or kernel saves: separate kernels would store
    each intermediate and load it back (`hw.SAVED_ATTR`; at the pipe level, from
    the chain's ops)."""
    if isinstance(op, hw.KernelOp):
        saved = op.attributes.get(hw.SAVED_ATTR)
        return saved.value.data if isinstance(saved, IntegerAttr) else 0
    if isinstance(op, pipe.PipelineOp) and op.is_chain:
        return 2 * sum(hw.nbytes(m.results[0].type) for m in op.members()[:-1])
    return 0


def table(report: dict[str, Any]) -> str:
    """`--report`: the cycle figures as a table."""
    lines = [f"target {report['target']}"]
    total = report["total_cycles"]
    rows = [
        ("total cycles", f"{total:,}", f"{report['seconds_at_clock'] * 1e3:.3f} ms"),
        ("serial cycles", f"{report['serial_cycles']:,}", f"{report['serial_cycles'] / total:.2f}x total" if total else ""),
        ("lower bound", f"{report['lower_bound_cycles']:,}", f"total is {total / report['lower_bound_cycles']:.2f}x" if report["lower_bound_cycles"] else ""),
    ]
    for engine, figures in report["engines"].items():
        rows.append((f"{engine} engine busy", f"{figures['busy_cycles']:,}", f"{figures['utilisation']:.1%}"))
    rows += [
        ("MAC utilisation", f"{report['mac_utilisation']:.1%}", f"{report['macs']:,} MACs"),
        ("DMA bytes", f"{report['dma_bytes']:,}", ""),
        *([("DMA bytes saved", f"{report['dma_bytes_saved']:,}", "by chains: intermediates kept in local memory")] if report.get("dma_bytes_saved") else []),
        ("peak local bytes", f"{report['peak_local_bytes']:,}", ""),
    ]
    if report["host_ops"]:
        rows.append(("host ops", str(sum(report["host_ops"].values())), ", ".join(f"{k} x{v}" for k, v in report["host_ops"].items())))
    width = max(len(r[0]) for r in rows)
    num = max(len(r[1]) for r in rows)
    lines += [f"  {a:<{width}}  {b:>{num}}  {c}".rstrip() for a, b, c in rows]
    if report["pipelines"]:
        lines.append(f"  {len(report['pipelines'])} pipelines/kernels:")
        lines.append(f"    {'location':<28} {'origin':<14} {'tiles':>5} {'total':>12} {'serial':>12} {'bound':>12}")
        for p in report["pipelines"]:
            lines.append(
                f"    {str(p['location'] or '?'):<28} {p['origin']:<14} {p['tiles']:>5} {p['total_cycles']:>12,} "
                f"{p['serial_cycles']:>12,} {p['lower_bound_cycles']:>12,}"
            )
    return "\n".join(lines) + "\n"
