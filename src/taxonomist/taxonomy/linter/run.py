"""Run every lint family over a merged, resolved taxonomy. The registry is ``FAMILIES``."""

from __future__ import annotations

from taxonomist.taxonomy.linter import (
    advice,
    examples,
    lock,
    overrides,
    references,
    shapes,
    translations,
    uniqueness,
)
from taxonomist.taxonomy.linter.codes import CODES
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.merged import Merged
from taxonomist.taxonomy.resolved import Taxonomy

FAMILIES = (
    references.FAMILY,
    uniqueness.FAMILY,
    lock.FAMILY,
    shapes.FAMILY,
    examples.FAMILY,
    advice.FAMILY,
    translations.FAMILY,
)


def run_checks(merged: Merged, taxonomy: Taxonomy) -> None:
    """Append every semantic finding to ``merged.findings``, at the severities the
    taxonomy's ``checks:`` section sets for lint codes."""
    ctx = Ctx(merged, taxonomy)
    for family in FAMILIES:
        for check in family:
            check(ctx)
    known = overrides.lint_keys(taxonomy, CODES.values())
    merged.findings += overrides.unknown_keys(taxonomy, known, lint_only=True)
    merged.findings[:] = overrides.apply_to_lint(taxonomy, merged.findings)
