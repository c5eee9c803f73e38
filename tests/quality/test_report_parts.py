"""The shared report parts: plots are deterministic inline SVG, data text is escaped."""

from __future__ import annotations

import re

from taxonomist.quality import html, plots


def test_a_plot_is_the_same_svg_every_time() -> None:
    first = plots.bar_chart(["car", "person"], [3, 5], title="Objects per class")
    again = plots.bar_chart(["car", "person"], [3, 5], title="Objects per class")
    assert first == again
    assert first.startswith("<svg") and "<title>Objects per class</title>" in first
    assert "Date" not in first and "<script" not in first


def test_different_data_draws_a_different_plot() -> None:
    assert plots.histogram([1, 2, 2, 3], title="t", xlabel="x") != plots.histogram(
        [1, 1, 1, 3], title="t", xlabel="x"
    )


def test_titles_and_cells_from_data_are_escaped() -> None:
    svg = plots.bar_chart(["<b>"], [1], title='a "<script>" title')
    assert "<script>" not in svg and "&lt;script&gt;" in svg
    page = html.page(
        "<img src=x onerror=alert(1)>",
        "meta & more",
        [html.Section("s", html.table(["class"], [["<i>car</i>"]], numeric=[False]))],
    )
    assert "<img" not in page and "<i>car" not in page
    assert "&lt;i&gt;car&lt;/i&gt;" in page and "meta &amp; more" in page


def test_a_report_page_links_to_nothing_outside() -> None:
    page = html.page(
        "t", "m", [html.Section("plot", html.plot(plots.histogram([1], title="h", xlabel="x")))]
    )
    assert "<script" not in page and "<metadata" not in page
    assert not re.search(r'(href|src)="(https?:)?//', page)
