"""The Markdown of a diff shows the taxonomy's words as written: a rule title holding HTML or
Markdown cannot become markup in a pull-request comment, release notes or the site."""

from __future__ import annotations

import markdown as md

from taxonomist.taxonomy.change.model import MAJOR, Change, TaxonomyDiff
from taxonomist.taxonomy.change.render import inline, markdown


def _diff(summary: str, reason: str = "because <b>") -> TaxonomyDiff:
    change = Change(
        kind="rule-added",
        level=MAJOR,
        subject="rule x",
        summary=summary,
        reason=reason,
        pointer="/rules/x",
        group="rules",
    )
    return TaxonomyDiff("t", "1.0.0", "t", "2.0.0", (change,))


def test_html_and_links_in_a_title_stay_text() -> None:
    text = markdown([_diff("New rule: “<img src=x onerror=alert(1)> [click](http://e.x) *x*”.")])
    html = md.markdown(text)
    assert "<img" not in html and "<a " not in html and "<em>x</em>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "<b>" not in html


def test_code_spans_are_kept() -> None:
    assert inline("`mission_patch` was renamed `mission_emblem`.") == (
        "`mission_patch` was renamed `mission_emblem`."
    )
    assert inline("a <b> `x<y>` c") == "a &lt;b&gt; `x<y>` c"


def test_an_unpaired_backtick_escapes_everything() -> None:
    assert inline("5 ` <i>") == "5 ` &lt;i&gt;"
