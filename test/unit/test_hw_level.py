"""The hw level: cycle model against hand-computed schedules, lower-to-hw against the
nn level on random ops and random local-memory sizes (differential), the plan's
cycles against the timed interpreter's, the trace, and targets.

The seed example (brief §2) on the default target, ethos-u65-256: input tile 4 rows
x 16 x 8 f32 = 2048 B, weights 16x8 f32 = 512 B, addend and result tiles 4 x 16 x 16
f32 = 4096 B; conv 8192 MACs per tile, add 1024 elements per tile.
"""

from __future__ import annotations

import json
import math
import tempfile
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from nn_graphs import GraphBuilder, apply_pipeline, conv_specs, differential_run, max_relative_error, parse, tensor_type

from nnpipe.dialects import hw
from nnpipe.interpreter import targets
from nnpipe.interpreter.runner import run_module
from nnpipe.passes import kernel_plan

U65 = targets.load("ethos-u65-256")

SEED = """
func.func @seed(%x: tensor<1x16x16x8xf32>, %w: tensor<16x1x1x8xf32>, %left: tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32> {
  %y = nn.conv_add %x, %w, %left : (tensor<1x16x16x8xf32>, tensor<16x1x1x8xf32>, tensor<1x16x16x16xf32>) -> tensor<1x16x16x16xf32>
  func.return %y : tensor<1x16x16x16xf32>
}
"""


def seed_inputs() -> list[np.ndarray]:
    rng = np.random.default_rng(0)
    return [rng.standard_normal(s).astype(np.float32) for s in ((1, 16, 16, 8), (16, 1, 1, 8), (1, 16, 16, 16))]


# Costs of one seed tile on ethos-u65-256 (fixed 32 cycles per compute op,
# latency 500 / 250 and 12 B/cycle per DMA, 32 cycles per barrier).
LOAD_X = 500 + math.ceil(2048 / 12)  # 671
LOAD_W = 500 + math.ceil(512 / 12)  # 543
LOAD_Z = 500 + math.ceil(4096 / 12)  # 842
STORE = 250 + math.ceil(4096 / 12)  # 592
CONV = 32 + 8192 // 256  # 64
ADD = 32 + math.ceil(1024 * 0.75)  # 800
BARRIER = 32


def test_cost_of_one_tile_on_the_default_target():
    assert (LOAD_X, LOAD_W, LOAD_Z, STORE, CONV, ADD) == (671, 543, 842, 592, 64, 800)
    assert U65.load_cycles(2048) == LOAD_X and U65.store_cycles(4096) == STORE
    assert U65.conv_cycles(8192, "f32") == CONV and U65.add_cycles(1024, "f32") == ADD


def hw_seed_stages() -> list[list[int]]:
    """The hw schedule of the seed at N = 4, by hand: stage s loads tile s (and the
    weights in stage 0) and the addend of tile s-1, convs tile s-1, adds tile s-2,
    stores tile s-3. Per stage: [DMA, conv, add] busy cycles."""
    return [
        [LOAD_X + LOAD_W, 0, 0],
        [LOAD_Z + LOAD_X, CONV, 0],
        [LOAD_Z + LOAD_X, CONV, ADD],
        [LOAD_Z + LOAD_X + STORE, CONV, ADD],
        [LOAD_Z + STORE, CONV, ADD],
        [STORE, 0, ADD],
        [STORE, 0, 0],
    ]


def pipe_seed_stages() -> list[list[int]]:
    """The pipe schedule of the seed at N = 4 (brief §2: conv, then add ∥ conv x3,
    then add), with its DMA: the weights and each input tile load in the stage of
    their conv, each addend tile in the stage of its add, which also stores the tile."""
    return [
        [LOAD_W + LOAD_X, CONV, 0],
        [LOAD_Z + STORE + LOAD_X, CONV, ADD],
        [LOAD_Z + STORE + LOAD_X, CONV, ADD],
        [LOAD_Z + STORE + LOAD_X, CONV, ADD],
        [LOAD_Z + STORE, 0, ADD],
    ]


def figures(stages: list[list[int]]) -> tuple[int, int, int]:
    total = sum(max(s) + BARRIER for s in stages)
    serial = sum(sum(s) + BARRIER for s in stages)
    lower = max(sum(s[e] for s in stages) for e in range(3))
    return total, serial, lower


def only_pipeline(report: dict) -> tuple[int, int, int]:
    (entry,) = report["pipelines"]
    return entry["total_cycles"], entry["serial_cycles"], entry["lower_bound_cycles"]


