"""The `xdsl.universe` entry point: plain `xdsl-opt` loads nnpipe's dialects and
passes through it. Only nnpipe's own constructs are listed, each once, so nothing
clashes with xDSL's universe."""

from __future__ import annotations

from xdsl.context import Context
from xdsl.dialects.builtin import Builtin
from xdsl.ir import Dialect
from xdsl.universe import Universe

from nnpipe.passes import get_nnpipe_passes


def get_nnpipe_dialects():
    def nn() -> Dialect:
        from nnpipe.dialects.nn import NN

        return NN

    def pipe() -> Dialect:
        from nnpipe.dialects.pipe import PIPE

        return PIPE

    def hw() -> Dialect:
        from nnpipe.dialects.hw import HW

        return HW

    return {"nn": nn, "pipe": pipe, "hw": hw}


XDSL_NAME_CLASHES = ("hw",)
"""xDSL already has a dialect named `hw` (CIRCT's), so plain xdsl-opt gets nnpipe's
nn and pipe dialects only; nnpipe-opt and nnpipe-run register nnpipe's `hw`."""

NNPIPE_UNIVERSE = Universe(
    all_dialects={k: v for k, v in get_nnpipe_dialects().items() if k not in XDSL_NAME_CLASHES},
    all_passes=get_nnpipe_passes(),
)


def register_dialects(ctx: Context) -> None:
    """builtin, func, arith and nnpipe's dialects, for nnpipe-opt and nnpipe-run.

    Only builtin is loaded at once; the others are imported the first time a file
    names one of their ops (importing xDSL's arith alone costs as much as the rest of
    start-up, and every lit RUN line pays start-up)."""
    ctx.load_dialect(Builtin)

    def func() -> Dialect:
        from xdsl.dialects.func import Func

        return Func

    def arith() -> Dialect:
        from xdsl.dialects.arith import Arith

        return Arith

    for name, factory in {"func": func, "arith": arith, **get_nnpipe_dialects()}.items():
        ctx.register_dialect(name, factory)
