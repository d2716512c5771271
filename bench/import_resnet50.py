"""Import speed on ResNet-50, beside the interpreter's and onnxruntime's run times.

The light ResNet-50 of the onnx wheel with random weights (`test/unit/zoo.py`, 25.6 M
parameters, 102 MB of f32) is saved to an .onnx file, then, side by side in one run:

- `load`: `onnx.load` of that file (the first thing nnpipe-import does);
- `import`: `import_model` (validation, ONNX checker and shape inference, conversion,
  weights into `dense_resource` blobs);
- `print`: the module and its resource section written to a .mlir file, exactly as
  `nnpipe-import -o` writes it (about 2x the weights: MLIR blobs are hex);
- `reparse + verify`: that file read back and parsed as nnpipe-opt and nnpipe-run
  parse it (the resource section included), then verified;
- `nnpipe run`: the re-parsed module interpreted (`nnpipe-run`'s interpreter); the
  first run also decodes the hex blobs into arrays, the best later run does not;
- `onnxruntime`: session creation, then the best of the runs on the same inputs.

Every row is also shown as a multiple of onnxruntime's best run time. The outputs of
nnpipe and onnxruntime are compared at the end (max |a - r| / max |r|).

    .venv/bin/python bench/import_resnet50.py [--seed N] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import onnx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "test" / "unit"))

import zoo  # noqa: E402

from nnpipe.frontend.onnx import import_model  # noqa: E402
from nnpipe.interpreter.runner import entry_function, input_names, run_module  # noqa: E402
from nnpipe.tools.diagnostics import open_atomically, parse_module  # noqa: E402
from nnpipe.tools.import_onnx import write_module  # noqa: E402
from nnpipe.tools.run import make_context  # noqa: E402


def timed(action: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = action()
    return time.perf_counter() - start, result


def best_of(repeat: int, action: Callable[[], Any]) -> tuple[float, Any]:
    runs = [timed(action) for _ in range(repeat)]
    return min(seconds for seconds, _ in runs), runs[-1][1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=0, help="weights and inputs seed")
    parser.add_argument("--repeat", type=int, default=5, help="runs of which the best is shown (default 5)")
    args = parser.parse_args()

    import onnxruntime

    model = zoo.randomized_light_model("resnet50", args.seed)
    feeds = zoo.random_feeds(model, args.seed)
    rows: list[tuple[str, float]] = []
    with tempfile.TemporaryDirectory() as workdir:
        onnx_path, mlir_path = Path(workdir) / "resnet50.onnx", Path(workdir) / "resnet50.mlir"
        onnx.save(model, onnx_path)

        seconds, loaded = timed(lambda: onnx.load(str(onnx_path)))
        rows.append(("load (onnx.load)", seconds))
        seconds, module = timed(lambda: import_model(loaded))
        rows.append(("import (import_model)", seconds))

        def write() -> None:
            with open_atomically(str(mlir_path)) as output:
                write_module(module, output)

        rows.append(("print (.mlir file)", timed(write)[0]))

        # parse_module parses and verifies, as nnpipe-opt and nnpipe-run do.
        seconds, (parsed, _) = timed(lambda: parse_module(make_context(), mlir_path.read_bytes(), mlir_path.name))
        rows.append(("reparse + verify", seconds))
        import_total = sum(s for _, s in rows)
        rows.append(("  load + import + print + reparse", import_total))
        text_mb = mlir_path.stat().st_size / 1e6

    arrays = [feeds[name] for name in input_names(entry_function(parsed))]
    first, result = timed(lambda: run_module(parsed, arrays))
    again, _ = best_of(args.repeat, lambda: run_module(parsed, arrays))
    rows += [("nnpipe run, first (decodes blobs)", first), (f"nnpipe run, best of {args.repeat}", again)]

    options = onnxruntime.SessionOptions()
    options.log_severity_level = 3
    serialized = model.SerializeToString()
    session_seconds, session = timed(
        lambda: onnxruntime.InferenceSession(serialized, options, providers=["CPUExecutionProvider"])
    )
    ort_seconds, reference = best_of(args.repeat, lambda: session.run(None, feeds))
    rows += [("onnxruntime session creation", session_seconds), (f"onnxruntime run, best of {args.repeat}", ort_seconds)]

    ours = result.outputs[session.get_outputs()[0].name]
    error = float(np.max(np.abs(ours - reference[0]))) / float(np.max(np.abs(reference[0])))
    print(f"light ResNet-50, random weights (seed {args.seed}): {sum(t.nbytes for t in map(onnx.numpy_helper.to_array, model.graph.initializer)) / 1e6:.0f} MB of weights, .mlir {text_mb:.0f} MB")
    print(f"{'step':<36} {'seconds':>8} {'x onnxruntime run':>18}")
    for name, seconds in rows:
        print(f"{name:<36} {seconds:8.3f} {seconds / ort_seconds:18.1f}")
    print(f"nnpipe vs onnxruntime: max |a - r| / max |r| = {error:.2e}")


if __name__ == "__main__":
    main()
