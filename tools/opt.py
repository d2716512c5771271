"""`nnpipe-opt`: xdsl-opt with nnpipe's dialects and passes, MLIR-style diagnostics.

Every flag `--help` lists works as in xdsl-opt (`-p`, `--print-op-generic`,
`--split-input-file`, `--verify-diagnostics`, `--print-between-passes`, `--time-passes`,
`--disable-verify`, `-o`, stdin as `-` or no file, ...). What changes: errors are one
`file:line:col: error: ...` line with exit 1 (with `--verify-diagnostics` they go to
stdout and the exit is 0, as in xdsl-opt, for FileCheck); bad command lines are one
line and exit 1 too; `--split-input-file` processes every chunk and reports every
error, like mlir-opt; `-o` is written only once everything succeeded; `-t` offers only
`mlir`, the one output that makes sense for nnpipe's dialects.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass, PassPipeline
from xdsl.printer import Printer
from xdsl.utils.exceptions import DiagnosticException, ShrinkException
from xdsl.xdsl_opt_main import xDSLOptMain

from nnpipe.interpreter import targets
from nnpipe.passes import get_opt_passes, statistics
from nnpipe.tools.diagnostics import (
    LocatingParser,
    UserError,
    first_line,
    load_target,
    parse_module,
    read_input,
    run_tool,
    usage_error_for,
    verify_module,
    write_atomically,
)
from nnpipe.tools.pipeline_spec import parse_pass_pipeline
from nnpipe.tools.printing import NNPipeMLIRTarget
from nnpipe.tools.universe import register_dialects

SPLIT_MARKER = b"// -----"


class NNPipeOptMain(xDSLOptMain):
    version_format = "nnpipe-opt (built on xDSL {xdsl_version})"

    _parser: LocatingParser | None = None
    _input_name: str = "<stdin>"

    def register_all_dialects(self) -> None:
        """builtin, func, arith and nnpipe's dialects, each registered once (the
        universe entry point is for plain xdsl-opt)."""
        register_dialects(self.ctx)

    def register_all_targets(self) -> None:
        """Only `mlir`: xdsl-opt's other targets (llvm, riscv-asm, ...) translate
        dialects nnpipe does not produce."""
        self.available_targets["mlir"] = lambda: NNPipeMLIRTarget

    def register_all_arguments(self, arg_parser: argparse.ArgumentParser) -> None:
        super().register_all_arguments(arg_parser)
        arg_parser.add_argument(
            "--pass-statistics",
            action="store_true",
            help="print the passes' statistics to stderr after the IR (like mlir-opt)",
        )
        # xdsl-opt spells its output format `-t/--target`; nnpipe-opt keeps `-t` for
        # that (only `mlir`) and gives `--target` to the hardware target, as the
        # design brief's command line has it.
        for action in arg_parser._actions:
            if "--target" in action.option_strings:
                action.option_strings.remove("--target")
                del arg_parser._option_string_actions["--target"]
        arg_parser.add_argument(
            "--target",
            dest="hw_target",
            default=targets.DEFAULT,
            metavar="NAME|FILE.toml",
            help=f"the target of the passes that need one (lower-to-hw, h-split{{tiles=auto}}): "
            f"{', '.join(targets.builtin_names())} or a .toml file (default {targets.DEFAULT})",
        )
        usage_error = usage_error_for("nnpipe-opt")
        # xDSL words its output-format check with both spellings; here -t is the only one.
        arg_parser.error = lambda message: usage_error(message.replace("argument -t/--target:", "argument -t:"))  # type: ignore[method-assign]

    def register_all_passes(self) -> None:
        for name, factory in get_opt_passes().items():
            self.register_pass(name, factory)

    def setup_pipeline(self) -> None:
        if self.args.output_file == "":
            raise UserError("nnpipe-opt: error: -o/--output-file: the file name is empty")
        self.pipeline = parse_pass_pipeline(self.available_passes, self.args.passes)

    def process(self, text: bytes, line_offset: int) -> str:
        verify = not self.args.disable_verify
        module, self._parser = parse_module(
            self.ctx, text, self._input_name, line_offset, verify=verify, implicit_module=not self.args.no_implicit_module
        )
        passes = self.pipeline.passes
        for index, p in enumerate(passes):
            start = time.perf_counter()
            self._apply(p, module)
            if self.args.time_passes:
                print(f"Pass {p.name} took {time.perf_counter() - start} seconds")
            if verify:
                verify_module(module, self._parser, self._input_name, f" (after pass '{p.name}')")
            if self.args.print_between_passes and index + 1 < len(passes):
                print(f"IR after {p.name}:")
                Printer(stream=sys.stdout).print_op(module)
                print("\n\n\n")
        return self.output_resulting_program(module)

    def _apply(self, p: ModulePass, module: ModuleOp) -> None:
        try:
            PassPipeline((p,)).apply(self.ctx, module)
        except (UserError, ShrinkException):
            raise
        except DiagnosticException as err:
            cause = err.__cause__ or err
            op = getattr(cause, "op", None)
            if op is not None and self._parser is not None:
                where = self._parser.location_of(op) or self._input_name
                raise UserError(f"{where}: error: '{op.name}' op {first_line(cause)} (pass '{p.name}')") from None
            raise UserError(f"{self._input_name}: error: pass '{p.name}' failed: {str(cause).strip()}") from None

    def chunks(self, data: bytes) -> list[tuple[bytes, int]]:
        """The input, or with --split-input-file its `// -----` pieces, each with the
        number of lines before it."""
        if not self.args.split_input_file:
            return [(data, 0)]
        chunks, line = [], 0
        for piece in data.split(SPLIT_MARKER):
            chunks.append((piece, line))
            line += piece.count(b"\n")
        return chunks

    def run(self) -> int:
        path = self.args.input_file or "-"
        self._input_name = "<stdin>" if path == "-" else path
        diagnostics_to_stdout = self.args.verify_diagnostics or self.args.parsing_diagnostics
        outputs: list[str] = []
        failed = False
        load_target("nnpipe-opt", self.args.hw_target)  # a bad target is a usage error before any input is read
        try:
            with targets.selecting(self.args.hw_target), statistics.collect() as collected:
                for text, offset in self.chunks(read_input(path)):
                    try:
                        outputs.append(self.process(text, offset))
                    except UserError as err:
                        if diagnostics_to_stdout:
                            outputs.append(str(err) + "\n")
                        elif self.args.split_input_file:  # report it, go on with the next chunk
                            print(str(err), file=sys.stderr)
                            failed = True
                        else:
                            raise
        except ShrinkException:
            assert self.args.shrink
            print("Success, can shrink")
            return 0
        result = "// -----\n".join(outputs)
        if self.args.output_file and not failed:
            write_atomically(self.args.output_file, result)
        elif not self.args.output_file:
            sys.stdout.write(result)
        if self.args.pass_statistics:
            sys.stdout.flush()  # the report follows the IR, as with mlir-opt, even through `2>&1 |`
            sys.stderr.write(collected.report())
        if self.args.shrink:
            print("Failure, can't shrink")
            return 1
        return 1 if failed else 0


def main(argv: Sequence[str] | None = None) -> int:
    return run_tool("nnpipe-opt", lambda: NNPipeOptMain(description="nnpipe modular optimizer", args=argv).run())


if __name__ == "__main__":
    raise SystemExit(main())
