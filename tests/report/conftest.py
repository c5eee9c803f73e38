from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.core.findings import Finding, Location, Report, Severity

DATA = Path(__file__).parents[1] / "data" / "report"
LOCATION_FIELDS = ("file", "line", "column", "pointer", "image_id", "image_file", "annotation_id")


def finding_from_dict(item: dict[str, object]) -> Finding:
    location = Location(**{key: item[key] for key in LOCATION_FIELDS if key in item})  # type: ignore[arg-type]
    return Finding(
        code=str(item["code"]),
        name=str(item["name"]),
        severity=Severity.parse(str(item["severity"])),
        message=str(item["message"]),
        location=location,
        hint=item.get("hint"),  # type: ignore[arg-type]
        url=item.get("url"),  # type: ignore[arg-type]
    )


@pytest.fixture
def report() -> Report:
    """Findings that exercise every field and every awkward character a message may hold."""
    data = json.loads((DATA / "findings.json").read_text(encoding="utf-8"))
    return Report(
        findings=tuple(finding_from_dict(item) for item in data["findings"]),
        files=tuple(data["files"]),
        taxonomy=data["taxonomy"],
        tool_version=data["tool_version"],
    )


@pytest.fixture
def empty_report() -> Report:
    return Report(findings=(), files=("data/clean.json",), taxonomy="demo", tool_version="0.1.0")
