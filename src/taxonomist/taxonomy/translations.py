"""A taxonomy in another language: which languages it has, its text in one, what is missing.

``languages(tax)`` names the language the taxonomy is written in, then each translation's.
``localized(tax, "de")`` is the same resolved taxonomy with every translated text replaced
and every other one left in the source language, so a page built from it falls back word
for word; names, ids, colours, values and numbers never change. ``untranslated(tax, "de")``
lists the texts that fall back, by the JSON pointer of the source text.

Every text a translation can hold is a ``Slot``: the source text, its pointer in the
taxonomy, and the path a translation writes it under (the same layout, except that a versus
test is keyed by the other class and a rule topic is translated once for every rule that
has it). All three functions are pure and walk each class, rule and attribute once, so they
stay cheap on taxonomies of LVIS's size.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import zip_longest
from typing import Any, TypeVar

from pydantic import BaseModel

from taxonomist.core.pointer import escape, pointer
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.resolved import ResolvedRule, SourcePos, Taxonomy, TaxonomyClass

SlotPath = tuple[str | int, ...]
_M = TypeVar("_M", bound=BaseModel)


@dataclass(frozen=True, slots=True)
class Slot:
    """One text of the taxonomy that a translation may give."""

    pointer: str  # the source text's JSON pointer: /classes/cup/versus/0/test
    path: SlotPath  # where a translation writes it: ("classes", "cup", "versus", "saucer")
    text: str  # the source text (synonyms: joined with ", ")


def languages(tax: Taxonomy) -> tuple[str, ...]:
    """The language the taxonomy is written in, then its translations' in tag order."""
    return (tax.source_language, *sorted(tax.translations))


def untranslated(tax: Taxonomy, lang: str) -> list[tuple[str, str]]:
    """(pointer, source text) of every text with no translation into ``lang``, in the
    taxonomy's order; empty for the language it is written in."""
    translation = _translation(tax, lang)
    if translation is None:
        return []
    return [(s.pointer, s.text) for s in slots(tax) if not given(lookup(translation, s.path))]


def localized(tax: Taxonomy, lang: str) -> Taxonomy:
    """``tax`` with its text in ``lang`` where the translation gives it, else as written.

    The positions of translated texts point at the translation (``demo.de.yaml:12:5``), so a
    message about a localized text names the line a translator wrote; the translation's own
    positions stay under ``/translations/<lang>``. ``ValueError`` for a language the
    taxonomy has no translation into; the taxonomy itself for its own language."""
    translation = _translation(tax, lang)
    if translation is None:
        return tax
    topics = {k: v for k, v in translation.topics.items() if given(v)}
    return replace(
        tax,
        title=text(translation.title, tax.title),
        description=_optional(translation.description, tax.description),
        guidelines=_guidelines(tax.guidelines, translation.guidelines),
        classes=_each(tax.classes, translation.classes, _class),
        rules={n: _rule(r, translation.rules.get(n), topics) for n, r in tax.rules.items()},
        attributes=_each(tax.attributes, translation.attributes, _attribute),
        label_types=_each(tax.label_types, translation.label_types, _label_type),
        thresholds=_each(tax.thresholds, translation.thresholds, _described),
        relations=_each(tax.relations, translation.relations, _described),
        label_maps=_each(tax.label_maps, translation.label_maps, _described),
        positions=_positions(tax, translation, lang),
        language=lang,
        _by_id={},
        _by_key={},
    )


def _translation(tax: Taxonomy, lang: str) -> m.Translation | None:
    if tax.language != tax.source_language:
        raise ValueError(f"the taxonomy is already in {tax.language!r}; localize its source")
    if lang == tax.source_language:
        return None
    found = tax.translations.get(lang)
    if found is None:
        known = ", ".join(languages(tax))
        raise ValueError(f"no {lang!r} translation of {tax.name!r}; it has {known}")
    return found


# -- what a translation may give -------------------------------------------------------------


def slots(tax: Taxonomy) -> Iterator[Slot]:
    """Every text of ``tax`` a translation may give, in the taxonomy's order."""
    yield Slot("/title", ("title",), tax.title)
    if tax.description:
        yield Slot("/description", ("description",), tax.description)
    yield from _guideline_slots(tax.guidelines)
    for name, cls in tax.classes.items():
        yield from _class_slots(name, cls)
    topics: set[str] = set()
    for rule_id, resolved in tax.rules.items():
        yield from _rule_slots(rule_id, resolved.rule, topics)
    for name, attribute in tax.attributes.items():
        yield from _attribute_slots(name, attribute)
    for name, label_type in tax.label_types.items():
        yield from _fields(("label_types", name), label_type, ("title", "description", "question"))
    for section in ("thresholds", "relations", "label_maps"):
        entries: Mapping[str, Any] = getattr(tax, section)
        for name, entry in entries.items():
            yield from _fields((section, name), entry, ("description",))


