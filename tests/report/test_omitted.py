"""Reports of a capped run (``--max-findings``): every reporter lists the marker finding that
stands for the findings left out, and every count they carry includes those findings."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import pytest

from taxonomist.core.findings import Finding, Location, Omitted, Report, Severity
from taxonomist.report import REPORTERS, render

FILE = "data/a.json"


def _finding(n: int, severity: Severity = Severity.ERROR) -> Finding:
    return Finding("S001", "missing-field", severity, f"no id {n}", Location(FILE, line=n))


@pytest.fixture
def capped() -> Report:
    """Two S001 errors listed, and 7 more (5 errors, 2 warnings) left out."""
    counts = ((Severity.ERROR, 5), (Severity.WARNING, 2))
    message = "and 7 more S001 findings in this file (--max-findings 2)"
    marker = Finding("F010", "too-many-findings", Severity.ERROR, message, Location(FILE))
    omitted = Omitted(FILE, "S001", "missing-field", counts, marker)
    return Report(findings=(marker, _finding(1), _finding(2)), files=(FILE,), omitted=(omitted,))


def test_the_summary_counts_what_is_left_out_and_not_the_marker(capped: Report) -> None:
    summary = capped.summary
    assert summary.by_code == {"S001": 9}
    assert summary.by_severity == {"error": 7, "warning": 2, "info": 0}
    assert (summary.total, summary.omitted) == (9, 7)


def test_text_totals_and_table_are_exact(capped: Report) -> None:
    text = render("text", capped)
    assert "F010  and 7 more S001 findings in this file (--max-findings 2)" in text
    rows = text.split("Code  Name")[1].split("\n\n")[0].splitlines()[1:]
    assert [row.split() for row in rows] == [["S001", "missing-field", "error", "9"]]  # no F010
    last = text.splitlines()[-1]
    assert (
        last
        == "9 findings (7 errors, 2 warnings, 0 info) in 1 file; 7 not listed (over --max-findings)"
    )


def test_json_summary_is_exact(capped: Report) -> None:
    document = json.loads(render("json", capped))
    assert document["summary"] == {
        "findings": 9,
        "files": 1,
        "by_code": {"S001": 9},
        "by_severity": {"error": 7, "warning": 2, "info": 0},
        "omitted": 7,
    }
    assert [f["code"] for f in document["findings"]] == ["F010", "S001", "S001"]


def test_junit_counts_the_errors_left_out(capped: Report) -> None:
    root = ET.fromstring(render("junit", capped))
    failures = {case.get("name"): case.find("failure") for case in root.iter("testcase")}
    s001 = failures["S001 missing-field"]
    assert s001 is not None and s001.get("message") == "7 errors"
    assert failures["F010 too-many-findings"] is not None


def test_github_totals_are_exact(capped: Report) -> None:
    last = render("github", capped).splitlines()[-1]
    assert last.startswith("taxonomist: 9 findings (7 errors, 2 warnings, 0 info) in 1 file")


@pytest.mark.parametrize("name", sorted(REPORTERS))
def test_every_reporter_shows_the_marker(capped: Report, name: str) -> None:
    assert "and 7 more S001 findings in this file" in render(name, capped)
