"""`h-split{tiles=auto}` against an exhaustive search over the tile count, for every
conv_add of the light ResNet-50 (issue #9's goal: auto within 2% of the best).

For each conv_add, `auto` (kernel_plan.best_tiles: from the smallest N that fits, the
fewest tiles of every tile height) and every N
from 1 to Ho that fits (kernel_plan.exhaustive_tiles) are costed with the same plan
and target; the table shows auto's N and cycles, the best N and cycles, their ratio,
and how many N each search costed.

    .venv/bin/python bench/tiles.py [--target NAME|FILE.toml] [--seed N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "test" / "unit"))

import zoo  # noqa: E402
from nn_graphs import apply_pipeline  # noqa: E402

from nnpipe.dialects import nn  # noqa: E402
from nnpipe.frontend.onnx import import_model  # noqa: E402
from nnpipe.interpreter import targets  # noqa: E402
from nnpipe.passes import kernel_plan  # noqa: E402


def tile_table(module, target) -> list[dict]:
    """auto against exhaustive, one row per conv_add of `module`."""
    rows = []
    for op in module.walk():
        if not isinstance(op, nn.ConvAddOp):
            continue
        spec = kernel_plan.spec_of(op)
        start = time.perf_counter()
        tiles, plan = kernel_plan.best_tiles(spec, target)
        auto_seconds = time.perf_counter() - start
        start = time.perf_counter()
        every = dict(kernel_plan.exhaustive_tiles(spec, target))
        exhaustive_seconds = time.perf_counter() - start
        best = min(every, key=lambda n: (every[n], n))
        rows.append(
            {
                "name": op.result.name_hint or "?",
                "height": spec.height,
                "auto": tiles,
                "auto_cycles": plan.cycles(target).total,
                "best": best,
                "best_cycles": every[best],
                "fitting": len(every),
                "auto_seconds": auto_seconds,
                "exhaustive_seconds": exhaustive_seconds,
            }
        )
    return rows


def print_table(rows: list[dict]) -> float:
    print(f"  {'conv_add':<10} {'Ho':>3} {'auto N':>6} {'cycles':>11} {'best N':>6} {'cycles':>11} {'auto/best':>9} {'N fitting':>9}")
    for r in rows:
        print(
            f"  {r['name']:<10} {r['height']:>3} {r['auto']:>6} {r['auto_cycles']:>11,} {r['best']:>6} "
            f"{r['best_cycles']:>11,} {r['auto_cycles'] / r['best_cycles']:>9.4f} {r['fitting']:>9}"
        )
    worst = max(r["auto_cycles"] / r["best_cycles"] for r in rows)
    auto_s = sum(r["auto_seconds"] for r in rows)
    every_s = sum(r["exhaustive_seconds"] for r in rows)
    print(f"  worst auto/best {worst:.4f} (goal <= 1.02); search time auto {auto_s:.2f} s, exhaustive {every_s:.2f} s")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", default=targets.DEFAULT)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    target = targets.load(args.target)
    module = import_model(zoo.randomized_light_model("resnet50", args.seed))
    apply_pipeline(module, "nn-optimize")
    print(f"== tiles=auto against exhaustive search, light ResNet-50, target {target.name}")
    print_table(tile_table(module, target))


if __name__ == "__main__":
    main()
