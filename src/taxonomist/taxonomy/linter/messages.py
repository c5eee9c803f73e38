"""Pydantic validation errors as findings: plain words, the right code, the exact place.

A pydantic error's ``loc`` is mapped back onto the document (union member tags skipped) to
find the JSON pointer, and so the line and column, of the offending key or value; errors
from the union members that got less far than another are dropped as noise
(``linter.error_paths``). The words of the language that hints offer come from
``linter.vocabulary``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding
from taxonomist.core.pointer import pointer
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.linter.error_paths import best_branches, kept, walk_loc
from taxonomist.taxonomy.linter.vocabulary import (
    ENTRY_WORDS,
    VOCABULARY,
    did_you_mean,
    fields_for,
    model_fields,
)
from taxonomist.taxonomy.source.document import SourceDoc, location

UNKNOWN_KEY = CodeDoc(
    code="T102",
    name="unknown-key",
    family="structure",
    summary="A key the language does not know.",
    why="A misspelt key would otherwise be ignored.",
    bad="colour: '#ff0000'",
    good="color: '#ff0000'",
)

MISSING_KEY = CodeDoc(
    code="T103",
    name="missing-key",
    family="structure",
    summary="A required key is missing.",
    why="The value is needed to use the entry.",
    bad="person: {definition: A human.}",
    good="person: {id: 1, definition: A human.}",
)

WRONG_TYPE = CodeDoc(
    code="T104",
    name="wrong-type",
    family="structure",
    summary="A value has the wrong type.",
    why="The value cannot be used as written.",
    bad="id: one",
    good="id: 1",
)

INVALID_VALUE = CodeDoc(
    code="T105",
    name="invalid-value",
    family="structure",
    summary="A value is outside what the field allows (pattern, range, choice).",
    why="The value cannot be used as written.",
    bad="color: red",
    good="color: '#ff0000'",
)

INVALID_NAME = CodeDoc(
    code="T106",
    name="invalid-name",
    family="structure",
    summary="A class, attribute or rule name is malformed.",
    why="Names are stable identifiers used in files, URLs and code.",
    bad="Traffic Light: {id: 3}",
    good="traffic_light: {id: 3}",
)

INCONSISTENT_ENTRY = CodeDoc(
    code="T107",
    name="inconsistent-entry",
    family="structure",
    summary="An entry contradicts itself.",
    why="The combination of values has no meaning.",
    bad="old: {id: 4, replaced_by: new}",
    good="old: {id: 4, deprecated: true, replaced_by: new}",
)

CODES: tuple[CodeDoc, ...] = (
    UNKNOWN_KEY,
    MISSING_KEY,
    WRONG_TYPE,
    INVALID_VALUE,
    INVALID_NAME,
    INCONSISTENT_ENTRY,
)


_TYPE_ERRORS = frozenset(
    {
        "int_parsing",
        "int_type",
        "int_from_float",
        "float_parsing",
        "float_type",
        "bool_parsing",
        "bool_type",
        "string_type",
        "list_type",
        "tuple_type",
        "dict_type",
        "model_type",
        "model_attributes_type",
        "is_instance_of",
        "none_required",
    }
)
_DOCUMENT_FIELDS = model_fields(m.TaxonomyDocument)


def _context(parts: Sequence[str | int]) -> str:
    if len(parts) >= 2 and str(parts[0]) in ENTRY_WORDS:
        return f" in {ENTRY_WORDS[str(parts[0])]} {str(parts[1])!r}"
    return ""


def _describe(
    err: ErrorDetails, parts: list[str | int], fields: Sequence[str]
) -> tuple[CodeDoc, str, str | None]:
    """(code, message, hint) for one pydantic error at the data path ``parts``."""
    kind = err["type"]
    loc = err["loc"]
    where = _context(parts)
    last = str(loc[-1]) if loc else ""
    if kind == "extra_forbidden":
        return UNKNOWN_KEY, f"unknown key {last!r}{where}", did_you_mean(last, fields)
    if kind == "missing":
        return MISSING_KEY, f"missing required key {last!r}{where}", None
    if kind == "union_tag_not_found":
        tag = str(err.get("ctx", {}).get("discriminator", "kind")).strip("'")
        return MISSING_KEY, f"missing required key {tag!r}{where}", None
    if kind == "union_tag_invalid":
        ctx = err.get("ctx", {})
        expected = [t.strip("' ") for t in str(ctx.get("expected_tags", "")).split(",")]
        tag = str(ctx.get("tag", ""))
        suggestion = did_you_mean(tag, expected) or f"use one of: {', '.join(expected)}"
        field = str(ctx.get("discriminator", "kind")).strip("'")
        what = {"name": "check name", "type": "attribute type"}.get(field, field)
        return INVALID_VALUE, f"{tag!r} is not a known {what}{where}", suggestion
    if "[key]" in loc:
        word = ENTRY_WORDS.get(str(loc[0]), "entry").removesuffix(" of")
        return INVALID_NAME, f"{err['input']!r} is not a valid {word} name", _name_hint(err)
    if kind in _TYPE_ERRORS:
        words = _YAML_WORDS if isinstance(err.get("input"), bool) else None
        return WRONG_TYPE, f"{_prefix(parts)}{_field(parts)} {_should(err)}", words
    if kind == "value_error":
        message = err["msg"].removeprefix("Value error, ")
        return INCONSISTENT_ENTRY, f"{_prefix(parts)}{message}", None
    return INVALID_VALUE, f"{_prefix(parts)}{_field(parts)} {_should(err)}", _hint(err)


def _prefix(parts: Sequence[str | int]) -> str:
    where = _context(parts).removeprefix(" in ")
    return f"{where}: " if where else ""


_YAML_WORDS = "quote it: YAML reads yes, no, on, off, true and false as booleans"


def _should(err: ErrorDetails) -> str:
    """'should be a valid integer, not 'x'' from pydantic's 'Input should be ...' message."""
    return f"{_expectation(err)}, {_got(err)}"


