from __future__ import annotations

import xml.etree.ElementTree as ET

from taxonomist.core.findings import Report
from taxonomist.report import render


def parse(report: Report) -> ET.Element:
    text = render("junit", report)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    return ET.fromstring(text.encode("utf-8"))


def test_a_suite_per_file(report: Report) -> None:
    root = parse(report)
    assert root.tag == "testsuites"
    names = [suite.get("name") for suite in root]
    assert names == [
        "<input>",
        "data/clean.json",
        "data/instances, val 2017.json",
        "data/native.jsonl",
    ]


def test_cases_per_code_and_failures_for_errors(report: Report) -> None:
    root = parse(report)
    suites = {suite.get("name"): suite for suite in root}
    coco = suites["data/instances, val 2017.json"]
    assert [case.get("name") for case in coco] == ["G002 box-outside-image", "R001 unknown-class"]
    assert coco.get("tests") == "2"
    assert coco.get("failures") == "2"
    failure = coco[0].find("failure")
    assert failure is not None
    assert failure.get("message") == "2 errors"
    assert failure.get("type") == "G002"
    assert "#/annotations/1 image 17 (000000000017.jpg), annotation 300" in (failure.text or "")
    unknown = coco[1].find("failure")
    assert unknown is not None
    assert unknown.get("message") == (
        "category 91 \"hair drier\" is not in the taxonomy; did you mean 'hair dryer'?"
    )


def test_warnings_and_info_pass_with_output(report: Report) -> None:
    suites = {suite.get("name"): suite for suite in parse(report)}
    native = suites["data/native.jsonl"]
    assert native.get("failures") == "0"
    out = native[0].find("system-out")
    assert out is not None
    assert "occlusion: 140 % is above the maximum 100 %\nthe attribute" in (out.text or "")
    assert "<ignore> & keep" in (native[1].findtext("system-out") or "")


def test_clean_file_is_one_passing_case(report: Report) -> None:
    suites = {suite.get("name"): suite for suite in parse(report)}
    cases = list(suites["data/clean.json"])
    assert [case.get("name") for case in cases] == ["taxonomist check"]
    assert cases[0].find("failure") is None


def test_totals_and_control_characters(report: Report) -> None:
    root = parse(report)
    assert (root.get("tests"), root.get("failures")) == ("6", "3")
    bad = root[0][0].find("failure")
    assert bad is not None
    assert bad.get("message") == (
        "control \\x01 character and [bold]markup[/bold]: «unicode» 猫 ✓, 50%, a: b"
    )


def test_clean_report(empty_report: Report) -> None:
    root = parse(empty_report)
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
