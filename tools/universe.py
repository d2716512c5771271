"""The `xdsl.universe` entry point: plain `xdsl-opt` loads nnpipe's dialects and
passes through it. Only nnpipe's own constructs are listed, each once, so nothing
clashes with xDSL's universe."""

from __future__ import annotations

from xdsl.ir import Dialect
from xdsl.universe import Universe

from nnpipe.passes import get_nnpipe_passes


def get_nnpipe_dialects():
    def nn() -> Dialect:
        from nnpipe.dialects.nn import NN

        return NN

    return {"nn": nn}


NNPIPE_UNIVERSE = Universe(all_dialects=get_nnpipe_dialects(), all_passes=get_nnpipe_passes())
