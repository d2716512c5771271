"""`nnpipe-import MODEL.onnx [-o OUT.mlir]`: ONNX model -> nn-dialect module.

The output is one self-contained `.mlir` file: the module, then the weights in its
`{-# dialect_resources #-}` section. Any problem with the model is one line,
`MODEL.onnx: error: node 'conv1' (LRN): op type LRN is not supported; supported: ...`,
exit 1, and `-o` is never written unless the import succeeded.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence

from xdsl.dialects.builtin import Builtin, ModuleOp
from xdsl.printer import Printer

from nnpipe.frontend.onnx import OnnxImportError, import_file
from nnpipe.tools.diagnostics import UserError, run_tool, write_atomically


def module_text(module: ModuleOp, generic: bool = False) -> str:
    """The module as MLIR text with its resource section (as nnpipe-opt prints it)."""
    stream = io.StringIO()
    printer = Printer(stream=stream, print_generic_format=generic)
    printer.print_op(module)
    printer.print_metadata([Builtin])
    stream.write("\n")
    return stream.getvalue()


def run(argv: Sequence[str] | None) -> int:
    parser = argparse.ArgumentParser(
        prog="nnpipe-import", description="Import an ONNX model into nnpipe's nn dialect."
    )
    parser.add_argument("model", help="the ONNX model (.onnx)")
    parser.add_argument("-o", "--output", default="-", help="output .mlir file (default: stdout)")
    parser.add_argument("--print-op-generic", action="store_true", help="print ops in the generic form")
    args = parser.parse_args(argv)
    try:
        module = import_file(args.model)
    except OnnxImportError as err:
        raise UserError(f"{args.model}: error: {err}") from None
    text = module_text(module, args.print_op_generic)
    if args.output == "-":
        sys.stdout.write(text)
    else:
        write_atomically(args.output, text)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool("nnpipe-import", lambda: run(argv))


if __name__ == "__main__":
    sys.exit(main())