_PYDANTIC_WORDS = re.compile(r"a valid dictionary( or instance of \w+)?")


def _expectation(err: ErrorDetails) -> str:
    text = err["msg"]
    text = text.removeprefix("Input ").removeprefix("String ").removeprefix("Value ")
    text = text.split(", unable", 1)[0].split(", got", 1)[0]
    text = _PYDANTIC_WORDS.sub("a mapping", text).replace("a valid list", "a list")
    if not text.startswith("should"):
        text = f"is invalid: {text[0].lower()}{text[1:]}" if text else "is invalid"
    return text


def _got(err: ErrorDetails) -> str:
    value = err.get("input")
    if isinstance(value, str | int | float | bool) or value is None:
        return f"not {value!r}"
    return f"not a {type(value).__name__}"


def _either(errs: list[ErrorDetails], parts: list[str | int]) -> tuple[CodeDoc, str, str | None]:
    """One message for a value that no member of a union accepts."""
    wanted = [_expectation(e).removeprefix("should ") for e in errs]
    code = WRONG_TYPE if any(e["type"] in _TYPE_ERRORS for e in errs) else INVALID_VALUE
    message = f"{_prefix(parts)}{_field(parts)} should {', or '.join(wanted)}, {_got(errs[0])}"
    hint = next((h for e in errs if (h := _hint(e)) is not None), None)
    return code, message, hint


def _field(parts: Sequence[str | int]) -> str:
    inner = parts[2:] if len(parts) > 2 and str(parts[0]) in ENTRY_WORDS else parts
    return repr("/".join(map(str, inner))) if inner else "document"


