"""The JSON report: every finding with all its fields, plus counts per code and severity."""

from __future__ import annotations

from taxonomist.core.findings import Report
from taxonomist.report._common import dumps, ordered

TOOL_NAME = "taxonomist"


def render(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """A deterministic JSON document: tool, taxonomy, files, findings, summary
    and the files no reader took (``skipped``, added last so older consumers are unaffected).

    ``summary`` counts every finding, also those over ``--max-findings`` that ``findings``
    does not list (``summary.omitted`` of them; an F010 finding stands for each file's and
    code's); ``summary.findings`` is their total. A ``--sharded`` run adds
    ``objects_by_class`` (name to count over all shards, most first) to the summary."""
    summary = report.summary
    counts: dict[str, object] = {"findings": summary.total, **summary.to_dict()}
    if report.objects_by_class:
        counts["objects_by_class"] = dict(report.objects_by_class)
    document = {
        "tool": {"name": TOOL_NAME, "version": report.tool_version},
        "taxonomy": report.taxonomy,
        "files": sorted(report.files),
        "findings": [finding.to_dict() for finding in ordered(report.findings)],
        "summary": counts,
        "skipped": [{"file": file, "reason": reason} for file, reason in sorted(report.skipped)],
    }
    return dumps(document)
