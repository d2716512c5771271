"""Walk the malformed-input corpus (`malformed_corpus.py`): every tool exits 1 with one
error line, no traceback, no internal error, no output file left behind, and within
TIME_LIMIT seconds (a hang is a failure, not a stuck CI).

Cases run in-process (the tools' `main(argv)`, as their console scripts call it), with
a SIGALRM time limit, so several hundred of them cost seconds; a few run as real
subprocesses to cover the console scripts themselves.
"""

from __future__ import annotations

import contextlib
import io
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from malformed_corpus import Case, corpus

from nnpipe.tools import import_onnx, opt, run

TIME_LIMIT = 20
MAINS = {"nnpipe-opt": opt.main, "nnpipe-run": run.main, "nnpipe-import": import_onnx.main}
CASES = corpus()


class TimeLimit(Exception):
    pass


def _alarm(signum, frame):
    raise TimeLimit()


def prepare(case: Case, directory: Path) -> list[str]:
    for name, data in case.files.items():
        (directory / name).write_bytes(data)
    return [arg.replace("{dir}", str(directory)) for arg in case.args]


def run_in_process(case: Case, directory: Path) -> tuple[int, str]:
    argv = prepare(case, directory)
    stdout, stderr = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
            try:
                code = MAINS[case.tool](argv)
            except SystemExit as exit:
                code = exit.code if isinstance(exit.code, int) else 1
    except TimeLimit:
        pytest.fail(f"{case.name}: {case.tool} did not finish within {TIME_LIMIT} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return code, stderr.getvalue()


def check(case: Case, directory: Path, code: int, stderr: str) -> None:
    assert code == 1, f"{case.name}: exit {code}, stderr: {stderr!r}"
    assert "Traceback" not in stderr and "internal error" not in stderr, f"{case.name}: {stderr}"
    errors = [line for line in stderr.splitlines() if ": error: " in line or line.startswith(f"{case.tool}: error")]
    others = [line for line in stderr.splitlines() if line not in errors and ": note: " not in line]
    assert len(errors) == 1 and not others, f"{case.name}: expected one error line, got {stderr!r}"
    for output in case.outputs:
        assert not (directory / output).exists(), f"{case.name}: left {output} behind"
    assert not list(directory.glob(".nnpipe-*")), f"{case.name}: left a temporary file behind"


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 200
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_bad_input_is_one_error_line(case: Case, tmp_path: Path):
    code, stderr = run_in_process(case, tmp_path)
    check(case, tmp_path, code, stderr)


END_TO_END = ["cut-residual-0", "blob-cut-inside-2MB", "pipeline-1", "inputs-empty-archive", "onnx-no-outputs", "byte-residual-1"]


@pytest.mark.parametrize("name", END_TO_END)
def test_console_scripts(name: str, tmp_path: Path):
    cases = [case for case in CASES if case.name.startswith(name)]
    if not cases:
        pytest.skip(f"no case {name} (the onnx extra is missing)")
    case = cases[0]
    argv = prepare(case, tmp_path)
    proc = subprocess.run(
        [str(Path(sys.executable).parent / case.tool), *argv], capture_output=True, text=True, timeout=TIME_LIMIT * 3
    )
    check(case, tmp_path, proc.returncode, proc.stderr)
