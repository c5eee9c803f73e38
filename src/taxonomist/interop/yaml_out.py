"""Deterministic, human-friendly YAML for taxonomy documents.

Keys keep the order the document was built in (importers build them in reading order: name,
version, ..., classes by id), short lists of scalars go on one line (``[box, keypoints]``),
multi-line text uses literal blocks. No anchors, no timestamps: the same document always
gives the same bytes. Files are written to a temporary file and renamed into place, so a
reader never sees half a taxonomy.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from taxonomist.core.files import write_atomic

FLOW_LIST_WIDTH = 80  # a scalar list this short (as text) stays on one line


class _Dumper(yaml.SafeDumper):
    """SafeDumper that never emits aliases and picks styles per node."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Lists indented under their key read better than PyYAML's flush-left default.
        super().increase_indent(flow, False)


# Unicode line breaks PyYAML would write raw with allow_unicode, and read back as spaces.
_UNICODE_BREAKS = frozenset("\x85\u2028\u2029")


def _represent_str(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    style = "|" if "\n" in data else None
    if _UNICODE_BREAKS & set(data):
        style = '"'
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


def _is_short_scalar_list(data: Sequence[Any]) -> bool:
    if not all(isinstance(item, str | int | float | bool) for item in data):
        return False
    if any(isinstance(item, str) and "\n" in item for item in data):
        return False
    return sum(len(str(item)) + 2 for item in data) <= FLOW_LIST_WIDTH


def _represent_list(dumper: yaml.SafeDumper, data: list[Any]) -> yaml.SequenceNode:
    flow = bool(data) and _is_short_scalar_list(data)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow)


def _represent_tuple(dumper: yaml.SafeDumper, data: tuple[Any, ...]) -> yaml.SequenceNode:
    return _represent_list(dumper, list(data))


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(list, _represent_list)
_Dumper.add_representer(tuple, _represent_tuple)


def dump_yaml(document: Mapping[str, Any], header: Sequence[str] = ()) -> str:
    """``document`` as YAML text; ``header`` lines become leading ``#`` comments."""
    body = yaml.dump(
        dict(document),
        Dumper=_Dumper,
        sort_keys=False,
        default_flow_style=False,
        allow_unicode=True,
        width=100,
        indent=2,
    )
    comments = "".join(f"# {line}".rstrip() + "\n" for line in header)
    return comments + body


def write_yaml(path: Path, document: Mapping[str, Any], header: Sequence[str] = ()) -> None:
    """Write ``document`` as YAML to ``path`` atomically."""
    write_atomic(path, dump_yaml(document, header), make_parents=True)
