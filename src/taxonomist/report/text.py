"""The terminal report: findings grouped by file, then a summary table per code.

Plain text (``color=False``) is built by hand so it is byte-for-byte deterministic; the
coloured form renders the same lines through rich (the CLI decides colour, honouring NO_COLOR).
"""

from __future__ import annotations

from io import StringIO

from taxonomist.core.findings import Finding, Report, Severity
from taxonomist.core.text import printable, shorten
from taxonomist.report._common import (
    by_file,
    display_file,
    ids_text,
    plural,
    totals_line,
    where_in_file,
)

Segment = tuple[str, str]  # (text, rich style)
Line = list[Segment]

SEVERITY_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "yellow",
    Severity.INFO: "blue",
}
SEVERITY_WIDTH = max(len(s.label) for s in Severity)


def render(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """The report as text: per file its findings, then per code a count, then totals."""
    lines = _finding_lines(report, verbose=verbose)
    rows = _summary_rows(report)
    totals = totals_line(report) + _skipped_text(report) + _objects_text(report)
    if color:
        return _render_rich(lines, rows, totals)
    return _render_plain(lines, rows, totals)


def _skipped_text(report: Report) -> str:
    """``; 2 files skipped (1 empty, 1 no known format)``: a skipped file is one
    nobody checked, so the summary says so (``-v`` lists them)."""
    counts = report.skipped_by_reason()
    if not counts:
        return ""
    reasons = ", ".join(f"{count} {reason}" for reason, count in counts.items())
    return f"; {plural(len(report.skipped), 'file')} skipped ({reasons})"


def _objects_text(report: Report) -> str:
    """``--sharded`` runs: the objects per class over all shards, on a line of its own."""
    if not report.objects_by_class:
        return ""
    counts = ", ".join(f"{name or '<unnamed>'} {count}" for name, count in report.objects_by_class)
    return f"\nobjects by class over {plural(len(report.files), 'shard')}: {printable(counts)}"


def _finding_lines(report: Report, *, verbose: bool) -> list[Line]:
    lines: list[Line] = []
    for file, findings in by_file(report):
        if not findings and not verbose:
            continue
        lines.append([(printable(display_file(file)), "bold underline")])
        if not findings:
            lines.append([("  clean", "green")])
        width = max((len(printable(where_in_file(f))) for f in findings), default=0)
        for finding in findings:
            lines.extend(_one_finding(finding, width, verbose=verbose))
    return lines


def _one_finding(finding: Finding, width: int, *, verbose: bool) -> list[Line]:
    indent = " " * (2 + width + 2)
    first, *rest = printable(finding.message, keep="\n\t").split("\n")
    head: Line = [
        (f"  {printable(where_in_file(finding)):<{width}}  ", "cyan"),
        (f"{finding.severity.label:<{SEVERITY_WIDTH}}  ", SEVERITY_STYLE[finding.severity]),
        (f"{finding.code}  ", "bold"),
        (first, ""),
        (f"  ({finding.name})", "dim"),
    ]
    lines = [head, *([(indent + more, "")] for more in rest)]
    ids = printable(shorten(ids_text(finding)))
    if ids:
        lines.append([(indent + ids, "dim")])
    if finding.hint:
        lines.append([(f"{indent}hint: ", "green"), (printable(finding.hint, keep="\t"), "")])
    if verbose and finding.url:
        lines.append([(f"{indent}see: ", "dim"), (printable(finding.url), "underline")])
    return lines


def _summary_rows(report: Report) -> list[tuple[str, str, str, str]]:
    """One row per code: code, name, worst severity, count (those not listed included)."""
    worst: dict[str, tuple[str, Severity]] = {}
    markers = {o.marker for o in report.omitted}
    found = [(f.code, f.name, f.severity) for f in report.findings if f not in markers]
    left_out = [(o.code, o.name, o.counts[0][0]) for o in report.omitted]
    for code, name, severity in [*found, *left_out]:
        seen = worst.get(code)
        if seen is None or severity > seen[1]:
            worst[code] = (name, severity)
    counts = report.summary.by_code
    return [
        (code, worst[code][0], worst[code][1].label, str(counts[code])) for code in sorted(worst)
    ]


HEADER = ("Code", "Name", "Severity", "Count")


def _render_plain(lines: list[Line], rows: list[tuple[str, str, str, str]], totals: str) -> str:
    out = ["".join(text for text, _ in line).rstrip() for line in lines]
    if rows:
        if out:
            out.append("")
        table = [HEADER, *rows]
        widths = [max(len(row[i]) for row in table) for i in range(len(HEADER))]
        for row in table:
            cells = [cell.ljust(w) for cell, w in zip(row[:3], widths, strict=False)]
            out.append("  ".join([*cells, row[3].rjust(widths[3])]).rstrip())
        out.append("")
    out.append(totals if rows else f"No findings. {totals}")
    return "\n".join(out) + "\n"


def _render_rich(lines: list[Line], rows: list[tuple[str, str, str, str]], totals: str) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = StringIO()
    console = Console(
        file=buffer, force_terminal=True, color_system="standard", width=120, highlight=False
    )
    for line in lines:
        # Text objects, never markup: messages may contain "[...]" from the data.
        console.print(Text.assemble(*line), soft_wrap=True)
    if rows:
        table = Table(*HEADER, title="Findings per code", title_justify="left")
        table.columns[3].justify = "right"
        for code, name, severity, count in rows:
            style = SEVERITY_STYLE[Severity.parse(severity)]
            table.add_row(Text(code), Text(name), Text(severity, style=style), Text(count))
        console.print(table)
        console.print(Text(totals, style="bold"))
    else:
        console.print(Text(f"No findings. {totals}", style="bold green"))
    return buffer.getvalue()
