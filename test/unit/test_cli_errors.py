"""Bad input gives one located error line and a non-zero exit, never a traceback,
and never a partial output file."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "residual.mlir"
BIN = Path(sys.executable).parent

BAD_CONV = """func.func @f(%a: tensor<1x4x4x3xf32>, %w: tensor<8x3x3x2xf32>) -> tensor<1x2x2x8xf32> {
  %y = nn.conv2d %a, %w : (tensor<1x4x4x3xf32>, tensor<8x3x3x2xf32>) -> tensor<1x2x2x8xf32>
  func.return %y : tensor<1x2x2x8xf32>
}
"""


def run(tool: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], input=stdin, capture_output=True, text=True)


def assert_one_line_error(proc: subprocess.CompletedProcess[str], expected: str) -> None:
    """Exit 1 and one error line on stderr (notes, such as nnpipe-run's list of the
    inputs it made up, aside)."""
    assert proc.returncode == 1, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [line for line in proc.stderr.strip().splitlines() if ": note: " not in line]
    assert len(lines) == 1, proc.stderr
    assert expected in lines[0]


def test_invalid_ir_is_located_and_leaves_no_output(tmp_path: Path) -> None:
    src = tmp_path / "bad.mlir"
    src.write_text(BAD_CONV)
    out = tmp_path / "out.mlir"
    proc = run("nnpipe-opt", str(src), "-o", str(out))
    assert_one_line_error(proc, f"{src}:2:3: error: 'nn.conv2d' op weight %w has 2 input channels per group")
    assert not out.exists()


def test_malformed_text_from_stdin() -> None:
    proc = run("nnpipe-opt", "-", stdin="func.func @f() {\n  %y = \n}\n")
    assert_one_line_error(proc, "<stdin>:")


@pytest.mark.parametrize(
    ("pipeline", "message"),
    [
        ("nosuch", "unknown pass 'nosuch' (`nnpipe-opt --help` lists the passes)"),
        ("canonicalize{foo=1}", "pass 'canonicalize' has no option 'foo'; its options: none"),
        ("fuse-conv-add{fold-relu=maybe}", "option fold-relu=maybe of pass 'fuse-conv-add': expected true or false"),
        ("fuse-conv-add{fold-relu}", "option fold-relu of pass 'fuse-conv-add' has no value: expected true or false"),
        ("cast-hoist{allow-duplicate=true", "column 32: Malformed pass arguments"),
        ("cast-hoist fuse-conv-add", "column 11: Expected a comma or pass arguments here"),
    ],
)
def test_bad_pipeline(pipeline: str, message: str) -> None:
    assert_one_line_error(run("nnpipe-opt", str(EXAMPLE), "-p", pipeline), message)


def test_good_pipeline_options_are_accepted(tmp_path: Path) -> None:
    out = tmp_path / "out.mlir"
    pipeline = "cast-hoist{allow-duplicate=true fold-into-producer=true},fuse-conv-add{fold_relu=false}"
    proc = run("nnpipe-opt", str(EXAMPLE), "-p", pipeline, "-o", str(out))
    assert proc.returncode == 0, proc.stderr
    assert "nn.conv_add" in out.read_text()


@pytest.mark.parametrize("tool", ["nnpipe-opt", "nnpipe-run"])
def test_unwritable_output_is_one_line(tmp_path: Path, tool: str) -> None:
    flag = "-o" if tool == "nnpipe-opt" else "--outputs"
    (tmp_path / "dir.out").mkdir()
    for target, reason in [(tmp_path / "no" / "such" / "out", "No such file or directory"), (tmp_path / "dir.out", "Is a directory")]:
        proc = run(tool, str(EXAMPLE), flag, str(target))
        assert_one_line_error(proc, f"{target}: error: cannot write file: {reason}")
    assert [p.name for p in tmp_path.iterdir()] == ["dir.out"] and not any((tmp_path / "dir.out").iterdir())


def test_missing_file() -> None:
    assert_one_line_error(run("nnpipe-opt", "/no/such/file.mlir"), "cannot read file")
    assert_one_line_error(run("nnpipe-run", "/no/such/file.mlir"), "cannot read file")


def test_run_rejects_wrong_input_dtype(tmp_path: Path) -> None:
    inputs = tmp_path / "in.npz"
    np.savez(inputs, x=np.zeros((1, 16, 16, 8), np.float64))
    out = tmp_path / "out.npz"
    proc = run("nnpipe-run", str(EXAMPLE), "--inputs", str(inputs), "--outputs", str(out))
    assert_one_line_error(proc, "input 'x' has shape [1, 16, 16, 8] and dtype float64, expected shape [1, 16, 16, 8] and dtype float32")
    assert not out.exists()


def test_run_rejects_unknown_input_name(tmp_path: Path) -> None:
    inputs = tmp_path / "in.npz"
    np.savez(inputs, nope=np.zeros((1,), np.float32))
    assert_one_line_error(run("nnpipe-run", str(EXAMPLE), "--inputs", str(inputs)), "unknown input(s) nope")


def test_run_outputs_by_recorded_name(tmp_path: Path) -> None:
    out = tmp_path / "out.npz"
    proc = run("nnpipe-run", str(EXAMPLE), "--outputs", str(out), "--seed", "3")
    assert proc.returncode == 0, proc.stderr
    with np.load(out) as archive:
        assert archive.files == ["y"]
        assert archive["y"].shape == (1, 16, 16, 16)


def test_run_compare_bit_identical_and_mismatch(tmp_path: Path) -> None:
    ref = tmp_path / "ref.npz"
    assert run("nnpipe-run", str(EXAMPLE), "--outputs", str(ref)).returncode == 0
    same = run("nnpipe-run", str(EXAMPLE), "--compare", str(ref), "--tolerance", "0")
    assert same.returncode == 0, same.stderr
    assert "y: bit-identical to the reference" in same.stdout
    other = run("nnpipe-run", str(EXAMPLE), "--seed", "1", "--compare", str(ref))
    assert_one_line_error(other, "results differ from")
    assert "'y' max relative error" in other.stderr


def test_run_compare_rejects_different_result_names(tmp_path: Path) -> None:
    ref = tmp_path / "ref.npz"
    np.savez(ref, z=np.zeros((1, 16, 16, 16), np.float32))
    assert_one_line_error(run("nnpipe-run", str(EXAMPLE), "--compare", str(ref)), "reference has results ['z']")


@pytest.mark.parametrize("umask", [0o022, 0o077])
def test_outputs_honour_the_umask(tmp_path: Path, umask: int) -> None:
    out, outputs, report = tmp_path / "out.mlir", tmp_path / "o.npz", tmp_path / "r.json"
    for args in (["nnpipe-opt", str(EXAMPLE), "-o", str(out)], ["nnpipe-run", str(EXAMPLE), "--outputs", str(outputs), "--report-json", str(report)]):
        proc = subprocess.run(
            ["sh", "-c", f'umask {umask:03o} && exec "$0" "$@"', str(BIN / args[0]), *args[1:]], capture_output=True, text=True
        )
        assert proc.returncode == 0, proc.stderr
    for path in (out, outputs, report):
        assert path.stat().st_mode & 0o777 == 0o666 & ~umask, path
