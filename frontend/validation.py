"""nnpipe's own checks of a model, made before ONNX's checker and shape inference.

ONNX's tools judge a model by ONNX's rules: a Relu on int32 at opset 13 fails its type
inference with a message about ONNX type constraints, and an LRN passes it. The user
needs to hear what nnpipe supports instead, so everything nnpipe can judge from the
model's declarations alone is judged first, each failure one line that names the
value or the node (its ONNX name, else its first output's), its op type and what is
supported:

- structure: a graph and an opset of the default domain (an empty file parses as an
  empty ModelProto, so this is where it is caught);
- the opset, and the domain of every node;
- graph inputs: tensors of supported element types with static shapes;
- initializers: supported element types;
- every node: converted (registered at its schema version) or known at import time
  (all its inputs are, see `folding.result_is_known`).
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import numpy as np
import onnx

from nnpipe.frontend import element_types, folding
from nnpipe.frontend.context import NodeView
from nnpipe.frontend.errors import OnnxImportError
from nnpipe.frontend.inference import static_type
from nnpipe.frontend.registry import CONVERTERS, supported_ops

MIN_OPSET = 9
MAX_OPSET = 28
DEFAULT_DOMAINS = ("", "ai.onnx")


def check_structure(model: onnx.ModelProto) -> None:
    if not model.HasField("graph"):
        raise OnnxImportError("not a valid ONNX model: it has no graph")
    if not model.opset_import:
        raise OnnxImportError("not a valid ONNX model: it imports no opset")
    if not model.graph.output:
        raise OnnxImportError("the graph declares no outputs: a model must compute at least one")


def default_opset(model: onnx.ModelProto) -> int:
    versions = [o.version for o in model.opset_import if o.domain in DEFAULT_DOMAINS]
    if not versions:
        raise OnnxImportError("the model imports no opset of the default ONNX domain")
    opset = versions[0]
    if not MIN_OPSET <= opset <= MAX_OPSET:
        raise OnnxImportError(f"opset {opset} is not supported; supported: opsets {MIN_OPSET} through {MAX_OPSET}")
    return opset


def resolve_nodes(graph: onnx.GraphProto, opset: int) -> list[NodeView]:
    """Every node with the schema version its op resolves to at `opset`."""
    nodes = []
    for index, proto in enumerate(graph.node):
        if proto.domain not in DEFAULT_DOMAINS:
            raise OnnxImportError(
                f"{NodeView(proto, 0, index).describe()}: op domain '{proto.domain}' is not supported; "
                "supported: the default ONNX domain"
            )
        try:
            version = onnx.defs.get_schema(proto.op_type, opset, proto.domain).since_version
        except onnx.defs.SchemaError:
            raise OnnxImportError(
                f"{NodeView(proto, 0, index).describe()}: op type {proto.op_type} does not exist at opset {opset}; "
                f"supported: {supported_ops()}"
            ) from None
        nodes.append(NodeView(proto, version, index))
    return nodes


@dataclass(frozen=True)
class Argument:
    """A graph input that becomes an argument of the imported function."""

    name: str
    dtype: np.dtype
    shape: tuple[int, ...]


def check_declarations(graph: onnx.GraphProto, static_inputs: Collection[str]) -> list[Argument]:
    """The function's arguments (graph inputs that are neither initializers nor bound
    at import time); initializers must have supported element types."""
    for t in graph.initializer:
        if element_types.to_numpy(t.data_type) is None:
            raise OnnxImportError(
                f"initializer '{t.name}' has element type {element_types.onnx_name(t.data_type)}; "
                f"supported: {element_types.supported_names()}"
            )
    if graph.sparse_initializer:
        name = graph.sparse_initializer[0].values.name
        raise OnnxImportError(f"sparse initializer '{name}' is not supported; supported: dense initializers")
    initializers = {t.name for t in graph.initializer}
    return [
        Argument(vi.name, *static_type(vi, "input"))
        for vi in graph.input
        if vi.name not in initializers and vi.name not in static_inputs
    ]


def require_supported(node: NodeView) -> None:
    """`node` must have a converter for its schema version."""
    spec = CONVERTERS.get(node.op_type)
    if spec is None:
        raise OnnxImportError(f"{node.describe()}: op type {node.op_type} is not supported; supported: {supported_ops()}")
    if node.version not in spec.versions:
        versions = ", ".join(str(v) for v in sorted(spec.versions))
        raise OnnxImportError(
            f"{node.describe()}: {node.op_type}-{node.version} is not supported; supported versions: {versions}"
        )


def check_ops(nodes: list[NodeView], known: Collection[str]) -> None:
    """Every node that is not known at import time must be convertible. `known` names
    the values known before the first node (initializers, inputs bound at import)."""
    known = set(known)
    for node in nodes:
        present = [name for name in node.inputs if name]
        if folding.result_is_known(node, [name in known for name in present]):
            known.update(node.outputs)
        else:
            require_supported(node)
