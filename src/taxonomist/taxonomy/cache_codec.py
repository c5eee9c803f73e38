"""The data form of a resolved ``Taxonomy`` in the cache: JSON values, never code.

A pickle names any callable and runs it when loaded, so a file planted in the cache folder
would run on the next ``check``. This form names nothing but the classes in two closed
tables below (the language's models and the resolved taxonomy's records); every other value
is JSON. Non-JSON values are lists tagged by their first element::

    ["L", item, ...]  list           ["T", item, ...]  tuple       ["Z", item, ...]  frozenset
    ["D", key, value, ...]  dict      ["P", "a/b"]  Path            ["F", "inf"]  non-finite float
    ["S", file, line, column]  SourcePos
    ["M", "ClassDef", {field: value}, [fields set]]  a model of the language
    ["R", "TaxonomyClass", {field: value}]  a record of the resolved taxonomy

Decoding checks the shape (known tag, a class from the tables, exactly the fields that class
declares) and raises ``CorruptEntry`` for anything else. Field values are not validated again:
they came out of validated models, and re-validating would build every pydantic schema, a
third of a cached check's time; a wrong value can only come from someone who may write to
the user's own private cache folder.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterator
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.lock import Lock, LockedClass
from taxonomist.taxonomy.resolved import ResolvedRule, SourcePos, Taxonomy, TaxonomyClass

MODELS: dict[str, type[BaseModel]] = {
    name: found
    for name in m.__all__
    if isinstance(found := getattr(m, name), type) and issubclass(found, BaseModel)
}
RECORDS: dict[str, type] = {
    "Taxonomy": Taxonomy,
    "TaxonomyClass": TaxonomyClass,
    "ResolvedRule": ResolvedRule,
    "Lock": Lock,
    "LockedClass": LockedClass,
}


def _init_fields(kind: type) -> tuple[str, ...]:
    """The fields a record is built from (private lookup tables are rebuilt by the record)."""
    return tuple(f.name for f in fields(kind) if f.init and not f.name.startswith("_"))


_RECORD_FIELDS = {name: _init_fields(kind) for name, kind in RECORDS.items()}
_MODEL_FIELDS = {name: frozenset(kind.model_fields) for name, kind in MODELS.items()}


class CorruptEntry(ValueError):
    """A stored value this codec did not write: the entry is a miss."""


class Unstorable(TypeError):
    """A value this codec cannot write exactly: the taxonomy is not cached."""


def encode(value: Any) -> Any:
    """``value`` as JSON values, tagged where JSON has no form of its own."""
    if value is None or isinstance(value, str | bool | int):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else ["F", repr(value)]
    if isinstance(value, SourcePos):
        return ["S", value.file, value.line, value.column]
    if isinstance(value, BaseModel):
        return _encode_model(value)
    if is_dataclass(value) and not isinstance(value, type):
        return _encode_record(value)
    if isinstance(value, Path):
        return ["P", str(value)]
    if isinstance(value, dict):
        return ["D", *(encode(part) for pair in value.items() for part in pair)]
    for kind, tag in ((list, "L"), (tuple, "T"), (frozenset, "Z")):
        if type(value) is kind:
            return [tag, *(encode(item) for item in value)]
    raise Unstorable(type(value).__name__)


def _encode_model(value: BaseModel) -> list[Any]:
    name = type(value).__name__
    if MODELS.get(name) is not type(value):
        raise Unstorable(name)
    values = {key: encode(item) for key, item in value.__dict__.items()}
    return ["M", name, values, sorted(value.model_fields_set)]


def _encode_record(value: object) -> list[Any]:
    name = type(value).__name__
    if RECORDS.get(name) is not type(value):
        raise Unstorable(name)
    return ["R", name, {key: encode(getattr(value, key)) for key in _RECORD_FIELDS[name]}]


_SCALARS = frozenset({str, int, float, bool, type(None)})


def decode(node: Any) -> Any:
    """The value ``encode`` turned into ``node``; ``CorruptEntry`` for anything it did not."""
    kind = type(node)
    if kind in _SCALARS:
        return node
    if kind is not list or not node:
        raise CorruptEntry(f"unexpected {kind.__name__}")
    decoder = _DECODERS.get(node[0])
    if decoder is None:
        raise CorruptEntry(f"unknown tag {str(node[0])[:20]!r}")
    try:
        return decoder(node)
    except (TypeError, ValueError, KeyError) as exc:
        raise CorruptEntry(f"bad {node[0]!r} value: {exc}"[:200]) from None


def _items(node: list[Any]) -> Iterator[Any]:
    """The decoded items of a tagged list (everything after its tag)."""
    return map(decode, itertools.islice(node, 1, None))


def _dict(node: list[Any]) -> dict[Any, Any]:
    if not len(node) % 2:
        raise CorruptEntry("odd dict")
    items = _items(node)
    return dict(zip(items, items, strict=True))


def _float(node: list[Any]) -> float:
    _tag, text = node
    if text not in ("inf", "-inf", "nan"):
        raise CorruptEntry(f"not a non-finite float: {str(text)[:20]!r}")
    return float(text)


def _source_pos(node: list[Any]) -> SourcePos:
    _tag, file, line, column = node
    if type(file) is not str or type(line) is not int or type(column) is not int:
        raise CorruptEntry("bad source position")
    return SourcePos(file, line, column)


def _path(node: list[Any]) -> Path:
    _tag, text = node
    if type(text) is not str:
        raise CorruptEntry("bad path")
    return Path(text)


def _model(node: list[Any]) -> BaseModel:
    _tag, name, values, fields_set = node
    kind = MODELS[name]
    if type(values) is not dict or values.keys() != _MODEL_FIELDS[name]:
        raise CorruptEntry(f"{name}: fields differ from the model's")
    if type(fields_set) is not list or not values.keys() >= set(fields_set):
        raise CorruptEntry(f"{name}: bad set fields")
    model = kind.__new__(kind)
    # the state pydantic's own unpickling restores: the fields' values, no validator run
    model.__setstate__(
        {
            "__dict__": {key: decode(item) for key, item in values.items()},
            "__pydantic_fields_set__": set(fields_set),
            "__pydantic_extra__": None,
            "__pydantic_private__": None,
        }
    )
    return model


def _record(node: list[Any]) -> object:
    _tag, name, values = node
    kind = RECORDS[name]
    if type(values) is not dict or tuple(values) != _RECORD_FIELDS[name]:
        raise CorruptEntry(f"{name}: fields differ from the record's")
    return kind(**{key: decode(item) for key, item in values.items()})


_DECODERS: dict[str, Callable[[list[Any]], Any]] = {
    "L": lambda node: list(_items(node)),
    "T": lambda node: tuple(_items(node)),
    "Z": lambda node: frozenset(_items(node)),
    "D": _dict,
    "F": _float,
    "S": _source_pos,
    "P": _path,
    "M": _model,
    "R": _record,
}
