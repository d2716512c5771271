"""`arith.constant` as NumPy arrays (weights are dense_resource blobs)."""

from __future__ import annotations

from typing import Any

from xdsl.dialects import arith
from xdsl.interpreter import Interpreter, InterpreterFunctions, impl, register_impls

from nnpipe.dialects import weights


@register_impls
class ArithConstantFunctions(InterpreterFunctions):
    @impl(arith.ConstantOp)
    def run_constant(self, interpreter: Interpreter, op: arith.ConstantOp, args: tuple[Any, ...]):
        return (weights.read_elements(op.value),)
