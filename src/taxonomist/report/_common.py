"""Helpers the reporters share: stable ordering and grouping of findings, and the values
structured reports fall back to when their encoder refuses one."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

import orjson

from taxonomist.core.findings import Finding, Report
from taxonomist.core.text import escape_surrogates

NO_FILE = "<input>"
_INT64 = range(-(2**63), 2**64)


def ordered(findings: Iterable[Finding]) -> list[Finding]:
    """Findings in the stable report order (file, line, column, pointer, code, message).

    As ``Finding.sort_key``, except that pointers compare numerically where they index
    arrays, so ``/annotations/9`` comes before ``/annotations/10``.
    """
    return sorted(findings, key=_natural_key)


def _natural_key(finding: Finding) -> tuple[object, ...]:
    file, line, column, pointer, code, message = finding.sort_key()
    return (file, line, column, _pointer_key(pointer), code, message)


def _pointer_key(pointer: str) -> tuple[tuple[int, int, str], ...]:
    return tuple(
        (0, int(part), "") if part.isdigit() else (1, 0, part) for part in pointer.split("/")
    )


def by_file(report: Report) -> list[tuple[str, list[Finding]]]:
    """``(file, findings)`` for every checked file, clean files included, in file order."""
    groups: dict[str, list[Finding]] = {path: [] for path in report.files}
    for file, items in groupby(ordered(report.findings), key=lambda f: f.location.file):
        groups.setdefault(file, []).extend(items)
    return sorted(groups.items())


def dumps(document: object) -> str:
    """``document`` as indented JSON with a final newline: exact where JSON can carry the
    values, else with the refused ones made encodable (see ``encodable``)."""
    try:
        data = orjson.dumps(document, option=orjson.OPT_INDENT_2)
    except orjson.JSONEncodeError:
        data = orjson.dumps(encodable(document), option=orjson.OPT_INDENT_2)
    return data.decode() + "\n"


def encodable(value: object) -> object:
    """``value`` with what a UTF-8 JSON encoder cannot carry made encodable: unpaired
    surrogates (an undecodable file name) as ``\\udcNN`` text, integers past 64 bits as
    text. Called only when the encoder refused the exact document."""
    if isinstance(value, str):
        return escape_surrogates(value)
    if isinstance(value, dict):
        return {encodable(key): encodable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [encodable(item) for item in value]
    if isinstance(value, int) and not isinstance(value, bool) and value not in _INT64:
        return str(value)
    return value


def display_file(file: str) -> str:
    return file or NO_FILE


def where_in_file(finding: Finding) -> str:
    """The place inside the file: ``line:col``, else the JSON pointer, else the ids."""
    loc = finding.location
    if loc.line is not None:
        return f"{loc.line}:{loc.column}" if loc.column is not None else f"{loc.line}"
    if loc.pointer is not None:
        return f"#{loc.pointer}" if loc.pointer else "#"
    return ""


def ids_text(finding: Finding) -> str:
    """``image 12 (a.jpg), annotation 7`` for the ids the finding carries; "" when none."""
    loc = finding.location
    parts = []
    if loc.image_id is not None:
        image = f"image {loc.image_id}"
        parts.append(f"{image} ({loc.image_file})" if loc.image_file else image)
    elif loc.image_file:
        parts.append(f"image {loc.image_file}")
    if loc.annotation_id is not None:
        parts.append(f"annotation {loc.annotation_id}")
    return ", ".join(parts)


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def totals_line(report: Report) -> str:
    """``3 findings (2 errors, 1 warning, 0 info) in 2 files``, every finding counted; with
    ``; 9000 not listed (over --max-findings)`` when the cap left some out."""
    summary = report.summary
    sev = summary.by_severity
    counts = (
        f"{plural(sev.get('error', 0), 'error')}, {plural(sev.get('warning', 0), 'warning')}, "
        f"{sev.get('info', 0)} info"
    )
    found = plural(summary.total, "finding")
    text = f"{found} ({counts}) in {plural(summary.files, 'file')}"
    if summary.omitted:
        text += f"; {summary.omitted} not listed (over --max-findings)"
    return text
