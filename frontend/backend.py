"""An ONNX backend (`onnx.backend.base.Backend`) over nnpipe: import, then interpret.

This is what lets the standard ONNX backend tests run against nnpipe. Those tests feed
everything as graph inputs, including tensors that fix shapes (Reshape's `shape`,
Slice's `starts`...); nn shapes are static, so such inputs are bound at import time
(`import_model(..., static_inputs=...)`) from the values given to `run`, and the model
is imported once per distinct binding.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import onnx
from onnx.backend.base import Backend, BackendRep, namedtupledict
from xdsl.dialects.builtin import ModuleOp

from nnpipe.frontend.onnx import MAX_OPSET, import_model
from nnpipe.frontend.registry import CONVERTERS
from nnpipe.interpreter.runner import run_module


def runtime_input_names(model: onnx.ModelProto) -> list[str]:
    """Graph inputs that are not initializers, in order (what `run` receives)."""
    initializers = {t.name for t in model.graph.initializer}
    return [vi.name for vi in model.graph.input if vi.name not in initializers]


def static_input_names(model: onnx.ModelProto) -> set[str]:
    """Graph inputs whose values fix a shape: they feed, directly or through shape
    arithmetic, an input position that must be known at import time."""
    graph = model.graph
    inputs = set(runtime_input_names(model))
    producer = {name: node for node in graph.node for name in node.output}
    pending = [
        node.input[i]
        for node in graph.node
        if node.op_type in CONVERTERS
        for i in CONVERTERS[node.op_type].static_inputs
        if i < len(node.input) and node.input[i]
    ]
    found: set[str] = set()
    seen: set[str] = set()
    while pending:
        name = pending.pop()
        if name in seen:
            continue
        seen.add(name)
        if name in inputs:
            found.add(name)
        elif name in producer and producer[name].op_type != "Shape":
            pending.extend(n for n in producer[name].input if n)
    return found


def as_array(value: Any) -> np.ndarray:
    """Test data comes as arrays, or as TensorProtos for types NumPy lacks (bfloat16)."""
    if isinstance(value, onnx.TensorProto):
        return onnx.numpy_helper.to_array(value)
    return np.asarray(value)


class NNPipeRep(BackendRep):
    """A prepared model: imported now, or at `run` when some inputs fix shapes."""

    def __init__(self, model: onnx.ModelProto):
        self.model = model
        self.input_names = runtime_input_names(model)
        self.static_names = static_input_names(model)
        self.output_names = [o.name for o in model.graph.output]
        self._modules: dict[bytes, ModuleOp] = {}
        if not self.static_names:
            self._modules[b""] = import_model(model)

    def _module(self, static: Mapping[str, np.ndarray]) -> ModuleOp:
        key = b"".join(name.encode() + static[name].tobytes() for name in sorted(static))
        if key not in self._modules:
            self._modules[key] = import_model(self.model, static_inputs=static)
        return self._modules[key]

    def run(self, inputs: Any, **kwargs: Any) -> tuple[Any, ...]:
        if isinstance(inputs, Mapping):
            given = {name: as_array(inputs[name]) for name in self.input_names}
        else:
            values = [inputs] if isinstance(inputs, (np.ndarray, onnx.TensorProto)) else list(inputs)
            if len(values) != len(self.input_names):
                raise ValueError(f"the model takes {len(self.input_names)} inputs, got {len(values)}")
            given = {name: as_array(v) for name, v in zip(self.input_names, values)}
        static = {name: given[name] for name in self.static_names}
        module = self._module(static)
        result = run_module(module, [given[n] for n in self.input_names if n not in static])
        outputs = [result.outputs[name] for name in self.output_names]
        return namedtupledict("Outputs", self.output_names)(*outputs)


class NNPipeBackend(Backend):
    """`NNPipeBackend.run_model(model, inputs)` runs an ONNX model on nnpipe (CPU)."""

    @classmethod
    def prepare(cls, model: onnx.ModelProto, device: str = "CPU", **kwargs: Any) -> NNPipeRep:
        return NNPipeRep(model)

    @classmethod
    def supports_device(cls, device: str) -> bool:
        return device == "CPU"

    @classmethod
    def run_node(
        cls,
        node: onnx.NodeProto,
        inputs: Sequence[np.ndarray],
        device: str = "CPU",
        outputs_info: Sequence[tuple[np.dtype, tuple[int, ...]]] | None = None,
        **kwargs: Any,
    ) -> tuple[Any, ...]:
        """Run one node: wrap it in a model whose inputs have the given arrays' types."""
        names = [n for n in node.input if n]
        graph = onnx.helper.make_graph(
            [node],
            "node",
            [
                onnx.helper.make_tensor_value_info(n, onnx.helper.np_dtype_to_tensor_dtype(a.dtype), a.shape)
                for n, a in zip(names, inputs)
            ],
            [onnx.helper.make_empty_tensor_value_info(n) for n in node.output if n],
        )
        opset = kwargs.get("opset_version", min(onnx.defs.onnx_opset_version(), MAX_OPSET))
        model = onnx.helper.make_model(graph, opset_imports=[onnx.helper.make_opsetid("", opset)])
        # The outputs' types are whatever ONNX infers for the node.
        model = onnx.shape_inference.infer_shapes(model)
        return cls.prepare(model, device).run(list(inputs))


prepare = NNPipeBackend.prepare
run_model = NNPipeBackend.run_model
run_node = NNPipeBackend.run_node
supports_device = NNPipeBackend.supports_device
