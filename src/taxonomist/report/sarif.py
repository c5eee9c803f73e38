"""The SARIF 2.1.0 report, for code-scanning dashboards (GitHub, GitLab, Azure DevOps).

Rules are the finding codes; each result points at the file (and line/column when the source
has them) and carries the JSON pointer, image id and annotation id as a logical location and
properties, so nothing the text report shows is lost.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from urllib.parse import quote

from taxonomist.core.findings import Finding, Report, Severity
from taxonomist.core.text import escape_surrogates
from taxonomist.report._common import dumps, ordered

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/taxonomist/"
LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def render(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """A SARIF log with one run; deterministic (no timestamps, stable order)."""
    findings = ordered(report.findings)
    rules = _rules(findings)
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    run: dict[str, object] = {
        "tool": {"driver": _driver(report, rules)},
        "columnKind": "unicodeCodePoints",
        "results": [_result(f, index[f.code]) for f in findings],
    }
    if report.taxonomy:
        run["properties"] = {"taxonomy": report.taxonomy}
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return dumps(log)


def _driver(report: Report, rules: list[dict[str, object]]) -> dict[str, object]:
    driver: dict[str, object] = {"name": "taxonomist", "informationUri": INFORMATION_URI}
    if report.tool_version:
        driver["version"] = report.tool_version
    driver["rules"] = rules
    return driver


def _rules(findings: list[Finding]) -> list[dict[str, object]]:
    """One reporting descriptor per code; helpUri only when every finding shares one URL."""
    first: dict[str, Finding] = {}
    urls: dict[str, set[str | None]] = {}
    for finding in findings:
        first.setdefault(finding.code, finding)
        urls.setdefault(finding.code, set()).add(finding.url)
    return [_rule(first[code], urls[code]) for code in sorted(first)]


def _rule(finding: Finding, urls: set[str | None]) -> dict[str, object]:
    rule: dict[str, object] = {
        "id": finding.code,
        "name": finding.name,
        "shortDescription": {"text": finding.name.replace("-", " ")},
        "defaultConfiguration": {"level": LEVELS[finding.severity]},
    }
    if len(urls) == 1 and (url := next(iter(urls))):
        rule["helpUri"] = url
    return rule


def _result(finding: Finding, rule_index: int) -> dict[str, object]:
    result: dict[str, object] = {
        "ruleId": finding.code,
        "ruleIndex": rule_index,
        "level": LEVELS[finding.severity],
        "message": {"text": _message(finding)},
    }
    location = _location(finding)
    if location:
        result["locations"] = [location]
    result["partialFingerprints"] = {"taxonomistFinding/v1": finding.fingerprint("sarif-v1")}
    properties = _properties(finding)
    if properties:
        result["properties"] = properties
    return result


def _message(finding: Finding) -> str:
    return f"{finding.message}\nhint: {finding.hint}" if finding.hint else finding.message


def _location(finding: Finding) -> dict[str, object]:
    loc = finding.location
    location: dict[str, object] = {}
    if loc.file:
        physical: dict[str, object] = {"artifactLocation": {"uri": file_uri(loc.file)}}
        if loc.line is not None and loc.line >= 1:
            region: dict[str, int] = {"startLine": loc.line}
            if loc.column is not None and loc.column >= 1:
                region["startColumn"] = loc.column
            physical["region"] = region
        location["physicalLocation"] = physical
    if loc.pointer is not None:
        location["logicalLocations"] = [{"fullyQualifiedName": loc.pointer, "kind": "element"}]
    return location


def file_uri(path: str) -> str:
    """A URI reference for ``path``: relative paths stay relative, absolute ones get file://."""
    posix = PurePosixPath(path.replace("\\", "/"))
    try:  # an undecodable name's surrogates are its original bytes
        quoted = quote(str(posix), safe="/", errors="surrogateescape")
    except UnicodeEncodeError:
        quoted = quote(escape_surrogates(str(posix)), safe="/")
    return f"file://{quoted}" if posix.is_absolute() else quoted


def _properties(finding: Finding) -> dict[str, object]:
    loc = finding.location
    values = {
        "name": finding.name,
        "severity": finding.severity.label,
        "pointer": loc.pointer,
        "imageId": loc.image_id,
        "imageFile": loc.image_file,
        "annotationId": loc.annotation_id,
        "hint": finding.hint,
        "url": finding.url,
    }
    return {key: value for key, value in values.items() if value is not None}
