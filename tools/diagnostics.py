"""User-facing diagnostics shared by the nnpipe tools.

Every problem with the user's input ends as one `file:line:col: error: ...` line (or a
one-line `nnpipe-X: error: ...`) and a non-zero exit, never a Python traceback, and
never a half-written output file.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, NoReturn

from xdsl.context import Context
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import ModuleOp
from xdsl.ir import Operation
from xdsl.parser import Parser
from xdsl.utils.exceptions import DiagnosticException, ParseError
from xdsl.utils.lexer import Span

from nnpipe.tools.resource_section import ResourceSection, split_resource_section


class UserError(Exception):
    """An error caused by the user's input; `str(err)` is the whole message."""


def first_line(err: BaseException) -> str:
    """The first line of an error's message (xDSL's, ONNX's and protobuf's run over
    several lines, with context), or its type's name if it has none, so every
    diagnostic stays one line."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


class LocatingParser(Parser):
    """An xDSL parser that remembers where each operation starts in the source, so
    verifier errors can point at `file:line:col` like mlir-opt does."""

    def __init__(self, ctx: Context, text: str | bytes, name: str, line_offset: int = 0):
        super().__init__(ctx, text, name)
        self.op_spans: dict[Operation, Span] = {}
        self.line_offset = line_offset
        self._resource_keys: dict[tuple[str, str], str] = {}
        self._op_names: list[str] = []  # names of the ops being parsed, outermost first

    def _parse_dialect_resource_handle(self, dialect_name: str, interface) -> str:
        """Map each resource key of this file to one key of the process-wide blob
        table. xDSL 0.74 renames a key that is already taken (by an earlier parse or
        a pass's new blob) when the IR uses it, but then renames it again in the
        `dialect_resources` section, so the IR points at an empty blob: parsing the
        same file twice in one process failed. Here both spellings get one key."""
        return self._table_key(dialect_name, self.parse_identifier(" for resource handle"), interface)

    def _table_key(self, dialect_name: str, key: str, interface: OpAsmDialectInterface) -> str:
        """The blob-table key of this file's `key`, declared on first sight."""
        unique = self._resource_keys.get((dialect_name, key))
        if unique is None:
            unique = interface.declare_resource(key)
            self._resource_keys[(dialect_name, key)] = unique
            self.dialect_resources.add((dialect_name, unique))
        return unique

    def preload_resources(self, section: ResourceSection) -> bool:
        """Store blobs read ahead by `split_resource_section` as if this parser had
        read them at the end of the file; False (nothing stored) if a dialect has no
        resource storage, so that xDSL reports it."""
        interfaces = {}
        for name in section.dialects:
            dialect = self.ctx.get_optional_dialect(name)
            interface = dialect.get_interface(OpAsmDialectInterface) if dialect else None
            if interface is None:
                return False
            interfaces[name] = interface
        for entry in section.entries:
            interface = interfaces[entry.dialect]
            interface.parse_resource(self._table_key(entry.dialect, entry.key, interface), entry.blob)
        return True

    def parse_operation(self) -> Operation:
        start = self._current_token.span
        depth = len(self._op_names)
        try:
            op = super().parse_operation()
        except ParseError as err:
            raise self._at_unknown_op_name(err, start) from None
        except DiagnosticException as err:
            # A custom format checks property constraints while parsing (e.g. an
            # `array<i32: ...>` where `array<i64: ...>` is required) and raises a
            # VerifyException, not a ParseError: report it at the op, as the verifier would.
            name = self._op_names[depth] if len(self._op_names) > depth else "operation"
            span = Span(start.start, self._current_token.span.start, start.input)
            raise ParseError(span, f"'{name}' op {str(err).strip()}") from None
        finally:
            del self._op_names[depth:]
        self.op_spans[op] = start
        return op

    def _get_op_by_name(self, name: str):
        self._op_names.append(name)
        return super()._get_op_by_name(name)

    def _at_unknown_op_name(self, err: ParseError, start: Span) -> ParseError:
        """xDSL reports an unregistered op at the token after its name; point at the
        name itself, as mlir-opt does."""
        prefix, suffix = "Operation ", " is not registered"
        if not (err.msg.startswith(prefix) and err.msg.endswith(suffix)):
            return err
        name = err.msg[len(prefix) : -len(suffix)]
        content = start.input.content
        needle: str | bytes = name.encode() if isinstance(content, bytes) else name
        position = content.find(needle, start.start)  # type: ignore[arg-type]
        if position < 0 or position > err.span.start:
            return err
        return ParseError(Span(position, position + len(name), start.input), f"unregistered operation '{name}'")

    def location_of(self, op: Operation) -> str | None:
        """`file:line:col` of `op` or of its closest parsed ancestor."""
        current: Operation | None = op
        while current is not None:
            span = self.op_spans.get(current)
            if span is not None:
                loc = span.get_location()
                return f"{loc.file}:{loc.line + self.line_offset}:{loc.col}"
            current = current.parent_op()
        return None


def parse_error_message(err: ParseError, line_offset: int = 0) -> str:
    loc = err.span.get_location()
    return f"{loc.file}:{loc.line + line_offset}:{loc.col}: error: {err.msg}"


def _parser_for(ctx: Context, text: str | bytes, name: str, line_offset: int) -> LocatingParser:
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8")
        except UnicodeDecodeError:
            return LocatingParser(ctx, text, name, line_offset)  # xDSL reports it
    section = split_resource_section(text)
    if section is not None:
        parser = LocatingParser(ctx, section.module_text, name, line_offset)
        if parser.preload_resources(section):
            return parser
    return LocatingParser(ctx, text, name, line_offset)


def parse_module(ctx: Context, text: str | bytes, name: str, line_offset: int = 0) -> tuple[ModuleOp, LocatingParser]:
    """Parse and verify; raise UserError with a located message on either failure.

    A resource section in the printed grammar is read ahead by `split_resource_section`
    (seconds faster on a network's weights); any other goes through xDSL."""
    parser = _parser_for(ctx, text, name, line_offset)
    try:
        module = parser.parse_module()
    except ParseError as err:
        raise UserError(parse_error_message(err, line_offset)) from None
    verify_module(module, parser, name)
    return module, parser


def verify_module(module: ModuleOp, parser: LocatingParser | None, name: str, context: str = "") -> None:
    """Verify op by op, so the error names the failing op and its location.

    xDSL's own `verify()` wraps the message in a dump of the whole module; we report
    the underlying message only, MLIR style: `loc: error: 'op.name' op message`.
    """
    for op in module.walk():
        try:
            op.verify(verify_nested_ops=False)
        except DiagnosticException as err:
            message = first_line(err.__cause__ if err.__cause__ is not None else err)
            where = (parser.location_of(op) if parser else None) or name
            raise UserError(f"{where}: error: '{op.name}' op {message}{context}") from None


@contextmanager
def open_atomically(path: str, mode: str = "w") -> Iterator[IO]:
    """A handle on a temporary file beside `path`, renamed to `path` when the block
    ends without an exception and deleted otherwise: a failure never leaves a partial
    output behind. For outputs too large to build in memory first (a module's
    weights as text)."""
    directory = os.path.dirname(os.path.abspath(path))
    try:
        fd, tmp = tempfile.mkstemp(prefix=".nnpipe-", dir=directory)
    except OSError as err:
        raise UserError(f"{path}: error: cannot write file: {err.strerror}") from None
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
        try:
            os.replace(tmp, path)
        except OSError as err:
            raise UserError(f"{path}: error: cannot write file: {err.strerror}") from None
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomically(path: str, text: str | bytes) -> None:
    """Write `text` to `path` through `open_atomically`."""
    with open_atomically(path, "wb" if isinstance(text, bytes) else "w") as handle:
        handle.write(text)


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as err:
        raise UserError(f"{path}: error: cannot read file: {err.strerror}") from None


def fail(tool: str, message: str) -> NoReturn:
    print(message if ": error:" in message else f"{tool}: error: {message}", file=sys.stderr)
    raise SystemExit(1)


def run_tool(tool: str, body: Callable[[], int | None]) -> int:
    """Run a CLI body: user errors become one stderr line and exit 1; an internal
    bug prints one line too (set NNPIPE_DEBUG=1 for the traceback) and exits 2."""
    try:
        return body() or 0
    except UserError as err:
        fail(tool, str(err))
    except KeyboardInterrupt:
        print(f"{tool}: interrupted", file=sys.stderr)
        return 130
    except SystemExit:
        raise
    except Exception as err:  # noqa: BLE001 - the last line of defence of a CLI
        if os.environ.get("NNPIPE_DEBUG"):
            raise
        print(f"{tool}: internal error: {type(err).__name__}: {err} (set NNPIPE_DEBUG=1 for a traceback)", file=sys.stderr)
        return 2
