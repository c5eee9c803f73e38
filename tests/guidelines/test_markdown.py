from __future__ import annotations

import html

import pytest

from taxonomist.guidelines import markdown as mdx
from taxonomist.taxonomy.model import Threshold
from taxonomist.taxonomy.text import threshold_value

HOSTILE = [
    "<script>window.pwned = 1</script>",
    '<img src="x" onerror="window.pwned = 1">',
    "[click](javascript:window.pwned=1)",
    '<a href="javascript:alert(1)">x</a>',
    "<iframe src='https://example.org'></iframe>",
    '<div style="background:url(javascript:1)" onclick="x()">x</div>',
    "<svg onload=alert(1)>",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_active_content_never_survives(text: str) -> None:
    for out in (mdx.block(text), mdx.inline(text)):
        lowered = out.lower()
        for bad in ("<script", "javascript:", "onerror", "onclick", "onload", "<iframe", "<svg"):
            assert bad not in lowered, (text, out)


def test_escaped_link_syntax_stays_inert_for_a_second_markdown_pass() -> None:
    out = mdx.inline(r"\[x\](javascript:alert(1))")
    assert "[" not in out and "(" not in out
    assert "&#91;x&#93;" in out


def test_markdown_is_rendered() -> None:
    out = mdx.block("A *careful* [guide](https://example.org/a_b).\n\n- one\n- two")
    assert "<em>careful</em>" in out
    assert 'href="https://example.org/a&#95;b"' in out
    assert "<li>one</li>" in out
    assert out.startswith('<div class="tx-text">') and "\n\n" not in out


def test_threshold_references_show_name_and_value() -> None:
    thresholds = {"min_height": Threshold(value=40, unit="px")}
    out = mdx.inline("Skip people under $min_height and $unknown.", thresholds)
    assert "<code>min&#95;height</code> &#40;40 px&#41;" in out
    assert "$unknown" in out


def test_plain_text_cannot_become_markup() -> None:
    assert mdx.plain("A <b>[x](y)</b>") == r"A &lt;b&gt;\[x\]\(y\)&lt;/b&gt;"


def test_snippet_includes_are_neutralised() -> None:
    assert "--8<--" not in mdx.block('--8<-- "/etc/passwd"')


@pytest.mark.parametrize(
    ("value", "unit", "text"),
    [(40, "px", "40 px"), (0.5, "fraction", "0.5"), (30, "percent", "30%"), (2, "m", "2 m")],
)
def test_threshold_value(value: float, unit: str, text: str) -> None:
    assert threshold_value(Threshold(value=value, unit=unit)) == text  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "title",
    [
        "</title><script>window.pwned=1</script>",
        'a "quoted" \\ title',
        "tab\tand\x01ctrl \x85 ü 🚀",
    ],
)
def test_front_matter_title_is_escaped_html_that_mkdocs_reads_back(title: str) -> None:
    from mkdocs.utils.meta import get_data

    body, meta = get_data(mdx.front_matter(title) + "# Heading\n")
    assert body.strip() == "# Heading"
    assert "<" not in meta["title"] and '"' not in meta["title"]
    shown = html.unescape(meta["title"])
    assert shown == " ".join(title.split()).replace("\x01", "")
