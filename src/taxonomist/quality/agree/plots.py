"""The agreement report's plots as inline SVG, drawn like ``quality.plots`` (same figure,
palette and deterministic SVG): F1 per class, the confusion heatmap, the overlap histogram."""

from __future__ import annotations

from taxonomist.quality import plots
from taxonomist.quality.agree.model import PairAgreement


def f1_per_class(pair: PairAgreement) -> str:
    rated = [(c.name, c.f1) for c in pair.classes if c.f1 is not None]
    labels = [name for name, _ in rated]
    values = [float(f1) for _, f1 in rated if f1 is not None]
    return plots.bar_chart(
        labels, values, title=f"F1 per class: {pair.b} against {pair.a}", xlabel="F1"
    )


def confusion_heatmap(pair: PairAgreement) -> str:
    """Matched objects, A's class down, B's class across (one class order for both, so
    agreement is the diagonal), counts written in the cells."""
    rows = cols = sorted({a for a, _, _ in pair.confusion} | {b for _, b, _ in pair.confusion})
    grid = [[0] * len(cols) for _ in rows]
    for a, b, n in pair.confusion:
        grid[rows.index(a)][cols.index(b)] = n
    title = "Matched objects: class in A (rows), in B (columns)"
    size = max(plots.HEIGHT_IN, 0.35 * max(len(rows), len(cols)) + 1.6)
    with plots.figure(width=size + 1.5, height=size) as (fig, axes):
        axes.imshow(grid, cmap="Blues")
        axes.set_xticks(range(len(cols)), cols, rotation=45, ha="right")
        axes.set_yticks(range(len(rows)), rows)
        peak = max((max(r) for r in grid), default=0)
        for i, row in enumerate(grid):
            for j, n in enumerate(row):
                if n:
                    axes.text(
                        j,
                        i,
                        str(n),
                        ha="center",
                        va="center",
                        color="white" if n > peak / 2 else "black",
                    )
        axes.set_title(title, loc="left")
        return plots.svg(fig, title)


def overlap_histogram(pair: PairAgreement, what: str) -> str:
    title = f"{what} of matched objects: {pair.a} vs {pair.b}"
    bins = len(pair.overlap_histogram)
    with plots.figure() as (fig, axes):
        edges = [i / bins for i in range(bins)]
        axes.bar(
            edges, pair.overlap_histogram, width=1 / bins, align="edge", color=plots.PALETTE[0]
        )
        axes.set_xlim(0, 1)
        axes.set_xlabel(what)
        axes.set_ylabel("matches")
        axes.set_title(title, loc="left")
        return plots.svg(fig, title)
