"""The exercise of docs/writing-a-pass.md, run from the page itself, so the tutorial
stays true: its pass module imports and works, its registration fragment returns the
pass, its lit test passes through nnpipe-opt and FileCheck, and its differential test
passes. Code blocks are found by the `<!-- file: PATH -->` line above them."""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

import nnpipe.passes
from nnpipe.tools import opt

ROOT = Path(__file__).resolve().parents[2]
TUTORIAL = ROOT / "docs" / "writing-a-pass.md"
BLOCK = re.compile(r"<!-- file: (?P<path>[^>]+?) -->\n```[a-z]*\n(?P<code>.*?)```", re.S)


def blocks() -> dict[str, str]:
    return {m.group("path"): m.group("code") for m in BLOCK.finditer(TUTORIAL.read_text())}


@pytest.fixture()
def tutorial_pass(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The tutorial's pass module, importable as `nnpipe.passes.drop_double_relu`, and
    registered through the tutorial's own registration fragment."""
    code = blocks()
    path = tmp_path / "drop_double_relu.py"
    path.write_text(code["passes/drop_double_relu.py"])
    spec = importlib.util.spec_from_file_location("nnpipe.passes.drop_double_relu", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "nnpipe.passes.drop_double_relu", module)
    spec.loader.exec_module(module)

    fragment = code["passes/__init__.py (fragment)"]
    factory_source = textwrap.dedent(fragment[: fragment.index("return {")])
    namespace: dict = {}
    exec(factory_source, namespace)  # noqa: S102 - the tutorial's own code
    name = re.search(r'"([a-z-]+)": (\w+),', fragment)
    assert name is not None
    factory = namespace[name.group(2)]
    original = nnpipe.passes.get_nnpipe_passes
    monkeypatch.setattr(nnpipe.passes, "get_nnpipe_passes", lambda: {**original(), name.group(1): factory})
    assert factory() is module.DropDoubleReluPass
    return module


def test_lit_test_of_the_tutorial_passes(tutorial_pass, tmp_path: Path):
    lit = tmp_path / "drop.mlir"
    lit.write_text(blocks()["test/lit/drop-double-relu/drop.mlir"])
    runs = [line.split("RUN:", 1)[1].strip() for line in lit.read_text().splitlines() if "RUN:" in line]
    assert len(runs) == 2
    for run in runs:
        opt_part, check_part = run.split("| filecheck")
        argv = [arg.replace("%s", str(lit)) for arg in opt_part.split() if arg not in ("nnpipe-opt", "2>&1", ">/dev/null")]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            assert opt.main(argv) in (0, None)
        checked = err.getvalue() if "2>&1" in opt_part else out.getvalue()
        prefix = check_part.replace("%s", "").split()
        filecheck = Path(sys.executable).parent / "filecheck"
        proc = subprocess.run([str(filecheck), str(lit), *prefix], input=checked, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr


def test_differential_test_of_the_tutorial_passes(tutorial_pass, tmp_path: Path):
    path = tmp_path / "test_drop_double_relu.py"
    path.write_text(blocks()["test/unit/test_drop_double_relu.py"])
    spec = importlib.util.spec_from_file_location("tutorial_test_drop_double_relu", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    tests = [getattr(module, name) for name in dir(module) if name.startswith("test_")]
    assert tests
    for test in tests:
        test()


def test_every_file_the_tutorial_names_exists():
    """Part II points at real files; Part I's files are the ones the reader creates."""
    text = TUTORIAL.read_text()
    created = set(blocks()) | {"passes/my_pass.py", "test/unit/test_my_pass.py"}
    named = set(re.findall(r"`((?:passes|dialects|interpreter|tools|test|bench|docs)/[\w/.-]+\.(?:py|md|mlir))`", text))
    missing = sorted(p for p in named - created if not (ROOT / p).exists())
    assert not missing, missing
