"""The class index of an ImageNet-style dataset: which number, WordNet id (wnid) and name
each class has. The vocabulary the class-folder reader, ``taxonomist import imagenet`` and
``taxonomist export --to imagenet`` share.

Three layouts are read:

* ``imagenet_class_index.json`` as Keras publishes it: ``{"0": ["n01440764", "tench"], ...}``;
* the names-only variant: ``{"0": "tench", ...}`` or a list ``["tench", ...]`` (a list of
  ``[wnid, name]`` pairs too);
* a synset list, one class a line in index order: ``n01440764 tench, Tinca tinca``
  (``LOC_synset_mapping.txt``, Caffe's ``synset_words.txt``), also with `` : `` between the
  wnid and the words, as some copies write it. The first of the comma-separated words is the
  name, the others are further words for it.

``load_index`` reads one file as safely as the readers read annotation files and gives the
problems as findings (``S002`` at a JSON pointer or a line), so the importer refuses what
the checker reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.files import read_regular
from taxonomist.core.findings import Finding
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats._io.json_file import read_json_file
from taxonomist.formats.codes import ENCODING, FILE_UNREADABLE, WRONG_TOP_LEVEL_SHAPE, WRONG_TYPE

INDEX_FILES = (
    "imagenet_class_index.json",
    "LOC_synset_mapping.txt",
    "synset_words.txt",
)
WNID = re.compile(r"n[0-9]{8}", re.ASCII)
EXTERNAL_ID = "imagenet"  # a class's wnid in a taxonomy: external_ids: {imagenet: n01440764}
MAX_INDEX_BYTES = 16 * 1024 * 1024
_KEY = re.compile(r"0|[1-9][0-9]{0,8}", re.ASCII)
_SYNSET = re.compile(r"\s*(n[0-9]{8})\s*(?::\s*|\s)\s*(\S.*?)\s*", re.ASCII)


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """One class of the index: its number, wnid (None in the names-only layouts), name,
    further words, and where it is (``#/0`` pointer or ``:3`` line)."""

    number: int
    wnid: str | None
    name: str
    words: tuple[str, ...] = ()
    place: str = ""


@dataclass(slots=True)
class ClassIndex:
    path: Path
    entries: list[IndexEntry] = field(default_factory=list)

    def names(self) -> set[str]:
        """Every wnid and name the index gives (what a class folder may be called)."""
        found = {e.name for e in self.entries} | {e.wnid for e in self.entries if e.wnid}
        return found | {e.name.replace("_", " ") for e in self.entries}


def find_index(folder: Path) -> Path | None:
    """The class index file in ``folder``, if it holds one."""
    for name in INDEX_FILES:
        candidate = folder / name
        try:
            if candidate.is_file():
                return candidate
        except OSError:
            continue
    return None


def load_index(path: Path) -> tuple[ClassIndex | None, list[Finding]]:
    """The index at ``path`` (None when it cannot be read at all), with its findings."""
    builder = DatasetBuilder(str(path), "class-folders")
    if _is_json(path):
        loaded = read_json_file(path, builder)
        index = None if loaded is None else _from_json(builder, path, loaded.value)
    else:
        text = _text(builder, path)
        index = None if text is None else _from_synsets(builder, path, text)
    return index, builder.findings


def _is_json(path: Path) -> bool:
    """A ``.json`` file, or one not named ``.txt`` whose text starts as JSON does."""
    suffix = path.suffix.lower()
    if suffix in (".json", ".txt"):
        return suffix == ".json"
    try:
        head = read_regular(path, 64, head=True)
    except OSError:
        return False  # the text reader reports it
    return head.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] in (b"{", b"[")


def _from_json(builder: DatasetBuilder, path: Path, value: Any) -> ClassIndex | None:
    if isinstance(value, list):
        items = [(str(i), v) for i, v in enumerate(value)]
    elif isinstance(value, dict):
        items = list(value.items())
    else:
        message = 'a class index is an object {"0": [wnid, name]} or a list of names'
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, Place(builder.source, pointer=""))
        return None
    index = ClassIndex(path)
    for key, item in items:
        where = Place(builder.source, pointer=f"/{key}")
        entry = _json_entry(key, item)
        if isinstance(entry, str):
            builder.report(WRONG_TYPE, entry, where)
        else:
            index.entries.append(entry)
    index.entries.sort(key=lambda e: e.number)
    return index


def _json_entry(key: str, item: Any) -> IndexEntry | str:
    """The entry, or why there is none."""
    if not _KEY.fullmatch(key):
        return f"key {key[:40]!r} is not a class number (0, 1, 2, ...)"
    if isinstance(item, str) and item.strip():
        wnid = item if WNID.fullmatch(item) else None
        return IndexEntry(int(key), wnid, item, place=f"#/{key}")
    pair = isinstance(item, list) and len(item) == 2 and all(isinstance(v, str) for v in item)
    if pair and WNID.fullmatch(item[0]) and item[1].strip():
        return IndexEntry(int(key), item[0], item[1], place=f"#/{key}")
    return f'class {key} is neither a name nor a ["n01440764", "tench"] pair'


def _text(builder: DatasetBuilder, path: Path) -> str | None:
    try:
        data = read_regular(path, MAX_INDEX_BYTES)
    except OSError as exc:
        message = f"cannot read the class index: {exc.strerror or exc}"
        builder.report(FILE_UNREADABLE, message, Place(str(path)))
        return None
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        builder.report(ENCODING, "the class index is not UTF-8", Place(str(path), line))
        return None


def _from_synsets(builder: DatasetBuilder, path: Path, text: str) -> ClassIndex:
    index = ClassIndex(path)
    for line_number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _SYNSET.fullmatch(line)
        if match is None:
            message = "a synset line is a wnid and its words: n01440764 tench, Tinca tinca"
            builder.report(WRONG_TYPE, message, Place(str(path), line_number, 1))
            continue
        words = tuple(w.strip() for w in match.group(2).split(",") if w.strip())
        if not words:
            message = "the synset has no name after its wnid"
            builder.report(WRONG_TYPE, message, Place(str(path), line_number, 1))
            continue
        number = len(index.entries)
        entry = IndexEntry(number, match.group(1), words[0], words[1:], f":{line_number}")
        index.entries.append(entry)
    return index
