"""The importer's user-facing error (re-exported by `nnpipe.frontend.onnx`)."""

from __future__ import annotations

from nnpipe.tools.diagnostics import UserError, first_line

__all__ = ["OnnxImportError", "first_line", "joined_lines"]


def joined_lines(err: BaseException) -> str:
    """ONNX's checker spreads one sentence over several lines (the node's name and op
    type on their own lines); join them, so the one-line message keeps the node."""
    return " ".join(line.strip() for line in str(err).strip().splitlines() if line.strip()) or type(err).__name__


class OnnxImportError(UserError):
    """The model uses something nnpipe cannot import (an op, opset, element type,
    attribute value or dynamic shape), or is not a valid ONNX model. The message is
    one line that names the node, its op type and what is supported."""
