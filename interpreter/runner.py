"""Run a module's entry function on NumPy inputs, counting ops and bytes moved.

Entry function: `@main` if present, else the only function with a body. I/O names
come from the `nn.name` argument/result attributes that `nnpipe-import` records
(the ONNX names), else `arg0, arg1, ...` / `result0, ...`.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from xdsl.dialects import arith, func
from xdsl.dialects.builtin import ModuleOp, StringAttr, TensorType
from xdsl.interpreter import Interpreter, PythonValues
from xdsl.interpreters.func import FuncFunctions
from xdsl.ir import Operation

from nnpipe.dialects import dtypes, hw, weights
from nnpipe.interpreter import targets
from nnpipe.interpreter.arith_functions import ArithConstantFunctions
from nnpipe.interpreter.nn_functions import NNFunctions
from nnpipe.interpreter.hw_functions import HWFunctions
from nnpipe.interpreter.hw_functions import prepare as prepare_kernels
from nnpipe.interpreter.pipe_functions import PipeFunctions
from nnpipe.interpreter.targets import Target
from nnpipe.interpreter.timing import Timeline

NAME_ATTR = "nn.name"
"""Argument/result attribute holding the ONNX input/output name."""


class RunError(Exception):
    """A user-facing problem with the module or its inputs (no traceback); `op` is
    the operation it concerns, if any, so the tool can print its location."""

    def __init__(self, message: str, op: Operation | None = None):
        super().__init__(message)
        self.op = op


def _nbytes(values: PythonValues) -> int:
    return sum(v.nbytes for v in values if isinstance(v, np.ndarray))


@dataclass
class Accounting(Interpreter.Listener):
    """Op counts and bytes read + written per op name (the report's `ops` and
    `bytes_moved`).

    An op that reads only part of an operand, or only forwards values, says what it
    moves through a `moved_bytes(args, results)` method (pipe.tile counts the rows it
    reads, halo included; pipe.pipeline and pipe.stage count nothing, their ops count
    their own); every other op moves all of its operands and results."""

    ops: Counter[str] = field(default_factory=Counter)
    bytes_moved: Counter[str] = field(default_factory=Counter)
    running: list[tuple[Operation, PythonValues]] = field(default_factory=list)
    """The ops being interpreted, outermost first, with their arguments."""

    def will_interpret_op(self, op: Operation, args: PythonValues) -> None:
        if op.name == "func.return":
            return
        self.ops[op.name] += 1
        self.running.append((op, args))

    def kernel_ran(self, kernel: Operation, program) -> None:
        """A hw.kernel ran its compiled body: count its ops as if interpreted."""
        self.ops.update(program.counts)
        self.bytes_moved.update(program.bytes_moved)

    def did_interpret_op(self, op: Operation, results: PythonValues) -> None:
        if op.name == "func.return":
            return
        _, args = self.running.pop()
        moved = getattr(op, "moved_bytes", None)
        self.bytes_moved[op.name] += moved(args, results) if moved else _nbytes(args) + _nbytes(results)


@dataclass
class RunResult:
    outputs: dict[str, np.ndarray]
    accounting: Accounting
    run_seconds: float
    timeline: Timeline


def entry_function(module: ModuleOp, name: str | None = None) -> func.FuncOp:
    """The function `name`, else `@main`, else the only function with a body."""
    funcs = [op for op in module.walk() if isinstance(op, func.FuncOp) and op.body.blocks]
    if name is not None:
        for f in funcs:
            if f.sym_name.data == name:
                return f
        names = ", ".join("@" + f.sym_name.data for f in funcs) or "none"
        raise RunError(f"no function @{name} with a body to run; the module has: {names}")
    for f in funcs:
        if f.sym_name.data == "main":
            return f
    if len(funcs) == 1:
        return funcs[0]
    if not funcs:
        raise RunError("the module has no function with a body to run")
    names = ", ".join("@" + f.sym_name.data for f in funcs)
    raise RunError(f"no @main and several functions ({names}): cannot pick an entry function")


def _names(attrs, count: int, prefix: str) -> list[str]:
    names = []
    for i in range(count):
        name = None
        if attrs is not None and i < len(attrs.data):
            entry = attrs.data[i].data.get(NAME_ATTR)
            if isinstance(entry, StringAttr):
                name = entry.data
        names.append(name if name is not None else f"{prefix}{i}")
    return names


def input_names(f: func.FuncOp) -> list[str]:
    return _names(f.arg_attrs, len(f.function_type.inputs.data), "arg")


def output_names(f: func.FuncOp) -> list[str]:
    return _names(f.res_attrs, len(f.function_type.outputs.data), "result")


def input_specs(f: func.FuncOp) -> list[tuple[str, tuple[int, ...], np.dtype]]:
    specs = []
    for name, t in zip(input_names(f), f.function_type.inputs.data):
        if not isinstance(t, TensorType):
            raise RunError(f"input '{name}' has type {t}; only tensor inputs are supported")
        try:
            dtype = dtypes.to_numpy(t.element_type)
        except ValueError:
            raise RunError(
                f"input '{name}' has type {t}: nnpipe-run holds tensors of {dtypes.supported_names()}, "
                f"not {t.element_type}"
            ) from None
        specs.append((name, tuple(t.get_shape()), dtype))
    return specs


def check_inputs(f: func.FuncOp, arrays: Sequence[np.ndarray]) -> None:
    specs = input_specs(f)
    if len(arrays) != len(specs):
        raise RunError(f"@{f.sym_name.data} takes {len(specs)} inputs, got {len(arrays)}")
    for (name, shape, dtype), array in zip(specs, arrays):
        if tuple(array.shape) != shape or array.dtype != dtype:
            raise RunError(
                f"input '{name}' has shape {list(array.shape)} and dtype {array.dtype}, "
                f"expected shape {list(shape)} and dtype {dtype}"
            )


def random_inputs(f: func.FuncOp, seed: int) -> list[np.ndarray]:
    """Standard-normal floats, small non-negative integers (valid indices)."""
    return random_inputs_for(input_specs(f), seed)


def random_inputs_for(specs: Sequence[tuple[str, tuple[int, ...], np.dtype]], seed: int) -> list[np.ndarray]:
    rng = np.random.default_rng(seed)
    arrays = []
    for name, shape, dtype in specs:
        size = int(np.prod(shape, dtype=object)) * np.dtype(dtype).itemsize
        if size > memory_limit():
            raise RunError(f"input '{name}' ({list(shape)} of {np.dtype(dtype)}) needs {size} bytes, more than this machine has")
        if np.issubdtype(dtype, np.integer):
            arrays.append(rng.integers(0, 2, size=shape).astype(dtype))
        elif dtype == np.bool_:
            arrays.append(rng.integers(0, 2, size=shape).astype(bool))
        else:
            arrays.append(rng.standard_normal(shape).astype(np.float32).astype(dtype))
    return arrays


def memory_limit() -> int:
    """The machine's physical memory in bytes (a tensor larger than that cannot be
    held, whatever the allocator promises)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - non-POSIX
        return 2**63 - 1


