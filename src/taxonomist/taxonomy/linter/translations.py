"""T7xx and T907-T908: a taxonomy's translations against the taxonomy they translate.

A translation may only name what the taxonomy has (T701) and give the fields its entries
have (T702); a translated text keeps the ``$threshold`` references of its source (T907); and
lint lists the texts left in the source language (T908).

T908 is one finding per untranslated text, at the source text's own line (the text to
translate is one editor jump away, and the message names the path to write it under), as
long as a language lacks at most ``LIST_UNTRANSLATED`` texts: that is a translation being
finished. A language that lacks more (one just begun, or a taxonomy of LVIS's size) gets one
finding at the translation with the count and the first few paths, so lint stays readable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Severity
from taxonomist.core.pointer import escape, pointer
from taxonomist.core.text import shorten
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.linter import overrides
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.linter.messages import WRONG_TYPE
from taxonomist.taxonomy.linter.vocabulary import did_you_mean
from taxonomist.taxonomy.loader import FILE_MISSING, load_documents
from taxonomist.taxonomy.merged import Merged, TranslationPlace
from taxonomist.taxonomy.paths import is_file, resolve_path
from taxonomist.taxonomy.resolve import resolve
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.source.document import SourceDoc, location
from taxonomist.taxonomy.text import THRESHOLD_REFERENCE, threshold_value
from taxonomist.taxonomy.translation_files import (
    MISPLACED_TRANSLATION,
    UNTRANSLATABLE_FIELD,
    add_file,
    misplaced,
    valid_language,
)
from taxonomist.taxonomy.translations import SlotPath, given, localized, lookup, slots

UNKNOWN_ENTRY = CodeDoc(
    code="T701",
    name="translation-unknown-entry",
    family="translations",
    summary="A translation names a class, rule, attribute, label type, threshold, topic, "
    "look-alike, value or list item the taxonomy does not have, or text it does not have.",
    why="The text would be shown nowhere: a renamed class or a misspelt name would leave "
    "its translation unused without a word.",
    bad="translations: {de: {classes: {cupp: {title: Tasse}}}}",
    good="translations: {de: {classes: {cup: {title: Tasse}}}}",
)

THRESHOLD_MISMATCH = CodeDoc(
    code="T907",
    name="translation-thresholds",
    family="warnings",
    summary="A translated text drops, renames or adds a $threshold reference of its source.",
    why="A $name is replaced by the threshold's value in every language; a translation that "
    "writes the number itself goes stale when the threshold changes.",
    bad="title: Skip objects below $min_height\n(de) title: Objekte unter 16 px weglassen",
    good="(de) title: Objekte unter $min_height weglassen",
    severity=Severity.WARNING,
)

UNTRANSLATED = CodeDoc(
    code="T908",
    name="untranslated",
    family="warnings",
    summary="A text has no translation into a language the taxonomy has.",
    why="Annotators reading that language see the source text there instead.",
    bad="(de) classes: {cup: {title: Tasse}}   # cup's definition is not translated",
    good="(de) classes: {cup: {title: Tasse, definition: Ein kleines Trinkgefäß ...}}",
    severity=Severity.INFO,
)

CODES: tuple[CodeDoc, ...] = (UNKNOWN_ENTRY, THRESHOLD_MISMATCH, UNTRANSLATED)

# Past this many untranslated texts in one language, one summary finding replaces the list.
LIST_UNTRANSLATED = 20
_SHOWN = 5

_KEYED = {
    "versus": "has no versus test against {key!r}",
    "value_descriptions": "describes no value {key!r}",
}
_ORDER_HINT = "translate the items in the taxonomy's order; null keeps one as written"
_WHOLE = frozenset({"synonyms"})  # a list translated as a whole, not item by item
_WORDS = {
    "classes": "class",
    "rules": "rule",
    "topics": "rule topic",
    "attributes": "attribute",
    "label_types": "label type",
    "thresholds": "threshold",
    "relations": "relation",
    "label_maps": "label map",
}


@dataclass(frozen=True, slots=True)
class _Leaf:
    path: SlotPath
    value: Any


def _leaves(node: Any, path: SlotPath) -> Iterator[_Leaf]:
    """Every text a translation gives, with its path (a whole synonyms list is one)."""
    if isinstance(node, BaseModel):
        for name in node.model_fields_set:
            value = getattr(node, name)
            if value is not None and value != {}:
                yield from _leaves(value, (*path, name))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list) and not (path and path[-1] in _WHOLE):
        for i, value in enumerate(node):
            if value is not None:
                yield from _leaves(value, (*path, i))
    else:
        yield _Leaf(path, node)


class _Language:
    """One language's translation, linted: emits at the translation's own file and place."""

    def __init__(self, ctx: Ctx, lang: str, translation: m.Translation) -> None:
        self.ctx = ctx
        self.lang = lang
        self.translation = translation
        self.place = ctx.merged.translation_places[lang]
        self.base = f"/translations/{escape(lang)}"

    def emit(
        self, code: CodeDoc, message: str, path: SlotPath, hint: str | None, *, key: bool = False
    ) -> None:
        rel = pointer(*path)
        pos = self.ctx.merged.where(self.base + rel, key=key)
        loc = location(pos, self.place.label, self.place.prefix + rel)
        self.ctx.merged.findings.append(code.finding(message, loc, hint=hint))

    def check_names(self, known: set[SlotPath]) -> None:
        """T701/T702 for each text at a path the taxonomy has no text for (once per entry)."""
        reported: set[SlotPath] = set()
        for leaf in _leaves(self.translation, ()):
            if leaf.path in known:
                continue
            problem = self.problem(leaf.path)
            if problem is None or problem[0] in reported:
                continue
            where, code, message, hint = problem
            reported.add(where)
            self.emit(code, f"{self.lang!r} translation: {message}", where, hint, key=True)

    def problem(self, path: SlotPath) -> tuple[SlotPath, CodeDoc, str, str | None] | None:
        """(where to report, code, message, hint) for a text at ``path`` with no source."""
        section, name = str(path[0]), path[1] if len(path) > 1 else None
        if section in _WORDS and name is not None:
            names = self.names(section)
            if name not in names:
                hint = did_you_mean(str(name), sorted(names)) or self.known(section, names)
                word = _WORDS[section]
                message = f"{word} {shorten(str(name), 80)!r} is not in the taxonomy"
                return path[:2], UNKNOWN_ENTRY, message, hint
            return self.field_problem(section, str(name), path)
        what = "/".join(map(str, path))
        return path, UNKNOWN_ENTRY, f"the taxonomy has no {what} to translate", None

    def names(self, section: str) -> set[str]:
        tax = self.ctx.tax
        if section == "topics":
            return {r.rule.topic for r in tax.rules.values() if r.rule.topic}
        entries: Any = getattr(tax, section)
        return set(entries)

    @staticmethod
    def known(section: str, names: set[str]) -> str | None:
        shown = ", ".join(sorted(names)[:8])
        return f"the taxonomy's {section.replace('_', ' ')}: {shown}" if names else None

    def field_problem(
        self, section: str, name: str, path: SlotPath
    ) -> tuple[SlotPath, CodeDoc, str, str | None] | None:
        entry = f"{_WORDS[section]} {name!r}"
        field = str(path[2]) if len(path) > 2 else ""
        inapplicable = self.inapplicable(section, name, field)
        if inapplicable is not None:
            return path[:3], UNTRANSLATABLE_FIELD, f"{entry} has no {field}", inapplicable
        if field == "computed":
            return path[:3], UNKNOWN_ENTRY, f"{entry} is not computed", None
        if len(path) >= 4 and isinstance(path[3], int):
            count = len(self.source_list(section, name, field))
            message = (
                f"{entry} has {count} {field}; there is nothing to translate at item {path[3]}"
            )
            return path[:4], UNKNOWN_ENTRY, message, _ORDER_HINT
        if len(path) >= 4:
            others = self.source_keys(section, name, field)
            key = shorten(str(path[3]), 80)
            near = did_you_mean(str(path[3]), others)
            listed = f"it has: {', '.join(others[:8])}" if others else None
            what = _KEYED.get(field, "no {field} {key!r}").format(field=field, key=key)
            return path[:4], UNKNOWN_ENTRY, f"{entry} {what}", near or listed
        return path[:3], UNKNOWN_ENTRY, f"{entry} has no {field} to translate", None

    def inapplicable(self, section: str, name: str, field: str) -> str | None:
        """Why ``field`` cannot be translated for this kind of entry, if it cannot."""
        entry: Any = getattr(self.ctx.tax, section).get(name) if section != "topics" else None
        enum = isinstance(entry, m.EnumAttribute)
        if field == "value_descriptions" and section == "attributes" and not enum:
            return f"only enum attributes describe their values; {name!r} is {entry.type}"
        binary = isinstance(entry, m.BinaryLabel)
        if field == "question" and section == "label_types" and not binary:
            return f"only binary label types ask a question; {name!r} is {entry.kind}"
        return None

    def source_list(self, section: str, name: str, field: str) -> list[Any]:
        tax = self.ctx.tax
        if section == "classes":
            found: Any = getattr(tax.classes[name].spec, field, [])
        elif section == "rules":
            found = getattr(tax.rules[name].rule, field, [])
        else:
            found = []
        return list(found) if isinstance(found, list) else []

    def source_keys(self, section: str, name: str, field: str) -> list[str]:
        tax = self.ctx.tax
        if section == "classes" and field == "versus":
            return [v.other for v in tax.classes[name].spec.versus]
        if section == "attributes" and field == "value_descriptions":
            return list(getattr(tax.attributes[name], "value_descriptions", {}))
        return []

    def check_thresholds(self) -> None:
        """T907 for a translated text whose ``$name`` references differ from its source's."""
        for slot in slots(self.ctx.tax):
            value = lookup(self.translation, slot.path)
            if not isinstance(value, str) or not given(value) or "$" not in slot.text + value:
                continue
            source = set(THRESHOLD_REFERENCE.findall(slot.text))
            written = set(THRESHOLD_REFERENCE.findall(value))
            if source != written:
                self.emit(
                    THRESHOLD_MISMATCH,
                    self.threshold_message(slot.path, source, written),
                    slot.path,
                    self.threshold_hint(source - written),
                )

    def threshold_message(self, path: SlotPath, source: set[str], written: set[str]) -> str:
        what = "/".join(map(str, path))
        parts = []
        if source - written:
            parts.append(f"drops {_refs(source - written)}")
        if written - source:
            parts.append(f"writes {_refs(written - source)}, which its source does not")
        return f"{self.lang!r} translation of {what} {' and '.join(parts)}"

    def threshold_hint(self, dropped: set[str]) -> str:
        values = self.ctx.tax.thresholds
        shown = [f"${n} ({threshold_value(values[n])})" for n in sorted(dropped) if n in values]
        example = f": {', '.join(shown)}" if shown else ""
        return "keep each $name as the source writes it; every language shows its value" + example

    def check_untranslated(self) -> None:
        tax = self.ctx.tax
        missing = [s for s in slots(tax) if not given(lookup(self.translation, s.path))]
        if len(missing) > LIST_UNTRANSLATED:
            total = sum(1 for _ in slots(tax))
            shown = ", ".join("/".join(map(str, s.path)) for s in missing[:_SHOWN])
            message = (
                f"{len(missing)} of {total} texts have no {self.lang!r} translation ({shown}, ...)"
            )
            hint = f"translate them in {self.place.label}; lint lists each one once at most "
            hint += f"{LIST_UNTRANSLATED} are left"
            self.emit(UNTRANSLATED, message, (), hint, key=True)
            return
        for slot in missing:
            self.untranslated(slot.pointer, slot.path, slot.text)

    def untranslated(self, ptr: str, path: SlotPath, source: str) -> None:
        what = "/".join(map(str, path))
        message = f"no {self.lang!r} translation of {what}: {_quote(source)!r}"
        under = f"{self.place.prefix.lstrip('/')}/{what}" if self.place.prefix else what
        hint = f"translate it in {self.place.label} under {under}"
        loc = location(self.ctx.merged.where(ptr), str(self.ctx.merged.path), ptr)
        self.ctx.merged.findings.append(UNTRANSLATED.finding(message, loc, hint=hint))


