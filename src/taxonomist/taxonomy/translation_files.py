"""Read a taxonomy's translations: its ``translations:`` block and the files beside it.

A translation is written inline (``translations: {de: {...}}`` in the taxonomy) or in a file
of its own beside the taxonomy, ``<taxonomy>.<language>.yaml`` (``demo.de.yaml`` for
``demo.yaml``), holding ``translation_of: demo.yaml``, ``language: de`` and the same body as
one inline entry: a translator adds a language without touching the reviewed taxonomy.
Loading a taxonomy reads every such file; its positions are kept under
``/translations/<language>`` like an inline one's, and its findings name its own file.

Each body is validated entry by entry, as the sections of a taxonomy are, so one bad entry
does not hide the others. What the body names (classes, rules, ...) is checked against the
resolved taxonomy by ``linter.translations``. Only the main file's translations are read: a
base taxonomy's are not inherited (its text may have been refined away).
"""

from __future__ import annotations

import glob
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding
from taxonomist.core.pointer import escape, pointer, split
from taxonomist.core.text import shorten
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.linter.messages import (
    MISSING_KEY,
    UNKNOWN_KEY,
    WRONG_TYPE,
    errors_to_findings,
)
from taxonomist.taxonomy.linter.vocabulary import did_you_mean, model_fields
from taxonomist.taxonomy.merged import Merged, TranslationPlace
from taxonomist.taxonomy.paths import is_file, resolve_path
from taxonomist.taxonomy.source import read_source
from taxonomist.taxonomy.source.document import SourceDoc, location

UNTRANSLATABLE_FIELD = CodeDoc(
    code="T702",
    name="untranslatable-field",
    family="translations",
    summary="A translation gives a field that is never translated (an id, a name, a colour, "
    "a value, a number), or one the entry does not have.",
    why="Names, ids and numbers are the same in every language; a translated one would be "
    "ignored, and a misspelt field would leave its text untranslated without a word.",
    bad="translations: {de: {classes: {cup: {color: '#ff0000'}}}}",
    good="translations: {de: {classes: {cup: {title: Tasse}}}}",
)

INVALID_LANGUAGE = CodeDoc(
    code="T703",
    name="invalid-language",
    family="translations",
    summary="A language is not a BCP 47 tag (de, pt-BR, zh-Hant), or a translation is into "
    "the taxonomy's own language.",
    why="The tag names the site's language folder and its lang attribute; a translation "
    "into the source language would replace the reviewed text.",
    bad="translations: {de_DE: {title: Haushalt}}",
    good="translations: {de-DE: {title: Haushalt}}",
)

MISPLACED_TRANSLATION = CodeDoc(
    code="T704",
    name="misplaced-translation",
    family="translations",
    summary="A translation file is not named <taxonomy>.<language>.yaml beside the taxonomy "
    "it translates, or names a translation instead of a taxonomy.",
    why="Loading the taxonomy looks for its translations by that name only; this one would "
    "never reach the site.",
    bad="demo-german.yaml: {translation_of: demo.yaml, language: de}",
    good="demo.de.yaml: {translation_of: demo.yaml, language: de}",
)

CODES: tuple[CodeDoc, ...] = (UNTRANSLATABLE_FIELD, INVALID_LANGUAGE, MISPLACED_TRANSLATION)

_TAG = re.compile(m.LANGUAGE_TAG_PATTERN)
_LOOSE_TAG = re.compile(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{2,8})*$")
FILE_KEYS = ("$schema", "translation_of", "language")

_ENTRY_TYPES: dict[str, Any] = {
    "classes": m.ClassTranslation,
    "rules": m.RuleTranslation,
    "topics": str,
    "attributes": m.AttributeTranslation,
    "label_types": m.LabelTypeTranslation,
    "thresholds": m.DescriptionTranslation,
    "relations": m.DescriptionTranslation,
    "label_maps": m.DescriptionTranslation,
}
_ADAPTERS = {section: TypeAdapter(kind) for section, kind in _ENTRY_TYPES.items()}
_ENTRY_WORDS = {
    "classes": "class",
    "rules": "rule",
    "topics": "topic",
    "attributes": "attribute",
    "label_types": "label type",
    "thresholds": "threshold",
    "relations": "relation",
    "label_maps": "label map",
}
_UNION_FIELDS = {
    "attributes": m.BoolAttribute,
    "label_types": m.BinaryLabel,
}


