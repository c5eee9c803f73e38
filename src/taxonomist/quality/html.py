"""One self-contained HTML report file: inline style, inline SVG plots, no script, no link
to anything outside. Every text that comes from data passes through ``escape``; ``Section``
bodies are HTML built here from escaped parts and plot SVG."""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

STYLE = """
:root { color-scheme: light dark; --fg: #1b1b1f; --bg: #fff; --muted: #5c5f66; --rule: #d0d3d9; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6e6ea; --bg: #16171b; --muted: #a7abb3; --rule: #3a3d44; }
  svg { background: #fff; border-radius: 4px; }
}
body { font: 15px/1.5 system-ui, sans-serif; color: var(--fg); background: var(--bg);
  max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; } h2 { margin-top: 2.2rem; }
.meta, caption, .note { color: var(--muted); }
table { border-collapse: collapse; margin: .8rem 0; font-variant-numeric: tabular-nums; }
caption { text-align: left; padding-bottom: .3rem; }
th, td { border-bottom: 1px solid var(--rule); padding: .25rem .7rem; text-align: left; }
td.num, th.num { text-align: right; }
figure { margin: 1rem 0; } svg { max-width: 100%; height: auto; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
  table, figure { break-inside: avoid; } }
"""


@dataclass(frozen=True, slots=True)
class Section:
    title: str
    body: str  # HTML, built from escaped parts


def escape(text: object) -> str:
    return html.escape(str(text), quote=True)


def table(
    header: Sequence[str],
    rows: Iterable[Sequence[object]],
    *,
    caption: str | None = None,
    numeric: Sequence[bool] | None = None,
) -> str:
    """An HTML table; ``numeric`` right-aligns the columns that hold numbers."""
    right = list(numeric) if numeric is not None else [False] * len(header)

    def cell(tag: str, value: object, i: int) -> str:
        cls = ' class="num"' if i < len(right) and right[i] else ""
        return f"<{tag}{cls}>{escape(value)}</{tag}>"

    head = "".join(cell("th", h, i) for i, h in enumerate(header))
    body = "".join(
        "<tr>" + "".join(cell("td", v, i) for i, v in enumerate(row)) + "</tr>" for row in rows
    )
    cap = f"<caption>{escape(caption)}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def plot(svg_text: str, caption: str | None = None) -> str:
    """A figure holding one plot's SVG (from ``quality.plots``)."""
    cap = f"<figcaption>{escape(caption)}</figcaption>" if caption else ""
    return f"<figure>{svg_text}{cap}</figure>"


def paragraph(text: str, cls: str | None = None) -> str:
    attr = f' class="{escape(cls)}"' if cls else ""
    return f"<p{attr}>{escape(text)}</p>"


def page(title: str, meta: str, sections: Iterable[Section]) -> str:
    """The whole report: ``meta`` is one line under the title (taxonomy, files, version)."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{STYLE}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f'<p class="meta">{escape(meta)}</p>',
    ]
    for section in sections:
        parts.append(f"<section><h2>{escape(section.title)}</h2>{section.body}</section>")
    parts.append("</body></html>\n")
    return "\n".join(parts)
