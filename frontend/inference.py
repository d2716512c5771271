"""ONNX's own checker and shape inference, run on a light copy of the model.

The importer computes every shape itself (nn shapes are static); ONNX shape inference
is a cross-check (`Inference.known`) and the judge of ONNX typing rules nnpipe does not
re-implement. Both ONNX tools work on a serialized copy of the model, so they get a
"skeleton": large initializers are declared as typed graph inputs instead of carrying
their data (serializing ResNet-50's 100 MB of weights twice would cost more than the
rest of the import), and graph outputs without a complete declared type are left out
(the checker demands a shape for every declared graph output, but ONNX allows models
to leave them to inference, and onnxruntime runs such models).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import onnx

from nnpipe.frontend import element_types
from nnpipe.frontend.errors import OnnxImportError, joined_lines

SKELETON_LIMIT = 1024
"""Initializers with more elements than this lose their data in the skeleton."""

StaticType = tuple[np.dtype, tuple[int, ...]]


def static_type(vi: onnx.ValueInfoProto, what: str) -> StaticType:
    """The element type and static shape of a declared value, or a one-line error."""
    if not vi.type.HasField("tensor_type"):
        kind = vi.type.WhichOneof("value") or "untyped"
        raise OnnxImportError(f"{what} '{vi.name}' is of {kind} type; supported: tensors")
    tt = vi.type.tensor_type
    dtype = element_types.to_numpy(tt.elem_type)
    if dtype is None:
        raise OnnxImportError(
            f"{what} '{vi.name}' has element type {element_types.onnx_name(tt.elem_type)}; "
            f"supported: {element_types.supported_names()}"
        )
    if not tt.HasField("shape"):
        raise OnnxImportError(f"{what} '{vi.name}' has no shape; nnpipe needs static shapes")
    shape = []
    for i, dim in enumerate(tt.shape.dim):
        if not dim.HasField("dim_value"):
            name = f" '{dim.dim_param}'" if dim.dim_param else ""
            raise OnnxImportError(
                f"{what} '{vi.name}' has a dynamic dimension{name} (dim {i}); nnpipe needs static shapes "
                "(fix them with onnx.tools.update_model_dims.update_inputs_outputs_dims)"
            )
        shape.append(dim.dim_value)
    return dtype, tuple(shape)


def _fully_typed(vi: onnx.ValueInfoProto) -> bool:
    tt = vi.type.tensor_type
    return vi.type.HasField("tensor_type") and tt.elem_type != 0 and tt.HasField("shape")


def skeleton(model: onnx.ModelProto) -> onnx.ModelProto:
    """`model` without the data of its large initializers and without untyped graph
    outputs; the same nodes and the same types everywhere else."""
    graph = model.graph
    copy = onnx.ModelProto(ir_version=model.ir_version)
    copy.opset_import.extend(model.opset_import)
    copy.functions.extend(model.functions)
    out = copy.graph
    out.name = graph.name
    out.node.extend(graph.node)
    out.input.extend(graph.input)
    out.output.extend(vi for vi in graph.output if _fully_typed(vi))
    out.value_info.extend(graph.value_info)
    out.sparse_initializer.extend(graph.sparse_initializer)
    declared = {vi.name for vi in graph.input}
    for t in graph.initializer:
        if math.prod(t.dims) <= SKELETON_LIMIT:
            out.initializer.append(t)
        elif t.name not in declared:
            out.input.append(onnx.helper.make_tensor_value_info(t.name, t.data_type, list(t.dims)))
    return copy


@dataclass
class Inference:
    """What ONNX found: the fully static types it inferred, and the error strict shape
    inference raised, if any. The error is reported only if nnpipe's own conversion
    does not find a more specific problem first (see `onnx.import_model`)."""

    known: dict[str, StaticType] = field(default_factory=dict)
    error: OnnxImportError | None = None


def _known_types(graph: onnx.GraphProto) -> dict[str, StaticType]:
    known = {}
    for vi in [*graph.value_info, *graph.output]:
        try:
            known[vi.name] = static_type(vi, "value")
        except OnnxImportError:
            continue
    return known


def check_and_infer(model: onnx.ModelProto) -> Inference:
    """Run the ONNX checker (an invalid model is rejected here) and shape inference
    (strict; if that fails, again leniently, so the cross-check keeps what it can)."""
    light = skeleton(model)
    try:
        onnx.checker.check_model(light)
    except (onnx.checker.ValidationError, ValueError) as err:
        raise OnnxImportError(f"not a valid ONNX model: {joined_lines(err)}") from None
    failures = (onnx.shape_inference.InferenceError, onnx.checker.ValidationError, RuntimeError)
    try:
        inferred = onnx.shape_inference.infer_shapes(light, check_type=True, strict_mode=True, data_prop=True)
        return Inference(_known_types(inferred.graph))
    except failures as err:
        error = OnnxImportError(f"ONNX shape inference failed: {joined_lines(err)}")
    try:
        inferred = onnx.shape_inference.infer_shapes(light, data_prop=True)
    except failures:
        return Inference(error=error)
    return Inference(_known_types(inferred.graph), error)
