"""nnpipe's passes, registered by name (`nnpipe-opt -p NAME{key=value}`).

`get_nnpipe_passes` lists the passes this project defines (also published to
`xdsl-opt` through the `xdsl.universe` entry point); `get_opt_passes` adds the
generic xDSL passes nnpipe-opt offers beside them.
"""

from __future__ import annotations

from collections.abc import Callable

from xdsl.passes import ModulePass


def get_nnpipe_passes() -> dict[str, Callable[[], type[ModulePass]]]:
    return {}


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
