"""NumPy kernels behind the nn interpreter functions.

They are plain functions on arrays so tests, the h-split and the hw level can reuse
them. Half-precision inputs accumulate in f32 (the conv engine's accumulator), and the
result is rounded once to the requested output dtype.
"""

from __future__ import annotations

import numpy as np

from nnpipe.dialects.dtypes import is_bfloat16


def accumulator_dtype(dtype: np.dtype) -> np.dtype:
    """f16/bf16 accumulate in f32; f32 and f64 in themselves."""
    dtype = np.dtype(dtype)
    return np.dtype(np.float32) if dtype == np.float16 or is_bfloat16(dtype) else dtype


def conv2d(
    x: np.ndarray,
    w: np.ndarray,
    bias: np.ndarray | None,
    strides: tuple[int, int],
    padding: tuple[int, int, int, int],
    dilations: tuple[int, int],
    groups: int,
    out_dtype: np.dtype,
    addend: np.ndarray | None = None,
    relu: bool = False,
) -> np.ndarray:
    """NHWC x OHWI convolution as im2col + BLAS (one matmul, batched over groups).

    The patch matrix `[n, ho, wo, kh, kw, ci]` is filled with kh*kw strided copies
    straight from the input (never a loop over pixels); the padding is never
    materialised, only the patch entries that read it are zeroed. Its column order
    (kh, kw, ci) matches the OHWI weight, so the weight reshapes to `[co, kh*kw*ci]`
    without a copy. `addend` and `relu` implement nn.conv_add. bench/conv.py measures
    it against a bare matmul of the same FLOPs.
    """
    acc = accumulator_dtype(x.dtype)
    out_dtype = np.dtype(out_dtype)
    n, h, wd, ci = x.shape
    co, kh, kw, cig = w.shape
    sh, sw = strides
    pt, pb, pl, pr = padding
    dh, dw = dilations
    ho = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    wo = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    xs = x.astype(acc, copy=False)
    if (kh, kw, sh, sw, groups) == (1, 1, 1, 1, 1) and padding == (0, 0, 0, 0):
        cols = xs  # a 1x1 conv reads each pixel once: the input is its own patch matrix
    else:
        cols = _patches(xs, kh, kw, strides, padding, dilations, ho, wo, acc)
    pixels, taps = n * ho * wo, kh * kw
    wmat = w.astype(acc, copy=False).reshape(co, taps * cig)
    out = np.empty((n, ho, wo, co), dtype=acc)
    if groups == 1:
        np.matmul(cols.reshape(pixels, taps * ci), wmat.T, out=out.reshape(pixels, co))
    else:
        cog = co // groups
        lhs = cols.reshape(pixels, taps, groups, cig).transpose(2, 0, 1, 3).reshape(groups, pixels, taps * cig)
        res = np.matmul(lhs, wmat.reshape(groups, cog, taps * cig).transpose(0, 2, 1))
        out.reshape(pixels, groups, cog)[...] = res.transpose(1, 0, 2)
    if bias is not None:
        out += bias.astype(acc, copy=False)
    if addend is not None:
        out += addend.astype(acc, copy=False)
    if relu:
        out = relu_array(out)
    return out if out.dtype == out_dtype else convert(out, out_dtype)


def _patches(xs, kh, kw, strides, padding, dilations, ho, wo, acc) -> np.ndarray:
    """The `[n, ho, wo, kh, kw, ci]` patch matrix (im2col) of `xs`."""
    n, h, wd, ci = xs.shape
    sh, sw = strides
    pt, pb, pl, pr = padding
    dh, dw = dilations
    cols = np.empty((n, ho, wo, kh, kw, ci), dtype=acc)
    for i in range(kh):
        row_offset = i * dh - pt  # output row oy reads input row oy*sh + row_offset
        y0, y1 = _inside(ho, h, row_offset, sh)
        for j in range(kw):
            col_offset = j * dw - pl
            x0, x1 = _inside(wo, wd, col_offset, sw)
            tap = cols[:, :, :, i, j, :]
            if y0 == y1 or x0 == x1:
                tap[...] = 0
                continue
            r, c = y0 * sh + row_offset, x0 * sw + col_offset
            tap[:, y0:y1, x0:x1] = xs[:, r : r + (y1 - y0 - 1) * sh + 1 : sh, c : c + (x1 - x0 - 1) * sw + 1 : sw]
            tap[:, :y0] = 0
            tap[:, y1:] = 0
            tap[:, y0:y1, :x0] = 0
            tap[:, y0:y1, x1:] = 0
    return cols


