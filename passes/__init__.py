"""nnpipe's passes, registered by name (`nnpipe-opt -p NAME{key=value}`).

`get_nnpipe_passes` lists the passes this project defines (also published to
`xdsl-opt` through the `xdsl.universe` entry point); `get_opt_passes` adds the
generic xDSL passes nnpipe-opt offers beside them.
"""

from __future__ import annotations

from collections.abc import Callable

from xdsl.passes import ModulePass


def get_nnpipe_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    def fold_batchnorm():
        from nnpipe.passes.fold_batchnorm import FoldBatchNormPass

        return FoldBatchNormPass

    def fuse_conv_add():
        from nnpipe.passes.fuse_conv_add import FuseConvAddPass

        return FuseConvAddPass

    def nn_optimize():
        from nnpipe.passes.nn_optimize import NNOptimizePass

        return NNOptimizePass

    def cast_hoist():
        from nnpipe.passes.cast_hoist import CastHoistPass

        return CastHoistPass

    def mixed_precision():
        from nnpipe.passes.mixed_precision import MixedPrecisionPass

        return MixedPrecisionPass

    def h_split():
        from nnpipe.passes.h_split import HSplitPass

        return HSplitPass

    def lower_to_hw():
        from nnpipe.passes.lower_to_hw import LowerToHWPass

        return LowerToHWPass

    return {
        "fold-batchnorm": fold_batchnorm,
        "fuse-conv-add": fuse_conv_add,
        "nn-optimize": nn_optimize,
        "cast-hoist": cast_hoist,
        "mixed-precision": mixed_precision,
        "h-split": h_split,
        "lower-to-hw": lower_to_hw,
    }


def get_opt_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    def canonicalize():
        from xdsl.transforms.canonicalize import CanonicalizePass

        return CanonicalizePass

    def cse():
        from xdsl.transforms.common_subexpression_elimination import (
            CommonSubexpressionElimination,
        )

        return CommonSubexpressionElimination

    def dce():
        from xdsl.transforms.dead_code_elimination import DeadCodeElimination

        return DeadCodeElimination

    return {"canonicalize": canonicalize, "cse": cse, "dce": dce, **get_nnpipe_passes()}
