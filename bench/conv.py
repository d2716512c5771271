"""Interpreter conv throughput beside the BLAS limit, measured side by side in one run.

The workload: a 1x56x56x64 NHWC f32 input, 64 3x3 filters, padding 1, stride 1
(ResNet's most common conv), 2 * 56*56 * 64 * 3*3*64 = 231 MFLOP. The limit: one
NumPy matmul of the same FLOPs and shape as the conv's im2col product,
[3136, 576] @ [576, 64]; a conv built on BLAS cannot beat it, so the ratio says how
much the interpreter loses around the matmul (patch gathering, padding, dispatch).

Three figures, each the best of several repetitions:
- `interpreter`: `nn.conv2d` parsed from text and run by `run_module`, the path of
  nnpipe-run (op dispatch and input checks included);
- `kernel`: `interpreter.kernels.conv2d` called directly;
- `matmul`: the BLAS limit.

Usage: python bench/conv.py [--repeat N] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable

import numpy as np

from nnpipe.interpreter import kernels
from nnpipe.interpreter.runner import run_module
from nnpipe.tools.diagnostics import parse_module
from nnpipe.tools.run import make_context

N, H, W, CI, CO, K = 1, 56, 56, 64, 64, 3
FLOP = 2 * N * H * W * CO * K * K * CI

MODULE = f"""
func.func @main(%x: tensor<{N}x{H}x{W}x{CI}xf32>, %w: tensor<{CO}x{K}x{K}x{CI}xf32>) -> tensor<{N}x{H}x{W}x{CO}xf32> {{
  %y = nn.conv2d %x, %w {{padding = array<i64: 1, 1, 1, 1>}} : (tensor<{N}x{H}x{W}x{CI}xf32>, tensor<{CO}x{K}x{K}x{CI}xf32>) -> tensor<{N}x{H}x{W}x{CO}xf32>
  func.return %y : tensor<{N}x{H}x{W}x{CO}xf32>
}}
"""


def best_seconds(fn: Callable[[], object], repeat: int) -> float:
    fn()  # warm up (first-touch allocations, BLAS thread start)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15, help="timed repetitions per figure (best is kept)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)

    rng = np.random.default_rng(0)
    x = rng.standard_normal((N, H, W, CI)).astype(np.float32)
    w = rng.standard_normal((CO, K, K, CI)).astype(np.float32)
    module, _ = parse_module(make_context(), MODULE, "<bench>")

    # The same FLOPs as the conv, in the conv's own GEMM shape.
    lhs = rng.standard_normal((N * H * W, K * K * CI)).astype(np.float32)
    rhs = rng.standard_normal((K * K * CI, CO)).astype(np.float32)

    via_interpreter = run_module(module, [x, w]).outputs["result0"]
    via_kernel = kernels.conv2d(x, w, None, (1, 1), (1, 1, 1, 1), (1, 1), 1, np.dtype(np.float32))
    assert np.array_equal(via_interpreter, via_kernel)

    # Interleave the three so that machine noise hits them alike.
    timings = {"interpreter": float("inf"), "kernel": float("inf"), "matmul": float("inf")}
    rounds = 3
    for _ in range(rounds):
        timings["matmul"] = min(timings["matmul"], best_seconds(lambda: lhs @ rhs, args.repeat // rounds + 1))
        timings["kernel"] = min(
            timings["kernel"],
            best_seconds(
                lambda: kernels.conv2d(x, w, None, (1, 1), (1, 1, 1, 1), (1, 1), 1, np.dtype(np.float32)),
                args.repeat // rounds + 1,
            ),
        )
        timings["interpreter"] = min(timings["interpreter"], best_seconds(lambda: run_module(module, [x, w]), args.repeat // rounds + 1))

    gflops = {name: FLOP / seconds / 1e9 for name, seconds in timings.items()}
    print(f"conv 1x{H}x{W}x{CI} * {CO}x{K}x{K}x{CI} (pad 1, stride 1): {FLOP / 1e6:.0f} MFLOP, best of {args.repeat}")
    for name in ("interpreter", "kernel", "matmul"):
        print(f"  {name:12s} {timings[name] * 1e3:8.2f} ms  {gflops[name]:7.1f} GFLOP/s")
    ratio = gflops["interpreter"] / gflops["matmul"]
    print(f"  ratio interpreter / matmul = {ratio:.2f}  (goal >= 0.5)")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump({"mflop": FLOP / 1e6, "seconds": timings, "gflops": gflops, "ratio": ratio}, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
