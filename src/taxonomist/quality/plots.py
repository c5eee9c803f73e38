"""Plots as inline SVG text, drawn with matplotlib: no script, no external file, the same
bytes for the same data (fixed hash salt, no date), so reports and pages stay self-contained,
printable and snapshot-testable on every site engine."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)  # RDF boilerplate
WIDTH_IN = 6.4
HEIGHT_IN = 3.2
# One palette for every report: Okabe-Ito, legible under the common colour-vision deficiencies
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")


@contextmanager
def figure(width: float = WIDTH_IN, height: float = HEIGHT_IN) -> Iterator[tuple[Figure, Axes]]:
    """A figure and its one axes, drawn off-screen (no display, no pyplot state)."""
    from matplotlib.figure import Figure

    fig = Figure(figsize=(width, height), layout="constrained")
    axes = fig.add_subplot()
    axes.set_prop_cycle(color=PALETTE)
    axes.spines[["top", "right"]].set_visible(False)
    yield fig, axes


def svg(fig: Figure, title: str) -> str:
    """``fig`` as an ``<svg>`` element for inlining in HTML or Markdown, titled for screen
    readers; identical bytes for identical figures."""
    import matplotlib as mpl

    buffer = io.StringIO()
    with mpl.rc_context({"svg.hashsalt": "taxonomist", "svg.fonttype": "none"}):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = _METADATA.sub("", buffer.getvalue())
    element = text[text.index("<svg") :]
    opening_end = element.index(">")
    safe_title = _escape(title)
    return (
        element[:opening_end]
        + f' role="img" aria-label="{safe_title}"'
        + element[opening_end : opening_end + 1]
        + f"<title>{safe_title}</title>"
        + element[opening_end + 1 :]
    ).strip()


def bar_chart(labels: list[str], values: list[float], *, title: str, xlabel: str = "") -> str:
    """A horizontal bar chart, largest first as given, as SVG."""
    height = max(HEIGHT_IN, 0.28 * len(labels) + 0.8)
    with figure(height=height) as (fig, axes):
        positions = list(range(len(labels)))
        axes.barh(positions, values, color=PALETTE[0])
        axes.set_yticks(positions, labels)
        axes.invert_yaxis()
        axes.set_xlabel(xlabel)
        axes.set_title(title, loc="left")
        return svg(fig, title)


def histogram(values: Any, *, title: str, xlabel: str, bins: Any = 30, log: bool = False) -> str:
    """A histogram of ``values`` (a numpy array or list), as SVG."""
    with figure() as (fig, axes):
        axes.hist(values, bins=bins, color=PALETTE[0], log=log)
        axes.set_xlabel(xlabel)
        axes.set_ylabel("count")
        axes.set_title(title, loc="left")
        return svg(fig, title)


def _escape(text: str) -> str:
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
    )
