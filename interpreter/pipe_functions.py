"""Interpreter functions of the pipe dialect: stages run in order, each op of a
stage in program order (the result does not depend on which engine runs first, since
ops of one stage on different engines are independent by the verifier's rule)."""

from __future__ import annotations

from typing import Any

import numpy as np
from xdsl.interpreter import (
    Interpreter,
    InterpreterFunctions,
    PythonValues,
    ReturnedValues,
    TerminatorValue,
    impl,
    impl_terminator,
    register_impls,
)

from nnpipe.dialects import pipe


def tile_rows(source: np.ndarray, rows: tuple[int, int], pad: tuple[int, int]) -> np.ndarray:
    """Rows `[r0, r1)` of an NHWC tensor with `pad` zero rows above and below."""
    (r0, r1), (top, bottom) = rows, pad
    real = source[:, r0:r1]
    if top == 0 and bottom == 0:
        return real.copy()
    out = np.zeros((source.shape[0], r1 - r0 + top + bottom, *source.shape[2:]), dtype=source.dtype)
    out[:, top : top + r1 - r0] = real
    return out


@register_impls
class PipeFunctions(InterpreterFunctions):
    @impl(pipe.PipelineOp)
    def run_pipeline(self, interpreter: Interpreter, op: pipe.PipelineOp, args: PythonValues):
        return interpreter.run_ssacfg_region(op.body, args, "pipe.pipeline")

    @impl(pipe.StageOp)
    def run_stage(self, interpreter: Interpreter, op: pipe.StageOp, args: PythonValues):
        return interpreter.run_ssacfg_region(op.body, (), f"pipe.stage {op.stage_index}")

    @impl(pipe.BarrierOp)
    def run_barrier(self, interpreter: Interpreter, op: pipe.BarrierOp, args: PythonValues):
        return ()

    @impl(pipe.TileOp)
    def run_tile(self, interpreter: Interpreter, op: pipe.TileOp, args: tuple[Any, ...]):
        return (tile_rows(args[0], op.row_range, op.pad_rows),)

    @impl(pipe.AssembleOp)
    def run_assemble(self, interpreter: Interpreter, op: pipe.AssembleOp, args: tuple[Any, ...]):
        return (np.concatenate(args, axis=pipe.SPLIT_AXIS),)

    @impl_terminator(pipe.YieldOp)
    def run_yield(
        self, interpreter: Interpreter, op: pipe.YieldOp, args: PythonValues
    ) -> tuple[TerminatorValue, PythonValues]:
        return ReturnedValues(args), ()
