"""Start-up time of nnpipe-opt beside xdsl-opt, measured side by side in one run.

Every lit RUN line starts a tool, so start-up is what the lit suite pays per line.
The workloads are the smallest real inputs: a 4-line function with one `nn.relu` for
`nnpipe-opt`, the same function written with `arith.addf` for plain `xdsl-opt`. The
two commands alternate, so load on the machine hits both alike; the figure for each is
the median wall time of `--repeat` runs, and the ratio nnpipe-opt / xdsl-opt is the
one to keep within 1.25 (hardening issue).

Usage: python bench/startup.py [--repeat N] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

NN = """func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = nn.relu %x : tensor<2xf32>
  func.return %y : tensor<2xf32>
}
"""
ARITH = """func.func @main(%x: tensor<2xf32>) -> tensor<2xf32> {
  %y = arith.addf %x, %x : tensor<2xf32>
  func.return %y : tensor<2xf32>
}
"""


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--json", help="also write the figures here")
    args = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    with tempfile.TemporaryDirectory() as tmp:
        nn_file, arith_file = Path(tmp, "nn.mlir"), Path(tmp, "arith.mlir")
        nn_file.write_text(NN)
        arith_file.write_text(ARITH)
        commands = {
            "nnpipe-opt (nn.relu)": [str(bin_dir / "nnpipe-opt"), str(nn_file)],
            "xdsl-opt (arith.addf)": [str(bin_dir / "xdsl-opt"), str(arith_file)],
        }
        for command in commands.values():  # warm the file system caches
            wall(command)
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.repeat):
            for name, command in commands.items():
                times[name].append(wall(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    nnpipe, xdsl = medians.values()
    for name, seconds in medians.items():
        print(f"{name:24s} {seconds * 1000:7.0f} ms (median of {args.repeat})")
    print(f"ratio nnpipe-opt / xdsl-opt: {nnpipe / xdsl:.2f}")
    if args.json:
        Path(args.json).write_text(json.dumps({"median_seconds": medians, "ratio": nnpipe / xdsl}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