def is_translation_data(data: Any) -> bool:
    """A file with a top-level ``translation_of`` is a translation, not a taxonomy."""
    return isinstance(data, dict) and "translation_of" in data


# -- language tags -------------------------------------------------------------------------


def language_hint(tag: str) -> str:
    """How to write ``tag`` as the BCP 47 tag it probably means."""
    parts = re.split(r"[-_]", tag)
    fixed = [parts[0].lower()]
    for part in parts[1:]:
        if len(part) == 4 and part.isalpha():
            fixed.append(part.title())
        elif len(part) == 2 and part.isalpha():
            fixed.append(part.upper())
        else:
            fixed.append(part)
    canonical = "-".join(fixed)
    if canonical != tag and _TAG.match(canonical):
        return f"write {canonical!r} (BCP 47: language, then script or region, joined by '-')"
    return "a BCP 47 tag: a language (de), optionally a script (zh-Hant) and a region (pt-BR)"


def valid_language(tag: object) -> bool:
    return isinstance(tag, str) and _TAG.match(tag) is not None


# -- bodies ----------------------------------------------------------------------------------


def validate_body(
    body: Any, src: SourceDoc, prefix: tuple[str, ...], lang: str, *, file_keys: bool = False
) -> tuple[m.Translation | None, list[Finding]]:
    """The ``lang`` translation, its bad fields left out, and every structural problem.

    ``prefix`` is the body's place in ``src`` (``("translations", "de")`` inline, ``()`` in a
    file of its own, whose ``FILE_KEYS`` are then read by the caller)."""
    if not isinstance(body, dict):
        ptr = pointer(*prefix)
        what = "empty" if body is None else f"a {type(body).__name__}"
        message = f"a translation is a mapping of sections, not {what}"
        hint = "e.g. de: {classes: {cup: {title: Tasse}}}"
        return None, [
            WRONG_TYPE.finding(message, location(src.pos(ptr), src.label, ptr), hint=hint)
        ]
    top = {k: v for k, v in body.items() if not (file_keys and k in FILE_KEYS)}
    findings: list[Finding] = []
    body_at = _Body(src, len(prefix), file_keys, lang)
    for section, adapter in _ADAPTERS.items():
        entries = top.get(section)
        if isinstance(entries, dict):
            top[section] = _entries(adapter, entries, body_at, (*prefix, section), findings)
    for _attempt in range(4):
        try:
            return m.Translation.model_validate(top), findings
        except ValidationError as exc:
            findings += body_at.findings(exc, top, prefix)
            _drop_bad(exc, top)
    return None, findings


@dataclass(frozen=True)
class _Body:
    """Where a body is: its file, how many pointer tokens lead to it, whether it is a file
    of its own, and its language."""

    src: SourceDoc
    depth: int
    file: bool
    lang: str

    def findings(self, exc: ValidationError, data: Any, prefix: tuple[str, ...]) -> list[Finding]:
        """pydantic's findings, with an unknown key told as a field that is not translated."""
        return [self.told(found) for found in errors_to_findings(exc, data, self.src, prefix)]

    def told(self, found: Finding) -> Finding:
        if found.code != UNKNOWN_KEY.code:
            return found
        tokens = split(found.location.pointer or "")[self.depth :]
        message, hint = untranslatable(tokens, file=self.file)
        message = f"{self.lang!r} translation: {message}"
        return UNTRANSLATABLE_FIELD.finding(message, found.location, hint=hint)


def _entries(
    adapter: TypeAdapter[Any],
    entries: dict[str, Any],
    body: _Body,
    prefix: tuple[str, ...],
    findings: list[Finding],
) -> dict[str, Any]:
    good: dict[str, Any] = {}
    for name, item in entries.items():
        try:
            good[name] = adapter.validate_python(item)
        except ValidationError as exc:
            findings += body.findings(exc, item, (*prefix, name))
            salvaged = _salvage(adapter, item, exc)
            if salvaged is not None:
                good[name] = salvaged
    return good


