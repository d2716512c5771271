"""Real networks: every light model-zoo graph of the onnx wheel, with random weights
(`zoo.randomized_light_model`), imported, interpreted and compared with onnxruntime on
the same inputs. The error is max |nnpipe - onnxruntime| / max |onnxruntime| over all
outputs and must stay within 1e-4 (f32 through up to 121 convs).

ResNet-50 goes through the command line, as a user would run it: `nnpipe-import` to a
`.mlir` file, then `nnpipe-run --inputs --outputs`. VGG-19 (550 MB of weights) is
imported and run in a child Python process: weight blobs live in a process-wide table
(the builtin dialect's resource storage) for the life of the process, and 1.7 GB of
them should not stay in the pytest process for every test after this one. The models
that use an op outside the import list (LRN) must be rejected in one line naming the
node and the op.

`python test/unit/test_onnx_models.py` prints each model's error and times.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import onnx
import pytest
from zoo import LIGHT_DIR, light_model_path, onnxruntime_outputs, random_feeds, randomized_light_model

from nnpipe.frontend.onnx import OnnxImportError, import_model
from nnpipe.interpreter.runner import entry_function, input_names, run_module

BIN = Path(sys.executable).parent
TOLERANCE = 1e-4

IMPORTED = ["densenet121", "inception_v2", "resnet50", "shufflenet", "squeezenet", "vgg19"]
"""Light models whose every op nnpipe imports (ResNet-50 is run through the CLI)."""

ISOLATED = {"vgg19"}
"""Models too large to leave their weights in the pytest process (see the docstring)."""

REJECTED = {
    "bvlc_alexnet": "node 'n2' (LRN): op type LRN is not supported; supported: Add, AveragePool",
    "inception_v1": "(LRN): op type LRN is not supported; supported: Add, AveragePool",
    "zfnet512": "(LRN): op type LRN is not supported; supported: Add, AveragePool",
}
"""Light models with an op outside the import list, and the start of the error."""


def relative_error(reference: dict[str, np.ndarray], actual: dict[str, np.ndarray]) -> float:
    """max |a - r| / max |r| over all outputs; outputs must match in names, shapes, dtypes."""
    assert reference.keys() == actual.keys()
    worst = 0.0
    for name, ref in reference.items():
        got = actual[name]
        assert got.shape == ref.shape and got.dtype == ref.dtype, name
        difference = np.max(np.abs(got.astype(np.float64) - ref.astype(np.float64)))
        worst = max(worst, float(difference) / float(np.max(np.abs(ref))))
    return worst


def run_in_process(model: onnx.ModelProto, feeds: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    module = import_model(model)
    return run_module(module, [feeds[name] for name in input_names(entry_function(module))]).outputs


def run_saved(model_path: str, inputs_path: str, outputs_path: str) -> None:
    """`run_in_process` on files, the body of the child process of `run_isolated`."""
    with np.load(inputs_path) as inputs:
        feeds = {name: inputs[name] for name in inputs.files}
    np.savez(outputs_path, **run_in_process(onnx.load(model_path), feeds))


def run_isolated(model: onnx.ModelProto, feeds: dict[str, np.ndarray], workdir: Path) -> dict[str, np.ndarray]:
    """`run_in_process` in a child Python process, so its weights die with it."""
    paths = [workdir / "model.onnx", workdir / "inputs.npz", workdir / "outputs.npz"]
    onnx.save(model, paths[0])
    np.savez(paths[1], **feeds)
    child = "import sys; from test_onnx_models import run_saved; run_saved(*sys.argv[1:])"
    proc = subprocess.run(
        [sys.executable, "-c", child, *map(str, paths)], cwd=Path(__file__).parent, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stderr
    with np.load(paths[2]) as outputs:
        return {name: outputs[name] for name in outputs.files}


def run_through_cli(model: onnx.ModelProto, feeds: dict[str, np.ndarray], workdir: Path) -> dict[str, np.ndarray]:
    """`nnpipe-import model.onnx -o model.mlir`, then `nnpipe-run model.mlir`."""
    onnx.save(model, workdir / "model.onnx")
    np.savez(workdir / "inputs.npz", **feeds)
    commands = [
        ["nnpipe-import", str(workdir / "model.onnx"), "-o", str(workdir / "model.mlir")],
        ["nnpipe-run", str(workdir / "model.mlir"), "--inputs", str(workdir / "inputs.npz"), "--outputs", str(workdir / "outputs.npz")],
    ]
    for tool, *args in commands:
        proc = subprocess.run([str(BIN / tool), *args], capture_output=True, text=True)
        assert proc.returncode == 0, f"{tool}: {proc.stderr}"
    with np.load(workdir / "outputs.npz") as outputs:
        return {name: outputs[name] for name in outputs.files}


@pytest.mark.parametrize("name", [n for n in IMPORTED if n != "resnet50"])
def test_light_model_matches_onnxruntime(name: str, tmp_path: Path) -> None:
    model = randomized_light_model(name, seed=0)
    feeds = random_feeds(model, seed=0)
    expected = onnxruntime_outputs(model, feeds)
    got = run_isolated(model, feeds, tmp_path) if name in ISOLATED else run_in_process(model, feeds)
    assert relative_error(expected, got) <= TOLERANCE


def test_resnet50_through_the_command_line_matches_onnxruntime(tmp_path: Path) -> None:
    model = randomized_light_model("resnet50", seed=0)
    feeds = random_feeds(model, seed=0)
    got = run_through_cli(model, feeds, tmp_path)
    assert list(got) == ["gpu_0/softmax_1"]  # keyed by the ONNX output name
    assert relative_error(onnxruntime_outputs(model, feeds), got) <= TOLERANCE


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_light_model_with_unsupported_op_is_rejected_in_one_line(name: str) -> None:
    with pytest.raises(OnnxImportError) as caught:
        import_model(onnx.load(str(light_model_path(name))))
    message = str(caught.value)
    assert REJECTED[name] in message and message.startswith("node '") and "\n" not in message


def test_every_light_model_of_the_wheel_is_covered() -> None:
    shipped = {p.stem.removeprefix("light_") for p in LIGHT_DIR.glob("light_*.onnx")}
    assert shipped == set(IMPORTED) | set(REJECTED)


if __name__ == "__main__":
    for model_name in IMPORTED:
        start = time.perf_counter()
        light = randomized_light_model(model_name, seed=0)
        inputs = random_feeds(light, seed=0)
        ready = time.perf_counter()
        ours = run_in_process(light, inputs)
        ran = time.perf_counter()
        error = relative_error(onnxruntime_outputs(light, inputs), ours)
        print(f"{model_name:13s} error {error:.2e}  import+run {ran - ready:5.2f} s  (randomizing {ready - start:.1f} s)")
