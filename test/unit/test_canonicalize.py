"""canonicalize runs in-process under `-W error::DeprecationWarning` (pytest config),
so any deprecated xDSL rewriter API in nn's patterns fails here, and folding keeps the
interpreted result identical."""

from __future__ import annotations

import numpy as np
from xdsl.transforms.canonicalize import CanonicalizePass

from nnpipe.interpreter.runner import run_module
from nnpipe.tools.diagnostics import parse_module
from nnpipe.tools.run import make_context

CHAIN = """
func.func @main(%x: tensor<2x3x4xf32>) -> tensor<4x6xf32> {
  %a = nn.cast %x : tensor<2x3x4xf32> to tensor<2x3x4xf32>
  %b = nn.transpose %a {permutation = array<i64: 1, 2, 0>} : (tensor<2x3x4xf32>) -> tensor<3x4x2xf32>
  %c = nn.transpose %b {permutation = array<i64: 1, 0, 2>} : (tensor<3x4x2xf32>) -> tensor<4x3x2xf32>
  %d = nn.reshape %c : (tensor<4x3x2xf32>) -> tensor<12x2xf32>
  %e = nn.reshape %d : (tensor<12x2xf32>) -> tensor<4x6xf32>
  func.return %e : tensor<4x6xf32>
}
"""


def test_canonicalize_folds_and_preserves_results() -> None:
    ctx = make_context()
    module, _ = parse_module(ctx, CHAIN, "chain.mlir")
    x = np.random.default_rng(0).standard_normal((2, 3, 4)).astype(np.float32)
    before = run_module(module, [x]).outputs["result0"]
    CanonicalizePass().apply(ctx, module)
    module.verify()
    names = [op.name for op in module.walk()]
    assert names.count("nn.cast") == 0
    assert names.count("nn.transpose") == 1
    assert names.count("nn.reshape") == 1
    after = run_module(module, [x]).outputs["result0"]
    assert after.tobytes() == before.tobytes()
