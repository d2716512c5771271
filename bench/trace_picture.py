"""Draw a Chrome/Perfetto trace written by `nnpipe-run --trace` as a picture: one
row per engine, one bar per op, so the overlap of the conv, add and DMA engines
shows at a glance (the README's picture is this script's output for `make demo`).

    .venv/bin/python bench/trace_picture.py out/residual.trace.json -o docs/img/seed-trace.png [--title T]

Needs matplotlib (`pip install -e '.[bench]'`); nothing else in nnpipe does.
"""

from __future__ import annotations

import argparse
import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

COLOURS = {
    "hw.dma_load": "#4c78a8",
    "hw.dma_store": "#9ecae9",
    "hw.conv": "#f58518",
    "hw.add": "#54a24b",
    "hw.relu": "#88d27a",
    "hw.batch_norm": "#b279a2",
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("trace")
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--title", default="")
    args = parser.parse_args()
    with open(args.trace) as handle:
        events = json.load(handle)["traceEvents"]
    tracks = {e["tid"]: e["args"]["name"] for e in events if e.get("name") == "thread_name"}
    slices = [e for e in events if e.get("ph") == "X"]
    order = sorted(tracks)
    fig, ax = plt.subplots(figsize=(10, 2.2 + 0.35 * len(order)))
    for row, tid in enumerate(order):
        for e in (s for s in slices if s["tid"] == tid):
            colour = COLOURS.get(e["name"], "#bab0ac")
            ax.barh(row, e["dur"], left=e["ts"], height=0.6, color=colour, edgecolor="white", linewidth=0.5)
    ax.set_yticks(range(len(order)), [tracks[t] for t in order])
    ax.invert_yaxis()
    ax.set_xlabel("time (µs at the target's clock)")
    used = [name for name in COLOURS if any(e["name"] == name for e in slices)]
    handles = [plt.Rectangle((0, 0), 1, 1, color=COLOURS[name]) for name in used]
    if any(e["name"] not in COLOURS for e in slices):
        handles.append(plt.Rectangle((0, 0), 1, 1, color="#bab0ac"))
        used.append("other")
    ax.legend(handles, used, ncol=len(used), loc="upper center", bbox_to_anchor=(0.5, -0.35), frameon=False)
    if args.title:
        ax.set_title(args.title)
    fig.tight_layout()
    fig.savefig(args.output, dpi=120)


if __name__ == "__main__":
    main()
