from __future__ import annotations

import json

from taxonomist.core.findings import Report
from taxonomist.report import render

FINDING_FIELDS = [
    "code",
    "name",
    "severity",
    "message",
    "hint",
    "file",
    "line",
    "column",
    "pointer",
    "image_id",
    "image_file",
    "annotation_id",
    "url",
]


def test_document_shape(report: Report) -> None:
    document = json.loads(render("json", report))
    assert list(document) == ["tool", "taxonomy", "files", "findings", "summary", "skipped"]
    assert document["skipped"] == []
    assert document["tool"] == {"name": "taxonomist", "version": "0.1.0"}
    assert document["taxonomy"] == "demo-space 1.0.0"
    assert all(list(item) == FINDING_FIELDS for item in document["findings"])


def test_summary_counts(report: Report) -> None:
    summary = json.loads(render("json", report))["summary"]
    assert summary == {
        "findings": 6,
        "files": 3,
        "by_code": {"A004": 1, "F003": 1, "G002": 2, "R001": 1, "X101": 1},
        "by_severity": {"error": 4, "warning": 1, "info": 1},
        "omitted": 0,
    }


def test_findings_sorted_and_values_kept(report: Report) -> None:
    findings = json.loads(render("json", report))["findings"]
    assert [(f["file"], f["line"] or f["pointer"]) for f in findings] == [
        ("", 1),
        ("data/instances, val 2017.json", "/annotations/1"),
        ("data/instances, val 2017.json", "/annotations/7/category_id"),
        ("data/instances, val 2017.json", "/annotations/10"),
        ("data/native.jsonl", 3),
        ("data/native.jsonl", 5),
    ]
    occlusion = findings[4]
    assert occlusion["line"] == 3
    assert occlusion["column"] == 41
    assert occlusion["severity"] == "warning"
    assert occlusion["message"].count("\n") == 2
    assert findings[0]["message"].startswith("control \u0001 character")
    assert "猫" in findings[0]["message"]


def test_deterministic(report: Report) -> None:
    reordered = Report(
        findings=tuple(reversed(report.findings)),
        files=tuple(reversed(report.files)),
        taxonomy=report.taxonomy,
        tool_version=report.tool_version,
    )
    assert render("json", report) == render("json", reordered)


def test_clean_report(empty_report: Report) -> None:
    document = json.loads(render("json", empty_report))
    assert document["findings"] == []
    assert document["summary"]["by_severity"] == {"error": 0, "warning": 0, "info": 0}
