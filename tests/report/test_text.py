from __future__ import annotations

import re

from taxonomist.core.findings import Report
from taxonomist.report import render
from tests.snapshot import assert_snapshot

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def test_plain_text_report_matches_snapshot(report: Report) -> None:
    assert_snapshot("report/text.txt", render("text", report))


def test_verbose_text_lists_clean_files_and_links(report: Report) -> None:
    text = render("text", report, verbose=True)
    assert_snapshot("report/text-verbose.txt", text)
    assert "data/clean.json\n  clean" in text
    assert "see: https://example.org/guide/checks/G002/" in text


def test_plain_text_has_no_escape_codes(report: Report) -> None:
    assert "\x1b[" not in render("text", report)


def test_colour_report_has_the_same_content(report: Report) -> None:
    coloured = render("text", report, color=True)
    assert "\x1b[" in coloured
    plain = ANSI.sub("", coloured)
    for line in ("data/native.jsonl", "hint: clip the box to the image", "G002", "min-box-height"):
        assert line in plain
    # Messages are never read as rich markup.
    assert "[bold]markup[/bold]" in plain


def test_grouped_by_file_in_location_order(report: Report) -> None:
    lines = render("text", report).splitlines()
    headers = [line for line in lines if line and not line.startswith(" ")][:3]
    assert headers == ["<input>", "data/instances, val 2017.json", "data/native.jsonl"]
    first = next(i for i, line in enumerate(lines) if "#/annotations/1 " in line)
    second = next(i for i, line in enumerate(lines) if "#/annotations/10 " in line)
    assert first < second


def test_summary_counts_per_code(report: Report) -> None:
    text = render("text", report)
    assert re.search(r"^G002\s+box-outside-image\s+error\s+2$", text, re.MULTILINE)
    assert text.endswith("6 findings (4 errors, 1 warning, 1 info) in 3 files\n")


def test_clean_report(empty_report: Report) -> None:
    assert render("text", empty_report) == (
        "No findings. 0 findings (0 errors, 0 warnings, 0 info) in 1 file\n"
    )
    assert "No findings" in ANSI.sub("", render("text", empty_report, color=True))


def test_escape_sequences_in_data_cannot_reach_the_terminal() -> None:
    from taxonomist.core.findings import Finding, Location, Severity

    finding = Finding(
        "F003", "not-json", Severity.ERROR, "bad \x1b[2J\rbyte", Location(file="a\x1b.json")
    )
    one = Report(findings=(finding,), files=("a\x1b.json",))
    for color in (False, True):
        text = ANSI.sub("", render("text", one, color=color))
        assert "\x1b" not in text
        assert "bad \\x1b[2J\\x0dbyte" in text
        assert "a\\x1b.json" in text
