"""Chains (issue #11, docs/ir-pipe.md "Chains"): layer groups tiled along H as one
pipeline, intermediates in local memory.

- the backward halo on hand-checked geometry;
- the modulo schedule's stage rule;
- the cycles of a two-op chain against a schedule computed by hand;
- the grouping: a chain is cut at a second user, and split when it does not fit;
- differential: random chains through the pipe and hw levels equal the nn level,
  both forced whole (every tile count) and as `h-split{chains=true}` groups them.
"""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nn_graphs import GraphBuilder, apply_pipeline, max_relative_error, parse, print_module, tensor_type
from test_hw_level import target_file

from nnpipe.dialects import hw, nn, pipe, shapes
from nnpipe.dialects.traits import Engine, engine_of
from nnpipe.interpreter import targets
from nnpipe.interpreter.runner import run_module
from nnpipe.passes import chain_grouping, h_split, kernel_plan

U65 = targets.load("ethos-u65-256")


def func_ops(module) -> list:
    func = next(op for op in module.walk() if op.name == "func.func")
    return list(func.body.block.ops)


# --------------------------------------------------------------------------- #
# Backward halo and schedule                                                  #
# --------------------------------------------------------------------------- #

THREE = """
func.func @f(%x: tensor<1x16x8x4xf32>, %w: tensor<4x3x3x4xf32>, %w2: tensor<4x3x3x4xf32>) -> tensor<1x8x8x4xf32> {
  %c = nn.conv2d %x, %w {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x16x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x16x8x4xf32>
  %r = nn.relu %c : tensor<1x16x8x4xf32>
  %c2 = nn.conv2d %r, %w2 {strides = array<i64: 2, 1>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x16x8x4xf32>, tensor<4x3x3x4xf32>) -> tensor<1x8x8x4xf32>
  func.return %c2 : tensor<1x8x8x4xf32>
}
"""


def test_backward_halo_through_a_chain():
    """Output rows [4, 8) of a stride-2 3x3 conv need rows [7, 16) of the relu (a =
    4 * 2 - 1, b = 7 * 2 - 1 + 3: no pad, its last row needs rows 13-15), the relu
    the same rows of the first conv, and that conv rows [6, 17) of the input: the
    real rows [6, 16) and one pad row at the bottom edge, added in the op."""
    ops = [op for op in func_ops(parse(THREE)) if op.name.startswith("nn.")]
    assert pipe.chain_rows(ops, (4, 8)) == [(7, 16), (7, 16), (4, 8)]
    assert pipe.input_window(ops[2], (4, 8)) == ((7, 16), (0, 0))
    assert pipe.input_window(ops[0], (7, 16)) == ((6, 16), (0, 1))
    assert pipe.chain_rows(ops, (0, 4)) == [(0, 8), (0, 8), (0, 4)]
    spec = chain_grouping.group_spec(ops)
    assert not isinstance(spec, str)
    # Tile 0 computes relu rows [0, 8), tile 1 rows [7, 16): row 7 twice, for both members.
    assert spec.recomputed_rows([(0, 4), (4, 8)]) == 2


def test_modulo_schedule_puts_one_step_per_engine_in_a_stage():
    assert kernel_plan.modulo_schedule([Engine.CONV, Engine.ADD]) == (1, [0, 1])  # the conv_add pipeline
    # conv -> relu -> conv -> relu: two steps per engine, II = 2; the second conv
    # cannot go to stage 2, whose slot (0) the first conv holds.
    assert kernel_plan.modulo_schedule([Engine.CONV, Engine.ADD, Engine.CONV, Engine.ADD]) == (2, [0, 1, 3, 4])
    # conv -> conv -> relu: the second conv cannot share stage slot 0 with the first.
    ii, offsets = kernel_plan.modulo_schedule([Engine.CONV, Engine.CONV, Engine.ADD])
    assert (ii, offsets) == (2, [0, 1, 2])
    for tiles in range(1, 5):  # no stage holds two steps of one engine
        engines = [Engine.CONV, Engine.CONV, Engine.ADD]
        seen = set()
        for t in range(tiles):
            for engine, offset in zip(engines, offsets):
                assert (t * ii + offset, engine) not in seen
                seen.add((t * ii + offset, engine))


def test_pipe_ir_of_a_chain_has_a_stage_per_step_and_tile():
    module = parse(THREE)
    apply_pipeline(module, "h-split{tiles=2 chains=true}")
    (pipeline,) = [op for op in module.walk() if isinstance(op, pipe.PipelineOp)]
    assert pipeline.is_chain and [op.name for op in pipeline.members()] == ["nn.conv2d", "nn.relu", "nn.conv2d"]
    # conv, relu, conv: II = 2, offsets 0, 1, 2; tile 1 starts at stage 2.
    assert len(pipeline.stages()) == 5
    for stage in pipeline.stages():
        engines = [engine_of(op) for op in stage.body.block.ops if op.name.startswith("nn.")]
        assert len(engines) == len(set(engines))  # at most one step per engine


