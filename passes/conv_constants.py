"""Folding a per-channel affine map into a conv's constant weight and bias.

Every graph-level fold in nnpipe that touches weights is one identity: for a
per-output-channel `scale` and `shift`,

    scale * (conv(x, w) + b) + shift  ==  conv(x, w * scale) + (b * scale + shift)

because OHWI weights scale along axis 0 (the output channel) whatever the groups.
Batch norm is `scale = gamma / sqrt(var + eps)`, `shift = beta - mean * scale`; a
constant `mul` is a scale alone, a constant `add` a shift alone. `fold-batchnorm` and
`fuse-conv-add` share this module so the math, the dtype rules and the bookkeeping
of weight blobs live in one place.

Rules: the math runs in float64 and is rounded once, weights to the weight's element
type, the bias to the conv result's element type (the type the folded op computed
in). A fold whose rounded weights or bias are not all finite is refused (f16 weights
scaled by a large BN factor overflow). New values become new `dense_resource` blobs
in new `arith.constant` ops placed where the old constants were; an old constant (and
its blob) goes away only when nothing else uses it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

import numpy as np
from xdsl.dialects import arith
from xdsl.dialects.builtin import DenseResourceAttr, TensorType
from xdsl.ir import Operation, SSAValue
from xdsl.pattern_rewriter import PatternRewriter
from xdsl.rewriter import InsertPoint

from nnpipe.dialects import dtypes, nn, shapes, weights


def constant_array(value: SSAValue) -> np.ndarray | None:
    """The array of a value defined by `arith.constant`, else None (also when the
    constant's blob is missing: such a value is simply not foldable)."""
    owner = value.owner
    if not isinstance(owner, arith.ConstantOp):
        return None
    try:
        return weights.read_elements(owner.value)
    except ValueError:
        return None


def per_channel_constant(value: SSAValue, target_shape: Sequence[int]) -> np.ndarray | None:
    """`value` as a length-C vector when it is a constant that, broadcast against
    `target_shape` (`[..., C]`), leaves that shape unchanged and varies at most along
    the last axis: a scalar, `[C]`, `[1]`, `[1, 1, 1, C]`... Else None."""
    shape = nn.shape_of(value)
    target = tuple(target_shape)
    if len(shape) > len(target) or shapes.broadcast_shapes(shape, target) != target:
        return None
    if any(d != 1 for d in shape[:-1]):
        return None
    array = constant_array(value)
    if array is None:
        return None
    return np.broadcast_to(array.reshape(-1), (target[-1],))


def _rounded(values: np.ndarray, element_type) -> np.ndarray | None:
    """`values` rounded to `element_type`, or None if any element is not finite."""
    with np.errstate(over="ignore", invalid="ignore"):
        rounded = values.astype(dtypes.to_numpy(element_type))
    if not np.isfinite(rounded.astype(np.float64)).all():
        return None
    return rounded


_FOLDED_SUFFIX = re.compile(r"_folded(_[0-9]+)?$")


def _blob_name(value: SSAValue, fallback: str) -> str:
    """Key for the folded version of `value`'s blob: the old key (or the value's
    name) + `_folded`, never `_folded_folded`; the blob table makes it unique."""
    owner = value.owner
    if isinstance(owner, arith.ConstantOp) and isinstance(owner.value, DenseResourceAttr):
        return _FOLDED_SUFFIX.sub("", owner.value.resource_handle.data) + "_folded"
    if value.name_hint:
        return value.name_hint + "_folded"
    return fallback


def _new_constant(
    rewriter: PatternRewriter, array: np.ndarray, blob: str, name_hint: str | None, where: Operation
) -> SSAValue:
    """A new `arith.constant dense_resource<blob>` inserted before `where`."""
    attr = weights.make_resource(blob, array)
    constant = arith.ConstantOp(attr, TensorType(dtypes.from_numpy(array.dtype), array.shape))
    rewriter.insert(constant, InsertPoint.before(where))
    constant.result.name_hint = name_hint
    return constant.result


def erase_dead_constants(rewriter: PatternRewriter, values: Iterable[SSAValue]) -> None:
    """Erase the `arith.constant` ops behind `values` that no longer have users."""
    seen: set[Operation] = set()
    for value in values:
        owner = value.owner
        if isinstance(owner, arith.ConstantOp) and owner not in seen and not owner.result.uses:
            seen.add(owner)
            rewriter.erase(owner)


def fold_affine_into_conv(
    rewriter: PatternRewriter,
    conv: nn.Conv2DOp,
    scale: np.ndarray | None,
    shift: np.ndarray | None,
    replaced: Operation,
) -> bool:
    """Replace `replaced` (whose result is `scale * conv + shift`, per channel) and
    `conv` by one conv with folded constants, at the conv's position. `scale` None
    keeps the weights as they are (they need not be constant then). Returns False,
    changing nothing, when a needed weight or bias is not constant or the folded
    values do not fit their element type."""
    channels = nn.shape_of(conv.result)[-1]
    bias_values: np.ndarray = np.zeros(channels)
    if conv.bias is not None:
        bias = constant_array(conv.bias)
        if bias is None:
            return False
        bias_values = bias.astype(np.float64)
    new_weight: np.ndarray | None = None
    if scale is not None:
        weight = constant_array(conv.weight)
        if weight is None:
            return False
        scale64 = np.asarray(scale, dtype=np.float64)
        new_weight = _rounded(weight.astype(np.float64) * scale64[:, None, None, None], nn.element_of(conv.weight))
        bias_values = bias_values * scale64
        if new_weight is None:
            return False
    if shift is not None:
        bias_values = bias_values + np.asarray(shift, dtype=np.float64)
    new_bias = _rounded(bias_values, nn.element_of(conv.result))
    if new_bias is None:
        return False

    old = [conv.weight] + ([conv.bias] if conv.bias is not None else []) + list(replaced.operands)
    weight_value = conv.weight
    if new_weight is not None:
        weight_owner = conv.weight.owner
        assert isinstance(weight_owner, Operation)
        weight_value = _new_constant(
            rewriter, new_weight, _blob_name(conv.weight, "weight_folded"), conv.weight.name_hint, weight_owner
        )
    if conv.bias is not None:
        bias_owner = conv.bias.owner
        assert isinstance(bias_owner, Operation)
        bias_value = _new_constant(
            rewriter, new_bias, _blob_name(conv.bias, "bias_folded"), conv.bias.name_hint, bias_owner
        )
    else:
        hint = conv.result.name_hint
        bias_value = _new_constant(
            rewriter, new_bias, f"{hint or 'conv'}_bias", f"{hint}_bias" if hint else None, conv
        )
    folded = nn.Conv2DOp.create(
        operands=[conv.input, weight_value, bias_value],
        result_types=[conv.result.type],
        properties=dict(conv.properties),
        attributes=dict(conv.attributes),
    )
    rewriter.insert(folded, InsertPoint.before(conv))
    folded.result.name_hint = conv.result.name_hint
    rewriter.replace_all_uses_with(replaced.results[0], folded.result)
    rewriter.erase(replaced)
    rewriter.erase(conv)
    erase_dead_constants(rewriter, old)
    return True
