"""mixed-precision converts compute ops to f16/bf16, and `mixed-precision,cast-hoist`
is the one-line path from an f32 model to an f16 one whose data movement moves f16.

What is checked: the f16 model stays close to the f32 one; cast-hoist after it changes
no bit of any output while halving the bytes the data-movement ops move (on a
ShuffleNet channel shuffle and on the light ShuffleNet from the ONNX zoo); bad
options are one-line errors.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from xdsl.dialects.builtin import ModuleOp

from nnpipe.dialects import nn
from nnpipe.dialects.nn import NN
from nnpipe.dialects.traits import DataMovement
from nnpipe.interpreter.runner import entry_function, random_inputs, run_module
from nnpipe.passes import statistics
from nnpipe.passes.cast_hoist import CastHoistPass
from nnpipe.passes.mixed_precision import MixedPrecisionPass
from nnpipe.tools.diagnostics import parse_module, verify_module
from nnpipe.tools.run import make_context

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DATA_MOVEMENT = {op.name for op in NN.operations if op.has_trait(DataMovement)}

SHUFFLE = """func.func @main(%x: tensor<1x8x8x16xf32> {nn.name = "x"}) -> (tensor<1x8x8x16xf32> {nn.name = "y"}) {
  %w1 = arith.constant dense_resource<w1> : tensor<16x1x1x16xf32>
  %w2 = arith.constant dense_resource<w2> : tensor<16x1x1x16xf32>
  %c = nn.conv2d %x, %w1 : (tensor<1x8x8x16xf32>, tensor<16x1x1x16xf32>) -> tensor<1x8x8x16xf32>
  %r = nn.reshape %c : (tensor<1x8x8x16xf32>) -> tensor<1x8x8x4x4xf32>
  %t = nn.transpose %r {permutation = array<i64: 0, 1, 2, 4, 3>} : (tensor<1x8x8x4x4xf32>) -> tensor<1x8x8x4x4xf32>
  %s = nn.reshape %t : (tensor<1x8x8x4x4xf32>) -> tensor<1x8x8x16xf32>
  %a = nn.relu %s : tensor<1x8x8x16xf32>
  %y = nn.conv2d %a, %w2 : (tensor<1x8x8x16xf32>, tensor<16x1x1x16xf32>) -> tensor<1x8x8x16xf32>
  func.return %y : tensor<1x8x8x16xf32>
}
"""


def shuffle_text(seed: int = 0) -> str:
    """SHUFFLE with random weights stored as blobs."""
    rng = np.random.default_rng(seed)
    blobs = []
    for name in ("w1", "w2"):
        data = (rng.standard_normal((16, 1, 1, 16)) / 4).astype("<f4")
        blobs.append(f'      {name}: "0x04000000{data.tobytes().hex()}"')
    return SHUFFLE + "{-#\n  dialect_resources: {\n    builtin: {\n" + ",\n".join(blobs) + "\n    }\n  }\n#-}\n"


def shuffle_module(seed: int = 0) -> ModuleOp:
    return parse_module(make_context(), shuffle_text(seed), "<shuffle>")[0]


def apply(module: ModuleOp, *passes) -> ModuleOp:
    for p in passes:
        p.apply(make_context(), module)
        verify_module(module, None, f"<after {p.name}>")
    return module


def data_movement_bytes(result) -> int:
    return sum(n for name, n in result.accounting.bytes_moved.items() if name in DATA_MOVEMENT)


def raw(outputs: dict[str, np.ndarray]) -> dict[str, tuple[str, bytes]]:
    return {k: (str(v.dtype), v.tobytes()) for k, v in outputs.items()}


def count(module: ModuleOp, op_type: type) -> int:
    return sum(isinstance(op, op_type) for op in module.walk())


def test_channel_shuffle_to_f16_halves_data_movement_bit_identically() -> None:
    f32 = shuffle_module()
    x = random_inputs(entry_function(f32), 0)
    reference = run_module(f32, x).outputs["y"]

    module = apply(shuffle_module(), MixedPrecisionPass(type="f16"))
    unhoisted = run_module(module, x)
    assert count(module, nn.CastOp) == 4  # x in, c out, a in, y out
    np.testing.assert_allclose(unhoisted.outputs["y"], reference, rtol=2e-2, atol=2e-2)

    apply(module, CastHoistPass())
    hoisted = run_module(module, x)
    assert raw(hoisted.outputs) == raw(unhoisted.outputs)
    # No f32 data movement left, and the conv -> f32 -> ... -> f16 pair is gone.
    assert all(str(nn.element_of(op.results[0])) == "f16" for op in module.walk() if op.name in DATA_MOVEMENT | {"nn.relu"})
    assert count(module, nn.CastOp) == 2
    assert data_movement_bytes(hoisted) * 2 == data_movement_bytes(unhoisted)


@pytest.mark.parametrize("low", ["f16", "bf16"])
def test_residual_example_in_low_precision(low: str) -> None:
    """examples/residual.mlir: batch_norm and add stay f32, the convs run in `low`;
    cast-hoist moves the input cast above relu and changes no output bit."""
    text = (ROOT / "examples" / "residual.mlir").read_text()
    f32 = parse_module(make_context(), text, "residual.mlir")[0]
    x = random_inputs(entry_function(f32), 1)
    reference = run_module(f32, x).outputs["y"]
    module = apply(parse_module(make_context(), text, "residual.mlir")[0], MixedPrecisionPass(type=low))
    assert sorted(str(nn.element_of(op.result)) for op in module.walk() if isinstance(op, nn.Conv2DOp)) == [low, low]
    assert all(str(nn.element_of(op.result)) == "f32" for op in module.walk() if isinstance(op, (nn.BatchNormOp, nn.AddOp)))
    unhoisted = run_module(module, x).outputs
    tolerance = 3e-2 if low == "f16" else 1.5e-1
    np.testing.assert_allclose(unhoisted["y"], reference, rtol=tolerance, atol=tolerance)
    apply(module, CastHoistPass())
    assert raw(run_module(module, x).outputs) == raw(unhoisted)
    relu = next(op for op in module.walk() if isinstance(op, nn.ReluOp))
    assert str(nn.element_of(relu.result)) == low


def test_statistics_of_mixed_precision() -> None:
    with statistics.collect() as collected:
        apply(shuffle_module(), MixedPrecisionPass(type="bf16"), CastHoistPass())
    mp, ch = collected.get("mixed-precision"), collected.get("cast-hoist")
    assert mp is not None and ch is not None
    assert (mp["ops-converted"], mp["casts-inserted"], mp["constants-converted"]) == (2, 4, 2)
    assert (ch["casts-moved"], ch["casts-cancelled"]) == (4, 1)


def test_invalid_type_is_rejected_when_the_pass_is_built() -> None:
    with pytest.raises(ValueError, match="option type=f8 is not supported, expected type=f16 or type=bf16"):
        MixedPrecisionPass(type="f8")


def run_tool(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], capture_output=True, text=True)


@pytest.mark.parametrize(
    ("pipeline", "message"),
    [
        ("mixed-precision{type=f8}", "mixed-precision: option type=f8 is not supported, expected type=f16 or type=bf16"),
        ("mixed-precision{precision=f16}", "pass 'mixed-precision' has no option 'precision'; its options: type"),
    ],
)
def test_bad_options_are_one_line_errors(tmp_path: Path, pipeline: str, message: str) -> None:
    out = tmp_path / "out.mlir"
    proc = run_tool("nnpipe-opt", str(ROOT / "examples" / "residual.mlir"), "-p", pipeline, "-o", str(out))
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnpipe-opt: error: invalid pass pipeline") and message in lines[0]
    assert not out.exists()


def test_report_json_shows_the_bytes_saved(tmp_path: Path) -> None:
    """The command-line path: nnpipe-opt with --pass-statistics, then nnpipe-run's
    --report-json bytes_moved per op, before and after cast-hoist."""
    src = tmp_path / "shuffle.mlir"
    src.write_text(shuffle_text())
    moved = {}
    for label, pipeline in (("before", "mixed-precision{type=f16}"), ("after", "mixed-precision{type=f16},cast-hoist")):
        opt = tmp_path / f"{label}.mlir"
        report = tmp_path / f"{label}.json"
        proc = run_tool("nnpipe-opt", str(src), "-p", pipeline, "-o", str(opt), "--pass-statistics")
        assert proc.returncode == 0, proc.stderr
        assert ("casts-moved" in proc.stderr) == (label == "after")
        proc = run_tool("nnpipe-run", str(opt), "--report-json", str(report))
        assert proc.returncode == 0, proc.stderr
        moved[label] = json.loads(report.read_text())["bytes_moved"]
    for op in ("nn.transpose", "nn.reshape", "nn.relu"):
        assert moved["after"][op] * 2 == moved["before"][op], op


def test_light_shufflenet_f16_hoist() -> None:
    """The light ShuffleNet (ONNX zoo, random weights), imported in f32, taken to f16
    by mixed-precision, then cast-hoist: outputs bit-identical to the un-hoisted f16
    model, data-movement bytes about halved (the concat after each stride-2 unit also
    feeds an f32 residual add, so it keeps f32), no cast added. Figures:
    bench/cast_hoist_shufflenet.py."""
    zoo = pytest.importorskip("zoo")
    from nnpipe.frontend.onnx import import_model

    module = import_model(zoo.randomized_light_model("shufflenet", 0))
    apply(module, MixedPrecisionPass(type="f16"))
    x = random_inputs(entry_function(module), 0)
    unhoisted = run_module(module, x)
    casts = count(module, nn.CastOp)
    apply(module, CastHoistPass())
    hoisted = run_module(module, x)
    assert raw(hoisted.outputs) == raw(unhoisted.outputs)
    assert data_movement_bytes(hoisted) <= 0.55 * data_movement_bytes(unhoisted)
    assert count(module, nn.CastOp) <= casts
