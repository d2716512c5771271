"""Printing modules as nnpipe's tools do: xDSL's printer, with the resource section
laid out one blob per line (xDSL 0.74 joins them on one line) so that diffs and
`grep` stay usable on large files."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import IO

from xdsl.context import Context
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Dialect
from xdsl.printer import Printer
from xdsl.targets.mlir import MLIRTarget


class NNPipePrinter(Printer):
    def print_metadata(self, dialects: Iterable[Dialect]) -> None:
        interfaces = {
            d.name: d.get_interface(OpAsmDialectInterface) for d in dialects if d.has_interface(OpAsmDialectInterface)
        }
        sections: list[tuple[str, list[tuple[str, str]]]] = []
        for dialect_name, keys in self._dialect_resources.items():
            interface = interfaces.get(dialect_name)
            resources = interface.build_resources(keys) if interface else {}
            if resources:
                sections.append((dialect_name, sorted(resources.items())))
        if not sections:
            return
        # Blob by blob: the blobs are most of a large module's text, and joining them
        # into one string first would hold that text in memory several times over.
        write = self.print_string
        write("\n\n{-#\n  dialect_resources: {")
        for i, (dialect_name, entries) in enumerate(sections):
            write(f"\n    {dialect_name}: {{")
            for j, (key, blob) in enumerate(entries):
                write(f'\n      {key}: "')
                write(blob)
                write('"' + ("," if j < len(entries) - 1 else ""))
            write("\n    }" + ("," if i < len(sections) - 1 else ""))
        write("\n  }\n#-}")


@dataclass(frozen=True)
class NNPipeMLIRTarget(MLIRTarget):
    """xDSL's `mlir` target printing through NNPipePrinter."""

    def emit(self, ctx: Context, module: ModuleOp, output: IO[str]) -> None:
        print_module(ctx, module, output, generic=self.print_generic_format, debuginfo=self.print_debuginfo)


def print_module(ctx: Context, module: ModuleOp, output: IO[str], generic: bool = False, debuginfo: bool = False) -> None:
    printer = NNPipePrinter(stream=output, print_generic_format=generic, print_debuginfo=debuginfo)
    printer.print_op(module)
    printer.print_metadata(ctx.loaded_dialects)
    print("\n", file=output)
