"""What cast-hoist saves on the light ShuffleNet taken to f16 by mixed-precision.

Imports the ONNX zoo's light ShuffleNet (random weights, `test/unit/zoo.py`) in f32,
then, side by side in one run on the same inputs, interprets the module after

    mixed-precision{type=f16}              (the un-hoisted f16 model)
    mixed-precision{type=f16},cast-hoist

and prints the bytes moved by data-movement ops (read + written, from the
interpreter's accounting, i.e. `nnpipe-run --report-json` `bytes_moved`), the number of
casts, all bytes moved, and whether every output is bit-identical. The same comparison
is repeated with `fold-batchnorm` first (the usual pipeline: with the batch norms
folded, the f16 casts meet the convs' f32 casts and cancel).

    .venv/bin/python bench/cast_hoist_shufflenet.py [--seed N]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "test" / "unit"))

import zoo  # noqa: E402
from xdsl.passes import PassPipeline  # noqa: E402

from nnpipe.dialects.nn import NN  # noqa: E402
from nnpipe.dialects.traits import DataMovement  # noqa: E402
from nnpipe.frontend.onnx import import_model  # noqa: E402
from nnpipe.interpreter.runner import RunResult, entry_function, random_inputs, run_module  # noqa: E402
from nnpipe.passes import get_opt_passes  # noqa: E402
from nnpipe.tools.run import make_context  # noqa: E402

DATA_MOVEMENT = {op.name for op in NN.operations if op.has_trait(DataMovement)}


def compile_and_run(onnx_model, pipeline: str, inputs) -> tuple[RunResult, Counter[str]]:
    module = import_model(onnx_model)
    PassPipeline.parse_spec(get_opt_passes(), pipeline).apply(make_context(), module)
    module.verify()
    return run_module(module, inputs), Counter(op.name for op in module.walk())


def data_movement_bytes(result: RunResult) -> int:
    return sum(n for name, n in result.accounting.bytes_moved.items() if name in DATA_MOVEMENT)


def bit_identical(a: RunResult, b: RunResult) -> bool:
    return a.outputs.keys() == b.outputs.keys() and all(
        a.outputs[k].dtype == b.outputs[k].dtype and a.outputs[k].tobytes() == b.outputs[k].tobytes() for k in a.outputs
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="weights and inputs seed")
    args = parser.parse_args()

    model = zoo.randomized_light_model("shufflenet", args.seed)
    inputs = random_inputs(entry_function(import_model(model)), args.seed)
    f32, _ = compile_and_run(model, "", inputs)
    print(f"light ShuffleNet, f32 import: data-movement ops move {data_movement_bytes(f32) / 1e6:.2f} MB\n")

    header = f"{'pipeline':<58} {'DM MB':>7} {'x':>6} {'casts':>5} {'all MB':>7} {'run s':>6}  bit-identical"
    for prefix in ("", "fold-batchnorm,"):
        print(header)
        base, base_ops = compile_and_run(model, prefix + "mixed-precision{type=f16}", inputs)
        for pipeline in (prefix + "mixed-precision{type=f16}", prefix + "mixed-precision{type=f16},cast-hoist"):
            result, ops = (base, base_ops) if pipeline.endswith("}") else compile_and_run(model, pipeline, inputs)
            ratio = data_movement_bytes(result) / data_movement_bytes(base)
            print(
                f"{pipeline:<58} {data_movement_bytes(result) / 1e6:7.2f} {ratio:6.3f} {ops['nn.cast']:5d} "
                f"{sum(result.accounting.bytes_moved.values()) / 1e6:7.2f} {result.run_seconds:6.2f}  "
                f"{'yes' if bit_identical(result, base) else 'NO'}"
            )
        per_op = {
            name: (base.accounting.bytes_moved[name], result.accounting.bytes_moved[name])
            for name in sorted(DATA_MOVEMENT)
            if base.accounting.bytes_moved[name]
        }
        print("  per op, MB before -> after: " + ", ".join(f"{k} {a / 1e6:.2f} -> {b / 1e6:.2f}" for k, (a, b) in per_op.items()))
        print(f"  casts removed: {base_ops['nn.cast'] - ops['nn.cast']}\n")


if __name__ == "__main__":
    main()
