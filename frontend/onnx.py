"""Import ONNX models into the nn dialect (`nnpipe-import`, design brief §6).

`import_model` converts node by node into one `func.func @main` that keeps the ONNX
interface: arguments and results have the ONNX shapes and element types (NCHW at the
boundary) and record the ONNX names in `{nn.name = "..."}`. Inside, activations are
held NHWC wherever that saves data movement (see `layout.py` and `context.py`),
initializers become weights in the file's resource section (conv weights already
OHWI), and everything known at import time (shape arithmetic, Constant,
ConstantOfShape) is folded away.

The order of the checks decides which message a user sees, so it is fixed: nnpipe's
own checks of what the model declares (`validation.py`), then ONNX's checker and
shape inference (`inference.py`), then the conversion, whose op converters check
attribute values, ranks and element types; an error ONNX's strict shape inference
found is reported last, when the conversion found nothing more specific.

Supported: the default ONNX domain at opsets 9 through 28 (opsets 22 to 28 changed
the supported ops only in the element types they admit: bfloat16, which nnpipe takes,
and float8/int4-style types, which it rejects by name), the ops of
`registry.CONVERTERS` and any deterministic op whose inputs are all known at import
time. Anything else raises `OnnxImportError` naming the node, its op type and what is
supported.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import onnx
from google.protobuf.message import DecodeError
from onnx import numpy_helper
from xdsl.dialects import func
from xdsl.dialects.builtin import ArrayAttr, DictionaryAttr, ModuleOp, StringAttr
from xdsl.ir import Block, Region

# Importing the converter modules registers their ops.
from nnpipe.frontend import constant_ops, elementwise_ops, matrix_ops, shape_ops, spatial_ops  # noqa: F401
from nnpipe.frontend import element_types, folding, inference, layout, validation
from nnpipe.frontend.context import ImportContext, NodeView, Tensor
from nnpipe.frontend.errors import OnnxImportError, first_line
from nnpipe.frontend.registry import CONVERTERS
from nnpipe.frontend.validation import MAX_OPSET, MIN_OPSET
from nnpipe.interpreter.runner import NAME_ATTR

__all__ = ["OnnxImportError", "import_model", "import_file", "load", "MIN_OPSET", "MAX_OPSET"]


def _convert_node(ctx: ImportContext, node: NodeView, opset: int) -> None:
    inputs = [ctx.lookup(name) if name else None for name in node.inputs]
    present = [t for t in inputs if t is not None]
    if folding.can_fold(node, [t.is_constant for t in present]):
        feeds = {name: t.array for name, t in zip(node.inputs, inputs) if t is not None}
        try:
            values = folding.fold(node, feeds, opset)  # type: ignore[arg-type]
        except Exception as err:  # noqa: BLE001 - a failed fold falls back to conversion
            if node.op_type not in CONVERTERS:
                raise ctx.error(f"cannot evaluate at import time: {first_line(err)}") from None
        else:
            for index, value in enumerate(values):
                ctx.output(index, ctx.constant(value, node.outputs[index]))
            return
    validation.require_supported(node)
    CONVERTERS[node.op_type].convert(ctx, node)


def _check_inferred(ctx: ImportContext, node: NodeView, known: Mapping[str, inference.StaticType]) -> None:
    """Our shapes must agree with ONNX shape inference wherever it found one."""
    for name in node.outputs:
        if not name or name not in known or name not in ctx.tensors:
            continue
        tensor = ctx.tensors[name]
        dtype, shape = known[name]
        if (tensor.dtype, tensor.shape) != (dtype, shape):
            raise ctx.error(
                f"nnpipe computed {element_types.numpy_name(tensor.dtype)}{list(tensor.shape)} for '{name}', "
                f"ONNX shape inference {element_types.numpy_name(dtype)}{list(shape)}; please report this bug"
            )


def _define_initializers(ctx: ImportContext, graph: onnx.GraphProto) -> None:
    for t in graph.initializer:
        dtype = element_types.to_numpy(t.data_type)
        try:
            array = numpy_helper.to_array(t).astype(dtype, copy=False)
        except Exception as err:  # noqa: BLE001 - truncated or inconsistent tensor data
            raise OnnxImportError(f"initializer '{t.name}' is corrupt: {first_line(err)}") from None
        ctx.define(t.name, ctx.constant(array, t.name))


def _convert_graph(ctx: ImportContext, nodes: list[NodeView], opset: int, known: Mapping) -> None:
    for node in nodes:
        ctx.node = node
        _convert_node(ctx, node, opset)
        _check_inferred(ctx, node, known)
    ctx.node = None


def import_model(model: onnx.ModelProto, *, static_inputs: Mapping[str, np.ndarray] | None = None) -> ModuleOp:
    """Convert `model` to a module with one `func.func @main` in the nn dialect.

    `static_inputs` binds graph inputs to values known at import time (the ONNX backend
    uses it for inputs that fix shapes, such as Reshape's target shape); they are left
    out of the function's arguments.
    """
    static_inputs = dict(static_inputs or {})
    validation.check_structure(model)
    opset = validation.default_opset(model)
    graph = model.graph
    nodes = validation.resolve_nodes(graph, opset)
    arguments = validation.check_declarations(graph, static_inputs)
    validation.check_ops(nodes, {t.name for t in graph.initializer} | set(static_inputs))
    onnx_view = inference.check_and_infer(model)

    block = Block(arg_types=[element_types.tensor_type(a.dtype, a.shape) for a in arguments])
    ctx = ImportContext(block)
    _define_initializers(ctx, graph)
    for name, value in static_inputs.items():
        ctx.define(name, ctx.constant(np.asarray(value), name))
    for arg, a in zip(block.args, arguments):
        ctx.define(a.name, Tensor(a.name, a.shape, a.dtype, value=arg, perm=layout.identity(len(a.shape))))
    try:
        _convert_graph(ctx, nodes, opset, onnx_view.known)
    except OnnxImportError:
        raise
    except Exception:
        # A converter met a model ONNX itself calls ill-typed: ONNX's message says why.
        if onnx_view.error is not None:
            raise onnx_view.error from None
        raise
    if onnx_view.error is not None:
        raise onnx_view.error

    results = [(vi.name, ctx.logical(ctx.lookup(vi.name))) for vi in graph.output]
    block.add_op(func.ReturnOp(*[value for _, value in results]))
    function = func.FuncOp(
        "main",
        ([arg.type for arg in block.args], [value.type for _, value in results]),
        Region(block),
        arg_attrs=ArrayAttr([DictionaryAttr({NAME_ATTR: StringAttr(a.name)}) for a in arguments]),
        res_attrs=ArrayAttr([DictionaryAttr({NAME_ATTR: StringAttr(name)}) for name, _ in results]),
    )
    return ModuleOp([function])


def load(path: str) -> onnx.ModelProto:
    """Read an ONNX file; every failure is one OnnxImportError line."""
    try:
        model = onnx.load(path)
    except FileNotFoundError:
        raise OnnxImportError("cannot read file: No such file or directory") from None
    except IsADirectoryError:
        raise OnnxImportError("cannot read file: Is a directory") from None
    except OSError as err:
        raise OnnxImportError(f"cannot read file: {err.strerror or first_line(err)}") from None
    except DecodeError as err:
        raise OnnxImportError(f"not a valid ONNX model (truncated or corrupt protobuf: {first_line(err)})") from None
    except Exception as err:  # noqa: BLE001 - external data and other loader failures
        raise OnnxImportError(f"not a valid ONNX model ({first_line(err)})") from None
    return model


def import_file(path: str) -> ModuleOp:
    return import_model(load(path))
