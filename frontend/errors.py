"""The importer's user-facing error (re-exported by `nnpipe.frontend.onnx`)."""

from __future__ import annotations

from nnpipe.tools.diagnostics import UserError


class OnnxImportError(UserError):
    """The model uses something nnpipe cannot import (an op, opset, element type,
    attribute value or dynamic shape), or is not a valid ONNX model. The message is
    one line that names the node, its op type and what is supported."""


def first_line(err: BaseException) -> str:
    """The first line of a third-party error (ONNX's and protobuf's messages run over
    several lines, with C++ context), so every diagnostic stays one line."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
