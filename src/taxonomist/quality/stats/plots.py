"""The plots of the statistics, drawn from counts (never from raw values: those are not
kept) with ``quality.plots``' figures, so they are the same inline SVG everywhere."""

from __future__ import annotations

from typing import Any

from taxonomist.quality.plots import PALETTE, figure, svg
from taxonomist.quality.stats.drift import Drift
from taxonomist.quality.stats.model import AREA_BINS, DatasetStats, Histogram

SHOWN_CLASSES = 30  # bars in a class chart; the page's table lists every class


def _whole_numbers(axes: Any, axis: str = "y") -> None:
    """Counts are whole: no 0.5 ticks on a count axis (matplotlib loads only to draw)."""
    from matplotlib.ticker import MaxNLocator

    getattr(axes, f"{axis}axis").set_major_locator(MaxNLocator(integer=True))


def _ratio(value: float, _position: object) -> str:
    """A power-of-two tick as people read it: 64, 1/4."""
    if value >= 1:
        return f"{value:g}"
    return f"1/{1 / value:g}"


def binned(histogram: Histogram, *, title: str, xlabel: str, height: float = 3.2) -> str:
    """Counts over log-spaced bins, as bars on a log x axis."""
    from matplotlib.ticker import FuncFormatter

    edges, counts = list(histogram.edges), list(histogram.counts)
    first, last = _occupied(counts)
    with figure(height=height) as (fig, axes):
        lefts, rights = edges[first:last], edges[first + 1 : last + 1]
        widths = [r - left for left, r in zip(lefts, rights, strict=True)]
        axes.bar(lefts, counts[first:last], width=widths, align="edge", color=PALETTE[0])
        axes.set_xscale("log", base=2)
        axes.xaxis.set_major_formatter(FuncFormatter(_ratio))
        _whole_numbers(axes)
        axes.set_xlabel(xlabel)
        axes.set_ylabel("objects")
        axes.set_title(title, loc="left")
        return svg(fig, title)


def _occupied(counts: list[int]) -> tuple[int, int]:
    """The bins from the first to the last that hold anything and one either side, so a
    lone bar has a scale (all bins, when none holds anything)."""
    full = [i for i, n in enumerate(counts) if n]
    if not full:
        return (0, len(counts))
    return (max(0, full[0] - 1), min(len(counts), full[-1] + 2))


def per_image(stats: DatasetStats) -> str:
    """How many images hold 0, 1, 2... objects."""
    title = "Objects per image"
    with figure() as (fig, axes):
        counts = dict(stats.objects_per_image)
        xs = list(range(max(counts, default=0) + 1))
        axes.bar(xs, [counts.get(x, 0) for x in xs], color=PALETTE[0])
        _whole_numbers(axes)
        axes.set_xlabel("objects in the image")
        axes.set_ylabel("images")
        axes.set_title(title, loc="left")
        return svg(fig, title)


def classes(stats: DatasetStats) -> str:
    """Objects per class, split into COCO's area bins, most objects first."""
    used = stats.used()[:SHOWN_CLASSES]
    title = "Objects per class, by area" + (
        " (most frequent)" if len(stats.used()) > SHOWN_CLASSES else ""
    )
    with figure(height=max(3.2, 0.28 * len(used) + 1.0)) as (fig, axes):
        rows = list(range(len(used)))
        left = [0] * len(used)
        for i, bin_name in enumerate(AREA_BINS):
            values = [c.area_bins[i] for c in used]
            axes.barh(rows, values, left=left, color=PALETTE[i], label=bin_name)
            left = [a + b for a, b in zip(left, values, strict=True)]
        axes.set_yticks(rows, [c.name for c in used])
        axes.invert_yaxis()
        axes.set_xlabel("objects")
        _whole_numbers(axes, "x")
        fig.legend(loc="outside lower center", ncols=3, frameon=False)
        axes.set_title(title, loc="left")
        return svg(fig, title)


def shares(drift: Drift, names: tuple[str, str]) -> str:
    """Each class's share of the objects in the two datasets, side by side."""
    rows = drift.classes[:SHOWN_CLASSES]
    title = "Share of objects per class"
    with figure(height=max(3.2, 0.36 * len(rows) + 1.0)) as (fig, axes):
        ys = list(range(len(rows)))
        axes.barh([y - 0.2 for y in ys], [r.share for r in rows], height=0.4, label=names[0])
        axes.barh(
            [y + 0.2 for y in ys], [r.against_share for r in rows], height=0.4, label=names[1]
        )
        axes.set_yticks(ys, [r.name for r in rows])
        axes.invert_yaxis()
        axes.set_xlabel("share of objects")
        fig.legend(loc="outside lower center", ncols=2, frameon=False)
        axes.set_title(title, loc="left")
        return svg(fig, title)
