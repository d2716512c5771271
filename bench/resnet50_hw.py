"""The hw level on ResNet-50: cycles, tile choice and interpreter speed (issue #9).

The light ResNet-50 of the onnx wheel with random weights (`test/unit/zoo.py`) is
imported, optimized (`nn-optimize`), then lowered `h-split{tiles=auto},lower-to-hw` on
the target (default ethos-u65-256). Side by side in one run it reports:

- the cost model's figures summed over the 16 residual pipelines (`nn.conv_add`
  kernels) and over the whole network: total, serial and lower-bound cycles, and
  their ratios (the issue's goals: total <= 1.10 x lower bound, serial >= 1.3 x total);
- for every conv_add, the tile count `auto` chose and the best of an exhaustive
  search over every N that fits (goal: auto within 2%) — the same table as
  bench/tiles.py;
- wall-clock: the time of each pass, then run_seconds of the interpreter at the
  nn, pipe and hw levels (best of --repeat runs, kernels compiled beforehand, as
  nnpipe-run's load step does) against onnxruntime's session.run on the same model
  and inputs; parse time is not involved (the modules are built in memory);
- the hw level's error against onnxruntime.

    .venv/bin/python bench/resnet50_hw.py [--target NAME|FILE] [--repeat N] [--seed N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "test" / "unit"))

import zoo  # noqa: E402
from nn_graphs import apply_pipeline  # noqa: E402

from nnpipe.interpreter import runner, targets  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import tiles  # noqa: E402

from nnpipe.passes import kernel_plan  # noqa: E402


def best_of(repeat: int, run) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default=targets.DEFAULT)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    target = targets.load(args.target)

    model, feeds, module, inputs = zoo.optimized_light_model("resnet50", args.seed)

    print(f"== tiles=auto against an exhaustive search, every conv_add, target {target.name} (bench/tiles.py)")
    tiles.print_table(tiles.tile_table(module, target))

    pipe_module = module.clone()
    hw_module = module.clone()
    kernel_plan._BEST.clear()  # the tile table above planned every conv_add: time the passes cold
    with targets.selecting(args.target):
        start = time.perf_counter()
        apply_pipeline(pipe_module, "h-split{tiles=4}")
        split4 = time.perf_counter() - start
        start = time.perf_counter()
        apply_pipeline(hw_module, "h-split{tiles=auto}")
        auto = time.perf_counter() - start
        start = time.perf_counter()
        apply_pipeline(hw_module, "lower-to-hw")
        lower = time.perf_counter() - start
    print(f"== passes (each with verification): h-split{{tiles=4}} {split4:.2f} s, h-split{{tiles=auto}} {auto:.2f} s, lower-to-hw {lower:.2f} s")

    runner.load_constants(hw_module)  # decode weights, compile kernels: nnpipe-run's load step
    result = runner.run_module(hw_module, inputs, target=target)
    report = result.timeline.report()
    kernels = [p for p in report["pipelines"] if p["origin"] == "nn.conv_add"]
    total = sum(p["total_cycles"] for p in kernels)
    serial = sum(p["serial_cycles"] for p in kernels)
    lower_bound = sum(p["lower_bound_cycles"] for p in kernels)
    print(f"== cycles on {target.name}")
    print(f"  16 residual pipelines: total {total:,}, lower bound {lower_bound:,}, serial {serial:,}")
    print(f"    total / lower bound = {total / lower_bound:.3f} (goal <= 1.10); serial / total = {serial / total:.3f} (goal >= 1.3)")
    print(
        f"  whole network: total {report['total_cycles']:,} ({report['seconds_at_clock'] * 1e3:.2f} ms at the clock), "
        f"lower bound {report['lower_bound_cycles']:,}, serial {report['serial_cycles']:,}, "
        f"MAC utilisation {report['mac_utilisation']:.1%}, DMA {report['dma_bytes'] / 1e6:.1f} MB, "
        f"host ops {sum(report['host_ops'].values())}"
    )
    nn_report = runner.run_module(module, inputs, target=target).timeline.report()
    print(f"  nn level (serial, whole tensors, no capacity limit): total {nn_report['total_cycles']:,}")

    import onnxruntime as ort

    session = ort.InferenceSession(model.SerializeToString())
    session.run(None, feeds)
    timings = {
        "onnxruntime session.run": best_of(args.repeat, lambda: session.run(None, feeds)),
        "nnpipe nn level": best_of(args.repeat, lambda: runner.run_module(module, inputs, target=target)),
        "nnpipe pipe level (tiles=4)": best_of(args.repeat, lambda: runner.run_module(pipe_module, inputs, target=target)),
        "nnpipe hw level": best_of(args.repeat, lambda: runner.run_module(hw_module, inputs, target=target)),
    }
    base = timings["onnxruntime session.run"]
    print(f"== run seconds, best of {args.repeat}, side by side")
    for name, seconds in timings.items():
        print(f"  {name:<30} {seconds * 1e3:9.1f} ms  {seconds / base:6.2f}x onnxruntime")
    expected = dict(zip([o.name for o in session.get_outputs()], session.run(None, feeds)))
    worst = 0.0
    for name, value in result.outputs.items():
        ref = expected[name].astype(np.float64)
        worst = max(worst, float(np.max(np.abs(value - ref))) / float(np.max(np.abs(ref))))
    print(f"== hw level vs onnxruntime: max relative error {worst:.3g} (bound 1e-4)")


if __name__ == "__main__":
    main()
