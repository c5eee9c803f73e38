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


def test_a_line_break_in_a_title_cannot_start_a_heading() -> None:
    text = markdown([_diff("New rule: “a\n# Heading\n\n- item”.")])
    assert "\n# Heading" not in text and "\n- item" not in text


def test_a_version_going_backwards_is_said_even_without_changes() -> None:
    from taxonomist.taxonomy.change.render import verdict

    back = TaxonomyDiff("t", "1.2.0", "t", "1.1.5", ())
    assert not back.version_ok
    assert "goes backwards" in verdict(back)


def test_pre_releases_of_one_version_satisfy_any_change() -> None:
    change = _diff("x").changes
    assert TaxonomyDiff("t", "2.0.0-rc.1", "t", "2.0.0", change).version_ok
    assert TaxonomyDiff("t", "2.0.0-rc.1", "t", "2.0.0-rc.2", change).version_ok
    assert not TaxonomyDiff("t", "2.0.0-rc.10", "t", "2.0.0-rc.2", change).version_ok
    assert not TaxonomyDiff("t", "2.0.0", "t", "2.0.0-rc.1", change).version_ok