def test_seed_at_the_hw_level_matches_the_hand_computed_schedule():
    module = parse(SEED)
    apply_pipeline(module, "h-split{tiles=4},lower-to-hw")
    report = run_module(module, seed_inputs()).timeline.report()
    assert figures(hw_seed_stages()) == (9395, 12643, 8963)
    assert only_pipeline(report) == figures(hw_seed_stages())
    assert (report["total_cycles"], report["serial_cycles"], report["lower_bound_cycles"]) == figures(hw_seed_stages())
    assert report["dma_bytes"] == 4 * 2048 + 512 + 4 * 4096 + 4 * 4096
    assert report["macs"] == 4 * 8192
    assert report["engines"]["dma"]["busy_cycles"] == 8963


def test_seed_at_the_pipe_level_matches_the_hand_computed_schedule():
    module = parse(SEED)
    apply_pipeline(module, "h-split{tiles=4}")
    report = run_module(module, seed_inputs()).timeline.report()
    assert figures(pipe_seed_stages()) == (9123, 12579, 8963)
    assert only_pipeline(report) == figures(pipe_seed_stages())


def test_the_nn_level_is_serial():
    """One op alone: load each operand, compute, store its result, no overlap."""
    report = run_module(parse(SEED), seed_inputs()).timeline.report()
    whole_conv_add = 16 * 16 * 16 * 8
    expected = (
        U65.load_cycles(4 * 16 * 16 * 8)
        + U65.load_cycles(4 * 16 * 8)
        + U65.load_cycles(4 * 16 * 16 * 16)
        + U65.conv_cycles(whole_conv_add, "f32")
        + U65.add_cycles(16 * 16 * 16, "f32")  # the fused add, on the add engine
        + U65.store_cycles(4 * 16 * 16 * 16)
    )
    assert report["total_cycles"] == report["serial_cycles"] == expected
    assert report["pipelines"] == []


def test_the_plan_predicts_the_interpreters_cycles():
    """h-split{tiles=auto} ranks tile counts with kernel_plan's cycles; they must be
    what the timed interpreter then measures, for every N."""
    module = parse(SEED)
    (op,) = [o for o in module.walk() if o.name == "nn.conv_add"]
    spec = kernel_plan.spec_of(op)
    for tiles in (1, 2, 3, 5, 16):
        plan = kernel_plan.plan(spec, tiles, U65)
        lowered = parse(SEED)
        apply_pipeline(lowered, f"h-split{{tiles={tiles}}},lower-to-hw")
        measured = only_pipeline(run_module(lowered, seed_inputs()).timeline.report())
        predicted = plan.cycles(U65)
        assert (predicted.total, predicted.serial, predicted.lower_bound) == measured, tiles


def test_auto_picks_the_fastest_fitting_tile_count():
    module = parse(SEED)
    (op,) = [o for o in module.walk() if o.name == "nn.conv_add"]
    spec = kernel_plan.spec_of(op)
    exhaustive = dict(kernel_plan.exhaustive_tiles(spec, U65))
    tiles, plan = kernel_plan.best_tiles(spec, U65)
    assert plan.cycles(U65).total == min(exhaustive.values())
    apply_pipeline(module, "h-split{tiles=auto}")
    (pipeline,) = [o for o in module.walk() if o.name == "pipe.pipeline"]
    assert pipeline.tile_count == tiles


def test_trace_has_one_track_per_engine_and_a_slice_per_op():
    module = parse(SEED)
    apply_pipeline(module, "h-split{tiles=4},lower-to-hw")
    result = run_module(module, seed_inputs())
    trace = json.loads(result.timeline.trace())
    names = {e["args"]["name"] for e in trace["traceEvents"] if e.get("name") == "thread_name"}
    assert names == {"conv engine", "add engine", "dma engine"}
    slices = [e for e in trace["traceEvents"] if e["ph"] == "X"]
    assert len(slices) == sum(isinstance(op, hw.EngineOp) for op in module.walk())
    end = max(e["ts"] + e["dur"] for e in slices)
    # The last stage's barrier comes after the last slice.
    assert end * 1e-6 * U65.clock_hz == pytest.approx(9395 - BARRIER)
    # Within a track, slices never overlap: one engine runs one op at a time.
    for tid in {e["tid"] for e in slices}:
        track = sorted((e["ts"], e["ts"] + e["dur"]) for e in slices if e["tid"] == tid)
        assert all(a[1] <= b[0] + 1e-9 for a, b in zip(track, track[1:]))


# --------------------------------------------------------------------------- #
# Differential: lower-to-hw on random ops and local-memory sizes             #
# --------------------------------------------------------------------------- #

_TARGET_DIR = Path(tempfile.mkdtemp(prefix="nnpipe-targets-"))