def _fields(base: SlotPath, entry: BaseModel, names: Sequence[str]) -> Iterator[Slot]:
    at = pointer(*base)
    for name in names:
        value = getattr(entry, name, None)
        if value and isinstance(value, str):
            yield Slot(f"{at}/{name}", (*base, name), value)


def _items(base: SlotPath, values: Sequence[str]) -> Iterator[Slot]:
    at = pointer(*base)
    for i, value in enumerate(values):
        if value:
            yield Slot(f"{at}/{i}", (*base, i), value)


def _guideline_slots(guidelines: m.GuidelinesConfig) -> Iterator[Slot]:
    if guidelines.about:
        yield Slot("/guidelines/about", ("guidelines", "about"), guidelines.about)
    yield from _items(("guidelines", "credits"), guidelines.credits)


def _class_slots(name: str, cls: TaxonomyClass) -> Iterator[Slot]:
    base = ("classes", name)
    at = pointer(*base)
    spec = cls.spec
    yield Slot(f"{at}/title", (*base, "title"), cls.title)
    if spec.definition:
        yield Slot(f"{at}/definition", (*base, "definition"), spec.definition)
    if spec.includes:
        yield from _items((*base, "includes"), spec.includes)
    for i, exclude in enumerate(spec.excludes):
        if isinstance(exclude, m.Exclude):
            if exclude.text:
                yield Slot(f"{at}/excludes/{i}/text", (*base, "excludes", i), exclude.text)
        elif exclude:
            yield Slot(f"{at}/excludes/{i}", (*base, "excludes", i), exclude)
    for i, versus in enumerate(spec.versus):
        if versus.test:
            yield Slot(f"{at}/versus/{i}/test", (*base, "versus", versus.other), versus.test)
    if spec.synonyms:
        yield Slot(f"{at}/synonyms", (*base, "synonyms"), ", ".join(spec.synonyms))


def _rule_slots(rule_id: str, rule: m.Rule, topics: set[str]) -> Iterator[Slot]:
    base = ("rules", rule_id)
    at = pointer(*base)
    yield from _fields(base, rule, ("title", "guidance"))
    if rule.topic and rule.topic not in topics:
        topics.add(rule.topic)
        yield Slot(f"{at}/topic", ("topics", rule.topic), rule.topic)
    for i, example in enumerate(rule.examples):
        if example.caption:
            yield Slot(
                f"{at}/examples/{i}/caption", (*base, "examples", i, "caption"), example.caption
            )


def _attribute_slots(name: str, attribute: Any) -> Iterator[Slot]:
    base = ("attributes", name)
    yield from _fields(base, attribute, ("title", "description"))
    for value, description in getattr(attribute, "value_descriptions", {}).items():
        path = (*base, "value_descriptions", value)
        if description:
            yield Slot(pointer(*path), path, description)
    if attribute.computed is not None:
        yield from _fields((*base, "computed"), attribute.computed, ("description",))


def lookup(translation: m.Translation, path: SlotPath) -> Any:
    """What ``translation`` gives at ``path``, or None."""
    node: Any = translation
    for token in path:
        if isinstance(node, BaseModel):
            node = (
                getattr(node, str(token), None) if str(token) in type(node).model_fields else None
            )
        elif isinstance(node, dict):
            node = node.get(token)
        elif isinstance(node, list) and isinstance(token, int):
            node = node[token] if token < len(node) else None
        else:
            return None
        if node is None:
            return None
    return node


def given(value: Any) -> bool:
    """A translation gives a text: not missing, not blank (a blank one falls back)."""
    if isinstance(value, str):
        return bool(value.strip())
    return value is not None


# -- applying one ----------------------------------------------------------------------------


def text(translated: str | None, source: str) -> str:
    return translated if given(translated) and translated is not None else source


def _optional(translated: str | None, source: str | None) -> str | None:
    return source if source is None else text(translated, source)


def _list(translated: Sequence[str | None] | None, source: Sequence[str]) -> list[str]:
    if not translated:
        return list(source)
    return [text(t, s) for s, t in zip_longest(source, translated[: len(source)])]