def _quote(text: str, limit: int = 60) -> str:
    """The start of a source text, on one line, for a message."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _refs(names: set[str]) -> str:
    return ", ".join(f"${n}" for n in sorted(names))


def _known_paths(ctx: Ctx) -> set[SlotPath]:
    """Every path a translation may write: each text's, plus a title and synonyms for every
    class (a class without its own title shows its name; other languages add synonyms)."""
    known = {slot.path for slot in slots(ctx.tax)}
    for name in ctx.tax.classes:
        known.add(("classes", name, "synonyms"))
    return known


def lint_language(ctx: Ctx, lang: str) -> None:
    """Every translation finding for ``lang``."""
    translation = ctx.tax.translations.get(lang)
    if translation is None or lang not in ctx.merged.translation_places:
        return
    one = _Language(ctx, lang, translation)
    one.check_names(_known_paths(ctx))
    one.check_thresholds()
    one.check_untranslated()


def check_translations(ctx: Ctx) -> None:
    for lang in sorted(ctx.tax.translations):
        lint_language(ctx, lang)


FAMILY = (check_translations,)


def lint_translation_file(own: Merged) -> tuple[Taxonomy | None, list[Finding]]:
    """A translation file linted as what it is: the taxonomy it translates, in its language.

    The findings are the file's own, the texts it leaves untranslated, and the errors of
    the taxonomy it translates (a translation of a broken taxonomy cannot be used either);
    the taxonomy is the localized one."""
    src = own.translation_file
    assert src is not None
    found = list(own.findings)
    target, label = _translated_file(src, found)
    if target is None:
        return None, _sorted(found)
    if resolve_path(label, Path()) != target:
        label = str(target)  # a link on the way: name the file itself
    merged = load_documents(Path(label))
    if merged.translation_file is not None:
        found.append(_not_a_taxonomy(src, label))
        return None, _sorted(found)
    taxonomy = resolve(merged)
    if taxonomy is None:
        return None, _sorted(found + merged.findings)
    lang = src.data.get("language")
    place = merged.translation_places.get(lang) if isinstance(lang, str) else None
    if place is None or place.label != src.label:
        lang = _not_found(merged, src, label, lang, place is not None)
        taxonomy = resolve(merged) or taxonomy
    start = len(merged.findings)
    if isinstance(lang, str):
        lint_language(Ctx(merged, taxonomy), lang)
    others = {t: p for t, p in merged.translation_places.items() if t != lang}
    for finding in merged.findings[:start]:
        error = finding.severity >= Severity.ERROR and not _other_language(finding, others)
        if finding.location.file == src.label or error:
            found.append(finding)
    found += merged.findings[start:]
    found = overrides.apply_to_lint(taxonomy, found)
    if isinstance(lang, str) and lang in taxonomy.translations:
        taxonomy = localized(taxonomy, lang)
    return taxonomy, _sorted(found)


def _translated_file(src: SourceDoc, found: list[Finding]) -> tuple[Path | None, str]:
    """The taxonomy file ``translation_of`` names, and how findings name it."""
    value = src.data.get("translation_of")
    ptr = "/translation_of"
    where = location(src.pos(ptr), src.label, ptr)
    if not isinstance(value, str):
        message = f"'translation_of' should be a path, not {shorten(repr(value), 40)}"
        found.append(WRONG_TYPE.finding(message, where, hint="translation_of: demo.yaml"))
        return None, ""
    target = resolve_path(value, src.path.parent)
    if target is None or not is_file(target):
        message = f"translation_of: {shorten(value, 80)!r} names no file"
        hint = "name the taxonomy this translates, relative to this file"
        found.append(FILE_MISSING.finding(message, where, hint=hint))
        return None, ""
    return target, os.path.normpath(Path(src.label).parent / value)


def _not_a_taxonomy(src: SourceDoc, named: str) -> Finding:
    where = location(src.pos("/translation_of"), src.label, "/translation_of")
    message = f"translation_of names {named}, a translation itself, not a taxonomy"
    hint = "name the taxonomy file this translates"
    return MISPLACED_TRANSLATION.finding(message, where, hint=hint)


def _not_found(
    merged: Merged, src: SourceDoc, taxonomy: str, lang: Any, elsewhere: bool
) -> str | None:
    """A translation file that loading its taxonomy did not read: T704 when it is only its
    name or folder, and its own findings; the language it can be linted in, if any."""
    if isinstance(lang, str) and valid_language(lang):
        named = Path(taxonomy)
        expected = os.path.normpath(named.parent / f"{named.stem}.{lang}{named.suffix}")
        merged.findings.append(misplaced(src, taxonomy, expected))
        if elsewhere:
            return None  # the language is translated where loading finds it; lint that
    return add_file(merged, src, None)


def _other_language(finding: Finding, places: dict[str, TranslationPlace]) -> bool:
    """The finding is about one of ``places``: in its file, at or below its pointer."""
    where = finding.location
    inside = where.pointer or ""
    for place in places.values():
        if where.file != place.label:
            continue
        if not place.prefix or inside == place.prefix or inside.startswith(place.prefix + "/"):
            return True
    return False


def _sorted(findings: list[Finding]) -> list[Finding]:
    return sorted(dict.fromkeys(findings), key=lambda f: f.sort_key())
