"""Wall time and peak memory against size, log-log, one line per subject: scaling.png.

A subject that did not fit at a size (timeout, killed by the memory limit) ends its line
there with a cross at the limit it hit; jsonschema's extrapolated points are dashed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench import Bench

COUNTS = {"100k": 1e5, "1m": 1e6, "10m": 1e7}


def plot(bench: Bench, sizes: list[str], path: Path) -> Path | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        bench.notes.append("matplotlib not installed: no plot")
        return None
    from tables import LABELS, ORDER, extrapolated_wall

    fig, (wall_ax, mem_ax) = plt.subplots(1, 2, figsize=(12, 6))
    for subject in ORDER:
        if "clean" in subject:
            continue
        xs, walls, mems, failed = [], [], [], []
        for size in sizes:
            series = bench.series.get((subject, size))
            if series and series.samples and series.wall is not None:
                xs.append(COUNTS[size])
                walls.append(series.wall)
                mems.append((series.rss_mb or 0) / 1024)
            elif series and series.failed_wall is not None:  # killed or timed out here
                failed.append((COUNTS[size], series.failure, series.failed_wall))
        if not xs:
            continue
        label = LABELS.get(subject, subject).replace("`", "")
        (line,) = wall_ax.plot(xs, walls, marker="o", label=label)
        mem_ax.plot(xs, mems, marker="o", color=line.get_color(), label=label)
        for x, why, stopped_at in failed:  # the time it was stopped at, the limit it hit
            wall_ax.plot([x], [stopped_at], marker="x", color=line.get_color(), markersize=10)
            if why.startswith("killed"):
                mem_ax.plot([x], [bench.mem_limit_mb / 1024], marker="x",
                            color=line.get_color(), markersize=10)  # fmt: skip
        if subject == "jsonschema":
            guess = [(COUNTS[s], extrapolated_wall(bench, s)) for s in sizes if s != "100k"]
            points = [(x, y) for x, y in guess if y is not None]
            if points:
                px, py = [xs[-1], *(p[0] for p in points)], [walls[-1], *(p[1] for p in points)]
                wall_ax.plot(px, py, linestyle="--", color=line.get_color())
    for ax, title in ((wall_ax, "wall time (s)"), (mem_ax, "peak memory (GiB)")):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("annotations")
        ax.set_title(title)
        ax.grid(True, which="both", alpha=0.3)
    fig.legend(*wall_ax.get_legend_handles_labels(), loc="lower center", ncol=3, fontsize=8)
    fig.suptitle("COCO check: time and memory against size (x: killed or timed out there)")
    fig.tight_layout(rect=(0, 0.14, 1, 1))
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
