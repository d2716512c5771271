"""`nnpipe-run FILE`: interpret a module's entry function with NumPy.

Inputs come from `--inputs IN.npz` matched by recorded name (`nn.name`), else by
`arg0, arg1, ...` (a `.npy` for a function of one input); missing ones are random
(`--seed`), and a note on stderr names them. Outputs go to `--outputs OUT.npz` keyed by
recorded name, else `result0, ...`; without it each result's shape, dtype and a
checksum are printed. `--report-json` writes op counts, bytes moved per op name, and
`parse_seconds` (text to IR), `load_seconds` (verification and weight decoding) and
`run_seconds` (execution only). Output files are written only when the whole run
succeeded, all of them or none.
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
from xdsl.dialects.builtin import ModuleOp
from xdsl.utils.exceptions import InterpretationError

from nnpipe.interpreter import runner, targets, timing
from nnpipe.tools.diagnostics import (
    LocatingParser,
    UserError,
    load_target,
    parse_module,
    read_input,
    run_tool,
    usage_error_for,
    verify_module,
    write_all_atomically,
)
from nnpipe.tools.universe import register_dialects

NPY_MAGIC = b"\x93NUMPY"


def make_context() -> Context:
    ctx = Context()
    register_dialects(ctx)
    return ctx


def read_arrays(path: str, what: str, names: list[str]) -> dict[str, np.ndarray]:
    """The arrays of an `.npz` archive by key, or of a `.npy` file as the one name in
    `names` (a `.npy` holds one array: it serves a function of one input or result)."""
    try:
        with open(path, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise UserError(f"{path}: error: cannot read file: {err.strerror}") from None
    if not data:
        raise UserError(f"{path}: error: the file is empty, expected a .npz archive of {what}")
    try:
        if data.startswith(NPY_MAGIC):
            array = np.load(io.BytesIO(data), allow_pickle=False)
            if len(names) != 1:
                raise UserError(
                    f"{path}: error: a .npy file holds one array, but there are {len(names)} {what} "
                    f"({', '.join(names)}): use a .npz archive keyed by name"
                )
            return {names[0]: array}
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            return {key: archive[key] for key in archive.files}
    except (OSError, ValueError, EOFError, zipfile.BadZipFile) as err:
        raise UserError(f"{path}: error: not a valid .npz or .npy file: {runner.first_words(err)}") from None


def load_inputs(path: str | None, specs, seed: int) -> list[np.ndarray]:
    names = [name for name, _, _ in specs]
    provided: dict[str, np.ndarray] = {}
    if path is not None:
        provided = read_arrays(path, "inputs", names)
        if not provided:
            raise UserError(f"{path}: error: the archive holds no arrays; the function takes {', '.join(names) or 'no inputs'}")
    arrays: list[np.ndarray | None] = []
    for i, name in enumerate(names):
        key = next((k for k in (name, f"arg{i}") if k in provided), None)
        arrays.append(provided.pop(key) if key is not None else None)
    if provided:
        raise UserError(f"{path}: error: unknown input(s) {', '.join(sorted(provided))}; the function takes {', '.join(names)}")
    missing = [i for i, a in enumerate(arrays) if a is None]
    if missing:
        print(f"nnpipe-run: note: random inputs (seed {seed}) for {', '.join(names[i] for i in missing)}", file=sys.stderr)
        generated = runner.random_inputs_for([specs[i] for i in missing], seed)
        for i, array in zip(missing, generated):
            arrays[i] = array
    return arrays  # type: ignore[return-value]


def checksum(array: np.ndarray) -> str:
    data = np.asarray(array)
    if data.dtype.kind == "f" or data.dtype.name == "bfloat16":
        return f"sum={float(np.sum(data.astype(np.float64))):.6g} absmax={float(np.max(np.abs(data.astype(np.float64)), initial=0)):.6g}"
    return f"sum={int(np.sum(data.astype(np.int64)))}"


def npz_bytes(outputs: dict[str, np.ndarray]) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, **outputs)
    return buffer.getvalue()


def seed_value(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got '{text}'") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a non-negative integer, got {value}")
    return value


def tolerance_value(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got '{text}'") from None
    if not value >= 0:
        raise argparse.ArgumentTypeError(f"expected a number >= 0, got {text}")
    return value


def argument_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="nnpipe-run", description="Interpret an nnpipe module with NumPy.")
    parser.add_argument("file", help="module to run (.mlir), '-' for stdin")
    parser.add_argument("--entry", metavar="NAME", help="function to run (default: @main, else the only function)")
    parser.add_argument("--inputs", help=".npz of inputs keyed by recorded name or arg0, arg1, ...; or a .npy for a function of one input")
    parser.add_argument("--outputs", help="write results to this .npz")
    parser.add_argument("--seed", type=seed_value, default=0, help="seed for inputs not given (default 0)")
    parser.add_argument(
        "--report-json",
        help="write op counts, bytes moved, timings and the simulated cycle figures (total_cycles, ...) here",
    )
    parser.add_argument("--report", action="store_true", help="print the simulated cycle figures as a table")
    parser.add_argument(
        "--trace", metavar="TRACE.json", help="write a Chrome/Perfetto trace: one track per engine, one slice per op"
    )
    parser.add_argument(
        "--target",
        default=targets.DEFAULT,
        metavar="NAME|FILE.toml",
        help=f"the target whose costs time the run: {', '.join(targets.builtin_names())} or a .toml file "
        f"(default {targets.DEFAULT})",
    )
    parser.add_argument(
        "--compare",
        metavar="REF",
        help="compare the results with these (.npz with the same keys, or .npy for one result); "
        "exit 1 if any differs by more than --tolerance",
    )
    parser.add_argument(
        "--tolerance",
        type=tolerance_value,
        default=1e-5,
        help="largest allowed |result - reference| relative to the reference's largest magnitude "
        "(default 1e-5; 0 demands bit-identical results)",
    )
    parser.error = usage_error_for("nnpipe-run")  # type: ignore[method-assign]
    return parser


def located(name: str, parser: LocatingParser, err: runner.RunError) -> UserError:
    where = (parser.location_of(err.op) if err.op is not None else None) or name
    prefix = f"'{err.op.name}' op " if err.op is not None else ""
    return UserError(f"{where}: error: {prefix}{err}")


def load(name: str, text: bytes) -> tuple[ModuleOp, LocatingParser, float, float]:
    """Parse, then decode the weights and verify: the module, its parser, and the
    seconds of each step."""
    start = time.perf_counter()
    module, parser = parse_module(make_context(), text, name, verify=False)
    parsed = time.perf_counter()
    try:
        runner.load_constants(module)
    except runner.RunError as err:
        verify_module(module, parser, name)  # a malformed module is reported as such first
        raise located(name, parser, err) from None
    verify_module(module, parser, name)
    return module, parser, parsed - start, time.perf_counter() - parsed


def run(argv: Sequence[str] | None) -> int:
    args = argument_parser().parse_args(argv)
    target = load_target("nnpipe-run", args.target)
    name = "<stdin>" if args.file == "-" else args.file
    module, parser, parse_seconds, load_seconds = load(name, read_input(args.file))
    try:
        entry = runner.entry_function(module, args.entry)
        arrays = load_inputs(args.inputs, runner.input_specs(entry), args.seed)
        result = runner.run_module(module, arrays, args.entry, target)
    except runner.RunError as err:
        raise located(name, parser, err) from None
    except InterpretationError as err:
        raise UserError(f"{name}: error: {err}") from None

    mismatches = compare_outputs(args.compare, result.outputs, args.tolerance) if args.compare else []
    if mismatches:
        raise UserError(f"{name}: error: results differ from {args.compare}: " + "; ".join(mismatches))
    files: list[tuple[str, str | bytes]] = []
    if args.outputs:
        files.append((args.outputs, npz_bytes(result.outputs)))
    else:
        for key, value in result.outputs.items():
            print(f"{key}: shape={list(value.shape)} dtype={value.dtype} {checksum(value)}")
    figures = result.timeline.report(parser.location_of) if args.report or args.report_json else {}
    if args.report:
        print(timing.table(figures), end="")
    if args.report_json:
        report = {
            "ops": dict(sorted(result.accounting.ops.items())),
            "bytes_moved": dict(sorted(result.accounting.bytes_moved.items())),
            "parse_seconds": parse_seconds,
            "load_seconds": load_seconds,
            "run_seconds": result.run_seconds,
            **figures,
        }
        files.append((args.report_json, json.dumps(report, indent=2) + "\n"))
    if args.trace:
        files.append((args.trace, result.timeline.trace(parser.location_of)))
    write_all_atomically(files)
    return 0


def compare_outputs(path: str, outputs: dict[str, np.ndarray], tolerance: float) -> list[str]:
    """Print one line per result (max error relative to the reference's largest
    magnitude) and return the descriptions of those beyond `tolerance`."""
    reference = read_arrays(path, "results", list(outputs))
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
