"""Examples are tests: every "do" example passes the checker without an error, every "don't"
example produces the finding of the rule it illustrates (a finding named by the rule id).

The test suite calls ``verify``; the site build calls ``disagreements`` with the examples it
has read and checked once, and then draws. A mismatch names the example (the taxonomy file and
line where it is written), the rule, and what the checker found instead.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from taxonomist.core.findings import Finding, Report, Severity
from taxonomist.guidelines.checked import CheckedExample, check_example, of_rule
from taxonomist.guidelines.examples import ExampleSource
from taxonomist.taxonomy.resolved import Taxonomy

Runner = Callable[[Taxonomy, list[Path]], Report]  # a stand-in for the checker, in tests
MAX_SHOWN = 5


def verify(
    tax: Taxonomy, examples: Sequence[ExampleSource], runner: Runner | None = None
) -> list[str]:
    """One message per example whose verdict the checker contradicts; empty when all agree."""
    if runner is None:
        checked = [check_example(tax, src.annotation) for src in examples]
        return disagreements(examples, checked)
    return _problems((src, runner(tax, [src.annotation]).findings) for src in examples)


def disagreements(
    examples: Sequence[ExampleSource], checked: Sequence[CheckedExample]
) -> list[str]:
    """``verify`` for examples already read and checked (``checked[i]`` of ``examples[i]``)."""
    return _problems((src, c.findings) for src, c in zip(examples, checked, strict=True))


def _problems(results: Iterable[tuple[ExampleSource, Sequence[Finding]]]) -> list[str]:
    problems = [mismatch(src, findings) for src, findings in results]
    return [p for p in problems if p is not None]


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
    if of_rule(findings, src.rule):
        return None
    found = _describe(findings) if findings else "nothing"
    return f"{label} should produce a '{src.rule}' finding, but the checker found: {found}"


def _verdict(src: ExampleSource) -> str:
    return '"do"' if src.example.verdict == "do" else '"don\'t"'


def _describe(findings: Sequence[Finding]) -> str:
    shown = [f"{f.code} {f.name} ({f.message})" for f in findings[:MAX_SHOWN]]
    more = len(findings) - MAX_SHOWN
    return "; ".join(shown) + (f"; and {more} more" if more > 0 else "")
