"""`nnpipe-import MODEL.onnx [-o OUT.mlir]`: ONNX model -> nn-dialect module.

The output is one self-contained `.mlir` file: the module, then the weights in its
`{-# dialect_resources #-}` section, printed exactly as `nnpipe-opt` prints (one blob
per line), so a no-op `nnpipe-opt` reproduces the file byte for byte. Any problem with
the model is one line,
`MODEL.onnx: error: node 'n2' (LRN): op type LRN is not supported; supported: ...`,
exit 1, and `-o` is never written unless the import succeeded. The text is streamed
to the output file, never held whole in memory (it is twice the weights' size).
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from typing import IO

from xdsl.context import Context
from xdsl.dialects.builtin import Builtin, ModuleOp

from nnpipe.frontend.onnx import OnnxImportError, import_file
from nnpipe.tools.diagnostics import UserError, open_atomically, run_tool
from nnpipe.tools.printing import print_module


def write_module(module: ModuleOp, output: IO[str], generic: bool = False) -> None:
    """Print `module` and its resource section as nnpipe-opt does."""
    ctx = Context()
    ctx.load_dialect(Builtin)  # the dialect whose resources hold the weights
    print_module(ctx, module, output, generic=generic)


def module_text(module: ModuleOp, generic: bool = False) -> str:
    """The text `nnpipe-import` writes for `module`."""
    stream = io.StringIO()
    write_module(module, stream, generic)
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
    if args.output == "-":
        write_module(module, sys.stdout, args.print_op_generic)
    else:
        with open_atomically(args.output) as output:
            write_module(module, output, args.print_op_generic)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool("nnpipe-import", lambda: run(argv))


if __name__ == "__main__":
    sys.exit(main())