# --------------------------------------------------------------------------- #
# Cycles of a two-op chain, by hand                                           #
# --------------------------------------------------------------------------- #

TWO = """
func.func @f(%x: tensor<1x4x4x8xf32>, %w: tensor<8x1x1x8xf32>) -> tensor<1x4x4x8xf32> {
  %c = nn.conv2d %x, %w : (tensor<1x4x4x8xf32>, tensor<8x1x1x8xf32>) -> tensor<1x4x4x8xf32>
  %r = nn.relu %c : tensor<1x4x4x8xf32>
  func.return %r : tensor<1x4x4x8xf32>
}
"""


def lowered_two_op_chain() -> tuple:
    module = parse(TWO)
    h_split.replace_chain([op for op in func_ops(module) if op.name.startswith("nn.")], 2)
    module.verify()
    pipe_module = module.clone()
    apply_pipeline(module, "lower-to-hw")
    return pipe_module, module


def test_two_op_chain_cycles_match_a_hand_computed_schedule():
    """conv 1x1 (8 -> 8 channels) -> relu on a 1x4x4x8 f32 map, 2 tiles of 2 rows,
    default target. Steps conv (conv engine), relu (add engine): II = 1, so tile t
    loads in stage t, convolves in t + 1, applies relu in t + 2, is stored in t + 3:

        stage 0: load x0 (256 B), load w (256 B)      DMA 522 + 522   = 1044
        stage 1: load x1 ∥ conv t0                     DMA 522, conv 34
        stage 2: conv t1 ∥ relu t0                     conv 34, add 80
        stage 3: relu t1 ∥ store t0 (256 B)            add 80, DMA 272
        stage 4: store t1                              DMA 272

    A load costs 500 + ceil(256 / 12) = 522, a store 250 + 22 = 272, a tile's conv
    32 + 2 * 4 * 8 * 8 / 256 = 34, its relu 32 + 64 * 0.75 = 80, a barrier 32. The
    relu reads the conv's local buffer: nothing is stored or loaded between them."""
    pipe_module, module = lowered_two_op_chain()
    x = np.random.default_rng(0).standard_normal((1, 4, 4, 8)).astype(np.float32)
    w = np.random.default_rng(1).standard_normal((8, 1, 1, 8)).astype(np.float32)
    report = run_module(module, [x, w], target=U65).timeline.report()
    stages = [[1044], [522, 34], [34, 80], [80, 272], [272]]
    assert report["total_cycles"] == sum(max(s) + 32 for s in stages) == 2350
    assert report["serial_cycles"] == sum(sum(s) + 32 for s in stages) == 2498
    assert report["lower_bound_cycles"] == 1044 + 522 + 272 + 272 == 2110
    assert report["dma_bytes"] == 3 * 256 + 2 * 256  # x0, w, x1 in; two tiles out
    assert report["dma_bytes_saved"] == 2 * 512  # the conv's result: stored and loaded back
    (kernel,) = [op for op in module.walk() if isinstance(op, hw.KernelOp)]
    body = [op.name for op in kernel.body.block.ops if isinstance(op, hw.EngineOp)]
    assert body.count("hw.dma_store") == 2 and body.count("hw.dma_load") == 3
    # The plan lower-to-hw built predicts exactly what the interpreter measures.
    spec = kernel_plan.spec_of(next(op for op in pipe_module.walk() if isinstance(op, pipe.PipelineOp)))
    assert kernel_plan.plan(spec, 2, U65).cycles(U65).total == 2350


def test_two_op_chain_pipe_level_cycles_match_a_hand_computed_schedule():
    """The same chain at the pipe level, where a stage's tiles load in the stage
    that uses them and the weights load once in the first stage:

        stage 0: w (256 B), tile x0 (256 B) ∥ conv t0      DMA 1044, conv 34
        stage 1: relu t0 ∥ tile x1, conv t1 ∥ store out0   add 80, conv 34, DMA 522 + 272
        stage 2: relu t1 ∥ store out1                      add 80, DMA 272
    """
    pipe_module, _ = lowered_two_op_chain()
    x = np.random.default_rng(0).standard_normal((1, 4, 4, 8)).astype(np.float32)
    w = np.random.default_rng(1).standard_normal((8, 1, 1, 8)).astype(np.float32)
    report = run_module(pipe_module, [x, w], target=U65).timeline.report()
    stages = [[1044, 34], [80, 34, 794], [80, 272]]
    assert report["total_cycles"] == sum(max(s) + 32 for s in stages) == 2206
    assert report["serial_cycles"] == sum(sum(s) + 32 for s in stages) == 2434
    assert report["lower_bound_cycles"] == 1044 + 794 + 272 == 2110
    assert report["dma_bytes_saved"] == 1024


