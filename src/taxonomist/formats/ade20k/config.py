"""The vocabulary of ADE20K, read by the reader and the importer.

SceneParsing (ADEChallengeData2016): ``annotations/{training,validation}/<stem>.png`` hold
class indices 0..150 (0: "other objects", not evaluated) of ``objectInfo150.csv``
(``Idx,Ratio,Train,Val[,Stuff],Name``, the name column holding synonyms separated by ``;``;
``objectInfo150.txt`` is the same table tab-separated with ``, `` between synonyms); images
are ``images/<split>/<stem>.jpg``.

The full dataset (2017 and 2021 releases): per image ``<stem>.jpg``, ``<stem>_seg.png``
(class = R / 10 x 256 + G in ADE's full object index, instance in B), ``<stem>_parts_N.png``
(the same for part level N), and ``<stem>_atr.txt`` (2017: ``instance # part_level #
occluded # class_name # raw_name # "attributes"`` a line) or ``<stem>.json`` (2021:
``annotation.object`` [{id, name, name_ndx, raw_name, attributes, occluded, parts
{ispartof, part_level, ...}, polygon {x, y}, instance_mask}]).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

SCENE_SPLITS = ("training", "validation")
ANNOTATIONS = "annotations"
IMAGES = "images"
OTHER = 0  # SceneParsing's "other objects": not a class, not evaluated
SEG = "_seg"
PARTS = re.compile(r"_parts_(\d{1,3})$")
ATR = "_atr.txt"
ATR_COLUMNS = 6


@dataclass(frozen=True, slots=True)
class ClassRow:
    """One row of ``objectInfo150``: its index, its names (the first is the name), stuff."""

    index: int
    names: tuple[str, ...]
    stuff: bool | None = None
    line: int = 0


def parse_object_info(text: str) -> tuple[list[ClassRow], list[tuple[int, str]]]:
    """The rows of an ``objectInfo150.csv`` / ``.txt`` text, and ``(line, message)`` for
    each row that is not usable."""
    lines = text.lstrip("\ufeff").splitlines()
    if not lines:
        return [], [(1, "the table is empty")]
    tab = "\t" in lines[0]
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter="\t" if tab else ",")
    try:
        table = list(reader)
    except csv.Error as exc:
        return [], [(reader.line_num, f"not a table: {exc}")]
    header = [h.strip().lower() for h in table[0]]
    if "idx" not in header or "name" not in header:
        return [], [(1, "the header has no Idx and Name columns")]
    return _rows(table[1:], header, ", " if tab else ";")


def _rows(
    table: list[list[str]], header: list[str], separator: str
) -> tuple[list[ClassRow], list[tuple[int, str]]]:
    rows, problems = [], []
    idx, name = header.index("idx"), header.index("name")
    stuff = header.index("stuff") if "stuff" in header else None
    for line, cells in enumerate(table, 2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append((line, f"{len(cells)} columns, the header has {len(header)}"))
            continue
        index = cells[idx].strip()
        names = tuple(n.strip() for n in cells[name].split(separator) if n.strip())
        if not index.isascii() or not index.isdigit() or not names:
            problems.append((line, "a row needs a whole Idx and a Name"))
            continue
        flag = cells[stuff].strip() if stuff is not None else ""
        rows.append(ClassRow(int(index), names, {"1": True, "0": False}.get(flag), line))
    return rows, problems
