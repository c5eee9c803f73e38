"""The Python API, for notebooks and scripts. The CLI is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from taxonomist.core.findings import Finding, Report
    from taxonomist.taxonomy.resolved import Taxonomy


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Load, resolve and lint a taxonomy; raises ``TaxonomyInvalid`` on errors (a ``checks:``
    key that names no code among them)."""
    from taxonomist.core.errors import TaxonomyInvalid
    from taxonomist.taxonomy import load

    taxonomy = load(Path(path))
    errors = unknown_check_codes(taxonomy)
    if errors:
        count = len(errors)
        message = f"{path}: taxonomy has {count} error{'s' if count != 1 else ''}"
        raise TaxonomyInvalid(message, tuple(errors))
    return taxonomy


def unknown_check_codes(taxonomy: Taxonomy) -> list[Finding]:
    """A T503 error for each ``checks:`` key that names no code taxonomist reports, no lint
    code and no rule (the taxonomy layer cannot know the checker's codes, this one can)."""
    if not taxonomy.check_overrides:  # the catalogue imports every code module: only if asked
        return []
    from taxonomist.check.catalogue import catalogue
    from taxonomist.taxonomy.linter.overrides import lint_keys, unknown_keys

    known = lint_keys(taxonomy, catalogue().values())
    return unknown_keys(taxonomy, known, lint_only=False)


def check(
    taxonomy: Taxonomy | str | Path,
    paths: Sequence[str | Path] | str | Path,
    **options: Any,
) -> Report:
    """Check annotation files against a taxonomy and return a ``Report`` of findings.

    ``options`` are ``run_check``'s: ``format``, ``select``, ``ignore``, ``baseline``,
    ``max_findings`` (findings listed per code per file, default 1000, 0: all; the rest are
    counted in ``report.summary`` and ``report.omitted``), ``fingerprints`` and callbacks."""
    from taxonomist.check import run_check

    tax = taxonomy if not isinstance(taxonomy, str | Path) else load_taxonomy(taxonomy)
    items: Iterable[str | Path] = [paths] if isinstance(paths, str | Path) else paths
    return run_check(tax, [Path(p) for p in items], **options)
