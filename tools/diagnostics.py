"""User-facing diagnostics shared by the nnpipe tools.

Every problem with the user's input ends as one `file:line:col: error: ...` line (or a
one-line `nnpipe-X: error: ...`) and a non-zero exit, never a Python traceback, and
never a half-written output file.
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import IO, NoReturn

from xdsl.context import Context
from xdsl.dialect_interfaces.op_asm import OpAsmDialectInterface
from xdsl.dialects.builtin import DenseResourceAttr, ModuleOp, TensorType
from xdsl.ir import Block, BlockArgument, Operation, SSAValue
from xdsl.parser import Parser
from xdsl.parser.generic_parser import ParserState
from xdsl.utils.exceptions import DiagnosticException, ParseError
from xdsl.utils.lexer import Input, Span
from xdsl.utils.mlir_lexer import MLIRLexer, MLIRTokenKind

from nnpipe.dialects.weights import blob_problem, resource_problem
from nnpipe.interpreter import targets
from nnpipe.interpreter.targets import Target
from nnpipe.tools.resource_section import (
    ResourceSection,
    ResourceSectionError,
    duplicate_key_message,
    split_resource_section,
)


class UserError(Exception):
    """An error caused by the user's input; `str(err)` is the whole message."""


def first_line(err: BaseException) -> str:
    """The first line of an error's message (xDSL's, ONNX's and protobuf's run over
    several lines, with context), or its type's name if it has none, so every
    diagnostic stays one line."""
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__


class LinearTimeLexer(MLIRLexer):
    """xDSL 0.74's string-literal pattern nests `+` inside `*`, so on a string that is
    never closed (a file cut off inside a blob) the regex engine backtracks
    exponentially: more than ten minutes for 9 KB. The same language with possessive
    quantifiers (Python 3.11) cannot backtrack and matches or fails in linear time."""

    _unescaped_characters_regex = re.compile(r'"(?:[^"\\\n\v\f]++|\\(?:["nt\\]|[0-9A-Fa-f]{2}))*+"')


class LocatingParser(Parser):
    """An xDSL parser that remembers where each operation starts in the source, so
    verifier errors can point at `file:line:col` like mlir-opt does. It lexes with
    `LinearTimeLexer` and rejects a resource key given twice or a malformed blob."""

    def __init__(self, ctx: Context, text: str, name: str, line_offset: int = 0):
        super().__init__(ctx, "", name)
        self._parser_state = ParserState(LinearTimeLexer(Input(text, name)))
        self._resource_seen: set[tuple[str, str]] = set()
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

    def _parse_resource(self, dialect_name: str, interface: OpAsmDialectInterface) -> None:
        """xDSL's `_parse_resource` (the fallback when the section is not read ahead),
        plus the read-ahead's checks: unique keys, well-formed blobs."""
        key_span = self._current_token.span
        key_text = key_span.text
        key = self._parse_dialect_resource_handle(dialect_name, interface)
        if (dialect_name, key_text) in self._resource_seen:
            self.raise_error(duplicate_key_message(dialect_name, key_text), key_span)
        self._resource_seen.add((dialect_name, key_text))
        self._parse_token(MLIRTokenKind.COLON, "expected `:`")
        value_span = self._current_token.span
        value = self.parse_str_literal()
        problem = blob_problem(value)
        if problem is not None:
            self.raise_error(f"resource '{key_text}': {problem}", value_span)
        interface.parse_resource(key, value)

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
        except MemoryError:
            # A splat constant of a huge type is materialised by xDSL's parser.
            name = self._op_names[depth] if len(self._op_names) > depth else "operation"
            span = Span(start.start, self._current_token.span.start, start.input)
            raise ParseError(span, f"'{name}' op needs more memory than this machine has (a value too large to hold)") from None
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


def location_at(text: str | bytes, offset: int, name: str, line_offset: int = 0) -> str:
    """`file:line:col` of a character (or byte) offset, 1-based like MLIR's."""
    newline = "\n" if isinstance(text, str) else b"\n"
    line = text.count(newline, 0, offset) + 1  # type: ignore[arg-type]
    column = offset - (text.rfind(newline, 0, offset) + 1) + 1  # type: ignore[arg-type]
    return f"{name}:{line + line_offset}:{column}"