def _salvage(adapter: TypeAdapter[Any], item: Any, exc: ValidationError) -> Any:
    """The entry without its bad fields, so the rest of its text is still used."""
    current = dict(item) if isinstance(item, dict) else None
    for _attempt in range(3):
        if current is None:
            return None
        bad = {str(e["loc"][0]) for e in exc.errors(include_url=False) if e["loc"]}
        if not bad & set(current):
            return None
        current = {k: v for k, v in current.items() if k not in bad}
        try:
            return adapter.validate_python(current)
        except ValidationError as again:
            exc = again
    return None


def _drop_bad(exc: ValidationError, top: dict[str, Any]) -> None:
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        head = str(loc[0]) if loc else ""
        section = top.get(head)
        if isinstance(section, dict) and len(loc) >= 2 and head in _ENTRY_TYPES:
            section.pop(str(loc[1]), None)
        else:
            top.pop(head, None)


def untranslatable(tokens: list[str], *, file: bool = False) -> tuple[str, str]:
    """(message, hint) for a field at ``tokens`` (inside one body, ``file``: a translation
    file's) that no translation has."""
    field = tokens[-1] if tokens else ""
    kind, source, what = _place(tokens[:-1], file=file)
    allowed = sorted(model_fields(kind))
    message = f"{field!r} is not translated{what}"
    listed = ", ".join(allowed)
    if field in source:
        hint = (
            f"ids, names, colours, values and numbers are the same in every language; "
            f"translatable here: {listed}"
        )
    else:
        hint = did_you_mean(field, allowed) or f"translatable here: {listed}"
    return message, hint


def _place(tokens: list[str], *, file: bool) -> tuple[type[BaseModel], set[str], str]:
    """The translation model at ``tokens``, the fields of the source there, and its name."""
    if not tokens:
        top = m.TranslationFile if file else m.Translation
        return top, model_fields(m.TaxonomyDocument), ""
    section = tokens[0]
    if tokens == ["guidelines"]:
        return m.GuidelinesTranslation, model_fields(m.GuidelinesConfig), " (guidelines)"
    if len(tokens) == 2 and section in _ENTRY_WORDS:
        what = f" ({_ENTRY_WORDS[section]} {shorten(tokens[1], 80)!r})"
        return _entry_model(section), _source_fields(section), what
    if len(tokens) == 4 and section == "rules" and tokens[2] == "examples":
        what = f" (example {tokens[3]} of rule {shorten(tokens[1], 80)!r})"
        return m.ExampleTranslation, model_fields(m.Example), what
    if len(tokens) == 3 and section == "attributes" and tokens[2] == "computed":
        what = f" (computed value of attribute {shorten(tokens[1], 80)!r})"
        return m.ComputedTranslation, model_fields(m.ComputedField), what
    return m.Translation, set(), ""


def _entry_model(section: str) -> type[BaseModel]:
    kind = _ENTRY_TYPES[section]
    return kind if isinstance(kind, type) and issubclass(kind, BaseModel) else m.Translation


def _source_fields(section: str) -> set[str]:
    sources: dict[str, tuple[type[BaseModel], ...]] = {
        "classes": (m.ClassDef,),
        "rules": (m.Rule,),
        "attributes": (
            m.BoolAttribute,
            m.TriStateAttribute,
            m.EnumAttribute,
            m.NumberAttribute,
            m.OrdinalAttribute,
            m.TextAttribute,
        ),
        "label_types": (
            m.BinaryLabel,
            m.MultiClassLabel,
            m.MultiLabel,
            m.BoxLabel,
            m.PolygonLabel,
            m.PolylineLabel,
            m.MaskLabel,
            m.KeypointLabel,
        ),
        "thresholds": (m.Threshold,),
        "relations": (m.Relation,),
        "label_maps": (m.LabelMap,),
    }
    return {name for kind in sources.get(section, ()) for name in model_fields(kind)}


# -- inline translations -------------------------------------------------------------------