# --------------------------------------------------------------------------- #
# Grouping                                                                    #
# --------------------------------------------------------------------------- #


def test_a_chain_is_cut_where_an_intermediate_has_a_second_user():
    text = """
func.func @f(%x: tensor<1x8x8x4xf32>, %w: tensor<4x1x1x4xf32>) -> (tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>) {
  %c = nn.conv2d %x, %w : (tensor<1x8x8x4xf32>, tensor<4x1x1x4xf32>) -> tensor<1x8x8x4xf32>
  %r = nn.relu %c : tensor<1x8x8x4xf32>
  %m = nn.max_pool %r {kernel = array<i64: 3, 3>, padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x8x4xf32>) -> tensor<1x8x8x4xf32>
  func.return %m, %r : tensor<1x8x8x4xf32>, tensor<1x8x8x4xf32>
}
"""
    ops = func_ops(parse(text))
    chains = chain_grouping.linear_chains(ops)
    assert [[op.name for op in chain] for chain in chains] == [["nn.conv2d", "nn.relu"]]


def test_a_chain_that_does_not_fit_is_split_into_groups():
    """Four 3x3 convs of 16 channels: with 16 KiB of local memory all four
    members' weights (4 x 9 KiB, resident) cannot fit, so the group is cut."""
    convs = "\n".join(
        f"  %c{i + 1} = nn.conv2d %c{i}, %w{i} {{padding = array<i64: 1, 1, 1, 1>}} : (tensor<1x16x16x16xf32>, tensor<16x3x3x16xf32>) -> tensor<1x16x16x16xf32>"
        for i in range(4)
    )
    weights = ", ".join(f"%w{i}: tensor<16x3x3x16xf32>" for i in range(4))
    text = f"func.func @f(%c0: tensor<1x16x16x16xf32>, {weights}) -> tensor<1x16x16x16xf32> {{\n{convs}\n  func.return %c4 : tensor<1x16x16x16xf32>\n}}\n"
    ops = [op for op in func_ops(parse(text)) if op.name.startswith("nn.")]
    small = targets.load(target_file(16384))
    assert chain_grouping.group_spec(ops) is not None
    assert kernel_plan.best_tiles(chain_grouping.group_spec(ops), small) is None  # the whole chain fits at no N
    groups = chain_grouping.choose_groups(ops, None, small)
    assert sum(g.size for g in groups) == 4 and max(g.size for g in groups) < 4


# --------------------------------------------------------------------------- #
# Differential: random chains                                                 #
# --------------------------------------------------------------------------- #

EXACT = {"relu", "max_pool", "cast", "per_channel", "add"}
"""Members whose tiles compute bit-identical values (no sum changes order)."""


@st.composite
def chains(draw):
    """A chain of 2-4 random members on a random NHWC map: conv2d, conv_add (relu or
    not), relu, add of a same-shape argument, a per-channel mul, max/avg pool, cast."""
    rng_seed = draw(st.integers(0, 2**32 - 1))
    graph = GraphBuilder(np.random.default_rng(rng_seed))
    dtype = draw(st.sampled_from([np.float32, np.float16]))
    shape = (draw(st.integers(1, 2)), draw(st.integers(2, 12)), draw(st.integers(1, 6)), draw(st.integers(1, 6)))
    value = graph.argument(graph.random(shape, dtype=dtype))
    kinds = []
    for _ in range(draw(st.integers(2, 4))):
        kind = draw(st.sampled_from(["conv2d", "conv_add", "relu", "add", "per_channel", "max_pool", "avg_pool", "cast"]))
        n, h, w, c = shape
        t = lambda s: tensor_type(s, dtype)  # noqa: E731
        if kind in ("conv2d", "conv_add", "max_pool", "avg_pool"):
            k = (draw(st.integers(1, min(3, h))), draw(st.integers(1, min(3, w))))
            s = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
            p = [draw(st.integers(0, k[0] - 1)), draw(st.integers(0, k[0] - 1)), draw(st.integers(0, k[1] - 1)), draw(st.integers(0, k[1] - 1))]
            out = (n, shapes.conv_output_size(h, k[0], s[0], p[0], p[1], 1), shapes.conv_output_size(w, k[1], s[1], p[2], p[3], 1), c)
            geometry = f"strides = array<i64: {s[0]}, {s[1]}>, padding = array<i64: {', '.join(map(str, p))}>"
            if kind.endswith("pool"):
                extra = ", count_include_pad = true" if kind == "avg_pool" and draw(st.booleans()) else ""
                value = graph.op(f"nn.{kind} {value} {{kernel = array<i64: {k[0]}, {k[1]}>, {geometry}{extra}}} : ({t(shape)}) -> {t(out)}")
            else:
                co = draw(st.integers(1, 6))
                out = (*out[:3], co)
                weight = (co, k[0], k[1], c)
                wv = graph.constant((graph.random(weight) / np.sqrt(k[0] * k[1] * c)).astype(dtype))
                operands, types = [value, wv], [t(shape), t(weight)]
                attrs = geometry
                if kind == "conv_add":
                    operands.append(graph.argument(graph.random(out, dtype=dtype)))
                    types.append(t(out))
                    if draw(st.booleans()):
                        attrs += ", activation = #nn.activation<relu>"
                if draw(st.booleans()):
                    operands.append(graph.constant(graph.random((co,), dtype=dtype)))
                    types.append(t((co,)))
                value = graph.op(f"nn.{kind} {', '.join(operands)} {{{attrs}}} : ({', '.join(types)}) -> {t(out)}")
            shape = out
        elif kind == "relu":
            value = graph.op(f"nn.relu {value} : {t(shape)}")
        elif kind == "add":
            other = graph.argument(graph.random(shape, dtype=dtype))
            value = graph.op(f"nn.add {value}, {other} : ({t(shape)}, {t(shape)}) -> {t(shape)}")
        elif kind == "per_channel":
            scale = graph.argument(graph.random((1, 1, 1, c), dtype=dtype))
            value = graph.op(f"nn.mul {value}, {scale} : ({t(shape)}, {t((1, 1, 1, c))}) -> {t(shape)}")
        else:
            other = np.float16 if dtype == np.float32 else np.float32
            value = graph.op(f"nn.cast {value} : {t(shape)} to {tensor_type(shape, other)}")
            dtype = other
        kinds.append(kind)
    text = graph.text([(value, tensor_type(shape, dtype))])
    local = draw(st.sampled_from([2048, 8192, 65536, 393216]))
    return text, graph.inputs(), kinds, target_file(local, draw(st.booleans())), draw(st.integers(1, shape[1]))


