"""``--report html``: one self-contained page (``quality.html``): the tables and the plots
as inline SVG, no script and nothing fetched, so it can be mailed, archived and printed."""

from __future__ import annotations

from taxonomist.core.version import __version__
from taxonomist.quality import html
from taxonomist.quality.stats import plots
from taxonomist.quality.stats.drift import Drift
from taxonomist.quality.stats.model import DatasetStats
from taxonomist.quality.stats.tables import all_tables, drift, test_line
from taxonomist.quality.tables import table_html


def figures(stats: DatasetStats) -> list[html.Section]:
    """The dataset's plots, one section."""
    if not stats.objects and not stats.images:
        return []
    parts = [
        html.plot(plots.classes(stats)),
        html.plot(plots.per_image(stats)),
        html.plot(plots.binned(stats.size, title="Object size", xlabel="√area (pixels)")),
        html.plot(plots.binned(stats.aspect, title="Box aspect", xlabel="width / height")),
    ]
    return [html.Section("Plots", "".join(parts))]


def sections(stats: DatasetStats) -> list[html.Section]:
    """Every table and plot of one dataset's report."""
    tables = [html.Section(t.title, table_html(t)) for t in all_tables(stats)]
    return tables[:1] + figures(stats) + tables[1:]


def render_html(
    stats: DatasetStats,
    result: Drift | None = None,
    against: DatasetStats | None = None,
    names: tuple[str, str] = ("dataset", "against"),
) -> str:
    """The whole HTML report (the comparison first, with ``--against``)."""
    files = ", ".join(stats.files) or "no file read"
    meta = f"taxonomy {stats.taxonomy} · {files} · taxonomist {__version__}"
    parts: list[html.Section] = []
    if result is not None and against is not None:
        shares = html.plot(plots.shares(result, names))
        compared = table_html(drift(result, names))
        parts.append(
            html.Section("Compared", html.paragraph(test_line(result)) + shares + compared)
        )
        parts += [html.Section(f"{names[0]}: {s.title}", s.body) for s in sections(stats)]
        parts += [html.Section(f"{names[1]}: {s.title}", s.body) for s in sections(against)]
    else:
        parts = sections(stats)
    return html.page("Dataset statistics", meta, parts)
