"""`lower-to-hw{target=...}`: every `pipe.pipeline`, and every nn op an engine can
run, becomes a `hw.kernel` (docs/ir-hw.md):

- a `pipe.pipeline` keeps its tiles; DMA becomes the third engine, double buffered
  (load tile k+1 ∥ conv tile k ∥ add tile k-1 ∥ store tile k-2), weights resident
  when they fit, and output channels cut into blocks when a tile would not fit
  (`passes/kernel_plan.py`);
- an nn op outside a pipeline — a plain conv, an elementwise op, a pool — becomes a
  one-engine pipeline with the tile count the cost model finds best (as
  `h-split{tiles=auto}` would choose it);
- an op no engine runs (softmax, reshape, gemm, broadcasting add, ...) stays as it
  is, marked `{hw.host}`: the host CPU runs it, as Vela leaves unsupported ops to
  the CPU, and nnpipe-run reports it apart.

A pipeline whose tiles cannot fit local memory, however its channels are cut, is one
error at the pipeline naming the smallest tile count that would fit.

The target (`target=NAME|FILE.toml`, else nnpipe-opt's `--target`, else the default)
gives local memory size and alignment, recorded on each kernel, and the costs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import IntegerAttr, ModuleOp, StringAttr, UnitAttr, i64
from xdsl.ir import Block, Operation, Region, SSAValue
from xdsl.passes import ModulePass
from xdsl.rewriter import Rewriter

from nnpipe.dialects import hw, nn, pipe
from nnpipe.interpreter import targets
from nnpipe.passes import kernel_plan, statistics
from nnpipe.passes.chain_spec import ChainSpec, pipeline_chain_spec
from nnpipe.passes.errors import OpError
from nnpipe.passes.kernel_plan import Buffer, Compute, KernelPlan, Load, Store
from nnpipe.passes.statistics import Statistic

KERNELS = Statistic("kernels", "hw.kernel ops built")
FROM_PIPELINES = Statistic("from-pipelines", "kernels built from a pipe.pipeline")
STREAMED = Statistic("weights-streamed", "kernels whose weights do not stay resident (loaded block by block)")
BLOCKED = Statistic("channel-blocked", "kernels whose output channels are cut into blocks to fit local memory")
STATIONARY = Statistic(
    "weights-stationary", "kernels run block by block: each weight block streamed once, the input tiles once per block"
)
HOST = Statistic("host-ops", "ops left to the host (no engine runs them)")
CHAINS = Statistic("chains", "kernels built from the pipeline of a chain (intermediates kept in local memory)")
STATISTICS = (KERNELS, FROM_PIPELINES, STREAMED, BLOCKED, STATIONARY, HOST, CHAINS)

ROLE_NAMES = {
    "nn.conv_add": pipe.CONV_ADD_ROLES,
    "nn.conv2d": ("input", "weight", "bias"),
    "nn.batch_norm": ("input", "scale", "bias", "mean", "variance"),
}


def emit_kernel(
    plan: KernelPlan, operands: list[SSAValue], target: targets.Target, names: Sequence[str] | None = None
) -> hw.KernelOp:
    """The hw.kernel of `plan` on `operands`, whose body arguments are `names` (by
    default named for the origin's operand roles)."""
    spec = plan.spec
    block = Block(arg_types=[hw.global_type(t) for t in spec.operand_types] + [hw.global_type(spec.result_type)])
    if names is None:
        names = ROLE_NAMES.get(spec.origin, ("lhs", "rhs") if len(operands) == 2 else ("input",))
    for arg, name in zip(block.args, (*names[: len(operands)], "output")):
        arg.name_hint = name
    inputs, output = block.args[: len(operands)], block.args[len(operands)]
    allocs: dict[tuple, SSAValue] = {}
    alloc_ops: list[Operation] = []

    def value(buffer: Buffer) -> SSAValue:
        slot = plan.slot_of[(buffer.role, buffer.key)]
        key = (buffer.role, slot, buffer.shape, buffer.element)
        if key not in allocs:
            alloc = hw.AllocOp.create(
                result_types=[hw.local_type(buffer.element, buffer.shape)],
                properties={"offset": IntegerAttr(plan.offset_of(buffer), i64)},
            )
            many = plan.roles[buffer.role].slots > 1
            alloc.buffer.name_hint = f"{buffer.role}{slot}" if many else buffer.role
            alloc_ops.append(alloc)
            allocs[key] = alloc.buffer
        return allocs[key]

    body: list[Operation] = []
    for s, stage in enumerate(plan.stages):
        if s:
            body.append(hw.BarrierOp())
        for action in stage:
            if isinstance(action, Load):
                properties = {"offsets": nn.i64_array(action.offsets)}
                if action.pad != (0, 0):
                    properties["pad"] = nn.i64_array(action.pad)
                body.append(hw.DmaLoadOp.create(operands=[inputs[action.operand], value(action.buffer)], properties=properties))
            elif isinstance(action, Store):
                body.append(
                    hw.DmaStoreOp.create(
                        operands=[value(action.buffer), output], properties={"offsets": nn.i64_array(action.offsets)}
                    )
                )
            else:
                assert isinstance(action, Compute)
                body.append(
                    action.kind.create(
                        operands=[*(value(b) for b in action.inputs), value(action.output)],
                        properties={k: kernel_plan.attribute(v) for k, v in action.properties},
                    )
                )
    alloc_ops.sort(key=lambda a: a.start)  # the memory map, in address order
    block.add_ops([*alloc_ops, *body, hw.EndOp()])
    return hw.KernelOp.create(
        operands=operands,
        result_types=[spec.result_type],
        properties={
            "origin": StringAttr(spec.origin),
            "tiles": IntegerAttr(plan.tiles, i64),
            "local_bytes": IntegerAttr(target.local_bytes, i64),
            "alignment": IntegerAttr(target.alignment, i64),
        },
        regions=[Region(block)],
    )


@dataclass(frozen=True)
class LowerToHWPass(ModulePass):
    """Lower pipe pipelines and engine-runnable nn ops to hw kernels."""

    name = "lower-to-hw"

    target: str = ""
    """A built-in target name or a .toml file; empty: nnpipe-opt's --target, else the default."""

    def __post_init__(self) -> None:
        targets.check_option(self.name, self.target)

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        target = targets.for_pass(self.target)
        counters = statistics.for_pass(self.name, STATISTICS)
        rewriter = Rewriter()
        for candidate in [o for o in op.walk() if pipe.enclosing(o, (pipe.PipelineOp, hw.KernelOp)) is None]:
            names: list[str] | None = None
            if isinstance(candidate, pipe.PipelineOp):
                if candidate.is_chain:
                    spec = pipeline_chain_spec(candidate)
                    if isinstance(spec, str):
                        raise OpError(f"this chain cannot run on the engines: {spec}", candidate)
                    names = [a.name_hint or f"arg{i}" for i, a in enumerate(candidate.body.block.args)]
                    counters.add(CHAINS)
                else:
                    spec = kernel_plan.spec_of(candidate)
                assert spec is not None
                out_rows = candidate.output_rows()
                assert out_rows is not None  # verified
                plan = kernel_plan.plan(spec, out_rows, target)
                if plan is None:
                    raise kernel_plan.fit_error(candidate, spec, len(out_rows), target)
                counters.add(FROM_PIPELINES)
            elif not candidate.name.startswith("nn."):
                continue
            else:
                spec = kernel_plan.spec_of(candidate)
                if spec is None:
                    if hw.HOST_ATTR not in candidate.attributes:
                        candidate.attributes[hw.HOST_ATTR] = UnitAttr()
                    counters.add(HOST)
                    continue
                best = kernel_plan.best_tiles(spec, target)
                if best is None:
                    raise kernel_plan.fit_error(candidate, spec, spec.height, target)
                plan = best[1]
            kernel = emit_kernel(plan, list(candidate.operands), target, names)
            kernel.attributes.update({k: v for k, v in candidate.attributes.items() if k != hw.HOST_ATTR})
            if isinstance(spec, ChainSpec):
                kernel.attributes[hw.SAVED_ATTR] = IntegerAttr(2 * spec.intermediate_bytes(), i64)
            rewriter.replace_op(candidate, kernel)
            counters.add(KERNELS)
            if not plan.resident and spec.has_weights:
                counters.add(STREAMED)
            if len(plan.blocks) > 1:
                counters.add(BLOCKED)
            if plan.blocks_outer:
                counters.add(STATIONARY)