def validate_inline(raw: Any, src: SourceDoc) -> tuple[dict[str, m.Translation], list[Finding]]:
    """The ``translations:`` block of a taxonomy file: each language's body and its problems."""
    if raw is None:
        return {}, []
    if not isinstance(raw, dict):
        loc = location(src.pos("/translations"), src.label, "/translations")
        message = f"'translations' should be a mapping of language tags, not {_kind(raw)}"
        return {}, [WRONG_TYPE.finding(message, loc, hint="translations: {de: {title: ...}}")]
    good: dict[str, m.Translation] = {}
    findings: list[Finding] = []
    for tag, body in raw.items():
        if not valid_language(tag):
            ptr = pointer("translations", tag)
            loc = location(src.pos(ptr, key=True), src.label, ptr)
            message = f"{shorten(str(tag), 40)!r} is not a language tag"
            findings.append(INVALID_LANGUAGE.finding(message, loc, hint=language_hint(str(tag))))
            continue
        translation, problems = validate_body(body, src, ("translations", tag), tag)
        findings += problems
        if translation is not None:
            good[tag] = translation
    return good, findings


def _kind(value: Any) -> str:
    return (
        repr(value) if isinstance(value, str | int | float | bool) else f"a {type(value).__name__}"
    )


def register_inline(merged: Merged, doc: m.TaxonomyDocument, src: SourceDoc) -> None:
    """The main document's language and inline translations, with where each is written."""
    merged.language = doc.language
    for tag, translation in doc.translations.items():
        ptr = pointer("translations", tag)
        if tag == doc.language:
            _own_language(merged, tag, src, ptr)
            continue
        merged.translations[tag] = translation
        merged.translation_places[tag] = TranslationPlace(src.label, ptr)


def _own_language(merged: Merged, tag: str, src: SourceDoc, ptr: str) -> None:
    loc = location(src.pos(ptr, key=True), src.label, ptr)
    message = f"a translation into {tag!r}, the language the taxonomy is written in"
    hint = "change the taxonomy's own text instead, or set language: to what it is written in"
    merged.findings.append(INVALID_LANGUAGE.finding(message, loc, hint=hint))


# -- translation files ---------------------------------------------------------------------


def candidates(main: Path) -> list[tuple[Path, str]]:
    """Files ``<stem>.<tag>.<suffix>`` beside ``main``, with the tag part of their names."""
    stem, suffix = main.stem, main.suffix
    if not suffix:
        return []
    pattern = f"{glob.escape(stem)}.*{glob.escape(suffix)}"
    try:
        found = sorted(main.parent.glob(pattern))
    except (OSError, ValueError):
        return []
    out = []
    for path in found:
        tag = path.name[len(stem) + 1 : len(path.name) - len(suffix)]
        if tag and "." not in tag:
            out.append((path, tag))
    return out


def watch_pattern(main: Path) -> str:
    """The glob whose matches ``read_files`` reads: the cache watches what it matches."""
    stem, suffix = main.stem, main.suffix
    return str(main.parent / f"{glob.escape(stem)}.*{glob.escape(suffix)}")


def read_files(merged: Merged, main: Path, main_label: str) -> None:
    """Every translation file beside the main taxonomy file that says it translates it."""
    try:
        target = main.resolve()
    except (OSError, RuntimeError):
        return
    for path, tag in candidates(main):
        label = os.path.normpath(Path(main_label).parent / path.name)
        src = read_source(path, label)
        if not is_translation_data(src.data):
            if src.data is None and _LOOSE_TAG.match(tag):
                merged.findings.extend(src.findings)  # a broken translation, most likely
            continue
        named = _translates(src)
        if named is None or not is_file(named):
            merged.findings.append(_no_taxonomy(src))
            continue
        if named != target:
            continue  # another taxonomy's translation that shares the name
        merged.files.append(path.resolve())
        add_file(merged, src, tag)


def _no_taxonomy(src: SourceDoc) -> Finding:
    from taxonomist.taxonomy.loader import FILE_MISSING

    value = src.data.get("translation_of")
    loc = location(src.pos("/translation_of"), src.label, "/translation_of")
    shown = shorten(str(value), 80)
    message = f"translation_of: {shown!r} names no file beside {Path(src.label).name}"
    hint = "name the taxonomy this translates, relative to this file"
    return FILE_MISSING.finding(message, loc, hint=hint)


def _translates(src: SourceDoc) -> Path | None:
    value = src.data.get("translation_of")
    return resolve_path(value, src.path.parent) if isinstance(value, str) else None


