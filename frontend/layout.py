"""Permutation arithmetic for holding ONNX tensors in a physical layout.

The importer keeps every ONNX tensor in some physical layout: the SSA value holds
`np.transpose(logical, perm)`, i.e. physical dim k is logical dim `perm[k]`. A 4-D
activation after a conv is held NHWC, `perm = (0, 2, 3, 1)`, while ONNX still sees it
as NCHW. Ops whose semantics do not depend on the element order (elementwise ops, pools,
concat on a remapped axis) run directly on the physical value; ONNX `Transpose` only
changes the recorded permutation; a reshape runs on the physical value whenever the dims
it merges or splits are adjacent there. Only the remaining cases pay for a transpose.

Everything here is pure tuple arithmetic (no xDSL), so it is easy to test on its own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

Perm = tuple[int, ...]
Shape = tuple[int, ...]


def identity(rank: int) -> Perm:
    return tuple(range(rank))


def channels_last(rank: int) -> Perm:
    """NCHW... -> NHWC...: the channel axis (1) moves to the end; ranks <= 2 already
    have their channel axis last."""
    if rank <= 2:
        return identity(rank)
    return (0, *range(2, rank), 1)


def inverse(perm: Sequence[int]) -> Perm:
    inv = [0] * len(perm)
    for k, p in enumerate(perm):
        inv[p] = k
    return tuple(inv)


def permute(shape: Sequence[int], perm: Sequence[int]) -> Shape:
    """The physical shape of a logical `shape` held in layout `perm`."""
    return tuple(shape[p] for p in perm)


def relayout(source: Perm, target: Perm) -> Perm:
    """The `nn.transpose` permutation that turns a value held in `source` into the same
    logical tensor held in `target`."""
    inv = inverse(source)
    return tuple(inv[t] for t in target)


def after_transpose(perm: Perm, onnx_perm: Sequence[int]) -> Perm:
    """Layout of `Transpose(x, onnx_perm)` when x is held in `perm`: the same physical
    value, relabelled (output logical dim i is input logical dim onnx_perm[i])."""
    inv = inverse(onnx_perm)
    return tuple(inv[p] for p in perm)


def keeps_element_order(physical_shape: Sequence[int], transpose: Sequence[int]) -> bool:
    """Whether `transpose` only moves unit dims, so a reshape does the same job."""
    moved = [t for t in transpose if physical_shape[t] != 1]
    return moved == sorted(moved)


@dataclass(frozen=True)
class ReshapePlan:
    """How to reshape a tensor held in some layout: bring it to `input_perm` (the
    current layout when no data has to move), reshape the physical value, and hold the
    result in `output_perm`."""

    input_perm: Perm
    output_perm: Perm


def _groups(source: Shape, target: Shape) -> list[tuple[list[int], list[int]]]:
    """Pair the non-unit dims of `source` and `target` into the smallest runs with
    equal products: a reshape maps each source run onto its target run."""
    src = [d for d, n in enumerate(source) if n != 1]
    dst = [d for d, n in enumerate(target) if n != 1]
    groups: list[tuple[list[int], list[int]]] = []
    a = b = 0
    while a < len(src):
        gi, pi = [src[a]], source[src[a]]
        go, po = [dst[b]], target[dst[b]]
        a, b = a + 1, b + 1
        while pi != po:
            if pi < po:
                gi.append(src[a])
                pi *= source[src[a]]
                a += 1
            else:
                go.append(dst[b])
                po *= target[dst[b]]
                b += 1
        groups.append((gi, go))
    return groups


def plan_reshape(source: Shape, perm: Perm, target: Shape) -> ReshapePlan:
    """Plan a row-major reshape of the logical `source` (held in `perm`) to `target`.

    Each run of source dims that becomes a run of target dims must be adjacent and in
    order in the physical value; then the reshape is physical and free of data movement.
    Otherwise the runs are put in order by one transpose that keeps them where they first
    appear. Unit dims are placed next to their logical predecessor.
    """
    if 0 in source:
        return ReshapePlan(identity(len(source)), identity(len(target)))
    groups = _groups(source, target)
    group_of = {d: g for g, (dims, _) in enumerate(groups) for d in dims}
    order: list[int] = []
    for p in perm:
        if source[p] != 1 and group_of[p] not in order:
            order.append(group_of[p])
    physical_runs = [p for p in perm if source[p] != 1]
    if physical_runs == [d for g in order for d in groups[g][0]]:
        input_perm = perm
    else:
        emitted: list[int] = []
        placed: set[int] = set()
        for p in perm:
            if source[p] == 1:
                emitted.append(p)
            elif group_of[p] not in placed:
                placed.add(group_of[p])
                emitted.extend(groups[group_of[p]][0])
        input_perm = tuple(emitted)
    output = [d for g in order for d in groups[g][1]]
    for d, size in enumerate(target):
        if size == 1:
            output.insert(output.index(d - 1) + 1 if d > 0 else 0, d)
    return ReshapePlan(tuple(input_perm), tuple(output))
