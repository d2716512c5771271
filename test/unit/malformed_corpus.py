"""A generated corpus of bad inputs for the nnpipe tools (hardening issue).

Every case is a command line of one tool and the files it reads, made deterministically
from the project's own inputs:

- truncations and byte edits of the lit inputs and the seed example (code only: lit
  CHECK comments are dropped first, so every cut leaves a bracket unclosed);
- every verifier rule broken: the `--verify-diagnostics` files of `test/lit/*/verify`,
  run without that flag;
- resource sections broken every way (cut inside a blob, odd length, not hex, short,
  missing, a key twice, no header);
- bad command lines (pipelines, options, flags) and bad `.npz`/`.npy` inputs;
- bad ONNX models (with the onnx package).

`test_malformed_inputs.py` runs each one and demands: exit 1, exactly one error line
on stderr, no traceback or internal error, no output file left, within a time limit.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "residual.mlir"
LIT = ROOT / "test" / "lit"

SOURCES = [
    EXAMPLE,
    LIT / "nn" / "roundtrip" / "conv_add.mlir",
    LIT / "nn" / "roundtrip" / "pad.mlir",
    LIT / "nn" / "roundtrip" / "scatter.mlir",
    LIT / "pipe" / "roundtrip.mlir",
    LIT / "h-split" / "kernel-3x3-relu.mlir",
    LIT / "fuse-conv-add" / "relu.mlir",
    LIT / "cast-hoist" / "chains.mlir",
]
CUTS_PER_SOURCE = 10
EDITS_PER_SOURCE = 6


@dataclass
class Case:
    """`tool args...` with `files` written into the case's directory first; `{dir}`
    in an argument is that directory. `outputs` are files the tool must not leave."""

    name: str
    tool: str
    args: list[str]
    files: dict[str, bytes] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)


def code_only(text: str) -> str:
    """The source without its comment lines (lit RUN/CHECK lines)."""
    return "".join(line for line in text.splitlines(keepends=True) if not line.lstrip().startswith("//"))


def opt_case(name: str, text: bytes, *extra: str) -> Case:
    """`nnpipe-opt in.mlir -o out.mlir EXTRA...` (a later flag overrides an earlier one)."""
    return Case(name, "nnpipe-opt", ["{dir}/in.mlir", "-o", "{dir}/out.mlir", *extra], {"in.mlir": text}, ["out.mlir"])


def open_brackets(code: str) -> list[int]:
    """The offsets at which some `{`, `(` or `[` is open (outside strings): a file cut
    there is surely malformed (a cut between functions can leave a valid declaration)."""
    depth, in_string, offsets = 0, False, []
    for i, ch in enumerate(code):
        if in_string:
            in_string = ch != '"'
        elif ch == '"':
            in_string = True
        elif ch in "{([":
            depth += 1
        elif ch in "})]":
            depth -= 1
        if depth > 0:
            offsets.append(i + 1)
    return offsets


def truncations() -> Iterator[Case]:
    rng = random.Random(1)
    for source in SOURCES:
        code = code_only(source.read_text())
        for i, cut in enumerate(sorted(rng.sample(open_brackets(code), CUTS_PER_SOURCE))):
            yield opt_case(f"cut-{source.stem}-{i}@{cut}", code[:cut].encode())


def edits() -> Iterator[Case]:
    """Delete one closing bracket, or put a byte that is not UTF-8 somewhere."""
    rng = random.Random(2)
    for source in SOURCES:
        code = code_only(source.read_text())
        closers = [m.start() for m in re.finditer(r"[)}\]>]", code)]
        for i in range(EDITS_PER_SOURCE):
            if i % 2 == 0:
                at = rng.choice(closers)
                yield opt_case(f"drop-{source.stem}-{i}@{at}", (code[:at] + code[at + 1 :]).encode())
            else:
                data = code.encode()
                at = rng.randrange(len(data))
                yield opt_case(f"byte-{source.stem}-{i}@{at}", data[:at] + b"\xff" + data[at + 1 :])


def verifier_rules() -> Iterator[Case]:
    for path in sorted(LIT.glob("*/verify/*.mlir")):
        yield opt_case(f"verify-{path.parent.parent.name}-{path.stem}", code_only(path.read_text()).encode())


def resource_sections() -> Iterator[Case]:
    text = EXAMPLE.read_text()
    blob = re.search(r'conv1_bias: "(0x[0-9a-f]*)"', text)
    assert blob is not None
    value = blob.group(1)

    def with_blob(new: str) -> bytes:
        return text.replace(value, new, 1).encode()

    yield opt_case("blob-odd-length", with_blob(value[:-1]))
    yield opt_case("blob-not-hex", with_blob(value[:12] + "zz" + value[14:]))
    yield opt_case("blob-short", with_blob(value[:-8]))
    yield opt_case("blob-no-header", with_blob("0x0400"))
    yield opt_case("blob-no-0x", with_blob(value[2:]))
    yield opt_case("blob-bad-alignment", with_blob("0x03" + value[4:]))
    yield opt_case("blob-missing", re.sub(r'\s*conv1_bias: "0x[0-9a-f]*",', "", text).encode())
    yield opt_case("blob-key-twice", text.replace("      conv1_bias:", '      conv2_weight: "0x04000000",\n      conv1_bias:', 1).encode())
    yield opt_case("blob-cut-inside", text[: text.index(value) + len(value) // 2].encode())
    # A large file cut inside its blob: the parse must stay linear (this took xDSL
    # 0.74's lexer more than ten minutes at 9 KB).
    big = '0x04000000' + "3f800000" * 250_000
    yield opt_case("blob-cut-inside-2MB", (text.replace(value, big, 1)[: text.index(value) + len(big) // 2]).encode())
    for tool_args in (["--inputs", "{dir}/none.npz"],):
        yield Case(
            "run-blob-missing",
            "nnpipe-run",
            ["{dir}/in.mlir", *tool_args, "--outputs", "{dir}/o.npz"],
            {"in.mlir": re.sub(r'\s*conv1_bias: "0x[0-9a-f]*",', "", text).encode()},
            ["o.npz"],
        )


BAD_PIPELINES = [
    "nosuch",
    "canonicalize,",
    ",canonicalize",
    "canonicalize,,cse",
    "cast-hoist{allow-duplicate=maybe}",
    "cast-hoist{nosuch=1}",
    "fuse-conv-add{fold-relu=true fold-relu=false}",
    "h-split{tiles=0}",
    "h-split{tiles=-3}",
    "h-split{tiles=many}",
    "h-split{tiles=1.5}",
    "h-split{tiles=2",
    "h-split{chains=maybe}",
    'h-split{chains=true target="/absent.toml"}',
    "mixed-precision{type=f8}",
    'lower-to-hw{target="nosuch"}',
    'h-split{tiles=auto target="/absent.toml"}',
    "lower-to-hw{target=1}",
    "cast-hoist fuse-conv-add",
]
BAD_OPT_FLAGS = [
    ["-t", "llvm"],
    ["-t", "riscv-asm"],
    ["--no-such-flag"],
    ["-o", ""],
    ["-f", "onnx"],
    ["--target", "nosuch"],
    ["--target", "/absent.toml"],
    ["--target", "{dir}/bad.toml", "-p", "lower-to-hw"],
]


BAD_TARGET = b'name = "bad"\nclock_hz = "fast"\n'
"""A target file whose clock is not a number."""


def bad_command_lines() -> Iterator[Case]:
    example = EXAMPLE.read_bytes()
    for i, pipeline in enumerate(BAD_PIPELINES):
        yield opt_case(f"pipeline-{i}", example, "-p", pipeline)
    for i, flags in enumerate(BAD_OPT_FLAGS):
        case = opt_case(f"opt-flags-{i}", example, *flags)
        case.files["bad.toml"] = BAD_TARGET
        yield case
    yield Case("opt-missing-file", "nnpipe-opt", ["{dir}/absent.mlir", "-o", "{dir}/out.mlir"], {}, ["out.mlir"])
    for i, flags in enumerate(
        [
            ["--seed", "-1"],
            ["--seed", "x"],
            ["--tolerance", "-1"],
            ["--tolerance", "nan"],
            ["--entry", "nope"],
            ["--bogus"],
            ["--target", "nosuch"],
            ["--target", "{dir}/bad.toml"],
            ["--trace", "{dir}"],
        ]
    ):
        yield run_case(f"run-flags-{i}", {"bad.toml": BAD_TARGET}, *flags)


def run_case(name: str, files: dict[str, bytes], *args: str) -> Case:
    """`nnpipe-run in.mlir --outputs o.npz --report-json r.json ARGS...`."""
    return Case(
        name,
        "nnpipe-run",
        ["{dir}/in.mlir", "--outputs", "{dir}/o.npz", "--report-json", "{dir}/r.json", *args],
        {"in.mlir": EXAMPLE.read_bytes(), **files},
        ["o.npz", "r.json"],
    )


def npz(**arrays) -> bytes:
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    return buffer.getvalue()


def npy(array) -> bytes:
    import io

    import numpy as np

    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def bad_arrays() -> Iterator[Case]:
    import numpy as np

    x = np.zeros((1, 16, 16, 8), np.float32)
    good = npz(x=x)
    cases = {
        "empty-file": b"",
        "not-an-archive": b"hello, world\n" * 10,
        "empty-archive": npz(),
        "truncated-archive": good[: len(good) // 2],
        "unknown-key": npz(x=x, z=x),
        "wrong-shape": npz(x=np.zeros((1, 8, 8, 8), np.float32)),
        "wrong-dtype": npz(x=x.astype(np.float64)),
        "npy-wrong-shape": npy(np.zeros((3,), np.float32)),
        "pickled-object": npz(x=np.array([object()], dtype=object)),
    }
    for name, data in cases.items():
        suffix = ".npy" if name.startswith("npy") else ".npz"
        yield run_case(f"inputs-{name}", {f"in{suffix}": data}, "--inputs", f"{{dir}}/in{suffix}")
    yield run_case("compare-wrong-key", {"ref.npz": npz(z=x)}, "--compare", "{dir}/ref.npz")
    yield run_case("compare-empty", {"ref.npz": b""}, "--compare", "{dir}/ref.npz")
    yield run_case("compare-mismatch", {"ref.npz": npz(y=np.full((1, 16, 16, 16), 7, np.float32))}, "--compare", "{dir}/ref.npz")
    yield run_case("report-unwritable", {}, "--report-json", "{dir}/no/such/dir/r.json")


def bad_onnx_models() -> Iterator[Case]:
    try:
        import onnx
        from onnx import TensorProto, helper
    except ImportError:  # the onnx extra is not installed
        return
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 4, 4])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 2, 4, 4])

    def model(nodes, inputs, outputs, opset: int = 17) -> bytes:
        graph = helper.make_graph(nodes, "g", inputs, outputs)
        return helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)]).SerializeToString()

    good = model([helper.make_node("Relu", ["x"], ["y"], name="n0")], [x], [y])
    cases = {
        "random-bytes": bytes(random.Random(3).randrange(256) for _ in range(200)),
        "empty": b"",
        "truncated": good[: len(good) // 2],
        "no-outputs": model([helper.make_node("Relu", ["x"], ["y"], name="n0")], [x], []),
        "unsupported-op": model([helper.make_node("LRN", ["x"], ["y"], name="n0", size=3)], [x], [y]),
        "undefined-input": model([helper.make_node("Relu", ["nope"], ["y"], name="n0")], [x], [y]),
        "opset-too-new": model([helper.make_node("Relu", ["x"], ["y"], name="n0")], [x], [y], opset=99),
    }
    for name, data in cases.items():
        yield Case(f"onnx-{name}", "nnpipe-import", ["{dir}/m.onnx", "-o", "{dir}/m.mlir"], {"m.onnx": data}, ["m.mlir"])
    del onnx


def corpus() -> list[Case]:
    return [
        *truncations(),
        *edits(),
        *verifier_rules(),
        *resource_sections(),
        *bad_command_lines(),
        *bad_arrays(),
        *bad_onnx_models(),
    ]
