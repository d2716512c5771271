"""Chains on ResNet-50 (issue #11): `h-split{tiles=auto chains=true}` against
`h-split{tiles=auto}`, side by side in one run.

The light ResNet-50 of the onnx wheel with random weights (`test/unit/zoo.py`; or
another light model, `--model`) is imported and optimized (`nn-optimize`), then lowered both ways on the target (default
ethos-u65-256). It reports, from the timed interpreter's report (the figures of
`nnpipe-run --report-json`):

- total cycles and DMA bytes of both, and their ratios (the issue's goals: cycles
  <= 0.8x, DMA bytes <= 0.7x), and the DMA bytes the chains keep in local memory;
- per group: its ops, tiles, rows recomputed by the halo, its cycles against its own
  lower bound, and its DMA bytes;
- the time of each pass pipeline;
- both outputs against onnxruntime (bound 1e-4).

    .venv/bin/python bench/chains.py [--model NAME] [--target NAME|FILE] [--seed N] [--groups]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "test" / "unit"))

import zoo  # noqa: E402
from nn_graphs import apply_pipeline  # noqa: E402

from nnpipe.dialects import pipe  # noqa: E402
from nnpipe.interpreter import runner, targets  # noqa: E402
from nnpipe.passes import kernel_plan  # noqa: E402

PIPELINES = {
    "per op": "h-split{tiles=auto}",
    "chains": "h-split{tiles=auto chains=true}",
}


def short(name: str) -> str:
    return name.removeprefix("nn.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", default="resnet50", help="a light model of the onnx wheel (zoo.py)")
    parser.add_argument("--target", default=targets.DEFAULT)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--groups", action="store_true", help="print every group (default: the distinct ones)")
    args = parser.parse_args()
    target = targets.load(args.target)

    model, feeds, module, inputs = zoo.optimized_light_model(args.model, args.seed)

    import onnxruntime as ort

    session = ort.InferenceSession(model.SerializeToString())
    expected = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))

    reports, groups = {}, []
    for name, split in PIPELINES.items():
        lowered = module.clone()
        kernel_plan._BEST.clear()  # time each pipeline cold
        with targets.selecting(args.target):
            start = time.perf_counter()
            apply_pipeline(lowered, split)
            split_seconds = time.perf_counter() - start
            if name == "chains":
                groups = [op for op in lowered.walk() if isinstance(op, pipe.PipelineOp) and op.is_chain]
                specs = [kernel_plan.spec_of(op) for op in groups]
                recomputed = [spec.recomputed_rows(op.output_rows()) for spec, op in zip(specs, groups)]  # type: ignore[union-attr]
                members = [" -> ".join(short(m.name) for m in op.members()) for op in groups]
            start = time.perf_counter()
            apply_pipeline(lowered, "lower-to-hw")
            lower_seconds = time.perf_counter() - start
        runner.load_constants(lowered)
        result = runner.run_module(lowered, inputs, target=target)
        report = result.timeline.report()
        worst = 0.0
        for key, value in result.outputs.items():
            ref = expected[key].astype(np.float64)
            worst = max(worst, float(np.max(np.abs(value - ref))) / float(np.max(np.abs(ref))))
        reports[name] = (report, worst, split_seconds, lower_seconds)

    print(f"== light {args.model}, nn-optimize, then each pipeline and lower-to-hw, target {target.name}")
    print(f"  {'':<8} {'total cycles':>14} {'DMA bytes':>14} {'saved':>12} {'kernels':>8} {'vs ORT':>9}  passes")
    for name, (report, worst, split_s, lower_s) in reports.items():
        print(
            f"  {name:<8} {report['total_cycles']:>14,} {report['dma_bytes']:>14,} {report['dma_bytes_saved']:>12,} "
            f"{len(report['pipelines']):>8} {worst:>9.2e}  {PIPELINES[name]} {split_s:.1f} s, lower-to-hw {lower_s:.1f} s"
        )
    base, chained = reports["per op"][0], reports["chains"][0]
    print(
        f"  chains / per op: total cycles {chained['total_cycles'] / base['total_cycles']:.3f} (goal <= 0.8), "
        f"DMA bytes {chained['dma_bytes'] / base['dma_bytes']:.3f} (goal <= 0.7)"
    )
    entries = [p for p in chained["pipelines"] if p["origin"] == "chain"]
    print(f"== {len(entries)} groups (chains=true): ops, tiles, recomputed rows, cycles vs the group's own lower bound")
    seen: Counter[tuple] = Counter()
    rows = []
    for entry, ops, rec in zip(entries, members, recomputed):
        key = (ops, entry["tiles"], rec, entry["total_cycles"])
        seen[key] += 1
        if seen[key] == 1 or args.groups:
            rows.append((entry, ops, rec, key))
    print(f"  {'ops':<46} {'tiles':>5} {'recomp':>6} {'total':>11} {'bound':>11} {'ratio':>6} {'DMA bytes':>12} {'saved':>11}  x")
    for entry, ops, rec, key in rows:
        print(
            f"  {ops:<46} {entry['tiles']:>5} {rec:>6} {entry['total_cycles']:>11,} {entry['lower_bound_cycles']:>11,} "
            f"{entry['total_cycles'] / entry['lower_bound_cycles']:>6.3f} {entry['dma_bytes']:>12,} {entry['dma_bytes_saved']:>11,}  "
            f"{1 if args.groups else seen[key]}"
        )
    by_origin = Counter(p["origin"] for p in chained["pipelines"])
    print(f"  kernels with chains: {dict(by_origin)}")


if __name__ == "__main__":
    main()
