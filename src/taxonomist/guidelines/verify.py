"""Examples are tests: every "do" example passes the checker without an error, every "don't"
example produces the finding of the rule it illustrates (a finding named by the rule id).

The site build and the test suite both call ``verify``; a mismatch names the example (the
taxonomy file and line where it is written), the rule, and what the checker found instead.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from pathlib import Path

from taxonomist.core.findings import Finding, Report, Severity
from taxonomist.guidelines.examples import ExampleSource
from taxonomist.taxonomy.resolved import Taxonomy

Runner = Callable[[Taxonomy, list[Path]], Report]
MAX_SHOWN = 5


def default_runner() -> Runner:
    # Imported when used, so the page plan and drawing work before a checker is installed.
    run_check = import_module("taxonomist.check").run_check

    def run(tax: Taxonomy, paths: list[Path]) -> Report:
        report: Report = run_check(tax, paths)
        return report

    return run


def verify(
    tax: Taxonomy, examples: Sequence[ExampleSource], runner: Runner | None = None
) -> list[str]:
    """One message per example whose verdict the checker contradicts; empty when all agree."""
    run = runner or default_runner()
    problems = []
    for src in examples:
        report = run(tax, [src.annotation])
        problem = mismatch(src, report.findings)
        if problem is not None:
            problems.append(problem)
    return problems


def mismatch(src: ExampleSource, findings: Sequence[Finding]) -> str | None:
    """Why ``findings`` contradict the example's verdict, or None when they agree."""
    label = (
        f"{src.where}: {_verdict(src)} example {src.index + 1} of rule '{src.rule}' "
        f"({src.annotation.name})"
    )
    if src.example.verdict == "do":
        errors = [f for f in findings if f.severity >= Severity.ERROR]
        if errors:
            return f"{label} should pass the checker, but it found: {_describe(errors)}"
        return None
    if any(f.name == src.rule for f in findings):
        return None
    found = _describe(findings) if findings else "nothing"
    return f"{label} should produce a '{src.rule}' finding, but the checker found: {found}"


def _verdict(src: ExampleSource) -> str:
    return '"do"' if src.example.verdict == "do" else '"don\'t"'


def _describe(findings: Sequence[Finding]) -> str:
    shown = [f"{f.code} {f.name} ({f.message})" for f in findings[:MAX_SHOWN]]
    more = len(findings) - MAX_SHOWN
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
