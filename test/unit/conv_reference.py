"""Independent references for the interpreter tests, and a helper that runs nn IR text.

`naive_conv2d` follows the definition of design brief §2 literally, one output pixel
and one kernel tap at a time, with the padding handled by bounds checks instead of a
padded copy: it shares no code and no trick (im2col, strided views, BLAS) with
`interpreter/kernels.py`, so agreeing with it means something.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnpipe.dialects import dtypes
from nnpipe.interpreter.runner import run_module
from nnpipe.tools.diagnostics import parse_module
from nnpipe.tools.run import make_context


def naive_conv2d(
    x: np.ndarray,
    w: np.ndarray,
    bias: np.ndarray | None = None,
    strides: Sequence[int] = (1, 1),
    padding: Sequence[int] = (0, 0, 0, 0),
    dilations: Sequence[int] = (1, 1),
    groups: int = 1,
    addend: np.ndarray | None = None,
    relu: bool = False,
) -> np.ndarray:
    """NHWC x OHWI convolution in float64 (exact enough to judge f32 results):
    `out[n, oy, ox, co] = bias[co] + sum_{i, j, c} x[n, oy*sh - pt + i*dh,
    ox*sw - pl + j*dw, g*cig + c] * w[co, i, j, c]`, taps outside the input count 0."""
    n, h, wd, ci = x.shape
    co, kh, kw, cig = w.shape
    sh, sw = strides
    pt, pb, pl, pr = padding
    dh, dw = dilations
    assert ci == cig * groups and co % groups == 0
    cog = co // groups
    ho = (h + pt + pb - dh * (kh - 1) - 1) // sh + 1
    wo = (wd + pl + pr - dw * (kw - 1) - 1) // sw + 1
    xs = x.astype(np.float64)
    # [groups, cog, kh, kw, cig]: output channel co = g*cog + o reads input channels g*cig + c.
    ws = w.astype(np.float64).reshape(groups, cog, kh, kw, cig)
    out = np.zeros((n, ho, wo, co), dtype=np.float64)
    for b in range(n):
        for oy in range(ho):
            for ox in range(wo):
                acc = np.zeros((groups, cog))
                for i in range(kh):
                    y = oy * sh - pt + i * dh
                    if not 0 <= y < h:
                        continue
                    for j in range(kw):
                        xx = ox * sw - pl + j * dw
                        if not 0 <= xx < wd:
                            continue
                        pixel = xs[b, y, xx].reshape(groups, cig)
                        acc += np.einsum("gc,goc->go", pixel, ws[:, :, i, j, :])
                out[b, oy, ox] = acc.reshape(co)
    if bias is not None:
        out += bias.astype(np.float64)
    if addend is not None:
        out += addend.astype(np.float64)
    if relu:
        out = np.maximum(out, 0.0)
    return out


def tensor_type(shape: Sequence[int], dtype) -> str:
    """`tensor<2x3xf32>` for a shape and a NumPy dtype (bf16 through ml_dtypes)."""
    element = dtypes.from_numpy(np.dtype(dtype))
    return "tensor<" + "".join(f"{d}x" for d in shape) + f"{element}>"


def run_function(body: str, inputs: Sequence[np.ndarray], result_types: Sequence[str]) -> list[np.ndarray]:
    """Wrap `body` (ops using %arg0, %arg1, ..., ending with `func.return`) in `@main`
    with the inputs' types as arguments, parse and verify it as the tools do, run it."""
    args = ", ".join(f"%arg{i}: {tensor_type(a.shape, a.dtype)}" for i, a in enumerate(inputs))
    text = f"func.func @main({args}) -> ({', '.join(result_types)}) {{\n{body}\n}}\n"
    module, _ = parse_module(make_context(), text, "<test>")
    result = run_module(module, list(inputs))
    return list(result.outputs.values())


def run_op(op: str, inputs: Sequence[np.ndarray], result_type: str) -> np.ndarray:
    """Run one op whose text uses %arg0, %arg1, ... and defines %y of `result_type`."""
    body = f"  %y = {op}\n  func.return %y : {result_type}"
    return run_function(body, inputs, [result_type])[0]
