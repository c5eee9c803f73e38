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

import math
from dataclasses import fields, is_dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from taxonomist.taxonomy import model as m
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


def decode(node: Any) -> Any:
    """The value ``encode`` turned into ``node``; ``CorruptEntry`` for anything it did not."""
    if node is None or isinstance(node, str | bool | int | float):
        return node
    if not isinstance(node, list) or not node or not isinstance(node[0], str):
        raise CorruptEntry(f"unexpected {type(node).__name__}")
    tag, *rest = node
    decoder = _DECODERS.get(tag)
    if decoder is None:
        raise CorruptEntry(f"unknown tag {tag[:20]!r}")
    try:
        return decoder(rest)
    except (TypeError, ValueError, KeyError) as exc:
        raise CorruptEntry(f"bad {tag!r} value: {exc}"[:200]) from None


def _dict(rest: list[Any]) -> dict[Any, Any]:
    if len(rest) % 2:
        raise CorruptEntry("odd dict")
    return {decode(rest[i]): decode(rest[i + 1]) for i in range(0, len(rest), 2)}


def _float(rest: list[Any]) -> float:
    (text,) = rest
    if text not in ("inf", "-inf", "nan"):
        raise CorruptEntry(f"not a non-finite float: {str(text)[:20]!r}")
    return float(text)


def _source_pos(rest: list[Any]) -> SourcePos:
    file, line, column = rest
    if not isinstance(file, str) or type(line) is not int or type(column) is not int:
        raise CorruptEntry("bad source position")
    return SourcePos(file, line, column)


def _path(rest: list[Any]) -> Path:
    (text,) = rest
    if not isinstance(text, str):
        raise CorruptEntry("bad path")
    return Path(text)


def _model(rest: list[Any]) -> BaseModel:
    name, values, fields_set = rest
    kind = MODELS[name]
    if not isinstance(values, dict) or values.keys() != _MODEL_FIELDS[name]:
        raise CorruptEntry(f"{name}: fields differ from the model's")
    if not isinstance(fields_set, list) or not values.keys() >= set(fields_set):
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


def _record(rest: list[Any]) -> object:
    name, values = rest
    kind = RECORDS[name]
    if not isinstance(values, dict) or tuple(values) != _RECORD_FIELDS[name]:
        raise CorruptEntry(f"{name}: fields differ from the record's")
    return kind(**{key: decode(item) for key, item in values.items()})


_DECODERS: dict[str, Any] = {
    "L": lambda rest: [decode(item) for item in rest],
    "T": lambda rest: tuple(decode(item) for item in rest),
    "Z": lambda rest: frozenset(decode(item) for item in rest),
    "D": _dict,
    "F": _float,
    "S": _source_pos,
    "P": _path,
    "M": _model,
    "R": _record,
}
