"""The Python API, for notebooks and scripts. The CLI is a thin layer over these functions."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from taxonomist.core.findings import Report
    from taxonomist.taxonomy.resolved import Taxonomy


def load_taxonomy(path: str | Path) -> Taxonomy:
    """Load, resolve and lint a taxonomy; raises ``TaxonomyInvalid`` on errors."""
    from taxonomist.taxonomy import load

    return load(Path(path))


def check(
    taxonomy: Taxonomy | str | Path,
    paths: Sequence[str | Path] | str | Path,
    **options: Any,
) -> Report:
    """Check annotation files against a taxonomy and return a ``Report`` of findings."""
    from taxonomist.check import run_check

    tax = taxonomy if not isinstance(taxonomy, str | Path) else load_taxonomy(taxonomy)
    items: Iterable[str | Path] = [paths] if isinstance(paths, str | Path) else paths
    return run_check(tax, [Path(p) for p in items], **options)
