"""Which ONNX ops the importer converts, at which schema versions.

Each converter module registers its functions with `@converter(op_type, versions=...)`.
`versions` lists the schema versions (ONNX `since_version`s) whose semantics the
converter implements; a model whose opset resolves an op to another version is rejected
by name. `static_inputs` lists the input positions that fix a shape and so must be
known at import time (the ONNX backend binds graph inputs found there as constants).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from nnpipe.frontend.context import ImportContext, NodeView

Converter = Callable[[ImportContext, NodeView], None]


@dataclass(frozen=True)
class OpSpec:
    convert: Converter
    versions: frozenset[int]
    static_inputs: tuple[int, ...]


CONVERTERS: dict[str, OpSpec] = {}


def converter(op_type: str, *, versions: tuple[int, ...], static_inputs: tuple[int, ...] = ()):
    def register(function: Converter) -> Converter:
        assert op_type not in CONVERTERS, f"two converters for {op_type}"
        CONVERTERS[op_type] = OpSpec(function, frozenset(versions), static_inputs)
        return function

    return register


def supported_ops() -> str:
    return ", ".join(sorted(CONVERTERS))