def _inside(out_size: int, in_size: int, offset: int, stride: int) -> tuple[int, int]:
    """The output positions `[lo, hi)` whose input position `o*stride + offset` lies
    inside `[0, in_size)`; the others read padding."""
    lo = max(0, -(offset // stride))
    hi = min(out_size, (in_size - 1 - offset) // stride + 1)
    return lo, max(lo, hi)


# Mantissa bits, same-width unsigned view, total bits of each float dtype.
_FLOAT_BITS: dict[np.dtype, tuple[int, type, int]] = {
    np.dtype(np.float16): (10, np.uint16, 16),
    np.dtype(np.float32): (23, np.uint32, 32),
    np.dtype(np.float64): (52, np.uint64, 64),
}
_BFLOAT16_BITS = (7, np.uint16, 16)


def _float_bits(dtype: np.dtype) -> tuple[int, type, int] | None:
    return _BFLOAT16_BITS if is_bfloat16(dtype) else _FLOAT_BITS.get(dtype)


def convert(x: np.ndarray, dtype: np.dtype) -> np.ndarray:
    """Element type conversion (`nn.cast`, and the single rounding at the end of a conv).

    Float to float rounds to nearest even. A NaN keeps its sign, its quiet bit and the
    top of its payload: narrowing truncates the payload (kept non-zero, so a NaN never
    becomes inf), widening pads it with zeros. So widening then narrowing back is the
    identity on every bit pattern, which cast hoisting relies on to cancel such pairs.
    (NumPy alone quiets signalling NaNs in f32<->f64, and ml_dtypes replaces every
    bf16 NaN by one canonical NaN; f16 already behaves this way in NumPy.)
    """
    dtype = np.dtype(dtype)
    x = np.asarray(x)
    y = x.astype(dtype)
    src, dst = _float_bits(x.dtype), _float_bits(dtype)
    if src is None or dst is None or x.dtype == dtype:
        return y
    nan = np.isnan(x)
    if not nan.any():
        return y
    (src_m, src_u, src_w), (dst_m, dst_u, dst_w) = src, dst
    bits = x[nan].view(src_u)
    sign = ((bits >> (src_w - 1)) & 1).astype(dst_u)
    mantissa = bits & src_u((1 << src_m) - 1)
    if dst_m >= src_m:
        mantissa = mantissa.astype(dst_u) << (dst_m - src_m)
    else:
        mantissa = (mantissa >> (src_m - dst_m)).astype(dst_u)
        mantissa[mantissa == 0] = 1
    exponent = dst_u(((1 << (dst_w - 1 - dst_m)) - 1) << dst_m)
    y[nan] = ((sign << (dst_w - 1)) | exponent | mantissa).view(dtype)
    return y


def relu_array(x: np.ndarray) -> np.ndarray:
    """+0.0 for every x <= 0 (including -0.0), NaN stays NaN."""
    return np.where(x <= 0, np.zeros((), dtype=x.dtype), x)


def _pool_windows(
    x: np.ndarray,
    kernel: tuple[int, int],
    strides: tuple[int, int],
    padding: tuple[int, int, int, int],
    dilations: tuple[int, int],
    out_hw: tuple[int, int],
    fill: float,
):
    """Yield the kh*kw strided views of the padded input, one per window offset, and
    the padded array's spatial shape (with the extra bottom/right rows that ceil
    mode may need)."""
    n, h, w, c = x.shape
    kh, kw = kernel
    sh, sw = strides
    pt, pb, pl, pr = padding
    dh, dw = dilations
    ho, wo = out_hw
    need_h = (ho - 1) * sh + dh * (kh - 1) + 1
    need_w = (wo - 1) * sw + dw * (kw - 1) + 1
    extra_b = max(0, need_h - (h + pt + pb))
    extra_r = max(0, need_w - (w + pl + pr))
    xp = np.pad(
        x,
        ((0, 0), (pt, pb + extra_b), (pl, pr + extra_r), (0, 0)),
        constant_values=fill,
    )
    for i in range(kh):
        for j in range(kw):
            yield xp[:, i * dh : i * dh + sh * (ho - 1) + 1 : sh, j * dw : j * dw + sw * (wo - 1) + 1 : sw, :]


def max_pool(x, kernel, strides, padding, dilations, out_hw) -> np.ndarray:
    """Window max; NaN propagates; between +0.0 and -0.0 prefers +0.0."""
    acc = None
    for view in _pool_windows(x, kernel, strides, padding, dilations, out_hw, -np.inf):
        if acc is None:
            acc = view.copy()
            continue
        take = (view > acc) | np.isnan(view) | ((view == acc) & ~np.signbit(view))
        take &= ~np.isnan(acc)
        acc = np.where(take, view, acc)
    assert acc is not None
    return acc


def avg_pool(x, kernel, strides, padding, dilations, out_hw, count_include_pad) -> np.ndarray:
    """Window mean (ONNX AveragePool): the divisor counts real elements, plus the
    explicit padding when `count_include_pad`, never ceil-mode overhang."""
    acc_t = accumulator_dtype(x.dtype)
    n, h, w, c = x.shape
    pt, pb, pl, pr = padding
    total = np.zeros((n, *out_hw, c), dtype=acc_t)
    for view in _pool_windows(x.astype(acc_t), kernel, strides, padding, dilations, out_hw, 0.0):
        total += view
    mask = np.zeros((1, h + pt + pb, w + pl + pr, 1), dtype=acc_t)
    if count_include_pad:
        mask[...] = 1
    else:
        mask[:, pt : pt + h, pl : pl + w, :] = 1
    count = np.zeros((1, *out_hw, 1), dtype=acc_t)
    # The mask is already padded; _pool_windows only adds the ceil-mode overhang (zeros).
    for view in _pool_windows(mask, kernel, strides, (0, 0, 0, 0), dilations, out_hw, 0.0):
        count += view
    return (total / count).astype(x.dtype)


def softmax(x: np.ndarray, axis: int) -> np.ndarray:
    acc = accumulator_dtype(x.dtype)
    y = x.astype(acc)
    y = np.exp(y - np.max(y, axis=axis, keepdims=True))
    return (y / np.sum(y, axis=axis, keepdims=True)).astype(x.dtype)


def batch_norm(x, scale, bias, mean, var, epsilon: float) -> np.ndarray:
    acc = accumulator_dtype(x.dtype)
    inv = scale.astype(acc) / np.sqrt(var.astype(acc) + acc.type(epsilon))
    return ((x.astype(acc) - mean.astype(acc)) * inv + bias.astype(acc)).astype(x.dtype)


def wrap_indices(indices: np.ndarray, dim: int) -> np.ndarray:
    """ONNX indices may be negative (counted from the end); out of range is an error."""
    idx = indices.astype(np.int64)
    if idx.size and (idx.min() < -dim or idx.max() >= dim):
        raise IndexError(f"index out of range [{-dim}, {dim}): got {idx.min()}..{idx.max()}")
    return np.where(idx < 0, idx + dim, idx)


_REDUCE = {"add": np.add, "mul": np.multiply, "max": np.maximum, "min": np.minimum}


def _scatter_into(out: np.ndarray, key: tuple, updates: np.ndarray, reduction: str) -> None:
    """`out[key] = updates`, or combine with `reduction`, repeated keys in order.

    max and min order -0.0 below +0.0 (max prefers +0.0 on a tie, min -0.0), as
    max_pool does: NumPy's choice between equal zeros depends on argument order, and
    only a pinned sign lets scatter max/min commute bit-exactly with a narrowing cast.
    """
    if reduction == "none":
        out[key] = updates
        return
    if reduction not in ("max", "min"):
        _REDUCE[reduction].at(out, key, updates)
        return
    negative = reduction == "min"
    preferred = (out == 0) & (np.signbit(out) == negative)
    np.logical_or.at(preferred, key, (updates == 0) & (np.signbit(updates) == negative))
    _REDUCE[reduction].at(out, key, updates)
    out[(out == 0) & preferred] = -0.0 if negative else 0.0


def scatter_elements(data, indices, updates, axis: int, reduction: str) -> np.ndarray:
    out = data.copy()
    idx = list(np.indices(indices.shape, sparse=True))
    idx[axis] = wrap_indices(indices, data.shape[axis])
    key = tuple(idx)
    _scatter_into(out, key, updates, reduction)
    return out


def scatter_nd(data, indices, updates, reduction: str) -> np.ndarray:
    out = data.copy()
    k = indices.shape[-1]
    flat = indices.reshape(-1, k)
    flat = np.stack([wrap_indices(flat[:, a], data.shape[a]) for a in range(k)], axis=1) if flat.size else flat.astype(np.int64)
    upd = updates.reshape((-1,) + data.shape[k:])
    key = tuple(flat.T)
    _scatter_into(out, key, upd, reduction)
    return out


def matmul(a: np.ndarray, b: np.ndarray, out_dtype: np.dtype) -> np.ndarray:
    acc = accumulator_dtype(a.dtype)
    return np.matmul(a.astype(acc, copy=False), b.astype(acc, copy=False)).astype(out_dtype)


def gemm(a, b, c, alpha: float, beta: float, trans_a: bool, trans_b: bool, out_dtype) -> np.ndarray:
    acc = accumulator_dtype(a.dtype)
    aa = a.T if trans_a else a
    bb = b.T if trans_b else b
    y = np.matmul(aa.astype(acc, copy=False), bb.astype(acc, copy=False))
    if alpha != 1.0:
        y = y * acc.type(alpha)
    if c is not None:
        y = y + (c.astype(acc) if beta == 1.0 else acc.type(beta) * c.astype(acc))
    return y.astype(out_dtype)