def target_file(local_bytes: int, cheap: bool = False) -> str:
    """The default target with another local memory size, as a .toml file; `cheap`:
    no DMA latency and no fixed costs, so the cost model prefers many small tiles."""
    name = f"local-{local_bytes}{'-cheap' if cheap else ''}"
    path = _TARGET_DIR / f"{name}.toml"
    if not path.exists():
        text = (targets.BUILTIN_DIR / "ethos-u65-256.toml").read_text()
        text = text.replace("bytes = 393_216", f"bytes = {local_bytes}").replace('"ethos-u65-256"', f'"{name}"', 1)
        if cheap:
            for key in ("read_latency = 500", "write_latency = 250", "fixed_cycles = 32", "barrier_cycles = 32"):
                text = text.replace(key, key.split("=")[0] + "= 0")
        path.write_text(text)
    return str(path)


@st.composite
def engine_modules(draw):
    """One op an engine runs: conv_add (h-split first), conv2d, relu, add, a
    per-channel mul, cast, batch_norm, max_pool or avg_pool, of random geometry and element types, and a
    random local memory (small ones force tiles, channel blocks and streamed weights)."""
    kind = draw(
        st.sampled_from(["conv_add", "conv2d", "relu", "add", "per_channel", "cast", "batch_norm", "max_pool", "avg_pool"])
    )
    graph = GraphBuilder(np.random.default_rng(draw(st.integers(0, 2**32 - 1))))
    dtype = draw(st.sampled_from([np.float32, np.float16]))
    t = lambda shape: tensor_type(shape, dtype)  # noqa: E731
    if kind in ("conv_add", "conv2d"):
        spec = draw(conv_specs(max_hw=10))
        x = graph.argument(graph.random(spec.input_shape, dtype=dtype))
        w = graph.constant(graph.random(spec.weight_shape, dtype=dtype))
        operands, types = [x, w], [t(spec.input_shape), t(spec.weight_shape)]
        if kind == "conv_add":
            operands.append(graph.argument(graph.random(spec.output_shape, dtype=dtype)))
            types.append(t(spec.output_shape))
        if spec.bias:
            operands.append(graph.constant(graph.random((spec.co,), dtype=dtype)))
            types.append(t((spec.co,)))
        attributes = spec.attributes()
        if kind == "conv_add" and draw(st.booleans()):
            attributes = attributes[:-1] + ", activation = #nn.activation<relu>}"
        out = t(spec.output_shape)
        y = graph.op(f"nn.{kind} {', '.join(operands)} {attributes} : ({', '.join(types)}) -> {out}")
        shape = spec.output_shape
    else:
        shape = (draw(st.integers(1, 2)), draw(st.integers(1, 9)), draw(st.integers(1, 9)), draw(st.integers(1, 24)))
        x = graph.argument(graph.random(shape, dtype=dtype))
        if kind == "relu":
            y = graph.op(f"nn.relu {x} : {t(shape)}")
            out = t(shape)
        elif kind == "per_channel":  # a per-channel scale, broadcast over N, H and W
            c = (1, 1, 1, shape[3])
            s = graph.argument(graph.random(c, dtype=dtype))
            y = graph.op(f"nn.mul {x}, {s} : ({t(shape)}, {t(c)}) -> {t(shape)}")
            out = t(shape)
        elif kind == "cast":
            other = np.float16 if dtype == np.float32 else np.float32
            out = tensor_type(shape, other)
            y = graph.op(f"nn.cast {x} : {t(shape)} to {out}")
        elif kind == "batch_norm":
            c = (shape[3],)
            scale, bias, mean = (graph.constant(graph.random(c, dtype=dtype)) for _ in range(3))
            var = graph.constant((np.abs(graph.random(c)) + 0.5).astype(dtype))
            y = graph.op(
                f"nn.batch_norm {x}, {scale}, {bias}, {mean}, {var} : ({t(shape)}, {t(c)}, {t(c)}, {t(c)}, {t(c)}) -> {t(shape)}"
            )
            out = t(shape)
        elif kind == "add":
            z = graph.argument(graph.random(shape, dtype=dtype))
            y = graph.op(f"nn.add {x}, {z} : ({t(shape)}, {t(shape)}) -> {t(shape)}")
            out = t(shape)
        else:
            k = (draw(st.integers(1, min(3, shape[1]))), draw(st.integers(1, min(3, shape[2]))))
            s = (draw(st.integers(1, 2)), draw(st.integers(1, 2)))
            p = [draw(st.integers(0, k[0] - 1)), draw(st.integers(0, k[0] - 1)), draw(st.integers(0, k[1] - 1)), draw(st.integers(0, k[1] - 1))]
            ho = (shape[1] + p[0] + p[1] - k[0]) // s[0] + 1
            wo = (shape[2] + p[2] + p[3] - k[1]) // s[1] + 1
            out_shape = (shape[0], ho, wo, shape[3])
            extra = ", count_include_pad = true" if kind == "avg_pool" and draw(st.booleans()) else ""
            attrs = (
                f"{{kernel = array<i64: {k[0]}, {k[1]}>, strides = array<i64: {s[0]}, {s[1]}>, "
                f"padding = array<i64: {', '.join(map(str, p))}>{extra}}}"
            )
            y = graph.op(f"nn.{kind} {x} {attrs} : ({t(shape)}) -> {t(out_shape)}")
            out = t(out_shape)
    local = draw(st.sampled_from([512, 1024, 2048, 4096, 16384, 393216]))
    cheap = draw(st.booleans())
    tiles = draw(st.one_of(st.just("auto"), st.integers(1, shape[1]))) if kind == "conv_add" else "auto"
    return graph.text([(y, out)]), graph.inputs(), kind, target_file(local, cheap), local, tiles


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(engine_modules())
def test_hw_level_equals_nn_level(case):
    text, inputs, kind, target, local, tiles = case
    pipeline = f"h-split{{tiles={tiles}}},lower-to-hw" if kind == "conv_add" else "lower-to-hw"
    with targets.selecting(target):
        try:
            before, after, again, module = differential_run(text, inputs, pipeline)
        except Exception as err:  # noqa: BLE001 - a layer too big for this memory is a clean error
            assert "do not fit" in str(err) or "does not fit" in str(err), err
            return
    kernels = [op for op in module.walk() if isinstance(op, hw.KernelOp)]
    assert len(kernels) == 1 and not any(op.name.startswith("nn.") for op in kernels[0].walk())
    assert max(a.end for a in kernels[0].walk() if isinstance(a, hw.AllocOp)) <= local
    exact = kind in ("relu", "max_pool", "cast", "batch_norm", "per_channel")  # elementwise: no blocking changes a sum
    if exact:  # no arithmetic rounding: tiles and blocks change nothing
        for key in before:
            assert before[key].tobytes() == after[key].tobytes()
    else:
        bound = 1e-6 if before[next(iter(before))].dtype == np.float32 else 2.0**-10
        assert max_relative_error(before, after) <= bound
    for key in after:  # printing and re-parsing the hw IR changes nothing
        assert after[key].tobytes() == again[key].tobytes()