def decode_utf8(data: bytes, name: str, line_offset: int = 0) -> str:
    """The file's text; a byte that is not UTF-8 is a located error (MLIR files are UTF-8)."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as err:
        where = location_at(data, err.start, name, line_offset)
        raise UserError(
            f"{where}: error: invalid UTF-8 byte 0x{data[err.start]:02x}: .mlir files are UTF-8 text"
        ) from None


def _parser_for(ctx: Context, text: str | bytes, name: str, line_offset: int) -> LocatingParser:
    if isinstance(text, bytes):
        text = decode_utf8(text, name, line_offset)
    try:
        section = split_resource_section(text)
    except ResourceSectionError as err:
        raise UserError(f"{location_at(text, err.offset, name, line_offset)}: error: {err.message}") from None
    if section is not None:
        parser = LocatingParser(ctx, section.module_text, name, line_offset)
        if parser.preload_resources(section):
            return parser
    return LocatingParser(ctx, text, name, line_offset)


_NOTHING = re.compile(r"(?:\s+|//[^\n]*)*")


def parse_module(
    ctx: Context,
    text: str | bytes,
    name: str,
    line_offset: int = 0,
    *,
    verify: bool = True,
    implicit_module: bool = True,
) -> tuple[ModuleOp, LocatingParser]:
    """Parse and verify; raise UserError with a located message on either failure.

    A resource section in the printed grammar is read ahead by `split_resource_section`
    (seconds faster on a network's weights); any other goes through xDSL. A file of
    nothing but white space and comments is an empty module, as for mlir-opt."""
    parser = _parser_for(ctx, text, name, line_offset)
    content = parser.lexer.input.content
    try:
        if _NOTHING.fullmatch(content) and implicit_module:
            module = ModuleOp([])
        else:
            module = parser.parse_module(allow_implicit_module=implicit_module)
    except ParseError as err:
        raise UserError(parse_error_message(err, line_offset)) from None
    if verify:
        verify_module(module, parser, name)
    return module, parser


INT64_MAX = 2**63 - 1


def _dominance_problem(op: Operation, operand: SSAValue, positions: dict[Block, dict[Operation, int]]) -> bool:
    """Whether `operand` fails to dominate its use in `op` (MLIR's rule, for regions
    whose blocks do not branch to each other; uses across the blocks of one CFG region
    are left alone)."""
    definer = None if isinstance(operand, BlockArgument) else operand.owner
    block = operand.block if isinstance(operand, BlockArgument) else definer.parent_block()  # type: ignore[union-attr]
    ancestor: Operation | None = op  # `op`, or the ancestor of `op` that sits in `block`
    while ancestor is not None and ancestor.parent_block() is not block:
        ancestor = ancestor.parent_op()
    if ancestor is None:
        return block is None or not _same_region_as_an_ancestor(op, block.parent)
    if definer is None:  # a block argument of a block enclosing the use
        return False
    if ancestor is definer:
        return True
    order = positions.get(block)
    if order is None:
        order = positions[block] = {o: i for i, o in enumerate(block.ops)}
    return order[definer] > order[ancestor]  # type: ignore[index]


def _same_region_as_an_ancestor(op: Operation, region) -> bool:
    """Whether some ancestor block of `op` lies in `region` (then the use is across
    the blocks of a CFG region, which needs a dominator tree; not judged here)."""
    current: Operation | None = op
    while current is not None:
        block = current.parent_block()
        if block is not None and block.parent is region:
            return True
        current = current.parent_op()
    return False


def _type_problem(value: SSAValue) -> str | None:
    t = value.type
    if isinstance(t, TensorType):
        for dim in t.get_shape():
            if dim > INT64_MAX:
                return f"has type {t}: dimension {dim} does not fit in 64 bits"
    return None


def _module_problems(op: Operation, positions: dict[Block, dict[Operation, int]]) -> str | None:
    """What MLIR's verifier rejects and xDSL 0.74's does not: a use its definition
    does not dominate, a dimension beyond int64, and (nnpipe's rule for weights) a
    dense_resource whose blob is missing or does not hold its type."""
    for i, operand in enumerate(op.operands):
        if _dominance_problem(op, operand, positions):
            name = f" (%{operand.name_hint})" if operand.name_hint else ""
            return f"operand #{i}{name} does not dominate this use"
    for value in [*op.results, *(arg for region in op.regions for block in region.blocks for arg in block.args)]:
        problem = _type_problem(value)
        if problem is not None:
            name = f" %{value.name_hint}" if value.name_hint else ""
            return f"value{name} {problem}"
    for attr in op.properties.values():
        if isinstance(attr, DenseResourceAttr):
            problem = resource_problem(attr)
            if problem is not None:
                return problem
    return None


def verify_module(module: ModuleOp, parser: LocatingParser | None, name: str, context: str = "") -> None:
    """Verify op by op, so the error names the failing op and its location.

    xDSL's own `verify()` wraps the message in a dump of the whole module; we report
    the underlying message only, MLIR style: `loc: error: 'op.name' op message`.
    Beyond xDSL's verifiers this checks what mlir-opt also rejects (`_module_problems`).
    """
    positions: dict[Block, dict[Operation, int]] = {}
    for op in module.walk():
        try:
            op.verify(verify_nested_ops=False)
            problem = _module_problems(op, positions)
        except DiagnosticException as err:
            cause = err.__cause__ if err.__cause__ is not None else err
            problem = first_line(cause)
            op = getattr(cause, "op", None) or op  # a kernel's schedule rule names the op that breaks it
        if problem is not None:
            where = (parser.location_of(op) if parser else None) or name
            raise UserError(f"{where}: error: '{op.name}' op {problem}{context}") from None


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _temporary_beside(path: str) -> tuple[int, str]:
    """A new temporary file in `path`'s directory, with the mode a plain `open(path,
    "w")` would give it (mkstemp makes 0600), or a UserError saying what is wrong."""
    directory = os.path.dirname(os.path.abspath(path))
    if os.path.isdir(path):
        raise UserError(f"{path}: error: cannot write file: Is a directory")
    if os.path.exists(path) and not os.access(path, os.W_OK):
        raise UserError(f"{path}: error: cannot write file: Permission denied")
    if not os.path.isdir(directory):
        raise UserError(f"{path}: error: cannot write file: No such file or directory")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".nnpipe-", dir=directory)
    except OSError as err:
        raise UserError(f"{path}: error: cannot write file: cannot create a file in {directory}: {err.strerror}") from None
    os.fchmod(fd, 0o666 & ~_umask())
    return fd, tmp


def _commit(tmp: str, path: str) -> None:
    try:
        os.replace(tmp, path)
    except OSError as err:
        raise UserError(f"{path}: error: cannot write file: {err.strerror}") from None


@contextmanager
def open_atomically(path: str, mode: str = "w") -> Iterator[IO]:
    """A handle on a temporary file beside `path`, renamed to `path` when the block
    ends without an exception and deleted otherwise: a failure never leaves a partial
    output behind. For outputs too large to build in memory first (a module's
    weights as text)."""
    fd, tmp = _temporary_beside(path)
    try:
        with os.fdopen(fd, mode) as handle:
            yield handle
        _commit(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def write_atomically(path: str, text: str | bytes) -> None:
    """Write `text` to `path`, all or nothing."""
    write_all_atomically([(path, text)])


def write_all_atomically(files: list[tuple[str, str | bytes]]) -> None:
    """Write several outputs all or none: every temporary file is created and written
    before the first is renamed into place, so an unwritable last output leaves no
    earlier one behind."""
    temporaries: list[str] = []
    try:
        for path, content in files:
            fd, tmp = _temporary_beside(path)
            temporaries.append(tmp)
            with os.fdopen(fd, "wb" if isinstance(content, bytes) else "w") as handle:
                handle.write(content)
        for (path, _), tmp in zip(files, temporaries):
            _commit(tmp, path)
    finally:
        for tmp in temporaries:
            if os.path.exists(tmp):
                os.unlink(tmp)


def read_input(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError as err:
        raise UserError(f"{path}: error: cannot read file: {err.strerror}") from None


def usage_error_for(tool: str) -> Callable[[str], NoReturn]:
    """An `ArgumentParser.error` replacement: a bad command line is one line, exit 1
    (argparse's own prints the usage too and exits 2)."""

    def error(message: str) -> NoReturn:
        raise UserError(f"{tool}: error: {message}")

    return error


def load_target(tool: str, spec: str) -> Target:
    """The `--target` of a tool, or a one-line UserError (a bad file's message
    already names the file; a bad name is the flag's)."""
    try:
        return targets.load(spec)
    except targets.TargetError as err:
        message = str(err)
        raise UserError(message if ": error: " in message else f"{tool}: error: --target: {message}") from None


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
