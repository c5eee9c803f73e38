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


def _exit_code(findings: list[Finding], shown: list[Finding], fail_on: Severity) -> int:
    """2 when a file could not be read (whatever ``--ignore`` hides), else 1 when a shown
    finding is at ``fail_on`` or above."""
    from taxonomist.taxonomy.source import FILE_TOO_LARGE, FILE_UNREADABLE

    if any(f.code in (FILE_UNREADABLE.code, FILE_TOO_LARGE.code) for f in findings):
        return ExitCode.INVALID
    return ExitCode.FINDINGS if any(f.severity >= fail_on for f in shown) else ExitCode.OK


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


REPORT_HELP = "text (default: path:line:col: CODE message), json, sarif, junit or github."
SELECT_HELP = "Only these lint codes: prefixes like T9 or T904, or names; repeat or comma-separate."


def lint_command(  # noqa: PLR0917 - one parameter per command-line option
    taxonomies: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Taxonomy YAML files to lint (or built-ins: builtin:coco).", show_default=False
        ),
    ] = None,
    report_name: Annotated[
        OutputFormat | None, typer.Option("--report", help=REPORT_HELP, show_default=False)
    ] = None,
    format_name: Annotated[
        OutputFormat | None,
        typer.Option("--format", help="Deprecated spelling of --report.", hidden=True),
    ] = None,
    select: Annotated[list[str] | None, typer.Option("--select", help=SELECT_HELP)] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these codes.")] = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Lowest severity that fails: error, warning, info.")
    ] = "error",
) -> None:
    """Lint taxonomy files: exit 0 clean, 1 errors, 2 unreadable file."""
    from taxonomist.check.engine import Selection
    from taxonomist.core.errors import UsageError

    try:
        threshold = Severity.parse(fail_on)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not taxonomies:
        raise UsageError("give at least one TAXONOMY file", hint="taxonomist lint taxonomy.yaml")
    output = _report_name(report_name, format_name)
    selection = Selection(_codes(select, "--select"), _codes(ignore, "--ignore"))
    findings = _lint(taxonomies)
    shown = [f for f in findings if selection.wants(f)]
    sys.stdout.write(_report(shown, taxonomies, output))
    raise typer.Exit(_exit_code(findings, shown, threshold))


def _report_name(report: OutputFormat | None, legacy: OutputFormat | None) -> OutputFormat:
    """``--report``, as ``check`` spells it; ``--format`` still works, with a notice (for
    ``check``, ``--format`` names the annotation format)."""
    from taxonomist.core.errors import UsageError

    if legacy is None:
        return report or OutputFormat.text
    sys.stderr.write("taxonomist: lint --format is deprecated; use --report\n")
    if report is not None and report is not legacy:
        raise UsageError(f"--report {report} and --format {legacy} disagree", hint="use --report")
    return legacy


def _codes(values: list[str] | None, option: str) -> tuple[str, ...]:
    """The lint codes of ``--select``/``--ignore``; a value that matches none is exit 2."""
    from taxonomist.core.errors import UsageError
    from taxonomist.taxonomy.linter.codes import CODES
    from taxonomist.taxonomy.linter.vocabulary import did_you_mean

    given = tuple(v.strip() for item in values or () for v in item.split(",") if v.strip())
    names = [doc.name for doc in CODES.values()]
    for value in given:
        if not any(code.startswith(value.upper()) for code in CODES) and value not in names:
            hint = did_you_mean(value, [*CODES, *names]) or "taxonomist rules lists every code"
            raise UsageError(f"{option} {value!r} matches no lint code", hint=hint)
    return given


def register(app: typer.Typer) -> None:
    app.command("lint")(lint_command)