def compare(kinds: list[str], before: dict, after: dict) -> None:
    if set(kinds) <= EXACT:
        for key in before:
            assert before[key].tobytes() == after[key].tobytes(), kinds
    else:
        half = any(v.dtype == np.float16 for v in before.values())
        assert max_relative_error(before, after) <= (2.0**-7 if half else 1e-5), kinds


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_a_whole_chain_at_every_level_equals_the_nn_level(case):
    """The chain forced into one pipeline of a random tile count: its pipe level,
    its pipe IR printed and re-parsed, and its hw level (when it fits the random
    local memory) give the nn level's numbers."""
    text, inputs, kinds, target, tiles = case
    module = parse(text)
    expected = run_module(module, inputs).outputs
    ops = [op for op in func_ops(module) if op.name.startswith("nn.")]
    if not all(r1 > r0 for rows in shapes.split_rows(nn.shape_of(ops[-1].results[0])[1], tiles) for r0, r1 in pipe.chain_rows(ops, rows)):
        return  # a tile whose window lies in a member's padding: no plan makes it (ChainSpec.can_tile)
    h_split.replace_chain(ops, tiles)
    module.verify()
    compare(kinds, expected, run_module(module, inputs).outputs)
    compare(kinds, expected, run_module(parse(print_module(module)), inputs).outputs)
    with targets.selecting(target):
        try:
            apply_pipeline(module, "lower-to-hw")
        except Exception as err:  # noqa: BLE001 - too big for this memory is a clean error
            assert "fit" in str(err), err
            return
    (kernel,) = [op for op in module.walk() if isinstance(op, hw.KernelOp)]
    # One kernel for the whole chain: its only global result is the last member's,
    # so no intermediate can be stored; every member runs on an engine.
    assert kernel.origin.data == "chain" and len(kernel.outs) == 1
    computes = [op for op in kernel.body.block.ops if isinstance(op, hw.ComputeOp)]
    assert len(computes) >= kernel.tile_count * len(kinds)
    compare(kinds, expected, run_module(module, inputs, target=targets.load(target)).outputs)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(chains())
def test_h_split_chains_then_lower_to_hw_equals_the_nn_level(case):
    """What the pass groups (by the cost model of a random target) gives the nn
    level's numbers at the pipe and hw levels."""
    text, inputs, kinds, target, tiles = case
    module = parse(text)
    expected = run_module(module, inputs).outputs
    with targets.selecting(target):
        try:
            apply_pipeline(module, f"h-split{{tiles={tiles} chains=true}}")
            compare(kinds, expected, run_module(module, inputs).outputs)
            apply_pipeline(module, "lower-to-hw")
        except Exception as err:  # noqa: BLE001
            assert "fit" in str(err), err
            return
    assert not any(op.name.startswith("nn.") and hw.HOST_ATTR not in op.attributes for op in func_ops(module))
    compare(kinds, expected, run_module(module, inputs, target=targets.load(target)).outputs)
