"""ADE20K class tables: a starter taxonomy from SceneParsing's ``objectInfo150.csv`` (or
``objectInfo150.txt``; the table ``formats.ade20k.config`` reads), or from a Datumaro
``dataset_meta.json`` (``{"label_map": {"0": "sky", ...}}``, as Datumaro writes beside an
ADE20K export).

From objectInfo150: ``Idx`` is the class ``id`` (what the annotation PNGs hold), the first
name of the Name column is the class name and the others its synonyms (a synonym another
class already has is left out: ``screen`` is three classes' synonym), the ``Stuff`` column
(where present) says stuff or thing. The CSV writes ``;`` both between synonyms and between
the words of one (``coffee;table;cocktail;table``), so its names are read from the
``objectInfo150.txt`` beside it when there is one (``coffee table, cocktail table``); without
it, a CSV name is the whole column, its ``;`` read as ``_``. 0, "other objects", is the mask
label type's void value, not a class. From ``dataset_meta.json`` (no void value): each label,
its key as id; the full dataset's objects are matched by name (their ``raw_name``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.ade20k.config import OTHER, ClassRow, parse_object_info
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    read_input_text,
    read_json,
    to_name,
)
from taxonomist.taxonomy.paths import is_file

HINT = (
    "expected SceneParsing's objectInfo150.csv (Idx,Ratio,Train,Val,Name) or a Datumaro "
    'dataset_meta.json ({"label_map": {"0": "name", ...}})'
)


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from an ADE20K class table."""
    if path.suffix.lower() == ".json":
        rows = _meta_rows(path)
        title, source = "Imported from an ADE20K dataset_meta.json", "Datumaro dataset meta file"
    else:
        rows = _table_rows(path)
        title, source = "Imported from ADE20K objectInfo150", "SceneParsing class table"
    book = NameBook()
    names_of = {index: book.claim(to_name(names[0]), str(index)) for index, names, _ in rows}
    classes: dict[str, Any] = {}
    for index, names, stuff in rows:
        name = names_of[index]
        entry: dict[str, Any] = {"id": index}
        if names[0] != name:
            entry["aliases"] = [names[0]]
            book.reserve(names[0])
        others = [n for n in dict.fromkeys(names[1:]) if not book.taken(n)]
        for other in others:
            book.reserve(other)
        if others:
            entry["synonyms"] = others
        entry["label_types"] = ["outline", "segmentation"]
        if stuff is not None:
            entry["kind"] = "stuff" if stuff else "thing"
        classes[name] = entry
    doc = document_head(
        default_name(path, options.name),
        title,
        f"Starter taxonomy imported from the ADE20K {source} `{path.name}` by "
        "`taxonomist import ade20k`. Ids are the class indices masks hold; 0 is "
        '"other objects", the masks\' void.',
    )
    mask: dict[str, Any] = {"kind": "mask", "mode": "semantic"}
    if path.suffix.lower() != ".json":
        mask["void_value"] = OTHER  # SceneParsing's "other objects"
    doc["label_types"] = {"outline": {"kind": "polygon"}, "segmentation": mask}
    doc["classes"] = classes
    return ImportResult(document=doc)


def _table_rows(path: Path) -> list[tuple[int, tuple[str, ...], bool | None]]:
    rows = _table(path)
    beside = path.with_suffix(".txt")
    if path.suffix.lower() == ".csv" and is_file(beside):
        spelled = {r.index: r.names for r in _table(beside)}
        if set(spelled) == {r.index for r in rows}:
            return [(r.index, spelled[r.index], r.stuff) for r in rows]
    if path.suffix.lower() == ".csv":
        return [(r.index, ("_".join(r.names),), r.stuff) for r in rows]
    return [(r.index, r.names, r.stuff) for r in rows]


def _table(path: Path) -> list[ClassRow]:
    rows, problems = parse_object_info(read_input_text(path, HINT))
    if problems:
        line, message = problems[0]
        raise InvalidInput(f"{path}:{line}: {message}", hint=HINT)
    if not rows:
        raise InvalidInput(f"{path}: no classes found", hint=HINT)
    seen: set[int] = set()
    for row in rows:
        if row.index in seen or row.index == OTHER:
            reason = "is used twice" if row.index in seen else "is SceneParsing's 'other objects'"
            raise InvalidInput(f"{path}:{row.line}: Idx {row.index} {reason}", hint=HINT)
        seen.add(row.index)
    return rows


def _meta_rows(path: Path) -> list[tuple[int, tuple[str, ...], bool | None]]:
    data = read_json(path)
    labels = data.get("label_map") if isinstance(data, dict) else None
    if not isinstance(labels, dict) or not labels:
        raise InvalidInput(f"{path}#/label_map: no label_map object", hint=HINT)
    rows = []
    for key, name in labels.items():
        if not key.isascii() or not key.isdigit() or not isinstance(name, str) or not name:
            raise InvalidInput(f"{path}#/label_map/{key}: not an index and a name", hint=HINT)
        rows.append((int(key), (name,), None))
    return sorted(rows)
