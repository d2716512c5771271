"""h-split: differential tests (interpret the nn level and the pipe level on the same
inputs) over random conv_add geometries, groups, batch, element types and tile counts,
plus the pipeline structure the pass must build and the bytes the interpreter counts.

The pipe level computes the same operations in the same order as nn.conv_add, but
each tile's conv is its own BLAS matmul with fewer rows, and OpenBLAS's sgemm rounds
a row's dot product differently depending on the matrix's row count. So f32 results
agree within f32 rounding (TOLERANCE_F32, relative to the output's scale), not always
bit for bit; f16 results, rounded once from f32, within one f16 ulp.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nn_graphs import GraphBuilder, apply_pipeline, conv_specs, differential_run, max_relative_error, tensor_type

from nnpipe.dialects import pipe, shapes
from nnpipe.dialects.traits import Engine, engine_of
from nnpipe.interpreter.runner import run_module
from nnpipe.passes.h_split import rows_read_twice
from nnpipe.tools.diagnostics import parse_module
from nnpipe.tools.run import make_context

TOLERANCE_F32 = 1e-6
TOLERANCE_F16 = 2.0**-10
CASES = 500


@st.composite
def conv_add_modules(draw, max_hw: int = 12):
    """A module with one conv_add of random geometry, element types (f32, f16 in with
    f16 or f32 out), bias, relu and a tile count from 1 to Ho + 2 (clamped above Ho)."""
    spec = draw(conv_specs(max_hw=max_hw))
    dtype, out_dtype = draw(st.sampled_from([(np.float32, np.float32), (np.float16, np.float16), (np.float16, np.float32)]))
    relu = draw(st.booleans())
    graph = GraphBuilder(np.random.default_rng(draw(st.integers(0, 2**32 - 1))))
    x = graph.argument(graph.random(spec.input_shape, dtype=dtype))
    addend = graph.argument(graph.random(spec.output_shape, dtype=out_dtype))
    fan_in = spec.kh * spec.kw * (spec.ci // spec.groups)
    w = graph.constant((graph.random(spec.weight_shape) / np.sqrt(fan_in)).astype(dtype))
    operands, types = [x, w, addend], [
        tensor_type(spec.input_shape, dtype),
        tensor_type(spec.weight_shape, dtype),
        tensor_type(spec.output_shape, out_dtype),
    ]
    if spec.bias:
        bias_dtype = draw(st.sampled_from([dtype, out_dtype]))
        operands.append(graph.constant(graph.random((spec.co,), dtype=bias_dtype)))
        types.append(tensor_type((spec.co,), bias_dtype))
    attributes = spec.attributes()
    if relu:
        attributes = attributes[:-1] + ", activation = #nn.activation<relu>}"
    out_type = tensor_type(spec.output_shape, out_dtype)
    y = graph.op(f"nn.conv_add {', '.join(operands)} {attributes} : ({', '.join(types)}) -> {out_type}")
    height = spec.output_shape[1]
    tiles = draw(st.integers(1, height + 2))
    return graph.text([(y, out_type)]), graph.inputs(), spec, tiles, out_dtype


def check_case(text: str, inputs, spec, tiles: int, out_dtype) -> None:
    before, after, again, module = differential_run(text, inputs, f"h-split{{tiles={tiles}}}")
    pipelines = [op for op in module.walk() if isinstance(op, pipe.PipelineOp)]
    assert len(pipelines) == 1
    expected_tiles = min(tiles, spec.output_shape[1])
    assert pipelines[0].tile_count == expected_tiles
    assert len(pipelines[0].stages()) == expected_tiles + 1
    assert not any(op.name == "nn.conv_add" for op in module.walk())
    tolerance = TOLERANCE_F32 if out_dtype == np.float32 else TOLERANCE_F16
    assert max_relative_error(before, after) <= tolerance
    for key in after:  # printing and re-parsing the pipe IR changes nothing
        assert after[key].tobytes() == again[key].tobytes()


@settings(max_examples=CASES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_add_modules())
def test_pipe_level_equals_nn_level(case):
    check_case(*case)


@pytest.mark.slow
@settings(max_examples=5000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(conv_add_modules(max_hw=24))
def test_pipe_level_equals_nn_level_many(case):
    check_case(*case)


SEED_CONV_ADD = """
func.func @main(%x: tensor<1x8x4x2xf32>, %w: tensor<4x3x3x2xf32>, %z: tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32> {
  %y = nn.conv_add %x, %w, %z {padding = array<i64: 1, 1, 1, 1>} : (tensor<1x8x4x2xf32>, tensor<4x3x3x2xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  func.return %y : tensor<1x8x4x4xf32>
}
"""


def test_stages_alternate_engines_as_in_the_brief():
    """stage 0: conv(t0); stage k: add(t[k-1]) ∥ conv(t[k]); stage N: add(t[N-1])."""
    module, _ = parse_module(make_context(), SEED_CONV_ADD, "<test>")
    apply_pipeline(module, "h-split{tiles=4}")
    (pipeline,) = [op for op in module.walk() if isinstance(op, pipe.PipelineOp)]
    schedule = [
        {engine_of(op): tile.tile_index for op in stage.body.block.ops if (tile := _tile_read(op)) and engine_of(op)}
        for stage in pipeline.stages()
    ]
    assert schedule == [
        {Engine.CONV: 0},
        {Engine.ADD: 0, Engine.CONV: 1},
        {Engine.ADD: 1, Engine.CONV: 2},
        {Engine.ADD: 2, Engine.CONV: 3},
        {Engine.ADD: 3},
    ]


def _tile_read(op) -> pipe.TileOp | None:
    """The pipe.tile an op reads directly (the input tile for a conv, the addend tile
    for an add), if any."""
    return next((v.owner for v in op.operands if isinstance(v.owner, pipe.TileOp)), None)


def test_bytes_moved_count_the_halo_rows_each_tile_reads():
    module, _ = parse_module(make_context(), SEED_CONV_ADD, "<test>")
    apply_pipeline(module, "h-split{tiles=4}")
    rng = np.random.default_rng(0)
    inputs = [rng.standard_normal(s).astype(np.float32) for s in [(1, 8, 4, 2), (4, 3, 3, 2), (1, 8, 4, 4)]]
    accounting = run_module(module, inputs).accounting
    # Input tiles: output rows [0,2) [2,4) [4,6) [6,8) read rows [0,3) [1,5) [3,7) [5,8)
    # and hold 4 rows each with their padding; addend tiles read and hold 2 rows each.
    row_x, row_z = 4 * 2 * 4, 4 * 4 * 4  # bytes of one row of x and of z
    read = (3 + 4 + 4 + 3) * row_x + 8 * row_z
    written = 4 * 4 * row_x + 8 * row_z
    assert accounting.bytes_moved["pipe.tile"] == read + written
    assert accounting.ops["pipe.tile"] == 8
    assert accounting.bytes_moved["pipe.stage"] == 0 and accounting.bytes_moved["pipe.pipeline"] == 0


def test_rows_read_twice_counts_overlap_once_per_extra_read():
    assert rows_read_twice([(0, 3), (1, 5), (3, 7), (5, 8)]) == 6
    assert rows_read_twice([(0, 4), (4, 8)]) == 0
    assert rows_read_twice([(0, 0), (0, 1), (1, 2), (2, 2)]) == 0
    assert rows_read_twice([(0, 5), (0, 5)]) == 5


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 19), st.integers(1, 5), st.integers(1, 3), st.integers(1, 3), st.integers(0, 4), st.integers(0, 4), st.data()
)
def test_tile_windows_hold_exactly_the_rows_the_conv_needs(h, k, s, d, pt, pb, data):
    """Brief §2: every tile has b - a rows (real + pad), reads only rows inside the
    tensor, and only edge tiles are padded."""
    ho = shapes.conv_output_size(h, k, s, pt, pb, d)
    if ho <= 0:
        return
    tiles = data.draw(st.integers(1, ho))
    for o0, o1 in shapes.split_rows(ho, tiles):
        (r0, r1), (top, bottom) = shapes.conv_tile_window((o0, o1), h, k, s, pt, d)
        assert 0 <= r0 <= r1 <= h
        assert (r1 - r0) + top + bottom == (o1 - o0 - 1) * s + d * (k - 1) + 1
        assert top == 0 or r0 == 0
        assert bottom == 0 or r1 == h
