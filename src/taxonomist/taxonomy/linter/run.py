"""Run every lint family over a merged, resolved taxonomy. The registry is ``FAMILIES``."""

from __future__ import annotations

from taxonomist.taxonomy.linter import advice, examples, references, shapes, uniqueness
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.merged import Merged
from taxonomist.taxonomy.resolved import Taxonomy

FAMILIES = (
    references.FAMILY,
    uniqueness.FAMILY,
    shapes.FAMILY,
    examples.FAMILY,
    advice.FAMILY,
)


def run_checks(merged: Merged, taxonomy: Taxonomy) -> None:
    """Append every semantic finding to ``merged.findings``."""
    ctx = Ctx(merged, taxonomy)
    for family in FAMILIES:
        for check in family:
            check(ctx)
