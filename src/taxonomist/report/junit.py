"""JUnit XML, for CI systems that show test results: a test suite per checked file, a test
case per finding code in that file (a failure when any of its findings is an error), and one
passing case for a clean file. Case names stay stable across runs, so CI history lines up.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from taxonomist.core.findings import Finding, Report, Severity
from taxonomist.report._common import by_file, display_file, ids_text, where_in_file

# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_text(text: str) -> str:
    """``text`` with characters XML 1.0 forbids replaced by a visible ``\\xNN`` escape."""
    return _NOT_XML.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def render(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """A ``<testsuites>`` document; deterministic (no timestamps or durations)."""
    root = ET.Element("testsuites", name="taxonomist")
    tests = failures = 0
    errors_left_out = {
        (o.file, o.code): sum(n for severity, n in o.counts if severity >= Severity.ERROR)
        for o in report.omitted
    }
    for file, findings in by_file(report):
        unlisted = {code: n for (where, code), n in errors_left_out.items() if where == file}
        suite = _suite(display_file(file), findings, unlisted)
        root.append(suite)
        tests += int(suite.get("tests", "0"))
        failures += int(suite.get("failures", "0"))
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root)
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


def _suite(file: str, findings: list[Finding], unlisted: dict[str, int]) -> ET.Element:
    """A file's suite; ``unlisted`` counts, by code, the errors over ``--max-findings``."""
    suite = ET.Element("testsuite", name=xml_text(file))
    groups: dict[str, list[Finding]] = {}
    for finding in findings:
        groups.setdefault(finding.code, []).append(finding)
    if not groups:
        ET.SubElement(suite, "testcase", classname=xml_text(file), name="taxonomist check")
    for code in sorted(groups):
        suite.append(_case(file, groups[code], unlisted.get(code, 0)))
    failed = sum(1 for case in suite if case.find("failure") is not None)
    suite.set("tests", str(len(suite)))
    suite.set("failures", str(failed))
    suite.set("errors", "0")
    suite.set("skipped", "0")
    return suite


def _case(file: str, findings: list[Finding], unlisted_errors: int) -> ET.Element:
    first = findings[0]
    case = ET.Element("testcase", classname=xml_text(file), name=f"{first.code} {first.name}")
    details = xml_text("\n".join(_detail(f) for f in findings))
    errors = [f for f in findings if f.severity >= Severity.ERROR]
    count = len(errors) + unlisted_errors
    if errors:
        message = errors[0].message if count == 1 else f"{count} errors"
        failure = ET.SubElement(case, "failure", message=xml_text(message), type=first.code)
        failure.text = details
    else:
        ET.SubElement(case, "system-out").text = details
    return case


def _detail(finding: Finding) -> str:
    where = " ".join(part for part in (where_in_file(finding), ids_text(finding)) if part)
    text = f"{where}: " if where else ""
    text += f"{finding.severity.label}: {finding.message}"
    if finding.hint:
        text += f"\n  hint: {finding.hint}"
    if finding.url:
        text += f"\n  see: {finding.url}"
    return text
