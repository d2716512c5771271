"""The importer's user-facing error (re-exported by `nnpipe.frontend.onnx`)."""

from __future__ import annotations

from nnpipe.tools.diagnostics import UserError, first_line

__all__ = ["OnnxImportError", "first_line"]


class OnnxImportError(UserError):
    """The model uses something nnpipe cannot import (an op, opset, element type,
    attribute value or dynamic shape), or is not a valid ONNX model. The message is
    one line that names the node, its op type and what is supported."""
