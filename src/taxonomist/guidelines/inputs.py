"""The site inputs that need more than the taxonomy: the checker's code catalogue and the
downloadable files (the taxonomy YAML and the two JSON Schemas).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from taxonomist.core.codes import CodeDoc
from taxonomist.guidelines.common import Download
from taxonomist.taxonomy.resolved import Taxonomy

DOWNLOADS_DIR = "downloads"


def catalogue() -> tuple[CodeDoc, ...]:
    """Every documented checker code, ordered by code (empty when no checker is installed)."""
    try:
        module = import_module("taxonomist.check.catalogue")
    except ModuleNotFoundError as exc:
        if exc.name not in ("taxonomist.check.catalogue", "taxonomist.check"):
            raise
        return ()
    docs = _codes_from(module)
    unique = {doc.code: doc for doc in docs if isinstance(doc, CodeDoc)}
    return tuple(unique[code] for code in sorted(unique))


def _codes_from(module: Any) -> list[Any]:
    for name in ("catalogue", "all_codes", "codes"):
        found = getattr(module, name, None)
        if callable(found):
            result = found()
            return list(result.values() if isinstance(result, dict) else result)
    for name in ("CATALOGUE", "CODES"):
        found = getattr(module, name, None)
        if found is not None:
            return list(found.values() if isinstance(found, dict) else found)
    return []


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
    from taxonomist.schema.language import language_schema

    found = [
        (
            "taxonomy.schema.json",
            "JSON Schema of the taxonomy language, for editors (autocomplete, validation).",
            dump_schema(language_schema()),
        )
    ]
    annotation = _annotation_schema(tax)
    if annotation is not None:
        found.insert(
            0,
            (
                f"{tax.name}.annotations.schema.json",
                "JSON Schema of native annotation files for this taxonomy.",
                dump_schema(annotation),
            ),
        )
    return found


def _annotation_schema(tax: Taxonomy) -> dict[str, Any] | None:
    try:
        module = import_module("taxonomist.schema.annotation")
    except ModuleNotFoundError:
        return None
    for name in ("annotation_schema", "native_schema", "schema_for"):
        build = getattr(module, name, None)
        if callable(build):
            result = build(tax)
            return result if isinstance(result, dict) else None
    return None
