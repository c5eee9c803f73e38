"""LVIS: a starter taxonomy from an LVIS category list (``{"categories": [...]}`` or a bare
list of ``{id, name, synset, synonyms, def, frequency}``).

Ids and definitions are kept, the WordNet synset becomes ``external_ids.wordnet`` and the
r/c/f frequency is kept. Names are made valid taxonomy names (``bow_(weapon)`` ->
``bow_weapon``, the original kept as an alias). Synonyms are deduplicated; a synonym that is
the class's own name, or that another class also claims (as name, alias or synonym, compared
the way the loader looks names up), is dropped so that every name maps to exactly one class.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    bad_input,
    category_list,
    default_name,
    document_head,
    read_json,
    starter_document,
    to_name,
    whole_number,
)
from taxonomist.taxonomy.resolved import normalize_name

HINT = "expected LVIS categories: [{id, name, synset, synonyms, def, frequency}, ...]"
LABEL_TYPES: dict[str, Any] = {
    "box": {"kind": "box", "format": "xywh", "units": "pixels", "extent": "full"},
    "segmentation": {"kind": "polygon", "multipart": True},
}


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from an LVIS category list."""
    categories = category_list(path, read_json(path), HINT, _check_category)
    names = _names(categories)
    owners = _key_owners(categories, names)
    notes: list[str] = []
    classes = {names[c["id"]]: _class(c, names, owners, notes) for c in categories}
    name = default_name(path, options.name)
    head = document_head(name, "LVIS (imported)", _description(path))
    doc = starter_document(head, LABEL_TYPES, classes)
    dropped = sum(1 for note in notes if note.startswith("synonym"))
    summary = f"{len(classes)} classes; {dropped} ambiguous or duplicate synonyms dropped"
    return ImportResult(document=doc, notes=(summary, *notes))


def _description(path: Path) -> str:
    return (
        f"Starter taxonomy imported from the LVIS categories in `{path.name}` by "
        "`taxonomist import lvis`. Ids, synonyms and definitions are LVIS's; `frequency` is "
        "LVIS's r (rare), c (common) or f (frequent); `external_ids.wordnet` is the synset."
    )


def _check_category(path: Path, pointer: str, category: Any, seen: set[int]) -> None:
    if not isinstance(category, dict) or not isinstance(category.get("name"), str):
        raise bad_input(path, pointer, "a category needs a name", HINT)
    if not to_name(category["name"]):
        raise bad_input(path, pointer + "/name", f"unusable name {category['name']!r}", HINT)
    cat_id = category.get("id")
    if not whole_number(cat_id) or cat_id in seen:
        raise bad_input(path, pointer + "/id", f"bad or repeated id {cat_id!r}", HINT)


def _names(categories: list[dict[str, Any]]) -> dict[int, str]:
    book = NameBook()
    return {c["id"]: book.claim(to_name(c["name"]), str(c["id"])) for c in categories}


def _synonyms(category: dict[str, Any]) -> list[str]:
    raw = category.get("synonyms")
    return [s for s in raw if isinstance(s, str) and s.strip()] if isinstance(raw, list) else []


def _key_owners(categories: list[dict[str, Any]], names: dict[int, str]) -> Counter[str]:
    """How many classes claim each lookup key (names and original names count twice, so a
    synonym can never take a key that is some class's name)."""
    owners: Counter[str] = Counter()
    for category in categories:
        own = {normalize_name(names[category["id"]]), normalize_name(category["name"])}
        for key in own:
            owners[key] += 2
        for key in {normalize_name(s) for s in _synonyms(category)} - own:
            owners[key] += 1
    return owners


def _class(
    category: dict[str, Any], names: dict[int, str], owners: Counter[str], notes: list[str]
) -> dict[str, Any]:
    name = names[category["id"]]
    entry: dict[str, Any] = {"id": category["id"]}
    if isinstance(category.get("def"), str) and category["def"].strip():
        entry["definition"] = category["def"].strip()
    synonyms = _kept_synonyms(category, name, owners, notes)
    if synonyms:
        entry["synonyms"] = synonyms
    if category["name"] != name and to_name(category["name"]) == name:
        entry["aliases"] = [category["name"]]
    entry["label_types"] = ["box", "segmentation"]
    if isinstance(category.get("frequency"), str):
        entry["frequency"] = category["frequency"]
    if isinstance(category.get("synset"), str):
        entry["external_ids"] = {"wordnet": category["synset"]}
    return entry


def _kept_synonyms(
    category: dict[str, Any], name: str, owners: Counter[str], notes: list[str]
) -> list[str]:
    own = {normalize_name(name), normalize_name(category["name"])}
    kept: list[str] = []
    seen = set(own)
    for synonym in _synonyms(category):
        key = normalize_name(synonym)
        if key in seen:
            continue
        seen.add(key)
        if owners[key] > 1:
            notes.append(f"synonym {synonym!r} of {name!r} dropped: another class claims it")
            continue
        kept.append(synonym)
    return kept
