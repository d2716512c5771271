"""fold-batchnorm: differential tests (interpret before and after the pass) on
random conv + batch_norm/mul/add chains, and the bookkeeping of weight blobs."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from nn_graphs import (
    ConvSpec,
    GraphBuilder,
    apply_pipeline,
    conv_specs,
    differential_run,
    max_relative_error,
    op_names,
    print_module,
    tensor_type,
)

from nnpipe.tools.diagnostics import parse_module
from nnpipe.tools.run import make_context

TOLERANCE = 1e-5

# Shapes of a per-channel constant for C channels: broadcast against [n, h, w, C]
# they leave the shape unchanged.
CHANNEL_SHAPES = [lambda c: (c,), lambda c: (1, 1, 1, c), lambda c: (1, c), lambda c: (1,), lambda c: ()]


def add_affine(graph: GraphBuilder, value: str, shape: tuple[int, ...], kind: str, shape_pick: int, conv_first: bool) -> str:
    """Append one batch_norm / mul / add with per-channel constants after `value`."""
    c = shape[-1]
    ttype = tensor_type(shape)
    if kind == "batch_norm":
        gamma, beta, mean = (graph.constant(graph.random((c,))) for _ in range(3))
        var = graph.constant(graph.random((c,), 0.05, 2.0))
        vtype = tensor_type((c,))
        return graph.op(
            f"nn.batch_norm {value}, {gamma}, {beta}, {mean}, {var} {{epsilon = 1.0e-03 : f32}} : "
            f"({ttype}, {vtype}, {vtype}, {vtype}, {vtype}) -> {ttype}"
        )
    cshape = CHANNEL_SHAPES[shape_pick](c)
    constant = (graph.constant(graph.random(cshape)), tensor_type(cshape))
    operands = [(value, ttype), constant]
    if not conv_first:
        operands.reverse()
    return graph.binary(kind, operands[0], operands[1], ttype)


@st.composite
def conv_affine_chains(draw):
    """A conv followed by 1-3 per-channel affine ops (batch_norm, constant mul,
    constant add) in random order, shapes and operand order."""
    spec: ConvSpec = draw(conv_specs())
    graph = GraphBuilder(np.random.default_rng(draw(st.integers(0, 2**32 - 1))))
    x = graph.argument(graph.random(spec.input_shape))
    value = graph.conv(x, spec)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["batch_norm", "mul", "add"]))
        value = add_affine(
            graph, value, spec.output_shape, kind, draw(st.integers(0, len(CHANNEL_SHAPES) - 1)), draw(st.booleans())
        )
    return graph, [(value, tensor_type(spec.output_shape))]


@settings(max_examples=60, deadline=None)
@given(conv_affine_chains())
def test_fold_matches_interpreter_and_folds_everything(case):
    graph, results = case
    before, after, reparsed, module = differential_run(graph.text(results), graph.inputs(), "fold-batchnorm")
    assert op_names(module) == ["nn.conv2d"]
    assert max_relative_error(before, after) <= TOLERANCE
    for key in after:
        np.testing.assert_array_equal(after[key], reparsed[key])


@settings(max_examples=20, deadline=None)
@given(conv_specs(), st.integers(0, 2**32 - 1))
def test_conv_with_second_user_is_left_unchanged(spec, seed):
    graph = GraphBuilder(np.random.default_rng(seed))
    x = graph.argument(graph.random(spec.input_shape))
    conv = graph.conv(x, spec)
    normed = add_affine(graph, conv, spec.output_shape, "batch_norm", 0, True)
    out = tensor_type(spec.output_shape)
    text = graph.text([(normed, out), (conv, out)])
    module, _ = parse_module(make_context(), text, "<test>")
    untouched = module.clone()
    apply_pipeline(module, "fold-batchnorm")
    assert module.is_structurally_equivalent(untouched)


def _bn_module(weight_users: int) -> str:
    """conv(x, w, b) -> batch_norm, with `w` shared by `weight_users` convs."""
    graph = GraphBuilder(np.random.default_rng(0))
    spec = ConvSpec(1, 4, 4, 2, 2, 1, 1, (1, 1), (0, 0, 0, 0), (1, 1), 1, True)
    x = graph.argument(graph.random(spec.input_shape))
    graph.conv(x, spec)
    weight = graph.body[0].split(" = ")[0]
    conv = graph.body[-1].split(" = ")[0]
    out = tensor_type(spec.output_shape)
    results = [(add_affine(graph, conv, spec.output_shape, "batch_norm", 0, True), out)]
    for _ in range(weight_users - 1):
        other = graph.op(f"nn.conv2d {x}, {weight} : ({tensor_type(spec.input_shape)}, {tensor_type(spec.weight_shape)}) -> {out}")
        results.append((other, out))
    return graph.text(results)


def test_dead_constants_and_their_blobs_disappear():
    text = _bn_module(weight_users=1)
    old_keys = [line.split(":")[0].strip() for line in text.splitlines() if '"0x' in line]
    module, _ = parse_module(make_context(), text, "<test>")
    apply_pipeline(module, "fold-batchnorm")
    printed = print_module(module)
    assert [op.name for op in module.walk()][2:] == ["arith.constant", "arith.constant", "nn.conv2d", "func.return"]
    assert not any(f"<{key}>" in printed or f"{key}:" in printed for key in old_keys)
    assert printed.count('"0x') == 2  # the folded weight and bias


def test_shared_weight_is_kept_for_its_other_user():
    text = _bn_module(weight_users=2)
    weight_key = next(line.split(":")[0].strip() for line in text.splitlines() if '"0x' in line)
    module, _ = parse_module(make_context(), text, "<test>")
    apply_pipeline(module, "fold-batchnorm")
    printed = print_module(module)
    assert "nn.batch_norm" not in printed
    assert f"dense_resource<{weight_key}>" in printed
    assert printed.count('"0x') == 3  # old weight, folded weight, folded bias


def test_half_precision_fold_is_rounded_once():
    """f16 weights are folded in float64 and rounded once to f16: the result stays
    within f16 precision of the unfolded f16 computation."""
    graph = GraphBuilder(np.random.default_rng(1))
    spec = ConvSpec(1, 6, 6, 4, 4, 3, 3, (1, 1), (1, 1, 1, 1), (1, 1), 2, True)
    x = graph.argument(graph.random(spec.input_shape, dtype=np.float16))
    conv = graph.conv(x, spec, dtype=np.float16)
    c = spec.co
    vtype = tensor_type((c,), np.float16)
    gamma, beta, mean = (graph.constant(graph.random((c,), dtype=np.float16)) for _ in range(3))
    var = graph.constant(graph.random((c,), 0.5, 2.0, dtype=np.float16))
    out = tensor_type(spec.output_shape, np.float16)
    normed = graph.op(f"nn.batch_norm {conv}, {gamma}, {beta}, {mean}, {var} : ({out}, {vtype}, {vtype}, {vtype}, {vtype}) -> {out}")
    before, after, _, module = differential_run(graph.text([(normed, out)]), graph.inputs(), "fold-batchnorm")
    assert op_names(module) == ["nn.conv2d"]
    assert max_relative_error(before, after) <= 4 * 2.0**-10