def make_interpreter(module: ModuleOp, listeners: Sequence[Interpreter.Listener] = ()) -> Interpreter:
    interpreter = Interpreter(module, listeners=tuple(listeners))
    interpreter.register_implementations(FuncFunctions())
    interpreter.register_implementations(ArithConstantFunctions())
    interpreter.register_implementations(NNFunctions())
    interpreter.register_implementations(PipeFunctions())
    interpreter.register_implementations(HWFunctions())
    return interpreter


def first_words(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


def load_constants(module: ModuleOp) -> None:
    """Decode every constant's value up front (cached), and compile every hw.kernel,
    so that running measures execution only; a constant too large for memory is an
    error at its op."""
    prepare_kernels(module)
    for op in module.walk():
        if isinstance(op, arith.ConstantOp):
            try:
                weights.read_elements(op.value)
            except MemoryError as err:
                raise RunError(f"not enough memory for this constant ({first_words(err)})", op) from None
            except ValueError:
                pass  # the verifier reports a malformed blob at this op


def check_target(module: ModuleOp, target: Target) -> None:
    """Every hw.kernel was allocated for a local memory this target has."""
    for op in hw.kernels_in(module):
        if op.capacity > target.local_bytes or op.align % target.alignment:
            raise RunError(
                f"the kernel was allocated for {op.capacity} bytes of local memory aligned to {op.align}; "
                f"target '{target.name}' has {target.local_bytes} bytes aligned to {target.alignment} "
                "(lower it again with this --target)",
                op,
            )


def run_module(
    module: ModuleOp, arrays: Sequence[np.ndarray], entry: str | None = None, target: Target | None = None
) -> RunResult:
    """Interpret the entry function on `arrays` (checked against its signature),
    timing it on `target` (default: the default target)."""
    f = entry_function(module, entry)
    check_inputs(f, arrays)
    target = target if target is not None else targets.load(targets.DEFAULT)
    check_target(module, target)
    accounting = Accounting()
    timeline = Timeline(target)
    interpreter = make_interpreter(module, [accounting, timeline])
    start = time.perf_counter()
    # nn arithmetic is IEEE: overflow to inf, NaN from inf - inf or a signalling NaN
    # are results, not errors, so NumPy's RuntimeWarnings would only be noise.
    try:
        with np.errstate(all="ignore"):
            results = interpreter.call_op(f, tuple(arrays))
    except MemoryError as err:
        op = accounting.running[-1][0] if accounting.running else None
        raise RunError(f"not enough memory to run this op ({first_words(err)})", op) from None
    seconds = time.perf_counter() - start
    outputs = {name: np.asarray(r) for name, r in zip(output_names(f), results)}
    return RunResult(outputs, accounting, seconds, timeline)