def _copy(model: _M, updates: dict[str, Any]) -> _M:
    changed = {k: v for k, v in updates.items() if v != getattr(model, k)}
    return model.model_copy(update=changed) if changed else model


_E = TypeVar("_E")
_T = TypeVar("_T")


def _each(entries: Mapping[str, _E], translations: Mapping[str, _T], apply: Any) -> dict[str, _E]:
    out: dict[str, _E] = {}
    for name, entry in entries.items():
        found = translations.get(name)
        out[name] = entry if found is None else apply(entry, found)
    return out


def _guidelines(
    source: m.GuidelinesConfig, translated: m.GuidelinesTranslation | None
) -> m.GuidelinesConfig:
    if translated is None:
        return source
    return _copy(
        source,
        {
            "about": _optional(translated.about, source.about),
            "credits": _list(translated.credits, source.credits),
        },
    )


def _class(cls: TaxonomyClass, translated: m.ClassTranslation) -> TaxonomyClass:
    spec = cls.spec
    excludes = _list(translated.excludes, [_exclude_text(e) for e in spec.excludes])
    updates: dict[str, Any] = {
        "title": translated.title if given(translated.title) else spec.title,
        "definition": _optional(translated.definition, spec.definition),
        "includes": _list(translated.includes, spec.includes),
        "excludes": [_exclude(e, t) for e, t in zip(spec.excludes, excludes, strict=True)],
        "versus": [
            _copy(v, {"test": text(translated.versus.get(v.other), v.test)}) for v in spec.versus
        ],
    }
    if translated.synonyms is not None:
        updates["synonyms"] = list(translated.synonyms)
    return replace(cls, spec=_copy(spec, updates))


def _exclude_text(exclude: m.Exclude | str) -> str:
    return exclude.text if isinstance(exclude, m.Exclude) else exclude


def _exclude(source: m.Exclude | str, translated: str) -> m.Exclude | str:
    return _copy(source, {"text": translated}) if isinstance(source, m.Exclude) else translated


def _rule(
    resolved: ResolvedRule, translated: m.RuleTranslation | None, topics: Mapping[str, str]
) -> ResolvedRule:
    rule = resolved.rule
    updates: dict[str, Any] = {"topic": topics.get(rule.topic or "", rule.topic)}
    if translated is not None:
        captions = translated.examples or []
        updates |= {
            "title": text(translated.title, rule.title),
            "guidance": text(translated.guidance, rule.guidance),
            "examples": [
                _copy(e, {"caption": text(t.caption if t else None, e.caption)})
                for e, t in zip_longest(rule.examples, captions[: len(rule.examples)])
            ],
        }
    localized_rule = _copy(rule, updates)
    return resolved if localized_rule is rule else replace(resolved, rule=localized_rule)


def _attribute(attribute: Any, translated: m.AttributeTranslation) -> Any:
    updates: dict[str, Any] = {
        "title": _optional(translated.title, attribute.title),
        "description": _optional(translated.description, attribute.description),
    }
    source = getattr(attribute, "value_descriptions", None)
    if source is not None:
        values = translated.value_descriptions
        updates["value_descriptions"] = {k: text(values.get(k), v) for k, v in source.items()}
    computed = attribute.computed
    if computed is not None and translated.computed is not None:
        described = _optional(translated.computed.description, computed.description)
        updates["computed"] = _copy(computed, {"description": described})
    return _copy(attribute, updates)


def _label_type(label_type: Any, translated: m.LabelTypeTranslation) -> Any:
    updates = {
        name: _optional(getattr(translated, name), getattr(label_type, name))
        for name in ("title", "description", "question")
        if name in type(label_type).model_fields
    }
    return _copy(label_type, updates)


def _described(entry: Any, translated: m.DescriptionTranslation) -> Any:
    return _copy(entry, {"description": _optional(translated.description, entry.description)})


def _positions(tax: Taxonomy, translation: m.Translation, lang: str) -> dict[str, SourcePos]:
    """The source positions, those of translated texts moved to where the translation is."""
    prefix = f"/translations/{escape(lang)}"
    moved: dict[str, SourcePos] = {}
    for slot in slots(tax):
        if given(lookup(translation, slot.path)):
            found = tax.positions.get(prefix + pointer(*slot.path))
            if found is not None:
                moved[slot.pointer] = found
    return {**tax.positions, **moved}
