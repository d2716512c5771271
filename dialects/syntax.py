"""Custom-syntax pieces shared by the ops of the pipe and hw dialects: the operand
bindings `(%input = %x, %weight = %w)` that name, for an op isolated from above,
the block argument each operand becomes, and the split of a parsed attribute
dictionary into the op's properties and its other attributes."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from xdsl.ir import Attribute, BlockArgument, SSAValue
from xdsl.irdl import IRDLOperation
from xdsl.parser import Parser, UnresolvedOperand
from xdsl.printer import Printer


def print_bindings(printer: Printer, args: Sequence[BlockArgument], operands: Sequence[SSAValue]) -> None:
    """`(%arg = %operand, ...)`."""

    def binding(pair: tuple[BlockArgument, SSAValue]) -> None:
        printer.print_block_argument(pair[0], print_type=False)
        printer.print_string(" = ")
        printer.print_ssa_value(pair[1])

    printer.print_string("(")
    printer.print_list(zip(args, operands), binding)
    printer.print_string(")")


def parse_bindings(parser: Parser) -> list[tuple[Parser.UnresolvedArgument, UnresolvedOperand]]:
    """`(%arg = %operand, ...)`, unresolved: the types come later."""

    def binding() -> tuple[Parser.UnresolvedArgument, UnresolvedOperand]:
        arg = parser.parse_argument(expect_type=False)
        parser.parse_punctuation("=")
        return arg, parser.parse_unresolved_operand()

    return parser.parse_comma_separated_list(Parser.Delimiter.PAREN, binding)


def split_attributes(
    op_type: type[IRDLOperation], parsed: Mapping[str, Attribute] | None, properties: dict[str, Attribute]
) -> dict[str, Attribute]:
    """Moves the entries of a parsed `{...}` that are properties of `op_type` into
    `properties` (the syntax prints them in one dictionary, as
    `ParsePropInAttrDict` does); returns the rest, the op's attributes."""
    attributes: dict[str, Attribute] = {}
    for key, value in (parsed or {}).items():
        (properties if key in op_type.get_irdl_definition().properties else attributes)[key] = value
    return attributes
