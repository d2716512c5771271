"""Targets: the numbers of the cost model (design brief §3), read from TOML with
`tomllib`. Two are built in (`interpreter/target_files/*.toml`; where each number
comes from is in docs/targets.md): `ethos-u65-256` (the default) and `ethos-u55-128`.

    name = "my-npu"
    clock_hz = 1_000_000_000
    barrier_cycles = 32
    [local_memory]
    bytes = 393_216
    alignment = 16
    [conv]
    macs_per_cycle = 256
    fixed_cycles = 32
    macs_per_cycle_by_type = { f32 = 64 }     # optional, per element type
    [add]
    cycles_per_element = 0.75
    fixed_cycles = 32
    cycles_per_element_by_type = { f32 = 1.5 }  # optional
    [dma]
    bytes_per_cycle = 12
    read_latency = 500
    write_latency = 250

Cost of an op = fixed + work / throughput: a conv-engine op `fixed + MACs /
macs_per_cycle`, an add-engine op `fixed + elements * cycles_per_element`, a DMA
`latency + bytes / bytes_per_cycle` (so an f16 tile moves in about half the cycles of
an f32 one). Compute rates default to one figure for every element type (the Ethos-U
estimator knows only integers; docs/targets.md says why nnpipe assumes that) and may be
overridden per type.

A bad file is one line naming the key and what was expected:
`t.toml: error: key 'conv.macs_per_cycle': expected a number > 0, got "fast"`.
"""

from __future__ import annotations

import contextlib
import math
import re
import tomllib
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUILTIN_DIR = Path(__file__).parent / "target_files"
DEFAULT = "ethos-u65-256"
ELEMENT_TYPES = ("f16", "bf16", "f32", "f64")


class TargetError(ValueError):
    """A target that cannot be used; the message is one user-facing line.
    `position` is `line:col` in the file, for TOML syntax errors."""

    def __init__(self, message: str, position: str | None = None):
        super().__init__(message)
        self.position = position


