"""ImageNet and class-folder datasets: a starter taxonomy from a class index
(``imagenet_class_index.json``: ``{"0": ["n01440764", "tench"]}``, the names-only
``{"0": "tench"}`` or a list, or a synset list such as ``LOC_synset_mapping.txt``), or from
a class-folder dataset (its class index when it holds one, else its class folders' names in
sorted order, the order torchvision and Ultralytics number them in).

Each class keeps its index number as its stable id, gets the image-level label type
``class`` (``kind: multi_class``, the label the class-folder reader gives each image) and,
where the index names one, its wnid as an alias and as ``external_ids.imagenet``: the
class-folder reader reports a folder named ``n01440764`` as it is written, and the alias
matches it to ``tench``. ImageNet repeats names (two classes are "crane", two "maillot"): the
second keeps its wnid in its name (``crane_n03126707``), so no folder is read as the wrong
class. A synset's further words (``Tinca tinca``) become synonyms where no other class uses
them. The index is read by the reader's own ``formats.class_folders.index``, so a file the
checker reports is refused here with the same message.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

from taxonomist.core.errors import InvalidInput
from taxonomist.formats.class_folders import LABEL_TYPE, SPLITS
from taxonomist.formats.class_folders.index import (
    EXTERNAL_ID,
    IndexEntry,
    find_index,
    load_index,
)
from taxonomist.interop.importers import ImportOptions, ImportResult
from taxonomist.interop.importers.common import (
    NameBook,
    default_name,
    document_head,
    starter_document,
    stop_on_errors,
    to_name,
)
from taxonomist.taxonomy.resolved import normalize_name

HINT = (
    'expected a class index ({"0": ["n01440764", "tench"], ...}, {"0": "tench"} or a list), '
    "a synset list (n01440764 tench, Tinca tinca) or a class-folder dataset"
)


def import_taxonomy(path: Path, options: ImportOptions) -> ImportResult:
    """Build a taxonomy document from a class index or a class-folder dataset."""
    entries, source = _entries(path)
    if not entries:
        raise InvalidInput(f"{source}: the class index lists no class", hint=HINT)
    names, notes = _names(entries)
    synonyms = _free_words(entries, names)
    classes = {names[e.number]: _class(e, names[e.number], synonyms) for e in entries}
    title = default_name(path if path.is_dir() else source, options.name)
    head = document_head(title, f"{title} (imported class index)", _description(source))
    doc = starter_document(head, {LABEL_TYPE: {"kind": "multi_class"}}, classes)
    return ImportResult(document=doc, notes=(f"{len(classes)} classes", *notes))


def _description(source: Path) -> str:
    return (
        f"Starter taxonomy imported from `{source.name}` by `taxonomist import imagenet`. "
        "Class numbers are the stable ids; wnids are aliases. Add definitions and rules."
    )


def _entries(path: Path) -> tuple[list[IndexEntry], Path]:
    """The index entries at ``path``, and the file they come from."""
    if path.is_dir():
        found = find_index(path)
        if found is None:
            return _folder_entries(path), path
        path = found
    index, findings = load_index(path)
    stop_on_errors(findings, HINT)
    if index is None:  # pragma: no cover - the loader refuses a file only with an error
        raise InvalidInput(f"{path}: not a class index", hint=HINT)
    numbers = [e.number for e in index.entries]
    repeated = [n for n, count in Counter(numbers).items() if count > 1]
    if repeated:
        raise InvalidInput(f"{path}: class number {repeated[0]} is given twice", hint=HINT)
    return index.entries, path


def _folder_entries(root: Path) -> list[IndexEntry]:
    """Class folders of the dataset's splits (or of ``root`` itself), sorted by name."""
    splits = [root / s for s in SPLITS if (root / s).is_dir()] or [root]
    names: set[str] = set()
    for split in splits:
        try:
            names |= {p.name for p in split.iterdir() if p.is_dir() and p.name[:1] != "."}
        except OSError as exc:
            raise InvalidInput(f"{split}: cannot list: {exc.strerror or exc}") from None
    if not names:
        raise InvalidInput(f"{root}: no class folders found", hint=HINT)
    return [IndexEntry(i, None, name, place=f"/{name}") for i, name in enumerate(sorted(names))]


def _names(entries: list[IndexEntry]) -> tuple[dict[int, str], list[str]]:
    """Class number -> taxonomy name, unique; a repeated name takes its wnid (or number)."""
    book = NameBook()
    names: dict[int, str] = {}
    notes: list[str] = []
    for entry in entries:
        wanted = to_name(entry.name)
        fallback = entry.wnid or str(entry.number)
        if not wanted and not to_name(fallback):
            raise InvalidInput(f"class {entry.number}: unusable name {entry.name!r}", hint=HINT)
        name = book.claim(wanted, to_name(fallback))
        if wanted and name != wanted:
            notes.append(f"class {entry.number} {entry.name!r} is named {name!r} (a repeated name)")
        names[entry.number] = name
    return names, notes


def _free_words(entries: list[IndexEntry], names: dict[int, str]) -> set[str]:
    """The further words no other class uses as a word or a name: safe as synonyms."""
    uses = Counter(normalize_name(w) for e in entries for w in {e.name, *e.words})
    taken = {normalize_name(n) for n in names.values()}
    return {w for e in entries for w in e.words if uses[normalize_name(w)] == 1} - {
        w for e in entries for w in e.words if normalize_name(w) in taken
    }


def _class(entry: IndexEntry, name: str, free: set[str]) -> dict[str, Any]:
    spec: dict[str, Any] = {"id": entry.number}
    if entry.name != name and normalize_name(entry.name) != normalize_name(name):
        spec["title"] = entry.name
    aliases = []
    if entry.name != name and to_name(entry.name) == name:  # the files' spelling of the name
        aliases.append(entry.name)
    if entry.wnid and entry.wnid != name:
        aliases.append(entry.wnid)
    if aliases:
        spec["aliases"] = aliases
    synonyms = [w for w in entry.words if w in free]
    if synonyms:
        spec["synonyms"] = synonyms
    spec["label_types"] = [LABEL_TYPE]
    if entry.wnid:
        spec["external_ids"] = {EXTERNAL_ID: entry.wnid}
    return spec
