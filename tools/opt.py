"""`nnpipe-opt`: xdsl-opt with nnpipe's dialects and passes, MLIR-style diagnostics.

Every xdsl-opt flag keeps working (`-p`, `--print-op-generic`, `--split-input-file`,
`--verify-diagnostics`, `-o`, stdin as `-` or no file). What changes: errors are one
`file:line:col: error: ...` line with exit 1 (with `--verify-diagnostics` they go to
stdout and the exit is 0, as in xdsl-opt, for FileCheck), and `-o` is written only
once everything succeeded.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline
from xdsl.utils.exceptions import DiagnosticException
from xdsl.xdsl_opt_main import xDSLOptMain

from nnpipe.passes import get_opt_passes, statistics
from nnpipe.tools.diagnostics import (
    LocatingParser,
    UserError,
    parse_module,
    read_input,
    run_tool,
    verify_module,
    write_atomically,
)
from nnpipe.tools.pipeline_spec import parse_pass_pipeline
from nnpipe.tools.printing import NNPipeMLIRTarget
from nnpipe.tools.universe import register_dialects


class NNPipeOptMain(xDSLOptMain):
    version_format = "nnpipe-opt (built on xDSL {xdsl_version})"

    _parser: LocatingParser | None = None
    _input_name: str = "<stdin>"

    def register_all_dialects(self) -> None:
        """builtin, func, arith and nnpipe's dialects, each registered once (the
        universe entry point is for plain xdsl-opt)."""
        register_dialects(self.ctx)

    def register_all_targets(self) -> None:
        super().register_all_targets()
        self.available_targets["mlir"] = lambda: NNPipeMLIRTarget

    def register_all_arguments(self, arg_parser: argparse.ArgumentParser) -> None:
        super().register_all_arguments(arg_parser)
        arg_parser.add_argument(
            "--pass-statistics",
            action="store_true",
            help="print the passes' statistics to stderr after the pipeline (like mlir-opt)",
        )

    def register_all_passes(self) -> None:
        for name, factory in get_opt_passes().items():
            self.register_pass(name, factory)

    def setup_pipeline(self) -> None:
        def verify_between(previous: ModulePass | None, module: ModuleOp, _next: ModulePass | None) -> None:
            if previous is not None and not self.args.disable_verify:
                verify_module(module, self._parser, self._input_name, f" (after pass '{previous.name}')")

        self.pipeline = parse_pass_pipeline(self.available_passes, self.args.passes, verify_between)

    def process(self, text: bytes, line_offset: int) -> str:
        module, self._parser = parse_module(self.ctx, text, self._input_name, line_offset)
        for p in self.pipeline.passes:
            pass_name = p.name
            try:
                single = PassPipeline((p,), self.pipeline.callback)
                single.apply(self.ctx, module)
            except UserError:
                raise
            except DiagnosticException as err:
                cause = err.__cause__ or err
                raise UserError(f"{self._input_name}: error: pass '{pass_name}' failed: {str(cause).strip()}") from None
        return self.output_resulting_program(module)

    def run(self) -> int:
        path = self.args.input_file or "-"
        self._input_name = "<stdin>" if path == "-" else path
        data = read_input(path)
        chunks = [(data, 0)]
        if self.args.split_input_file:
            pieces = data.split(b"// -----")
            offsets, line = [], 0
            for piece in pieces:
                offsets.append(line)
                line += piece.count(b"\n")
            chunks = list(zip(pieces, offsets))
        outputs: list[str] = []
        with statistics.collect() as collected:
            for text, offset in chunks:
                try:
                    outputs.append(self.process(text, offset))
                except UserError as err:
                    if not (self.args.verify_diagnostics or self.args.parsing_diagnostics):
                        raise
                    outputs.append(str(err) + "\n")
        result = "// -----\n".join(outputs)
        if self.args.output_file:
            write_atomically(self.args.output_file, result)
        else:
            sys.stdout.write(result)
        if self.args.pass_statistics:
            sys.stdout.flush()  # the report follows the IR, as with mlir-opt, even through `2>&1 |`
            sys.stderr.write(collected.report())
        return 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool("nnpipe-opt", lambda: NNPipeOptMain(description="nnpipe modular optimizer", args=argv).run())


if __name__ == "__main__":
    raise SystemExit(main())
