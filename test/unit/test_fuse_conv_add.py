"""fuse-conv-add: differential tests (interpret before and after the pass) on random
conv + add (+ relu) graphs covering every fuse/refuse rule of docs/fusion.md."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from nn_graphs import (
    ConvSpec,
    GraphBuilder,
    conv_specs,
    differential_run,
    max_relative_error,
    op_names,
    tensor_type,
)

from nnpipe.dialects import nn

TOLERANCE = 1e-5

ADDENDS = ["argument", "defined_after", "conv_before", "conv_after", "channel_constant"]


@st.composite
def conv_add_graphs(draw):
    """conv(x) + addend, with the addend one of ADDENDS, on either side of the add,
    an optional relu after the add, and optional extra users of the conv or the add.
    Returns the builder, the results and what the pass must do."""
    spec: ConvSpec = draw(conv_specs())
    kind = draw(st.sampled_from(ADDENDS))
    conv_first = draw(st.booleans())
    relu = draw(st.booleans())
    conv_escapes = draw(st.booleans())
    add_escapes = draw(st.booleans())
    graph = GraphBuilder(np.random.default_rng(draw(st.integers(0, 2**32 - 1))))
    out_shape = spec.output_shape
    out = tensor_type(out_shape)
    x = graph.argument(graph.random(spec.input_shape))
    other_spec = replace(spec, bias=draw(st.booleans()))

    addend_type = out
    earlier = None
    if kind == "conv_before":
        addend = earlier = graph.conv(x, other_spec)
    if kind == "argument":
        addend = graph.argument(graph.random(out_shape))
    conv = graph.conv(x, spec)
    if kind == "defined_after":
        y = graph.argument(graph.random(out_shape))
        addend = graph.binary("mul", (y, out), (y, out), out)
    elif kind == "conv_after":
        addend = graph.conv(x, other_spec)
        earlier = conv
    elif kind == "channel_constant":
        shape = draw(st.sampled_from([(spec.co,), (1, 1, 1, spec.co), ()]))
        addend, addend_type = graph.constant(graph.random(shape)), tensor_type(shape)

    operands = [(conv, out), (addend, addend_type)]
    if not conv_first:
        operands.reverse()
    total = graph.binary("add", operands[0], operands[1], out)
    results = [(graph.op(f"nn.relu {total} : {out}") if relu else total, out)]
    if conv_escapes:
        results.append((conv, out))
    if add_escapes and relu:
        results.append((total, out))

    addend_is_conv = kind in ("conv_before", "conv_after")
    expect = {
        "relu": relu,
        "fused": (not conv_escapes or addend_is_conv) and kind != "channel_constant",
        "bias_folded": kind == "channel_constant" and not conv_escapes,
        "relu_folded": relu and not add_escapes,
        # Both operands fusable convs: the later one is fused, the earlier is the addend.
        "addend_name": earlier[1:] if addend_is_conv and not conv_escapes else None,
    }
    return graph, results, expect


@settings(max_examples=80, deadline=None)
@given(conv_add_graphs())
def test_fusion_matches_interpreter_and_follows_the_rules(case):
    graph, results, expect = case
    before, after, reparsed, module = differential_run(graph.text(results), graph.inputs(), "fuse-conv-add")
    assert max_relative_error(before, after) <= TOLERANCE
    for key in after:
        np.testing.assert_array_equal(after[key], reparsed[key])
        if not expect["bias_folded"]:
            # f32 fusion adds in the same order as the unfused graph: bit-exact.
            np.testing.assert_array_equal(after[key], before[key])

    names = op_names(module)
    fused = [op for op in module.walk() if isinstance(op, nn.ConvAddOp)]
    if expect["fused"]:
        assert "nn.add" not in names and len(fused) == 1
        assert (fused[0].activation is not None) == expect["relu_folded"]
        assert ("nn.relu" in names) == (expect["relu"] and not expect["relu_folded"])
        if expect["addend_name"] is not None:
            assert fused[0].addend.name_hint == expect["addend_name"]
    else:
        assert not fused
        assert ("nn.add" in names) != expect["bias_folded"]


@settings(max_examples=15, deadline=None)
@given(conv_specs(), st.integers(0, 2**32 - 1))
def test_half_precision_fusion_stays_within_half_precision(spec, seed):
    """f16 conv + f16 add: the fused op adds in the f32 accumulator and rounds once,
    the unfused graph rounds twice; they agree to f16 precision."""
    graph = GraphBuilder(np.random.default_rng(seed))
    out = tensor_type(spec.output_shape, np.float16)
    x = graph.argument(graph.random(spec.input_shape, dtype=np.float16))
    conv = graph.conv(x, spec, dtype=np.float16)
    addend = graph.argument(graph.random(spec.output_shape, dtype=np.float16))
    total = graph.binary("add", (addend, out), (conv, out), out)
    before, after, _, module = differential_run(graph.text([(total, out)]), graph.inputs(), "fuse-conv-add")
    assert op_names(module) == ["nn.conv_add"]
    assert max_relative_error(before, after) <= 4 * 2.0**-10


def _residual_block(graph: GraphBuilder, x: str, spec: ConvSpec, projection: bool) -> tuple[str, str]:
    """ResNet v1 block tail: relu(bn(conv(x)) + shortcut), the shortcut either x
    itself or bn(conv_1x1(x)). Returns (value, type)."""
    out = tensor_type(spec.output_shape)
    c = spec.co

    def bn(value: str) -> str:
        gamma, beta, mean = (graph.constant(graph.random((c,))) for _ in range(3))
        var = graph.constant(graph.random((c,), 0.5, 2.0))
        v = tensor_type((c,))
        return graph.op(f"nn.batch_norm {value}, {gamma}, {beta}, {mean}, {var} : ({out}, {v}, {v}, {v}, {v}) -> {out}")

    main = bn(graph.conv(x, spec))
    if projection:
        shortcut = bn(graph.conv(x, replace(spec, kh=1, kw=1, padding=(0, 0, 0, 0), dilations=(1, 1), bias=False)))
    else:
        shortcut = x
    total = graph.binary("add", (main, out), (shortcut, out), out)
    return graph.op(f"nn.relu {total} : {out}"), out


def test_fold_batchnorm_then_fuse_on_residual_blocks():
    """Identity and projection residual blocks in sequence: batch norms fold, each
    residual add becomes one conv_add with relu, the numbers stay."""
    graph = GraphBuilder(np.random.default_rng(7))
    spec = ConvSpec(1, 6, 6, 4, 4, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 1, False)
    x = graph.argument(graph.random(spec.input_shape))
    value, out = _residual_block(graph, x, spec, projection=False)
    value, out = _residual_block(graph, value, replace(spec, co=8, bias=True), projection=True)
    before, after, _, module = differential_run(graph.text([(value, out)]), graph.inputs(), "fold-batchnorm,fuse-conv-add")
    assert op_names(module) == ["nn.conv_add", "nn.conv2d", "nn.conv_add"]
    assert all(op.activation is not None for op in module.walk() if isinstance(op, nn.ConvAddOp))
    assert max_relative_error(before, after) <= TOLERANCE
