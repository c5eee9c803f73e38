"""``taxonomist lint TAXONOMY...``: every problem in one run, as text or a CI report."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from taxonomist.core.errors import ExitCode
from taxonomist.core.findings import Finding, Report, Severity, Summary


class OutputFormat(StrEnum):
    text = "text"
    json = "json"
    sarif = "sarif"
    junit = "junit"
    github = "github"


def _exit_code(findings: list[Finding], fail_on: Severity) -> int:
    from taxonomist.taxonomy.source import FILE_TOO_LARGE, FILE_UNREADABLE

    if any(f.code in (FILE_UNREADABLE.code, FILE_TOO_LARGE.code) for f in findings):
        return ExitCode.INVALID
    return ExitCode.FINDINGS if any(f.severity >= fail_on for f in findings) else ExitCode.OK


def _count(n: int, label: str) -> str:
    return f"{n} {label}{'s' if n != 1 and label != 'info' else ''}"


def _text(findings: list[Finding], files: int) -> str:
    """``path:line:col: CODE message`` lines (editors and grep read them), then a tally."""
    lines = [f.render() for f in findings]
    counts = Summary.of(findings, files).by_severity
    tally = ", ".join(_count(n, label) for label, n in counts.items())
    lines.append(f"{files} file{'s' if files != 1 else ''} linted: {tally}")
    return "\n".join(lines) + "\n"


def _report(findings: list[Finding], taxonomies: list[Path], output: OutputFormat) -> str:
    if output is OutputFormat.text:
        return _text(findings, len(taxonomies))
    from taxonomist import __version__
    from taxonomist.report import render

    report = Report(
        findings=tuple(findings),
        files=tuple(str(p) for p in taxonomies),
        tool_version=__version__,
    )
    return render(output.value, report)


def _lint(taxonomies: list[Path]) -> list[Finding]:
    """Every file's findings, with the ``checks:`` keys checked against every code."""
    from taxonomist.api import unknown_check_codes
    from taxonomist.taxonomy import lint_file

    out: list[Finding] = []
    for path in taxonomies:
        taxonomy, findings = lint_file(path)
        out += findings
        if taxonomy is not None:
            out += unknown_check_codes(taxonomy)
    return list(dict.fromkeys(out))  # a base shared by several files is reported once


def lint_command(
    taxonomies: Annotated[
        list[Path] | None, typer.Argument(help="Taxonomy YAML files to lint.", show_default=False)
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="text (path:line:col: CODE message), json, sarif, ..."),
    ] = OutputFormat.text,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Lowest severity that fails: error, warning, info.")
    ] = "error",
) -> None:
    """Lint taxonomy files: exit 0 clean, 1 errors, 2 unreadable file."""
    from taxonomist.core.errors import UsageError

    try:
        threshold = Severity.parse(fail_on)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not taxonomies:
        raise UsageError("give at least one TAXONOMY file", hint="taxonomist lint taxonomy.yaml")
    findings = _lint(taxonomies)
    sys.stdout.write(_report(findings, taxonomies, output_format))
    raise typer.Exit(_exit_code(findings, threshold))


def register(app: typer.Typer) -> None:
    app.command("lint")(lint_command)
