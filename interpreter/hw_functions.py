"""Interpreter functions of the hw dialect. A kernel gets a local memory of its
recorded size (bytes); every `hw.alloc` is a NumPy view of it at its offset, so
buffers that share bytes really share them, as on the chip. Ops run in program
order (the verifier guarantees the result does not depend on how the engines of a
stage interleave); the timed interpreter (`interpreter/timing.py`) adds the clock.

A kernel body is compiled once into closures (`KernelProgram`) rather than walked
op by op: ResNet-50 at the hw level is ~33,000 engine ops, and the interpreter's
dispatch per op cost more than their NumPy work."""

from __future__ import annotations

import weakref
from collections import Counter

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, PythonValues, impl, register_impls

from nnpipe.dialects import dtypes, hw, nn
from nnpipe.interpreter import kernels


def _dtype(value) -> np.dtype:
    return dtypes.to_numpy(hw.element(value))


class KernelProgram:
    """A hw.kernel body compiled once to Python closures (one per op, operands and
    boxes resolved up front), so running a kernel costs its NumPy work, not an
    interpreter dispatch per op. Listeners that want the inner ops get them once
    per run through `kernel_ran(op, program)`: `ops` are the body's ops in order."""

    def __init__(self, kernel: hw.KernelOp):
        body = list(kernel.body.block.ops)
        self.ops = [op for op in body if not isinstance(op, (hw.AllocOp, hw.EndOp))]
        allocs = [op for op in body if isinstance(op, hw.AllocOp)]
        self.buffers = [(a.start, a.end, _dtype(a.buffer), hw.shape(a.buffer)) for a in allocs]
        index = {alloc.buffer: i for i, alloc in enumerate(allocs)}
        args = {arg: i for i, arg in enumerate(kernel.body.block.args)}
        self.steps = [_compile(op, index, args) for op in self.ops if not isinstance(op, hw.BarrierOp)]
        self.counts = Counter(op.name for op in body)
        self.bytes_moved: Counter[str] = Counter()
        for op in body:
            if isinstance(op, hw.EngineOp):
                self.bytes_moved[op.name] += op.moved_bytes()
        self.work = [None if isinstance(op, hw.BarrierOp) else hw.work_of(op) for op in self.ops]
        """Per op of `ops`: None for a barrier, else what the cost model charges."""

    @staticmethod
    def of(kernel: hw.KernelOp) -> KernelProgram:
        program = _PROGRAMS.get(kernel)
        if program is None:
            program = _PROGRAMS[kernel] = KernelProgram(kernel)
        return program

    def run(self, memory: np.ndarray, globals_: list[np.ndarray]) -> None:
        views = [memory[start:end].view(dtype).reshape(shape) for start, end, dtype, shape in self.buffers]
        for step in self.steps:
            step(views, globals_)


_PROGRAMS: weakref.WeakKeyDictionary[hw.KernelOp, KernelProgram] = weakref.WeakKeyDictionary()


def prepare(module) -> None:
    """Compile every kernel of `module` ahead of running it (part of loading)."""
    for op in hw.kernels_in(module):
        KernelProgram.of(op)


def _compile(op, index: dict, args: dict):
    """One closure `(views, globals) -> None` running `op`."""
    if isinstance(op, hw.DmaLoadOp):
        src, dst = args[op.src], index[op.dst]
        offsets, sizes = op.box()
        box = tuple(slice(o, o + s) for o, s in zip(offsets, sizes))
        top, bottom = op.pad_rows

        def load(views, globals_):
            out = views[dst]
            if top or bottom:
                out[:, :top] = 0
                out[:, out.shape[1] - bottom :] = 0
                out[:, top : out.shape[1] - bottom] = globals_[src][box]
            else:
                out[...] = globals_[src][box]

        return load
    if isinstance(op, hw.DmaStoreOp):
        src, dst = index[op.src], args[op.dst]
        box = tuple(slice(o, o + s) for o, s in zip(nn.ints(op.offsets), hw.shape(op.src)))

        def store(views, globals_):
            globals_[dst][box] = views[src]

        return store
    inputs = [index[v] for v in op.inputs]
    out = index[op.output]
    if isinstance(op, hw.ConvOp):
        strides, padding, dilations = hw.window_geometry(op)
        groups = op.group_count

        def conv(views, globals_):
            x, w = views[inputs[0]], views[inputs[1]]
            bias = views[inputs[2]] if len(inputs) == 3 else None
            target = views[out]
            target[...] = kernels.conv2d(x, w, bias, strides, padding, dilations, groups, target.dtype)

        return conv
    if isinstance(op, hw.PoolOp):
        geometry = (nn.ints(op.kernel), nn.ints(op.strides), nn.ints(op.padding), nn.ints(op.dilations), hw.shape(op.output)[1:3])
        if isinstance(op, hw.MaxPoolOp):
            def pool(views, globals_):
                views[out][...] = kernels.max_pool(views[inputs[0]], *geometry)
        else:
            include = op.count_include_pad.value.data != 0

            def pool(views, globals_):
                views[out][...] = kernels.avg_pool(views[inputs[0]], *geometry, include)

        return pool
    if isinstance(op, hw.BatchNormOp):
        epsilon = op.epsilon.value.data

        def batch_norm(views, globals_):
            views[out][...] = kernels.batch_norm(*(views[i] for i in inputs), epsilon)

        return batch_norm
    compute = _ELEMENTWISE[type(op)]
    relu = getattr(op, "activation", None) is not None

    def elementwise(views, globals_):
        values = [views[i] for i in inputs]
        dtype = values[0].dtype
        value = compute(*(kernels.convert(v, dtype) if v.dtype != dtype else v for v in values))
        if relu:
            value = kernels.relu_array(value)
        target = views[out]
        target[...] = value if value.dtype == target.dtype else kernels.convert(value, target.dtype)

    return elementwise


_ELEMENTWISE = {
    hw.AddOp: np.add,
    hw.SubOp: np.subtract,
    hw.MulOp: np.multiply,
    hw.ReluOp: kernels.relu_array,
    hw.CastOp: lambda x: x,
}


@register_impls
class HWFunctions(InterpreterFunctions):
    @impl(hw.KernelOp)
    def run_kernel(self, interpreter: Interpreter, op: hw.KernelOp, args: PythonValues):
        program = KernelProgram.of(op)
        outputs = [np.zeros(r.type.get_shape(), dtype=dtypes.to_numpy(r.type.element_type)) for r in op.outs]
        program.run(np.zeros(op.capacity, dtype=np.uint8), [*args, *outputs])
        for listener in interpreter.listeners:
            ran = getattr(listener, "kernel_ran", None)
            if ran is not None:
                ran(op, program)
        return tuple(outputs)
