"""Parse a `-p 'pass1,pass2{key=value}'` pipeline with errors a user can act on.

xDSL's `PassPipeline.parse_spec` reports an unknown option with the pass's Python
field names (`allow_duplicate`) and an ill-typed value as
`Incompatible types: given ('maybe',), expected <class 'bool'>`. Users spell options
as on the command line (`allow-duplicate=true`), so this module checks each pass's
options itself, against the pass dataclass's fields, before xDSL builds the passes:

    pass 'cast-hoist' has no option 'foo'; its options: allow-duplicate, fold-into-producer
    option fold-relu=maybe of pass 'fuse-conv-add': expected true or false
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from typing import Any, get_type_hints

from xdsl.passes import ModulePass, PassPipeline, PassPipelineCallbackType
from xdsl.utils.arg_spec import ArgSpec, parse_pipeline
from xdsl.utils.exceptions import ArgSpecParseError

from nnpipe.tools.diagnostics import UserError, first_line

_EXPECTED = {bool: "true or false", int: "an integer", float: "a number", str: "a string"}


def option_names(pass_class: type[ModulePass]) -> dict[str, dataclasses.Field[Any]]:
    """The pass's options as spelled on the command line (`fold-relu`), with their fields."""
    return {
        field.name.replace("_", "-"): field
        for field in dataclasses.fields(pass_class)
        if field.init and field.name != "name"
    }


def _spelled(value: Any) -> str:
    values = value if isinstance(value, (list, tuple)) else [value]
    return ",".join(str(v).lower() if isinstance(v, bool) else str(v) for v in values)


def _expected(hint: Any) -> str:
    return _EXPECTED.get(hint, str(hint).replace("typing.", ""))


def _check_options(spec: ArgSpec, pass_class: type[ModulePass]) -> None:
    options = option_names(pass_class)
    hints = get_type_hints(pass_class)
    for key, value in spec.parameters.items():
        option = key.replace("_", "-")
        if option not in options:
            listed = ", ".join(options) if options else "none"
            raise ValueError(f"pass '{spec.name}' has no option '{key}'; its options: {listed}")
        try:
            pass_class.from_pass_spec(ArgSpec(spec.name, {key: value}))
        except ValueError as err:
            if "Incompatible types" not in str(err) and "must contain a value" not in str(err):
                raise
            expected = _expected(hints[options[option].name])
            if value in ([], ()):
                raise ValueError(f"option {option} of pass '{spec.name}' has no value: expected {expected}") from None
            raise ValueError(f"option {option}={_spelled(value)} of pass '{spec.name}': expected {expected}") from None


def _syntax_error(report: str) -> str:
    """`column N: message` from xDSL's multi-line report (header, `pass-pipeline:1:N`,
    the text, a caret, the message)."""
    lines = [line.strip() for line in report.strip().splitlines()]
    column = lines[1].rsplit(":", 1)[-1] if len(lines) > 1 else "?"
    return f"column {column}: {lines[-1]}"


_OPTIONS = re.compile(r"\{([^{}]*)\}")
_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_-]*)\s*=")


def _check_text(text: str) -> None:
    """What xDSL's pipeline parser lets through: a trailing comma (an empty last pass)
    and an option given twice in one pass (it keeps the last)."""
    if text.rstrip().endswith(","):
        raise ValueError(f"column {len(text.rstrip())}: expected a pass name after ','")
    for body in _OPTIONS.finditer(text):
        keys = [k.replace("_", "-") for k in _KEY.findall(_QUOTED.sub('""', body.group(1)))]
        repeated = sorted({k for k in keys if keys.count(k) > 1})
        if repeated:
            raise ValueError(f"column {body.start() + 1}: option {repeated[0]} is given twice")


def parse_pass_pipeline(
    available: dict[str, Callable[[], type[ModulePass]]],
    text: str,
    callback: PassPipelineCallbackType | None = None,
) -> PassPipeline:
    """The pipeline `text` names; any problem is one `UserError` line."""
    try:
        _check_text(text)
        specs = tuple(parse_pipeline(text))
        for spec in specs:
            if spec.name not in available:
                raise ValueError(f"unknown pass '{spec.name}' (`nnpipe-opt --help` lists the passes)")
            _check_options(spec, available[spec.name]())
        passes = tuple(available[spec.name]().from_pass_spec(spec) for spec in specs)
    except ValueError as err:
        raise UserError(f"invalid pass pipeline '{text}': {first_line(err)}") from None
    except ArgSpecParseError as err:
        raise UserError(f"invalid pass pipeline '{text}': {_syntax_error(str(err))}") from None
    return PassPipeline(passes, callback)
