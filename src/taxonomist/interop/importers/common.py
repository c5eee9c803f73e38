"""What every importer needs: reading JSON safely, stopping where a format's reader refuses
a file, turning foreign labels into taxonomy names, and the skeleton of a document."""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import orjson

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import read_regular
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy.resolved import normalize_name

_INVALID_NAME_CHARS = re.compile(r"[^a-z0-9_.\-]+")
_REPEATED_UNDERSCORES = re.compile(r"_{2,}")
MAX_NAME = 128


def stop_on_errors(findings: Sequence[Finding], hint: str) -> None:
    """Raise ``InvalidInput`` for the first error a format's reader found in the file (its
    place and message; its hint, else ``hint``): an import refuses what the checker does."""
    for finding in findings:
        if finding.severity >= Severity.ERROR:
            where = finding.location.describe()
            raise InvalidInput(f"{where}: {finding.message}", hint=finding.hint or hint)


def read_input(path: Path, hint: str = "check the path") -> bytes:
    """The bytes of an importer's input, or ``InvalidInput`` naming the file and why: a FIFO
    or a device (``/dev/zero``) is refused at once instead of blocking or filling memory."""
    try:
        return read_regular(path)
    except OSError as exc:
        raise InvalidInput(f"{path}: cannot read: {exc.strerror or exc}", hint=hint) from None


def read_input_text(path: Path, hint: str = "check the path") -> str:
    """``read_input`` as UTF-8 text (``InvalidInput`` when it is not)."""
    try:
        return read_input(path, hint).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{path}: not UTF-8 text (byte {exc.start})", hint=hint) from None


def read_json(path: Path) -> Any:
    """Parse a JSON file, or raise ``InvalidInput`` naming the file and the place.

    orjson with the garbage collector paused: a COCO file with a million annotations parses
    in seconds instead of tens of seconds (the collector, not the parser, is the cost)."""
    text = read_input(path)
    paused = gc.isenabled()
    gc.disable()
    try:
        return orjson.loads(text.removeprefix(b"\xef\xbb\xbf"))
    except orjson.JSONDecodeError as exc:
        where = f":{exc.lineno}:{exc.colno}"
        raise InvalidInput(
            f"{path}{where}: not valid JSON: {exc.msg}", hint="is this the right file?"
        ) from None
    finally:
        if paused:
            gc.enable()


def bad_input(path: Path, pointer: str, message: str, hint: str) -> InvalidInput:
    """An ``InvalidInput`` pointing into a JSON file with a JSON pointer."""
    return InvalidInput(f"{path}#{pointer}: {message}", hint=hint)


def value_kind(value: Any) -> str:
    """What an attribute value found in a file is: ``bool``, ``int``, ``float``, ``text``,
    ``list`` or ``other`` (an object, null). The importers that learn attributes from the
    values files carry (COCO's ``attributes``, Datumaro, ``import dataset``) type them by it."""
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int):
        return "int"
    if isinstance(value, float):
        return "float"
    if isinstance(value, str):
        return "text"
    return "list" if isinstance(value, list) else "other"


def attribute_type(kinds: set[str]) -> str:
    """The attribute type that holds every value of ``kinds`` (from ``value_kind``): all
    booleans ``bool``, all whole numbers ``int``, numbers ``float``, anything else ``text``."""
    if kinds == {"bool"}:
        return "bool"
    if kinds == {"int"}:
        return "int"
    return "float" if kinds and kinds <= {"int", "float"} else "text"


def whole_number(value: Any) -> bool:
    """A usable id: an int >= 0 (JSON's true and false are not numbers)."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def category_list(
    path: Path, data: Any, hint: str, check: Callable[[Path, str, Any, set[int]], None]
) -> list[dict[str, Any]]:
    """The categories of a COCO-style file (``{"categories": [...]}`` or a bare list), sorted
    by id. ``check(path, pointer, category, ids_before)`` raises on a category it refuses."""
    raw = data.get("categories") if isinstance(data, dict) else data
    if not isinstance(raw, list) or not raw:
        raise bad_input(path, "/categories", "no categories found", hint)
    seen: set[int] = set()
    for index, category in enumerate(raw):
        check(path, f"/categories/{index}", category, seen)
        seen.add(category["id"])
    return sorted(raw, key=lambda c: int(c["id"]))


def to_name(text: str) -> str:
    """A foreign label as a taxonomy name (``^[a-z0-9][a-z0-9_.-]*$``): lower case, runs of
    other characters become one underscore. '' when nothing usable is left."""
    name = _INVALID_NAME_CHARS.sub("_", text.strip().lower())
    name = _REPEATED_UNDERSCORES.sub("_", name).strip("_.-")
    return name[:MAX_NAME].rstrip("_.-")


class NameBook:
    """Hands out names that stay unique under ``normalize_name`` (the loader's lookup key)."""

    def __init__(self) -> None:
        self._keys: set[str] = set()

    def taken(self, text: str) -> bool:
        return normalize_name(text) in self._keys

    def claim(self, wanted: str, fallback: str) -> str:
        """``wanted`` if free, else ``wanted_<fallback>``, else numbered variants."""
        candidates = [wanted or fallback, f"{wanted}_{fallback}" if wanted else fallback]
        candidates += [f"{candidates[1]}_{n}" for n in range(2, 1000)]
        for candidate in candidates:
            if not self.taken(candidate):
                self.reserve(candidate)
                return candidate
        raise InvalidInput(f"cannot find a free name for {wanted!r}")  # pragma: no cover

    def reserve(self, text: str) -> None:
        self._keys.add(normalize_name(text))


def default_name(path: Path, options_name: str | None) -> str:
    """The taxonomy name: the user's choice, else the file name as a name."""
    return to_name(options_name or path.stem) or "imported"


def document_head(name: str, title: str, description: str) -> dict[str, Any]:
    """The metadata every imported document starts with (no dates: output is deterministic)."""
    return {
        "name": name,
        "version": "0.1.0",
        "title": title,
        "description": description,
    }


def starter_document(
    head: dict[str, Any],
    label_types: dict[str, Any],
    classes: dict[str, Any],
    attributes: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """An imported document in the order it is written: ``head`` (see ``document_head``),
    the label types, the attributes (only when there are some), the classes."""
    doc = dict(head, label_types=label_types)
    if attributes:
        doc["attributes"] = attributes
    doc["classes"] = classes
    return doc


def id_base_above(ids: list[int]) -> int:
    """A round number well above ``ids`` for generated ids (e.g. 1000 above COCO's 1..90), so
    a later release of the source can add classes without colliding with them."""
    digits = len(str(max(ids, default=0)))
    return int(10 ** (digits + 1))
