"""Import-time evaluation of nodes whose inputs are all known.

Shape arithmetic (Shape -> Gather -> Concat -> Reshape), weight preprocessing
(`Unsqueeze(scale)`, `Cast(weight)`) and the like never reach the module: the node is
evaluated by ONNX's own reference implementation, so the folded value follows the ONNX
specification exactly, also for ops nnpipe does not otherwise import.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import numpy as np
import onnx
from onnx.reference import ReferenceEvaluator

from nnpipe.frontend.context import NodeView

RANDOM = frozenset(
    {"Bernoulli", "Multinomial", "RandomNormal", "RandomNormalLike", "RandomUniform", "RandomUniformLike"}
)
"""A different value on every run: never known at import time."""

ALWAYS_KNOWN = frozenset({"Constant", "Shape"})
"""Known whatever their inputs (nn shapes are static, so Shape is too)."""

CONVERTED_WITHOUT_OPS = frozenset(
    {"Constant", "ConstantOfShape", "Dropout", "Flatten", "Identity", "Reshape", "Shape", "Squeeze", "Transpose", "Unsqueeze"}
)
"""On known inputs their converters produce a known result themselves, more cheaply
than the reference evaluator would."""


def _has_subgraph(node: NodeView) -> bool:
    """A subgraph (If, Loop, Scan bodies) could read runtime values from outside."""
    return any(a.type in (onnx.AttributeProto.GRAPH, onnx.AttributeProto.GRAPHS) for a in node.proto.attribute)


def result_is_known(node: NodeView, known_inputs: Sequence[bool]) -> bool:
    """Whether the importer knows `node`'s outputs at import time, given which of its
    present inputs it knows: by folding or because its converter keeps them known."""
    if node.op_type in ALWAYS_KNOWN:
        return True
    if node.op_type in RANDOM or not known_inputs or not all(known_inputs):
        return False
    return not _has_subgraph(node)


def can_fold(node: NodeView, known_inputs: Sequence[bool]) -> bool:
    """Whether `node` should be evaluated now by the reference implementation."""
    return node.op_type not in CONVERTED_WITHOUT_OPS and result_is_known(node, known_inputs)


def fold(node: NodeView, inputs: dict[str, np.ndarray], opset: int) -> list[np.ndarray]:
    """Evaluate `node` with the ONNX reference implementation."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        evaluator = ReferenceEvaluator(node.proto, opsets={"": opset})
        return [np.asarray(v) for v in evaluator.run(None, inputs)]