def add_file(merged: Merged, src: SourceDoc, name_tag: str | None) -> str | None:
    """Read one translation file into ``merged``; its language, or None when it has none
    that can be used. ``name_tag`` is the language its file name says (None: not checked)."""
    merged.findings.extend(src.findings)
    data: dict[str, Any] = src.data
    tag = data.get("language")
    if not _file_keys(merged, src, data):
        return None
    if not isinstance(tag, str) or not valid_language(tag):
        _bad_tag(merged, src, tag)
        return None
    if name_tag is not None and name_tag != tag:
        _misnamed(merged, src, tag, name_tag)
        return None
    if tag == merged.language:
        _own_language(merged, tag, src, "/language")
        return None
    if tag in merged.translations:
        _twice(merged, src, tag)
        return None
    translation, problems = validate_body(data, src, (), tag, file_keys=True)
    merged.findings.extend(problems)
    if translation is None:
        return None
    merged.translations[tag] = translation
    merged.translation_places[tag] = TranslationPlace(src.label, "")
    _keep_positions(merged, src, tag)
    return tag


def _file_keys(merged: Merged, src: SourceDoc, data: dict[str, Any]) -> bool:
    """``translation_of`` is a path and ``language`` is given; ``$schema`` is a string."""
    ok = True
    for key in FILE_KEYS:
        value = data.get(key)
        ptr = pointer(key)
        if key == "$schema" and (value is None or isinstance(value, str)):
            continue
        if value is None and key != "$schema":
            loc = location(src.pos(""), src.label, "")
            hint = f"{key}: {'demo.yaml' if key == 'translation_of' else 'de'}"
            merged.findings.append(
                MISSING_KEY.finding(f"missing required key {key!r}", loc, hint=hint)
            )
            ok = False
        elif not isinstance(value, str):
            loc = location(src.pos(ptr), src.label, ptr)
            message = f"{key!r} should be a string, not {_kind(value)}"
            merged.findings.append(WRONG_TYPE.finding(message, loc))
            ok = False
    return ok


def _bad_tag(merged: Merged, src: SourceDoc, tag: Any) -> None:
    loc = location(src.pos("/language"), src.label, "/language")
    message = f"{shorten(str(tag), 40)!r} is not a language tag"
    merged.findings.append(INVALID_LANGUAGE.finding(message, loc, hint=language_hint(str(tag))))


def _misnamed(merged: Merged, src: SourceDoc, tag: str, name_tag: str) -> None:
    loc = location(src.pos("/language"), src.label, "/language")
    message = f"the file name says {shorten(name_tag, 40)!r}, but language: is {tag!r}"
    stem = Path(src.label).name.split(".", 1)[0]
    hint = f"name the file {stem}.{tag}{Path(src.label).suffix}, or correct language:"
    merged.findings.append(MISPLACED_TRANSLATION.finding(message, loc, hint=hint))


def misplaced(src: SourceDoc, taxonomy: str, expected: str) -> Finding:
    """T704 for a translation file that loading its taxonomy does not find."""
    loc = location(src.pos("/translation_of"), src.label, "/translation_of")
    message = f"loading {taxonomy} does not read this translation: it reads {expected}"
    return MISPLACED_TRANSLATION.finding(message, loc, hint=f"move or rename it to {expected}")


def _twice(merged: Merged, src: SourceDoc, tag: str) -> None:
    from taxonomist.taxonomy.loader import DUPLICATE_DEFINITION

    first = merged.translation_places[tag].label
    loc = location(src.pos("/language"), src.label, "/language")
    message = f"the {tag!r} translation is also written in {first}"
    hint = "keep one: inline under translations: or in its own file"
    merged.findings.append(DUPLICATE_DEFINITION.finding(message, loc, hint=hint))


def _keep_positions(merged: Merged, src: SourceDoc, tag: str) -> None:
    """The file's positions under ``/translations/<tag>``, as an inline one's are kept."""
    prefix = f"/translations/{escape(tag)}"
    for table, into in (
        (src.positions, merged.positions),
        (src.key_positions, merged.key_positions),
    ):
        into.update((prefix + ptr, pos) for ptr, pos in table.items())
