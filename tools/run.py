"""`nnpipe-run FILE`: interpret a module's entry function with NumPy.

Inputs come from `--inputs IN.npz` matched by recorded name (`nn.name`), else by
`arg0, arg1, ...`; missing ones are random (`--seed`). Outputs go to `--outputs
OUT.npz` keyed by recorded name, else `result0, ...`; without it each result's shape,
dtype and a checksum are printed. `--report-json` writes op counts, bytes moved per op
name, `parse_seconds` and `run_seconds`.
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import time
import zipfile
from collections.abc import Sequence

import numpy as np
from xdsl.context import Context
from xdsl.utils.exceptions import InterpretationError

from nnpipe.interpreter import runner
from nnpipe.tools.diagnostics import UserError, parse_module, read_input, run_tool, write_atomically
from nnpipe.tools.universe import register_dialects


def make_context() -> Context:
    ctx = Context()
    register_dialects(ctx)
    return ctx


def load_inputs(path: str | None, specs, seed: int) -> list[np.ndarray]:
    provided: dict[str, np.ndarray] = {}
    if path is not None:
        try:
            with np.load(path, allow_pickle=False) as archive:
                provided = {key: archive[key] for key in archive.files}
        except FileNotFoundError:
            raise UserError(f"{path}: error: cannot read file: No such file or directory") from None
        except (OSError, ValueError, zipfile.BadZipFile) as err:
            raise UserError(f"{path}: error: not a valid .npz archive: {err}") from None
    rng_arrays = None
    arrays: list[np.ndarray] = []
    for i, (name, _, _) in enumerate(specs):
        for key in (name, f"arg{i}"):
            if key in provided:
                arrays.append(provided.pop(key))
                break
        else:
            if rng_arrays is None:
                rng_arrays = runner.random_inputs_for(specs, seed)
            arrays.append(rng_arrays[i])
    if provided:
        expected = ", ".join(name for name, _, _ in specs)
        raise UserError(f"{path}: error: unknown input(s) {', '.join(sorted(provided))}; the function takes {expected}")
    return arrays


def checksum(array: np.ndarray) -> str:
    data = np.asarray(array)
    if data.dtype.kind == "f" or data.dtype.name == "bfloat16":
        return f"sum={float(np.sum(data.astype(np.float64))):.6g} absmax={float(np.max(np.abs(data.astype(np.float64)), initial=0)):.6g}"
    return f"sum={int(np.sum(data.astype(np.int64)))}"


def save_npz(path: str, outputs: dict[str, np.ndarray]) -> None:
    buffer = io.BytesIO()
    np.savez(buffer, **outputs)
    write_atomically(path, buffer.getvalue())


def run(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(prog="nnpipe-run", description="Interpret an nnpipe module with NumPy.")
    parser.add_argument("file", help="module to run (.mlir), '-' for stdin")
    parser.add_argument("--inputs", help=".npz of inputs, keyed by recorded name or arg0, arg1, ...")
    parser.add_argument("--outputs", help="write results to this .npz")
    parser.add_argument("--seed", type=int, default=0, help="seed for inputs not given (default 0)")
    parser.add_argument("--report-json", help="write op counts, bytes moved and timings here")
    parser.add_argument(
        "--compare",
        metavar="REF.npz",
        help="compare the results with these (same keys); exit 1 if any differs by more than --tolerance",
    )
    parser.add_argument(
        "--tolerance",
        type=float,
        default=1e-5,
        help="largest allowed |result - reference| relative to the reference's largest magnitude "
        "(default 1e-5; 0 demands bit-identical results)",
    )
    args = parser.parse_args(argv)

    start = time.perf_counter()
    name = "<stdin>" if args.file == "-" else args.file
    module, _ = parse_module(make_context(), read_input(args.file), name)
    parse_seconds = time.perf_counter() - start
    try:
        entry = runner.entry_function(module)
        arrays = load_inputs(args.inputs, runner.input_specs(entry), args.seed)
        result = runner.run_module(module, arrays)
    except runner.RunError as err:
        raise UserError(f"{name}: error: {err}") from None
    except InterpretationError as err:
        raise UserError(f"{name}: error: {err}") from None

    mismatches = compare_outputs(args.compare, result.outputs, args.tolerance) if args.compare else []
    if args.outputs:
        save_npz(args.outputs, result.outputs)
    else:
        for key, value in result.outputs.items():
            print(f"{key}: shape={list(value.shape)} dtype={value.dtype} {checksum(value)}")
    if args.report_json:
        report = {
            "ops": dict(sorted(result.accounting.ops.items())),
            "bytes_moved": dict(sorted(result.accounting.bytes_moved.items())),
            "parse_seconds": parse_seconds,
            "run_seconds": result.run_seconds,
        }
        write_atomically(args.report_json, json.dumps(report, indent=2) + "\n")
    if mismatches:
        raise UserError(f"{name}: error: results differ from {args.compare}: " + "; ".join(mismatches))
    return 0


def compare_outputs(path: str, outputs: dict[str, np.ndarray], tolerance: float) -> list[str]:
    """Print one line per result (max error relative to the reference's largest
    magnitude) and return the descriptions of those beyond `tolerance`."""
    try:
        with np.load(path, allow_pickle=False) as archive:
            reference = {key: archive[key] for key in archive.files}
    except FileNotFoundError:
        raise UserError(f"{path}: error: cannot read file: No such file or directory") from None
    except (OSError, ValueError, zipfile.BadZipFile) as err:
        raise UserError(f"{path}: error: not a valid .npz archive: {err}") from None
    if set(reference) != set(outputs):
        raise UserError(f"{path}: error: reference has results {sorted(reference)}, the module returns {sorted(outputs)}")
    mismatches = []
    for key, value in outputs.items():
        ref = reference[key]
        if ref.shape != value.shape:
            mismatches.append(f"'{key}' has shape {list(value.shape)}, reference {list(ref.shape)}")
            continue
        if tolerance == 0:
            same = ref.dtype == value.dtype and ref.tobytes() == value.tobytes()
            print(f"{key}: {'bit-identical' if same else 'NOT bit-identical'} to the reference")
            if not same:
                mismatches.append(f"'{key}' is not bit-identical")
            continue
        a, b = value.astype(np.float64), ref.astype(np.float64)
        if not np.array_equal(np.isnan(a), np.isnan(b)):
            error = float("inf")  # NaN where the reference has a number, or vice versa
        else:
            finite = ~np.isnan(b)
            a, b = a[finite], b[finite]
            same_inf = np.isinf(b) & (a == b)
            scale = float(np.max(np.abs(b[~same_inf]), initial=0.0)) or 1.0
            error = float(np.max(np.abs(a[~same_inf] - b[~same_inf]), initial=0.0)) / scale
        print(f"{key}: max relative error {error:.3g} (tolerance {tolerance:g})")
        if not error <= tolerance:
            mismatches.append(f"'{key}' max relative error {error:.3g} > {tolerance:g}")
    return mismatches


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool("nnpipe-run", lambda: run(argv))


if __name__ == "__main__":
    sys.exit(main())
