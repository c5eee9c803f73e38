"""The site inputs that need more than the taxonomy: the checker's code catalogue, the
downloadable files (the taxonomy YAML and the two JSON Schemas) and the diffs of the
taxonomy's earlier versions.
"""

from __future__ import annotations

from itertools import pairwise

from taxonomist.core.codes import CodeDoc
from taxonomist.guidelines.common import Download
from taxonomist.taxonomy.change.model import TaxonomyDiff
from taxonomist.taxonomy.resolved import Taxonomy

DOWNLOADS_DIR = "downloads"


def catalogue() -> tuple[CodeDoc, ...]:
    """Every documented checker code, ordered by code.

    The taxonomy linter's T codes are left out: they concern the taxonomy's authors, not
    the annotation files annotators make, and some share a name with a check code.
    """
    from taxonomist.check.catalogue import check_catalogue as codes

    return tuple(codes().values())


def changes(tax: Taxonomy) -> tuple[tuple[TaxonomyDiff, ...], str]:
    """The diff of each version from the one before, newest first, and why the history
    ends early (or ""). Raises ``InvalidInput`` naming a version that cannot be read."""
    from taxonomist.taxonomy.change.diff import diff
    from taxonomist.taxonomy.history import history

    found = history(tax)
    chain = [tax, *(v.taxonomy for v in found.versions)]
    diffs = tuple(diff(older, newer) for newer, older in pairwise(chain))
    return diffs, found.stopped or ""


def downloads(tax: Taxonomy) -> tuple[tuple[Download, bytes], ...]:
    """Each downloadable file with its bytes."""
    out = [
        (
            Download(
                f"{DOWNLOADS_DIR}/{tax.path.name}",
                tax.path.name,
                "The taxonomy itself: the source of this whole site.",
            ),
            tax.path.read_bytes(),
        )
    ]
    for name, description, schema in _schemas(tax):
        out.append((Download(f"{DOWNLOADS_DIR}/{name}", name, description), schema.encode()))
    return tuple(out)


def _schemas(tax: Taxonomy) -> list[tuple[str, str, str]]:
    from taxonomist.schema import dump_schema
    from taxonomist.schema.annotation import annotation_schema
    from taxonomist.schema.language import language_schema

    return [
        (
            f"{tax.name}.annotations.schema.json",
            "JSON Schema of native annotation files for this taxonomy.",
            dump_schema(annotation_schema(tax)),
        ),
        (
            "taxonomy.schema.json",
            "JSON Schema of the taxonomy language, for editors (autocomplete, validation).",
            dump_schema(language_schema()),
        ),
    ]
