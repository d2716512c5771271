"""Interpreter functions of the nn dialect: one NumPy implementation per op."""

from __future__ import annotations

from typing import Any

import numpy as np
from xdsl.interpreter import Interpreter, InterpreterFunctions, impl, register_impls
from xdsl.utils.exceptions import InterpretationError

from nnpipe.dialects import dtypes, nn
from nnpipe.interpreter import kernels


def _result_dtype(op: Any) -> np.dtype:
    return dtypes.to_numpy(nn.element_of(op.results[0]))


def _conv(op: nn.ConvOperation, x, w, bias, addend=None, relu=False) -> np.ndarray:
    return kernels.conv2d(
        x,
        w,
        bias,
        op.stride_values,
        op.padding_values,
        op.dilation_values,
        op.group_count,
        _result_dtype(op),
        addend=addend,
        relu=relu,
    )


@register_impls
class NNFunctions(InterpreterFunctions):
    @impl(nn.Conv2DOp)
    def run_conv2d(self, interpreter: Interpreter, op: nn.Conv2DOp, args: tuple[Any, ...]):
        x, w, *rest = args
        return (_conv(op, x, w, rest[0] if rest else None),)

    @impl(nn.ConvAddOp)
    def run_conv_add(self, interpreter: Interpreter, op: nn.ConvAddOp, args: tuple[Any, ...]):
        x, w, addend, *rest = args
        relu = op.activation is not None and op.activation.data == nn.Activation.RELU
        return (_conv(op, x, w, rest[0] if rest else None, addend, relu),)

    @impl(nn.AddOp)
    def run_add(self, interpreter: Interpreter, op: nn.AddOp, args: tuple[Any, ...]):
        return (np.add(args[0], args[1]),)

    @impl(nn.SubOp)
    def run_sub(self, interpreter: Interpreter, op: nn.SubOp, args: tuple[Any, ...]):
        return (np.subtract(args[0], args[1]),)

    @impl(nn.MulOp)
    def run_mul(self, interpreter: Interpreter, op: nn.MulOp, args: tuple[Any, ...]):
        return (np.multiply(args[0], args[1]),)

    @impl(nn.ReluOp)
    def run_relu(self, interpreter: Interpreter, op: nn.ReluOp, args: tuple[Any, ...]):
        return (kernels.relu_array(args[0]),)

    @impl(nn.SoftmaxOp)
    def run_softmax(self, interpreter: Interpreter, op: nn.SoftmaxOp, args: tuple[Any, ...]):
        return (kernels.softmax(args[0], op.axis.value.data),)

    @impl(nn.BatchNormOp)
    def run_batch_norm(self, interpreter: Interpreter, op: nn.BatchNormOp, args: tuple[Any, ...]):
        return (kernels.batch_norm(*args, op.epsilon.value.data),)

    @impl(nn.CastOp)
    def run_cast(self, interpreter: Interpreter, op: nn.CastOp, args: tuple[Any, ...]):
        return (kernels.convert(args[0], _result_dtype(op)),)

    @impl(nn.TransposeOp)
    def run_transpose(self, interpreter: Interpreter, op: nn.TransposeOp, args: tuple[Any, ...]):
        return (np.transpose(args[0], nn.ints(op.permutation)).copy(),)

    @impl(nn.ReshapeOp)
    def run_reshape(self, interpreter: Interpreter, op: nn.ReshapeOp, args: tuple[Any, ...]):
        return (args[0].reshape(nn.shape_of(op.result)),)

    @impl(nn.BroadcastOp)
    def run_broadcast(self, interpreter: Interpreter, op: nn.BroadcastOp, args: tuple[Any, ...]):
        return (np.broadcast_to(args[0], nn.shape_of(op.result)).copy(),)

    @impl(nn.SliceOp)
    def run_slice(self, interpreter: Interpreter, op: nn.SliceOp, args: tuple[Any, ...]):
        index = []
        for size, off, step in zip(nn.shape_of(op.result), nn.ints(op.offsets), nn.ints(op.strides)):
            stop = off + size * step
            index.append(slice(off, None if stop < 0 else stop, step))
        return (args[0][tuple(index)].copy(),)

    @impl(nn.ConcatOp)
    def run_concat(self, interpreter: Interpreter, op: nn.ConcatOp, args: tuple[Any, ...]):
        return (np.concatenate(args, axis=op.axis.value.data),)

    @impl(nn.GatherOp)
    def run_gather(self, interpreter: Interpreter, op: nn.GatherOp, args: tuple[Any, ...]):
        data, indices = args
        axis = op.axis.value.data
        idx = _checked(op, lambda: kernels.wrap_indices(indices, data.shape[axis]))
        return (np.asarray(np.take(data, idx, axis=axis)),)

    @impl(nn.ScatterOp)
    def run_scatter(self, interpreter: Interpreter, op: nn.ScatterOp, args: tuple[Any, ...]):
        return (_checked(op, lambda: kernels.scatter_elements(*args, op.axis.value.data, op.reduction.data)),)

    @impl(nn.ScatterNDOp)
    def run_scatter_nd(self, interpreter: Interpreter, op: nn.ScatterNDOp, args: tuple[Any, ...]):
        return (_checked(op, lambda: kernels.scatter_nd(*args, op.reduction.data)),)

    @impl(nn.PadOp)
    def run_pad(self, interpreter: Interpreter, op: nn.PadOp, args: tuple[Any, ...]):
        x, value = args
        widths = list(zip(nn.ints(op.low), nn.ints(op.high)))
        mode = op.mode.data
        if x.ndim == 0:  # nothing to pad; np.pad rejects an empty width list
            return (np.array(x, copy=True),)
        if mode == nn.PadMode.CONSTANT:
            return (np.pad(x, widths, mode="constant", constant_values=value.reshape(())),)
        return (np.pad(x, widths, mode=str(mode)),)

    @impl(nn.MaxPoolOp)
    def run_max_pool(self, interpreter: Interpreter, op: nn.MaxPoolOp, args: tuple[Any, ...]):
        _, ho, wo, _ = op.expected_result_shape()
        return (
            kernels.max_pool(
                args[0], nn.ints(op.kernel), nn.ints(op.strides), nn.ints(op.padding), nn.ints(op.dilations), (ho, wo)
            ),
        )

    @impl(nn.AvgPoolOp)
    def run_avg_pool(self, interpreter: Interpreter, op: nn.AvgPoolOp, args: tuple[Any, ...]):
        _, ho, wo, _ = op.expected_result_shape()
        return (
            kernels.avg_pool(
                args[0],
                nn.ints(op.kernel),
                nn.ints(op.strides),
                nn.ints(op.padding),
                nn.ints(op.dilations),
                (ho, wo),
                op.count_include_pad.value.data != 0,
            ),
        )

    @impl(nn.GlobalAvgPoolOp)
    def run_global_avg_pool(self, interpreter: Interpreter, op: nn.GlobalAvgPoolOp, args: tuple[Any, ...]):
        x = args[0]
        acc = kernels.accumulator_dtype(x.dtype)
        return (np.mean(x, axis=(1, 2), keepdims=True, dtype=acc).astype(x.dtype),)

    @impl(nn.GemmOp)
    def run_gemm(self, interpreter: Interpreter, op: nn.GemmOp, args: tuple[Any, ...]):
        a, b, *rest = args
        return (
            kernels.gemm(
                a,
                b,
                rest[0] if rest else None,
                op.alpha.value.data,
                op.beta.value.data,
                op.trans_a.value.data != 0,
                op.trans_b.value.data != 0,
                _result_dtype(op),
            ),
        )

    @impl(nn.MatMulOp)
    def run_matmul(self, interpreter: Interpreter, op: nn.MatMulOp, args: tuple[Any, ...]):
        return (kernels.matmul(args[0], args[1], _result_dtype(op)),)


def _checked(op: Any, compute):
    """Run a kernel whose only failure is a bad runtime index, as a clean error."""
    try:
        return compute()
    except IndexError as err:
        raise InterpretationError(f"'{op.name}': {err}") from None
