"""GitHub Actions workflow commands: one ``::error``/``::warning``/``::notice`` per finding.

GitHub shows them as annotations on the file (and line, when known). Values are escaped as
the runner expects: ``%``, CR and LF in the message; additionally ``:`` and ``,`` in properties.
"""

from __future__ import annotations

from taxonomist.core.findings import Finding, Report, Severity
from taxonomist.core.text import printable, shorten
from taxonomist.report._common import ids_text, ordered, totals_line

COMMANDS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def escape_data(text: str) -> str:
    """Escape a command's message (the part after ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=...``, ``title=...``)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """One workflow command per finding, then a plain totals line for the log."""
    lines = [_command(finding) for finding in ordered(report.findings)]
    lines.append(f"taxonomist: {totals_line(report)}")
    return "\n".join(lines) + "\n"


def _command(finding: Finding) -> str:
    loc = finding.location
    props: list[tuple[str, str]] = []
    if loc.file:
        props.append(("file", loc.file))
    if loc.line is not None:
        props.append(("line", str(loc.line)))
        if loc.column is not None:
            props.append(("col", str(loc.column)))
    props.append(("title", f"{finding.code} {finding.name}"))
    rendered = ",".join(f"{key}={escape_property(printable(value))}" for key, value in props)
    message = escape_data(printable(_message(finding), keep="\n\t"))
    return f"::{COMMANDS[finding.severity]} {rendered}::{message}"


def _message(finding: Finding) -> str:
    """The message plus what a line number cannot say: pointer, ids, hint, link."""
    text = finding.message
    where = [shorten(part) for part in (_pointer(finding), ids_text(finding)) if part]
    if where:
        text += f" ({'; '.join(where)})"
    if finding.hint:
        text += f"\nhint: {finding.hint}"
    if finding.url:
        text += f"\nsee: {finding.url}"
    return text


def _pointer(finding: Finding) -> str:
    pointer = finding.location.pointer
    return "" if pointer is None or finding.location.line is not None else f"at {pointer or '/'}"
