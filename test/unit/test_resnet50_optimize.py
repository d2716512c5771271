"""nn-optimize on a real network: the light ResNet-50 of the onnx wheel with random
weights. After the pipeline there is no batch norm left and each of the 16 residual
adds is one `nn.conv_add`; the outputs still match onnxruntime, and they are as close
to the exact result as the unoptimized module's (within 1.5x). Then `h-split{tiles=4}`
turns each conv_add into a `pipe.pipeline`, and the pipe-level module still matches;
`h-split{tiles=auto},lower-to-hw` gives the hw level, which matches too, and whose 16
residual kernels meet the cycle goals of issue #9.

"Exact" is the unoptimized module interpreted in float64 (every f32 type and weight
widened), since onnxruntime has no f64 conv. Errors are max |a - r| / max |r|. The
network is imported, interpreted and run in onnxruntime once per test module;
`python test/unit/test_resnet50_optimize.py` prints the op counts and the errors.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import numpy as np
import pytest
from nn_graphs import apply_pipeline
from xdsl.dialects import arith, func
from xdsl.dialects.builtin import FunctionType, ModuleOp, TensorType, f32, f64
from xdsl.ir import Attribute
from xdsl.rewriter import Rewriter
from zoo import onnxruntime_outputs, random_feeds, randomized_light_model

from nnpipe.dialects import weights
from nnpipe.frontend.onnx import import_model
from nnpipe.interpreter import runner

RESIDUAL_ADDS = 16
CONVS = 53
TILES = 4


@dataclass
class Outcome:
    ops_before: Counter[str]
    ops_after: Counter[str]
    exact: dict[str, np.ndarray]
    onnxruntime: dict[str, np.ndarray]
    before: dict[str, np.ndarray]
    after: dict[str, np.ndarray]
    split_ops: Counter[str]
    split: dict[str, np.ndarray]
    hw: dict[str, np.ndarray]
    hw_report: dict
    chains: dict[str, np.ndarray]
    chains_report: dict


def nn_op_counts(module: ModuleOp, dialect: str = "nn.") -> Counter[str]:
    return Counter(op.name for op in module.walk() if op.name.startswith(dialect))


def relative_error(reference: dict[str, np.ndarray], actual: dict[str, np.ndarray]) -> float:
    """max |a - r| / max |r| over all outputs."""
    assert reference.keys() == actual.keys()
    worst = 0.0
    for name, ref in reference.items():
        r, a = ref.astype(np.float64), actual[name].astype(np.float64)
        assert r.shape == a.shape, name
        worst = max(worst, float(np.max(np.abs(a - r))) / float(np.max(np.abs(r))))
    return worst


def widen_to_f64(module: ModuleOp) -> None:
    """Every f32 tensor type becomes f64 and every f32 constant an f64 blob, so the
    interpreter computes the same network in float64 (its kernels accumulate in the
    input's type and round to the result type)."""

    def wide(t: Attribute) -> Attribute:
        if isinstance(t, TensorType) and t.element_type == f32:
            return TensorType(f64, t.get_shape())
        return t

    for op in list(module.walk()):
        if isinstance(op, arith.ConstantOp) and wide(op.result.type) != op.result.type:
            op.properties["value"] = weights.make_resource("f64", weights.read_elements(op.value).astype(np.float64))
        for value in [*op.results, *(a for r in op.regions for b in r.blocks for a in b.args)]:
            if wide(value.type) != value.type:
                Rewriter.replace_value_with_new_type(value, wide(value.type))
        if isinstance(op, func.FuncOp):
            signature = op.function_type
            op.function_type = FunctionType.from_lists(
                [wide(t) for t in signature.inputs.data], [wide(t) for t in signature.outputs.data]
            )


def optimize_resnet50(seed: int = 0) -> Outcome:
    model = randomized_light_model("resnet50", seed)
    module = import_model(model)
    feeds = random_feeds(model, seed)
    inputs = [feeds[name] for name in runner.input_names(runner.entry_function(module))]
    ops_before = nn_op_counts(module)
    reference = module.clone()
    widen_to_f64(reference)
    exact = runner.run_module(reference, [a.astype(np.float64) for a in inputs]).outputs
    before = runner.run_module(module, inputs).outputs
    apply_pipeline(module, "nn-optimize")
    after = runner.run_module(module, inputs).outputs
    ops_after = nn_op_counts(module)
    lowered = module.clone()
    chained = module.clone()
    apply_pipeline(module, f"h-split{{tiles={TILES}}}")
    split = runner.run_module(module, inputs).outputs
    apply_pipeline(lowered, "h-split{tiles=auto},lower-to-hw")
    hw_run = runner.run_module(lowered, inputs)
    apply_pipeline(chained, "h-split{tiles=auto chains=true},lower-to-hw")
    chains_run = runner.run_module(chained, inputs)
    return Outcome(
        ops_before,
        ops_after,
        exact,
        onnxruntime_outputs(model, feeds),
        before,
        after,
        nn_op_counts(module, "pipe."),
        split,
        hw_run.outputs,
        hw_run.timeline.report(),
        chains_run.outputs,
        chains_run.timeline.report(),
    )


@pytest.fixture(scope="module")
def outcome() -> Outcome:
    return optimize_resnet50()


def test_batch_norms_are_folded_and_every_residual_add_is_fused(outcome: Outcome):
    assert outcome.ops_before["nn.batch_norm"] == CONVS
    assert outcome.ops_before["nn.conv2d"] == CONVS
    assert outcome.ops_before["nn.add"] == RESIDUAL_ADDS
    assert outcome.ops_after["nn.batch_norm"] == 0
    assert outcome.ops_after["nn.conv_add"] == RESIDUAL_ADDS
    assert outcome.ops_after["nn.add"] == 0
    assert outcome.ops_after["nn.conv2d"] + outcome.ops_after["nn.conv_add"] == CONVS
    # Each residual add in ResNet v1 is followed by a relu, which folds too.
    assert outcome.ops_after["nn.relu"] == outcome.ops_before["nn.relu"] - RESIDUAL_ADDS


def test_optimized_matches_onnxruntime(outcome: Outcome):
    assert relative_error(outcome.onnxruntime, outcome.after) <= 1e-4


def test_optimized_is_as_accurate_as_unoptimized(outcome: Outcome):
    """Folding rounds fewer times (weights once, no separate normalization), but
    which of two f32 evaluations of 53 layers lands closer to the exact result
    depends on how the machine's BLAS rounds (on one CPU the optimized module was
    1.2x closer, on another 1.16x farther): both are within a factor 1.5 of each
    other's error, and far inside the 1e-4 bound against onnxruntime."""
    assert relative_error(outcome.exact, outcome.after) <= 1.5 * relative_error(outcome.exact, outcome.before)


def test_optimized_matches_unoptimized(outcome: Outcome):
    """The two f32 evaluations round differently through 53 layers; they differ by
    about the unoptimized module's own error against the exact result (2.3e-5 for
    seed 0: the softmax output's relative error is the logits' absolute error), so
    the bound is 2x that error, not a fixed 1e-5."""
    own_error = relative_error(outcome.exact, outcome.before)
    assert own_error <= 1e-4
    assert relative_error(outcome.before, outcome.after) <= 2 * own_error


def test_h_split_builds_one_pipeline_per_residual_add(outcome: Outcome):
    assert outcome.split_ops["pipe.pipeline"] == RESIDUAL_ADDS
    assert outcome.split_ops["pipe.stage"] == RESIDUAL_ADDS * (TILES + 1)
    assert outcome.split_ops["pipe.barrier"] == RESIDUAL_ADDS * (TILES + 1)


def test_h_split_matches_onnxruntime(outcome: Outcome):
    assert relative_error(outcome.onnxruntime, outcome.split) <= 1e-4


def test_h_split_matches_the_nn_level(outcome: Outcome):
    """Tiling changes only how BLAS blocks each conv's sum (the matmul's row count),
    so the two f32 evaluations round differently through 53 layers, like the
    unoptimized and optimized ones (1.6e-5 for seed 0, the softmax output amplifying
    the logits' rounding): bounded by twice the nn level's own error against exact."""
    assert relative_error(outcome.after, outcome.split) <= 2 * relative_error(outcome.exact, outcome.after)


def test_hw_level_matches_onnxruntime(outcome: Outcome):
    assert relative_error(outcome.onnxruntime, outcome.hw) <= 1e-4


def test_hw_level_is_as_accurate_as_the_nn_level(outcome: Outcome):
    """The hw level cuts convs into tiles and channel blocks: BLAS rounds each
    block's sums differently (as for the pipe level), so the two f32 evaluations
    differ by about their own errors against the exact result; the hw level's own
    error stays within twice the nn level's."""
    assert relative_error(outcome.exact, outcome.hw) <= 2 * relative_error(outcome.exact, outcome.after)


def test_chains_match_onnxruntime(outcome: Outcome):
    """h-split{tiles=auto chains=true}: the same outputs (issue #11's bound)."""
    assert relative_error(outcome.onnxruntime, outcome.chains) <= 1e-4


def test_chains_keep_intermediates_local(outcome: Outcome):
    """Every relu is grouped with the conv before it (or after it), so no relu kernel
    is left; the groups' intermediates never reach global memory, and the network
    moves fewer DMA bytes in fewer cycles than with one kernel per op. The figures
    are the cost model's, so exact (bench/chains.py prints them)."""
    chained, alone = outcome.chains_report, outcome.hw_report
    assert not any(p["origin"] == "nn.relu" for p in chained["pipelines"])
    groups = [p for p in chained["pipelines"] if p["origin"] == "chain"]
    assert len(groups) >= 30 and all(p["dma_bytes_saved"] > 0 for p in groups)
    assert chained["dma_bytes_saved"] == sum(p["dma_bytes_saved"] for p in groups)
    assert chained["dma_bytes"] < 0.95 * alone["dma_bytes"]
    assert chained["total_cycles"] < 0.95 * alone["total_cycles"]


def conv_add_kernels(report: dict) -> list[dict]:
    return [p for p in report["pipelines"] if p["origin"] == "nn.conv_add"]


def test_hw_level_runs_every_conv_and_pool_on_an_engine(outcome: Outcome):
    report = outcome.hw_report
    assert len(conv_add_kernels(report)) == RESIDUAL_ADDS
    assert sum(p["origin"] == "nn.conv2d" for p in report["pipelines"]) == CONVS - RESIDUAL_ADDS
    assert set(report["host_ops"]) == {"nn.gemm", "nn.reshape", "nn.softmax", "nn.transpose"}


def test_hw_pipelines_overlap_engines(outcome: Outcome):
    """The issue's goals, summed over the 16 residual pipelines on the default
    target: within 10% of the busiest engine's work and >= 1.3x faster than the
    same ops run one after another. The figures are the cost model's, so exact."""
    kernels = conv_add_kernels(outcome.hw_report)
    total = sum(p["total_cycles"] for p in kernels)
    assert total <= 1.10 * sum(p["lower_bound_cycles"] for p in kernels)
    assert sum(p["serial_cycles"] for p in kernels) >= 1.3 * total


if __name__ == "__main__":
    result = optimize_resnet50()
    print("nn ops before:", dict(sorted(result.ops_before.items())))
    print("nn ops after: ", dict(sorted(result.ops_after.items())))
    print("errors, max |a - r| / max |r| of the softmax output:")
    print("pipe ops after h-split:", dict(sorted(result.split_ops.items())))
    print(f"  optimized   vs onnxruntime: {relative_error(result.onnxruntime, result.after):.3g}")
    print(f"  h-split     vs onnxruntime: {relative_error(result.onnxruntime, result.split):.3g}")
    print(f"  h-split     vs optimized:   {relative_error(result.after, result.split):.3g}")
    print(f"  hw level    vs onnxruntime: {relative_error(result.onnxruntime, result.hw):.3g}")
    print(f"  hw level    vs optimized:   {relative_error(result.after, result.hw):.3g}")
    print(f"  hw level    vs exact (f64): {relative_error(result.exact, result.hw):.3g}")
    kernels = conv_add_kernels(result.hw_report)
    total = sum(p["total_cycles"] for p in kernels)
    print(
        f"  16 residual kernels: total {total:,} cycles, {total / sum(p['lower_bound_cycles'] for p in kernels):.3f}x "
        f"the lower bound, serial / total {sum(p['serial_cycles'] for p in kernels) / total:.3f}"
    )
    print(f"  unoptimized vs onnxruntime: {relative_error(result.onnxruntime, result.before):.3g}")
    print(f"  optimized   vs unoptimized: {relative_error(result.before, result.after):.3g}")
    print(f"  optimized   vs exact (f64): {relative_error(result.exact, result.after):.3g}")
    print(f"  unoptimized vs exact (f64): {relative_error(result.exact, result.before):.3g}")
    print(f"  onnxruntime vs exact (f64): {relative_error(result.exact, result.onnxruntime):.3g}")