# --------------------------------------------------------------------------- #
# Targets                                                                     #
# --------------------------------------------------------------------------- #


def test_builtin_targets_carry_vela_numbers():
    u55 = targets.load("ethos-u55-128")
    assert (U65.clock_hz, U65.conv_macs_per_cycle, U65.add_cycles_per_element, U65.local_bytes) == (1e9, 256, 0.75, 393216)
    assert (U65.dma_bytes_per_cycle, U65.dma_read_latency, U65.dma_write_latency) == (12, 500, 250)
    assert (u55.clock_hz, u55.conv_macs_per_cycle, u55.add_cycles_per_element, u55.dma_bytes_per_cycle) == (5e8, 128, 1.5, 8)


def test_f16_tiles_move_in_about_half_the_cycles():
    assert U65.load_cycles(4096) - U65.dma_read_latency == 2 * (U65.load_cycles(2048) - U65.dma_read_latency)


def test_per_type_rates_override_the_default():
    text = (targets.BUILTIN_DIR / "ethos-u65-256.toml").read_text()
    text = text.replace("macs_per_cycle = 256", "macs_per_cycle = 256\nmacs_per_cycle_by_type = { f32 = 64 }")
    target = targets.from_toml(text, "t.toml")
    assert target.conv_cycles(6400, "f32") == 32 + 100 and target.conv_cycles(6400, "f16") == 32 + 25


@pytest.mark.parametrize(
    "edit, message",
    [
        (("macs_per_cycle = 256", 'macs_per_cycle = "fast"'), "key 'conv.macs_per_cycle': expected a number > 0, got \"fast\""),
        (("read_latency = 500", "read_latency = -1"), "key 'dma.read_latency': expected an integer >= 0, got -1"),
        (("bytes = 393_216", "bytes = 0"), "key 'local_memory.bytes': expected an integer > 0, got 0"),
        (("fixed_cycles = 32          # assumption: command", "speed = 3\nfixed_cycles = 32 #"), "unknown key 'conv.speed'"),
        (("bytes_per_cycle = 12", ""), "missing key 'dma.bytes_per_cycle' (DMA bandwidth in bytes per cycle)"),
        (("[dma]", "[dma"), "invalid TOML"),
    ],
)
def test_a_bad_target_file_is_one_line_naming_the_key(edit, message):
    text = (targets.BUILTIN_DIR / "ethos-u65-256.toml").read_text().replace(*edit)
    with pytest.raises(targets.TargetError) as err:
        targets.from_toml(text, "t.toml")
    assert message in str(err.value) and "\n" not in str(err.value)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(engine_modules())
def test_hw_level_equals_nn_level_many(case):
    test_hw_level_equals_nn_level.hypothesis.inner_test(case)