def _name_hint(err: ErrorDetails) -> str:
    """Why the name is refused, and the nearest name that would be accepted."""
    pattern = str(err.get("ctx", {}).get("pattern"))
    text = str(err.get("input")).lower()
    if pattern == m.RULE_ID_PATTERN:
        fixed = re.sub(r"[^a-z0-9]+", "-", text).strip("-")
    else:
        fixed = re.sub(r"[^a-z0-9_.\-]+", "_", text).strip("_.-")
    rule = _PATTERN_HINTS.get(pattern) or _PATTERN_HINTS[m.NAME_PATTERN]
    return f"{rule}; try {fixed!r}" if fixed else rule


_PATTERN_HINTS = {
    m.COLOR_PATTERN: "write colours as '#rrggbb' (quoted: YAML reads # as a comment)",
    m.NAME_PATTERN: "names are lower case letters, digits, '_', '-' and '.'",
    m.SEMVER_PATTERN: "versions are MAJOR.MINOR.PATCH, e.g. 1.0.0",
    m.RULE_ID_PATTERN: "rule ids are kebab-case: lower case words joined by '-'",
    r"^\$[a-z0-9][a-z0-9_]*$": "a number, or a threshold reference like $min_height",
}


def _hint(err: ErrorDetails) -> str | None:
    ctx = err.get("ctx", {})
    if err["type"] == "literal_error":
        expected = str(ctx.get("expected", ""))
        choices = re.findall(r"'([^']*)'", expected)
        return did_you_mean(str(err.get("input")), choices) or f"use {expected}"
    if err["type"] == "string_pattern_mismatch":
        return _PATTERN_HINTS.get(str(ctx.get("pattern")))
    return None


def errors_to_findings(
    exc: ValidationError,
    data: Any,
    src: SourceDoc,
    prefix: tuple[str, ...] = (),
    top: type[BaseModel] | None = None,
) -> list[Finding]:
    """One finding per distinct problem, at the line and column of the offending value."""
    errors = exc.errors(include_url=False)
    walked = [walk_loc(data, err) for err in errors]
    best = best_branches(walked)
    out: dict[tuple[str, str, str], Finding] = {}
    unions: dict[str, tuple[list[str | int], list[ErrorDetails]]] = {}
    for err, item in zip(errors, walked, strict=True):
        if not kept(item, best):
            continue  # another member of a union got further: this error is noise
        parts = [*prefix, *item.path]
        if item.value_level():
            # The value itself failed every member: one finding naming every option.
            unions.setdefault(pointer(*parts), (parts, []))[1].append(err)
            continue
        finding = _finding(err, parts, src, prefix, top=top)
        out.setdefault((finding.code, finding.location.pointer or "", _missing(err)), finding)
    for parts, errs in unions.values():
        finding = _finding(errs[0], parts, src, prefix, top=top, union=errs)
        out.setdefault((finding.code, finding.location.pointer or "", ""), finding)
    return list(out.values())


def _missing(err: ErrorDetails) -> str:
    """The key a 'missing' error is about: every missing key of an entry sits at the entry's
    own pointer, so without it all but the first were dropped as duplicates."""
    return str(err["loc"][-1]) if err["type"] == "missing" and err["loc"] else ""


def _finding(
    err: ErrorDetails,
    parts: list[str | int],
    src: SourceDoc,
    prefix: tuple[str, ...],
    *,
    top: type[BaseModel] | None,
    union: list[ErrorDetails] | None = None,
) -> Finding:
    fields = fields_for(prefix) if len(parts) == len(prefix) + 1 else VOCABULARY
    if top is not None and len(parts) == 1:
        fields = sorted(model_fields(top))
    if union and len(union) > 1:
        code, message, hint = _either(union, parts)
    else:
        code, message, hint = _describe(err, parts, fields)
    if top is m.Fragment and code is UNKNOWN_KEY and str(parts[0]) in _DOCUMENT_FIELDS:
        message = f"{message} (an included fragment holds sections only)"
        hint = "move it to the main taxonomy file"
    ptr = pointer(*parts)
    pos = src.pos(ptr, key=code in (UNKNOWN_KEY, MISSING_KEY, INVALID_NAME))
    return code.finding(message, location(pos, src.label, ptr), hint=hint)
