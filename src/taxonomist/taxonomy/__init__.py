"""Taxonomies: load a YAML taxonomy (with its bases and fragments) and lint it.

``load(path)`` gives the resolved ``Taxonomy`` or raises ``TaxonomyInvalid`` carrying every
error-level finding; ``lint(paths)`` returns all findings and never raises for bad files.
A path may name a built-in taxonomy (``builtin:coco``, or a bare ``coco`` that is no file):
``taxonomy.library.resolve`` is the one place that decides, and every entry point here asks it.
A translation file (``demo.de.yaml``, with ``translation_of: demo.yaml``) lints as the
taxonomy it translates, in its language: its own problems and the texts it leaves in the
source language; ``load`` gives that taxonomy localized (``taxonomy.translations``).
The loader and linters are imported on first use, and ``load`` answers from the cache of
resolved taxonomies (``taxonomy.cache``) when no file changed, so a check run starts fast.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from taxonomist.core.errors import TaxonomyInvalid
from taxonomist.core.findings import Finding, Severity

if TYPE_CHECKING:
    from taxonomist.taxonomy.resolved import Taxonomy

__all__ = ["lint", "lint_file", "load"]


def lint_file(path: Path) -> tuple[Taxonomy | None, list[Finding]]:
    """The resolved taxonomy (None when unreadable) and every finding, sorted."""
    from taxonomist.taxonomy.library import resolve as locate
    from taxonomist.taxonomy.linter.run import run_checks
    from taxonomist.taxonomy.loader import load_documents
    from taxonomist.taxonomy.resolve import resolve

    merged = load_documents(locate(path))
    if merged.translation_file is not None:
        from taxonomist.taxonomy.linter.translations import lint_translation_file

        return lint_translation_file(merged)
    taxonomy = resolve(merged)
    if taxonomy is not None:
        run_checks(merged, taxonomy)
    findings = _unique(merged.findings)
    return taxonomy, sorted(findings, key=lambda f: f.sort_key())


def _unique(findings: list[Finding]) -> list[Finding]:
    return list(dict.fromkeys(findings))


def load(path: Path) -> Taxonomy:
    """Load and resolve a taxonomy; raise ``TaxonomyInvalid`` if it has any error."""
    from taxonomist.taxonomy import cache
    from taxonomist.taxonomy.library import resolve as locate

    path = locate(path)
    cached = cache.get(path)
    if cached is not None:
        return cached
    taxonomy, findings = lint_file(path)
    errors = tuple(f for f in findings if f.severity >= Severity.ERROR)
    if taxonomy is None or errors:
        count = len(errors)
        message = f"{path}: taxonomy has {count} error{'s' if count != 1 else ''}"
        raise TaxonomyInvalid(message, errors)
    cache.put(Path(path), taxonomy)
    return taxonomy


def lint(paths: Iterable[Path]) -> list[Finding]:
    """Every finding for every taxonomy file in ``paths`` (errors, warnings and infos)."""
    out: list[Finding] = []
    for path in paths:
        out.extend(lint_file(Path(path))[1])
    return _unique(out)  # a base shared by several files is reported once