@dataclass(frozen=True)
class Target:
    name: str
    description: str
    source: str
    clock_hz: float
    barrier_cycles: int
    local_bytes: int
    alignment: int
    conv_macs_per_cycle: float
    conv_fixed_cycles: int
    add_cycles_per_element: float
    add_fixed_cycles: int
    dma_bytes_per_cycle: float
    dma_read_latency: int
    dma_write_latency: int
    conv_macs_by_type: dict[str, float] = field(default_factory=dict)
    add_cycles_by_type: dict[str, float] = field(default_factory=dict)

    def conv_cycles(self, macs: int, element: str) -> int:
        """A conv-engine op doing `macs` multiply-accumulates on `element` inputs."""
        rate = self.conv_macs_by_type.get(element, self.conv_macs_per_cycle)
        return self.conv_fixed_cycles + math.ceil(macs / rate)

    def add_cycles(self, elements: int, element: str) -> int:
        """An add-engine op producing (or, for pools, reading) `elements` elements of
        `element` type."""
        rate = self.add_cycles_by_type.get(element, self.add_cycles_per_element)
        return self.add_fixed_cycles + math.ceil(elements * rate)

    def load_cycles(self, nbytes: int) -> int:
        """A DMA from global to local memory."""
        return self.dma_read_latency + math.ceil(nbytes / self.dma_bytes_per_cycle)

    def store_cycles(self, nbytes: int) -> int:
        """A DMA from local to global memory."""
        return self.dma_write_latency + math.ceil(nbytes / self.dma_bytes_per_cycle)

    def aligned(self, nbytes: int) -> int:
        return -(-nbytes // self.alignment) * self.alignment


# (dotted key, kind, required, help) — the schema, in file order.
_SCHEMA: tuple[tuple[str, str, bool, str], ...] = (
    ("name", "str", True, "the target's name"),
    ("description", "str", False, "one line describing the target"),
    ("clock_hz", "positive", True, "the clock in Hz"),
    ("barrier_cycles", "count", True, "cycles a barrier adds to every stage"),
    ("local_memory.bytes", "positive_int", True, "local memory capacity in bytes"),
    ("local_memory.alignment", "positive_int", True, "alignment of local buffers in bytes"),
    ("conv.macs_per_cycle", "positive", True, "conv engine multiply-accumulates per cycle"),
    ("conv.fixed_cycles", "count", True, "fixed cycles of every conv-engine op"),
    ("conv.macs_per_cycle_by_type", "per_type", False, "per element type overrides of conv.macs_per_cycle"),
    ("add.cycles_per_element", "positive", True, "add engine cycles per element"),
    ("add.fixed_cycles", "count", True, "fixed cycles of every add-engine op"),
    ("add.cycles_per_element_by_type", "per_type", False, "per element type overrides of add.cycles_per_element"),
    ("dma.bytes_per_cycle", "positive", True, "DMA bandwidth in bytes per cycle"),
    ("dma.read_latency", "count", True, "cycles before the first byte of a load (global to local)"),
    ("dma.write_latency", "count", True, "cycles before the first byte of a store (local to global)"),
)
_TABLES = {key.split(".")[0] for key, *_ in _SCHEMA if "." in key}


def _describe(value: Any) -> str:
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "an array"
    return str(value)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check(key: str, kind: str, value: Any) -> Any:
    expected = {
        "str": "a string",
        "positive": "a number > 0",
        "positive_int": "an integer > 0",
        "count": "an integer >= 0",
        "per_type": f"a table of numbers > 0 keyed by element type ({', '.join(ELEMENT_TYPES)})",
    }[kind]
    ok = {
        "str": lambda v: isinstance(v, str) and v != "",
        "positive": lambda v: _number(v) and v > 0,
        "positive_int": lambda v: isinstance(v, int) and not isinstance(v, bool) and v > 0,
        "count": lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0,
        "per_type": lambda v: isinstance(v, dict),
    }[kind]
    if not ok(value):
        raise TargetError(f"key '{key}': expected {expected}, got {_describe(value)}")
    if kind == "per_type":
        for element, rate in value.items():
            if element not in ELEMENT_TYPES:
                raise TargetError(f"key '{key}.{element}': unknown element type; expected one of {', '.join(ELEMENT_TYPES)}")
            if not (_number(rate) and rate > 0):
                raise TargetError(f"key '{key}.{element}': expected a number > 0, got {_describe(rate)}")
        return {k: float(v) for k, v in value.items()}
    return value


def from_toml(text: str, source: str) -> Target:
    """The target a TOML document describes (TargetError, one line, if it is not one)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        message = str(err)
        found = re.search(r"\(at line (\d+), column (\d+)\)", message)
        position = f"{found.group(1)}:{found.group(2)}" if found else None
        raise TargetError(f"invalid TOML: {message[: found.start()].strip() if found else message}", position) from None
    known = [key for key, *_ in _SCHEMA]
    for top, value in data.items():
        if top in _TABLES:
            if not isinstance(value, dict):
                raise TargetError(f"key '{top}': expected a table, got {_describe(value)}")
            for sub in value:
                if f"{top}.{sub}" not in known:
                    raise TargetError(f"unknown key '{top}.{sub}'; [{top}] takes {', '.join(k.split('.')[1] for k in known if k.startswith(top + '.'))}")
        elif top not in known:
            raise TargetError(f"unknown key '{top}'; a target has {', '.join(k for k in known if '.' not in k)} and tables {', '.join(sorted(_TABLES))}")
    values: dict[str, Any] = {}
    for key, kind, required, help_text in _SCHEMA:
        node: Any = data
        for part in key.split("."):
            node = node.get(part) if isinstance(node, dict) else None
        if node is None:
            if required:
                raise TargetError(f"missing key '{key}' ({help_text})")
            continue
        values[key] = _check(key, kind, node)
    return Target(
        name=values["name"],
        description=values.get("description", ""),
        source=source,
        clock_hz=float(values["clock_hz"]),
        barrier_cycles=values["barrier_cycles"],
        local_bytes=values["local_memory.bytes"],
        alignment=values["local_memory.alignment"],
        conv_macs_per_cycle=float(values["conv.macs_per_cycle"]),
        conv_fixed_cycles=values["conv.fixed_cycles"],
        add_cycles_per_element=float(values["add.cycles_per_element"]),
        add_fixed_cycles=values["add.fixed_cycles"],
        dma_bytes_per_cycle=float(values["dma.bytes_per_cycle"]),
        dma_read_latency=values["dma.read_latency"],
        dma_write_latency=values["dma.write_latency"],
        conv_macs_by_type=values.get("conv.macs_per_cycle_by_type", {}),
        add_cycles_by_type=values.get("add.cycles_per_element_by_type", {}),
    )


def builtin_names() -> list[str]:
    return sorted(p.stem for p in BUILTIN_DIR.glob("*.toml"))


_CACHE: dict[str, Target] = {}


def load(spec: str) -> Target:
    """A built-in target by name, or a `.toml` file by path. Errors are TargetError
    with the whole one-line message (`FILE: error: ...`)."""
    if spec in _CACHE:
        return _CACHE[spec]
    builtin = BUILTIN_DIR / f"{spec}.toml"
    if "/" not in spec and not spec.endswith(".toml"):
        if not builtin.is_file():
            raise TargetError(f"unknown target '{spec}'; built in: {', '.join(builtin_names())} (or give a .toml file)")
        path = builtin
    else:
        path = Path(spec)
    try:
        text = path.read_bytes().decode("utf-8")
    except OSError as err:
        raise TargetError(f"{spec}: error: cannot read target file: {err.strerror}") from None
    except UnicodeDecodeError:
        raise TargetError(f"{spec}: error: the target file is not UTF-8") from None
    shown = builtin.name if path is builtin else spec
    try:
        target = from_toml(text, shown)
    except TargetError as err:
        where = f"{shown}:{err.position}" if err.position else shown
        raise TargetError(f"{where}: error: {err}") from None
    _CACHE[spec] = target
    return target


_SELECTED: ContextVar[str] = ContextVar("nnpipe_target", default=DEFAULT)


def selected() -> Target:
    """The target of the running tool (`--target`, else the default)."""
    return load(_SELECTED.get())


@contextlib.contextmanager
def selecting(spec: str) -> Iterator[Target]:
    """Make `spec` the target of passes and the interpreter within the block."""
    target = load(spec)
    token = _SELECTED.set(spec)
    try:
        yield target
    finally:
        _SELECTED.reset(token)


def check_option(pass_name: str, spec: str) -> None:
    """A pass's `target` option names a target that loads (checked when the pipeline
    is parsed, so a bad one is an option error, not a failure halfway through)."""
    if spec:
        try:
            load(spec)
        except TargetError as err:
            raise ValueError(f"option target={spec} of pass '{pass_name}': {err}") from None


def for_pass(spec: str) -> Target:
    """A pass's `target` option: empty means the tool's `--target` (or the default)."""
    return load(spec) if spec else selected()
