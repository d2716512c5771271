"""`mixed-precision{type=f16|bf16}`: run the compute ops of an f32 network in f16/bf16.

Modelled on TVM's ToMixedPrecision, which sorts ops into three lists: ALWAYS
(convolutions and matrix products, run in the low type), NEVER (numerically
sensitive: softmax, means, normalisations, kept in f32) and FOLLOW (everything else,
low if its inputs are). Here the split of work is:

- this pass converts the ALWAYS ops (`COMPUTE_OPS`: conv2d, conv_add, gemm, matmul)
  whose operands and result are f32: it casts their operands to the low type (weights
  and other constants are converted at compile time into new `dense_resource` blobs,
  bit-identical to a run-time cast), runs the op in the low type (the kernels still
  accumulate in f32 and round once) and casts the result back to f32;
- every other op keeps its type: the NEVER ops (softmax, global_avg_pool,
  batch_norm) and also add/sub/mul, avg_pool and the rest, whose arithmetic stays in
  f32;
- the FOLLOW role is left to `cast-hoist`: it moves each inserted f16 cast up through
  data-movement and order-preserving ops, where that is provably bit-exact, and
  cancels it against the f32 cast of the previous compute op.

So `-p 'mixed-precision{type=f16},cast-hoist'` takes an f32 model to one whose convs
and data movement run in f16. The function's interface does not change.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp, TensorType, bf16, f16, f32
from xdsl.ir import Attribute, Block, BlockArgument, Operation, OpResult, SSAValue
from xdsl.passes import ModulePass
from xdsl.pattern_rewriter import PatternRewriter, PatternRewriteWalker, RewritePattern
from xdsl.rewriter import InsertPoint

from nnpipe.dialects import nn
from nnpipe.passes import statistics
from nnpipe.passes.casts import hint, new_cast, with_element
from nnpipe.passes.constant_casts import insert_converted_constant, is_tensor_constant
from nnpipe.passes.statistics import PassStatistics, Statistic

COMPUTE_OPS: tuple[type[Operation], ...] = (nn.Conv2DOp, nn.ConvAddOp, nn.GemmOp, nn.MatMulOp)
"""TVM's ALWAYS list: the ops that run in the low type."""

LOW_TYPES: dict[str, Attribute] = {"f16": f16, "bf16": bf16}

CONVERTED = Statistic("ops-converted", "Compute ops converted to the low-precision type")
CASTS = Statistic("casts-inserted", "Casts inserted around the converted ops")
CONSTANTS = Statistic("constants-converted", "Constants converted at compile time")
STATISTICS = (CONVERTED, CASTS, CONSTANTS)


@dataclass
class RunComputeInLowPrecision(RewritePattern):
    """`y = op(a, b) : f32` -> `y = cast(op(cast(a), cast(b)) : low) : f32` for an op
    in `COMPUTE_OPS` whose float operands and result are all f32. Each value is
    converted once, right after its definition, however many ops use it: constants
    at compile time, other values by one `nn.cast`."""

    low: Attribute
    counters: PassStatistics
    converted: dict[SSAValue, SSAValue] = field(default_factory=dict)
    last_argument_cast: dict[Block, Operation] = field(default_factory=dict)

    def match_and_rewrite(self, op: Operation, rewriter: PatternRewriter) -> None:
        if not isinstance(op, COMPUTE_OPS) or len(op.results) != 1:
            return
        result = op.results[0]
        if not _is_f32_tensor(result) or not all(_is_f32_tensor(v) for v in op.operands):
            return
        for value in op.operands:
            if value not in self.converted:
                self.converted[value] = self.convert(value, rewriter)
        low_op = type(op).create(
            operands=[self.converted[v] for v in op.operands],
            result_types=[with_element(result.type, self.low)],
            properties=dict(op.properties),
            attributes=dict(op.attributes),
        )
        low_op.results[0].name_hint = hint(result, self.low)
        back = new_cast(low_op.results[0], f32)
        back.result.name_hint = result.name_hint
        constants = [v.owner for v in op.operands if is_tensor_constant(v)]
        rewriter.replace(op, [low_op, back], [back.result])
        for constant in dict.fromkeys(constants):
            assert isinstance(constant, Operation)
            if not constant.results[0].uses:
                rewriter.erase(constant)
        self.counters.add(CONVERTED)
        self.counters.add(CASTS)

    def convert(self, value: SSAValue, rewriter: PatternRewriter) -> SSAValue:
        """`value` in the low type, defined right after `value` (so every later user
        can share it): a converted constant, else a new cast."""
        if is_tensor_constant(value):
            self.counters.add(CONSTANTS)
            return insert_converted_constant(value, self.low, rewriter)
        cast = new_cast(value, self.low)
        if isinstance(value, OpResult):
            where = InsertPoint.after(value.op)
        else:  # casts of block arguments go first, in the order they were needed
            assert isinstance(value, BlockArgument)
            previous = self.last_argument_cast.get(value.block)
            where = InsertPoint.after(previous) if previous else InsertPoint.at_start(value.block)
            self.last_argument_cast[value.block] = cast
        rewriter.insert(cast, where)
        self.counters.add(CASTS)
        return cast.result


def _is_f32_tensor(value: SSAValue) -> bool:
    return isinstance(value.type, TensorType) and value.type.element_type == f32


@dataclass(frozen=True)
class MixedPrecisionPass(ModulePass):
    """Run conv, conv_add, gemm and matmul in `type` (f16 or bf16), casting at
    their boundaries; follow with `cast-hoist` to move those casts."""

    name = "mixed-precision"

    type: str = "f16"

    def __post_init__(self) -> None:
        if self.type not in LOW_TYPES:
            expected = " or ".join(f"type={name}" for name in LOW_TYPES)
            raise ValueError(f"{self.name}: option type={self.type} is not supported, expected {expected}")

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        counters = statistics.for_pass(self.name, STATISTICS)
        pattern = RunComputeInLowPrecision(LOW_TYPES[self.type], counters)
        PatternRewriteWalker(pattern, apply_recursively=False).rewrite_module(op)
