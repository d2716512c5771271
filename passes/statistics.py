"""Pass statistics: counters a pass fills while it runs (MLIR's `Pass::Statistic`).

A pass declares its statistics once, as module-level `Statistic`s, and at the start of
`apply` asks `for_pass(self.name, STATISTICS)` for the counters of this run; its
patterns then call `counters.add(MOVED)`. Nothing is collected unless a driver opened
a `collect()` scope: `nnpipe-opt --pass-statistics` does, and prints `report()` to
stderr after the pipeline, in mlir-opt's format:

    ===-------------------------------------------------------------------------===
                             ... Pass statistics report ...
    ===-------------------------------------------------------------------------===
    'builtin.module' Pipeline
      cast-hoist
        (S) 3 casts-moved     - Narrowing casts moved above a data-movement op
        (S) 1 casts-cancelled - Widen-then-narrow cast pairs removed

Statistics are keyed by pass name: a pass that runs twice in a pipeline (or on each
`--split-input-file` chunk) adds up, and every declared statistic is printed, zeros
included, so a report always has the same lines.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class Statistic:
    """One counter a pass declares: `name` is kebab-case, `description` a phrase."""

    name: str
    description: str


class PassStatistics:
    """The counters of one pass: every declared statistic, zero until added to."""

    def __init__(self, pass_name: str, declared: Sequence[Statistic]):
        self.pass_name = pass_name
        self._statistics: dict[str, Statistic] = {s.name: s for s in declared}
        self._counts: dict[str, int] = {s.name: 0 for s in declared}

    def declare(self, declared: Sequence[Statistic]) -> None:
        for statistic in declared:
            self._statistics.setdefault(statistic.name, statistic)
            self._counts.setdefault(statistic.name, 0)

    def add(self, statistic: Statistic, amount: int = 1) -> None:
        if statistic.name not in self._counts:
            raise KeyError(f"pass '{self.pass_name}' did not declare the statistic '{statistic.name}'")
        self._counts[statistic.name] += amount

    def __getitem__(self, statistic: Statistic | str) -> int:
        return self._counts[statistic if isinstance(statistic, str) else statistic.name]

    def items(self) -> list[tuple[Statistic, int]]:
        return [(self._statistics[name], count) for name, count in self._counts.items()]


class StatisticsCollector:
    """The statistics of every pass that ran inside one `collect()` scope, in the
    order the passes first ran."""

    def __init__(self) -> None:
        self._passes: dict[str, PassStatistics] = {}

    def for_pass(self, pass_name: str, declared: Sequence[Statistic]) -> PassStatistics:
        counters = self._passes.get(pass_name)
        if counters is None:
            counters = self._passes[pass_name] = PassStatistics(pass_name, declared)
        else:
            counters.declare(declared)
        return counters

    def get(self, pass_name: str) -> PassStatistics | None:
        return self._passes.get(pass_name)

    def report(self) -> str:
        """mlir-opt's `-mlir-pass-statistics` text; empty if no pass declared any."""
        if not self._passes:
            return ""
        rule = "===" + "-" * 73 + "==="
        lines = [rule, " " * 25 + "... Pass statistics report ...", rule, "'builtin.module' Pipeline"]
        for counters in self._passes.values():
            lines.append(f"  {counters.pass_name}")
            items = counters.items()
            if not items:
                continue
            value_width = max(len(str(count)) for _, count in items)
            name_width = max(len(statistic.name) for statistic, _ in items)
            for statistic, count in items:
                lines.append(
                    f"    (S) {count:>{value_width}} {statistic.name:<{name_width}} - {statistic.description}"
                )
        return "\n".join(lines) + "\n"


_ACTIVE: ContextVar[StatisticsCollector | None] = ContextVar("nnpipe_pass_statistics", default=None)


@contextmanager
def collect() -> Iterator[StatisticsCollector]:
    """Collect the statistics of every pass applied inside the `with` block."""
    collector = StatisticsCollector()
    token = _ACTIVE.set(collector)
    try:
        yield collector
    finally:
        _ACTIVE.reset(token)


def for_pass(pass_name: str, declared: Sequence[Statistic]) -> PassStatistics:
    """The counters `pass_name` fills during this run: the active collector's, or
    private ones that are dropped when no driver asked for statistics."""
    collector = _ACTIVE.get()
    if collector is None:
        return PassStatistics(pass_name, declared)
    return collector.for_pass(pass_name, declared)
