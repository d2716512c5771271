"""Shape arithmetic shared by the verifiers, the ONNX importer, the interpreter and tiling.

Keeping the formulas in one place is what lets every level agree on a conv's output
size and on the rows a tile needs (design brief §2).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence


def conv_output_size(
    size: int, kernel: int, stride: int, pad_lo: int, pad_hi: int, dilation: int
) -> int:
    """`floor((size + pad_lo + pad_hi - dilation*(kernel-1) - 1) / stride) + 1`.

    May return a value <= 0, which the caller reports as an empty output.
    """
    return (size + pad_lo + pad_hi - dilation * (kernel - 1) - 1) // stride + 1


def pool_output_size(
    size: int,
    kernel: int,
    stride: int,
    pad_lo: int,
    pad_hi: int,
    dilation: int,
    ceil_mode: bool,
) -> int:
    """ONNX pooling output size; with `ceil_mode` a last window may start in the
    padding-free part of the input but never entirely inside the end padding."""
    span = size + pad_lo + pad_hi - dilation * (kernel - 1) - 1
    if not ceil_mode:
        return span // stride + 1
    out = -(-span // stride) + 1
    if (out - 1) * stride >= size + pad_lo:
        out -= 1
    return out


def broadcast_shapes(a: Sequence[int], b: Sequence[int]) -> tuple[int, ...] | None:
    """NumPy broadcasting of two static shapes, or None if they do not broadcast."""
    rank = max(len(a), len(b))
    pa = (1,) * (rank - len(a)) + tuple(a)
    pb = (1,) * (rank - len(b)) + tuple(b)
    out: list[int] = []
    for x, y in zip(pa, pb):
        if x == y or y == 1:
            out.append(x)
        elif x == 1:
            out.append(y)
        else:
            return None
    return tuple(out)


def gather_result_shape(
    data: Sequence[int], indices: Sequence[int], axis: int
) -> tuple[int, ...]:
    """ONNX Gather: `data[:axis] + indices + data[axis+1:]`."""
    return tuple(data[:axis]) + tuple(indices) + tuple(data[axis + 1 :])


def split_rows(total: int, tiles: int) -> list[tuple[int, int]]:
    """Split `total` rows into `tiles` ranges as evenly as possible; the first
    `total mod tiles` ranges get one extra row (design brief §2)."""
    base, extra = divmod(total, tiles)
    ranges: list[tuple[int, int]] = []
    start = 0
    for i in range(tiles):
        size = base + (1 if i < extra else 0)
        ranges.append((start, start + size))
        start += size
    return ranges


def conv_tile_window(
    out_rows: tuple[int, int], size: int, kernel: int, stride: int, pad_lo: int, dilation: int
) -> tuple[tuple[int, int], tuple[int, int]]:
    """The input rows a conv tile reads and the padding it adds itself (brief §2).

    For output rows `[o0, o1)` the window spans input rows `[a, b)` with
    `a = o0*stride - pad_lo` and `b = (o1-1)*stride - pad_lo + dilation*(kernel-1) + 1`.
    The tile reads the real rows `[max(a, 0), min(b, size))` (empty, as `(r, r)`, when
    the window lies entirely in the padding) and pads them with
    `max(0, min(b, 0) - a)` rows on top and `max(0, b - max(a, size))` at the bottom,
    so that it holds exactly `b - a` rows. Returns `((r0, r1), (pad_top, pad_bottom))`.
    """
    o0, o1 = out_rows
    a = o0 * stride - pad_lo
    b = (o1 - 1) * stride - pad_lo + dilation * (kernel - 1) + 1
    r0, r1 = max(a, 0), min(b, size)
    if r0 >= r1:  # only padding: read nothing, at the edge the window is nearest to
        r0 = r1 = min(max(a, 0), size)
    return (r0, r1), (max(0, min(b, 0) - a), max(0, b - max(a, size)))


def rows_read_twice(windows: list[tuple[int, int]]) -> int:
    """Rows the ranges cover in total minus the distinct rows they cover: the halo
    rows tiles re-read, or the rows of an intermediate that chain tiles recompute."""
    total = sum(r1 - r0 for r0, r1 in windows)
    distinct, end = 0, 0
    for r0, r1 in sorted(windows):
        if r1 > end:
            distinct += r1 - max(r0, end)
            end = r1
    return total - distinct


Window = Callable[[tuple[int, int]], tuple[tuple[int, int], tuple[int, int]]]
"""Output rows of an op -> (the real input rows they read, the pad rows they add)."""


def chain_rows(windows: Sequence[Window], rows: tuple[int, int]) -> list[tuple[int, int]]:
    """The output rows each op of a chain computes for output rows `rows` of the last
    (the backward halo, brief §3b), given the windows of the ops after the first:
    applied from the last op to the second, the real rows an op reads being the rows
    its producer computes."""
    found = [rows]
    for window in reversed(windows):
        found.append(window(found[-1])[0])
    return found[::-1]
