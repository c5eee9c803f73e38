"""The site inputs that need more than the taxonomy: the checker's code catalogue and the
downloadable files (the taxonomy YAML and the two JSON Schemas).
"""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.guidelines.common import Download
from taxonomist.taxonomy.resolved import Taxonomy

DOWNLOADS_DIR = "downloads"


def catalogue() -> tuple[CodeDoc, ...]:
    """Every documented checker code, ordered by code.

    The taxonomy linter's T codes are left out: they concern the taxonomy's authors, not
    the annotation files annotators make, and some share a name with a check code.
    """
    from taxonomist.check.catalogue import check_catalogue as codes

    return tuple(codes().values())


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
