"""The ``checks:`` section: every key names a code, and lint honours the severities it sets.

A key is a code or a kebab-case name: of a lint code (``T904``, ``colors-too-close``), of a
rule of the taxonomy (its id), or of a checker code (``G002``). The linter knows the first
two; checker codes are declared above this layer (``taxonomist.check.catalogue``), so keys
that could be one are left to ``unknown_keys``, which the API and the lint command call with
that catalogue. A severity set for a lint code applies to lint's warnings and infos; errors
stay errors, since a taxonomy with errors cannot be used at all.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy.linter.vocabulary import did_you_mean
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.source.document import location

UNKNOWN_CHECK_CODE = CodeDoc(
    code="T503",
    name="unknown-check-code",
    family="rules",
    summary="A key of checks: names no code, lint code or rule.",
    why="A mistyped code would leave the severity it sets silently unused.",
    bad="checks: {G0O3: {severity: off}}",
    good="checks: {G003: {severity: off}}",
)

CODES: tuple[CodeDoc, ...] = (UNKNOWN_CHECK_CODE,)

_LINT_CODE = re.compile(r"^[Tt]\d+$")


def lint_keys(taxonomy: Taxonomy, lint_codes: Iterable[CodeDoc]) -> set[str]:
    """Every key that names a lint code (by code or name) or a rule of ``taxonomy``."""
    return {key for doc in lint_codes for key in (doc.code, doc.name)} | set(taxonomy.rules)


def unknown_keys(taxonomy: Taxonomy, known: Collection[str], *, lint_only: bool) -> list[Finding]:
    """A T503 error for each ``checks:`` key not in ``known``; with ``lint_only`` only for
    keys shaped like a lint code (what the linter can tell without the checker's codes)."""
    out = []
    for key in taxonomy.check_overrides:
        if key in known or (lint_only and not _LINT_CODE.match(key)):
            continue
        pointer = f"/checks/{key}"
        where = location(taxonomy.positions.get(pointer), str(taxonomy.path), pointer)
        hint = did_you_mean(key, sorted(known)) or "taxonomist rules lists every code"
        message = f"checks: {key!r} is not a code, a lint code or a rule id"
        out.append(UNKNOWN_CHECK_CODE.finding(message, where, hint=hint))
    return out


def apply_to_lint(taxonomy: Taxonomy, findings: Iterable[Finding]) -> list[Finding]:
    """Lint findings at the severities ``checks:`` sets ('off' drops); errors are kept."""
    overrides = taxonomy.check_overrides
    out = []
    for finding in findings:
        override = overrides.get(finding.code) or overrides.get(finding.name)
        if override is None or finding.severity >= Severity.ERROR:
            out.append(finding)
        elif override.severity != "off":
            out.append(finding.with_severity(Severity.parse(override.severity)))
    return out
