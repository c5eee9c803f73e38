"""``taxonomist lint TAXONOMY...``: every problem in one run, as text or JSON."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from taxonomist.core.findings import Finding, Severity, Summary


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


_UNREADABLE = frozenset({"T001", "T002"})


def _exit_code(findings: list[Finding], fail_on: Severity) -> int:
    if any(f.code in _UNREADABLE for f in findings):
        return 2
    return 1 if any(f.severity >= fail_on for f in findings) else 0


def _count(n: int, label: str) -> str:
    return f"{n} {label}{'s' if n != 1 and label != 'info' else ''}"


def _text(findings: list[Finding], files: int) -> str:
    lines = [f"{f.render()}" for f in findings]
    counts = Summary.of(findings, files).by_severity
    tally = ", ".join(_count(n, label) for label, n in counts.items())
    lines.append(f"{files} file{'s' if files != 1 else ''} linted: {tally}")
    return "\n".join(lines) + "\n"


def _json(findings: list[Finding], files: int) -> str:
    payload = {
        "findings": [f.to_dict() for f in findings],
        "summary": Summary.of(findings, files).to_dict(),
    }
    return json.dumps(payload, indent=2, sort_keys=True) + "\n"


def lint_command(
    taxonomies: Annotated[
        list[Path] | None, typer.Argument(help="Taxonomy YAML files to lint.", show_default=False)
    ] = None,
    output_format: Annotated[
        OutputFormat,
        typer.Option("--format", help="text (path:line:col: CODE message) or json."),
    ] = OutputFormat.text,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Lowest severity that fails: error, warning, info.")
    ] = "error",
) -> None:
    """Lint taxonomy files: exit 0 clean, 1 errors, 2 unreadable file."""
    from taxonomist.core.errors import UsageError
    from taxonomist.taxonomy import lint

    try:
        threshold = Severity.parse(fail_on)
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if not taxonomies:
        raise UsageError("give at least one TAXONOMY file", hint="taxonomist lint taxonomy.yaml")
    findings = lint(taxonomies)
    render = _json if output_format is OutputFormat.json else _text
    sys.stdout.write(render(findings, len(taxonomies)))
    raise typer.Exit(_exit_code(findings, threshold))


def register(app: typer.Typer) -> None:
    app.command("lint")(lint_command)
