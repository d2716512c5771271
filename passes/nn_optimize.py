"""`nn-optimize`: the graph-level pipeline of design brief §1 as one named pass.

    canonicalize, fold-batchnorm, cast-hoist, fuse-conv-add

Order matters: canonicalization first removes identity casts/transposes/reshapes that
would hide patterns; batch norm must be folded before fusion (on real networks it sits
between the conv and the residual add); cast hoisting runs before fusion so a conv
result is not kept apart from its add by a cast that could move elsewhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from xdsl.context import Context
from xdsl.dialects.builtin import ModuleOp
from xdsl.passes import ModulePass
from xdsl.transforms.canonicalize import CanonicalizePass

from nnpipe.passes.fold_batchnorm import FoldBatchNormPass
from nnpipe.passes.fuse_conv_add import FuseConvAddPass


@dataclass(frozen=True)
class NNOptimizePass(ModulePass):
    """canonicalize, fold-batchnorm, cast-hoist, fuse-conv-add, in that order."""

    name = "nn-optimize"

    fold_relu: bool = True
    """Passed to fuse-conv-add."""

    def stages(self) -> tuple[ModulePass, ...]:
        # cast-hoist lives in its own module; look it up by name so this pipeline only
        # depends on the registry entry.
        from nnpipe.passes import get_nnpipe_passes

        cast_hoist = get_nnpipe_passes()["cast-hoist"]()
        return (
            CanonicalizePass(),
            FoldBatchNormPass(),
            cast_hoist(),
            FuseConvAddPass(fold_relu=self.fold_relu),
        )

    def apply(self, ctx: Context, op: ModuleOp) -> None:
        for stage in self.stages():
            stage.apply(ctx, op)
