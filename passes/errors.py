"""`OpError`: a pass's diagnostic about one op, reported by the tools at that op's
location (`file:line:col: error: 'nn.conv2d' op ...`), MLIR's `op->emitError()`."""

from __future__ import annotations

from xdsl.ir import Operation
from xdsl.utils.exceptions import DiagnosticException


class OpError(DiagnosticException):
    def __init__(self, message: str, op: Operation):
        super().__init__(message)
        self.op = op
