"""Search keywords of the annotators' pages: what someone types to find a class or a rule.

A page's keywords become its front-matter ``tags``, which both engines' search weighs far
above body text: a class is found by its name and synonyms split into words (``spray_can``
by "spray"), a rule by its topic, the words of its id, the attribute it is about and its
thresholds' names ("occlusion" finds the occlusion rule, "minimum box size" the rule on
tiny objects). Abbreviations in ids are spelt out as people type them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from taxonomist.guidelines.common import class_path, rule_path
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy, TaxonomyClass

_WORD = re.compile(r"[^\W_]+")
SPELT_OUT = {"min": "minimum", "max": "maximum", "kp": "keypoint", "bbox": "box"}
# What a check kind is about, in the words an annotator would use.
CHECK_WORDS = {"box": "box", "keypoint": "keypoint", "mask": "mask", "polygon": "polygon"}


def words(*texts: str) -> list[str]:
    """Lower-case words of ``texts`` (split on spaces, ``_``, ``-`` and punctuation), with
    abbreviations spelt out, in order, once each."""
    found: list[str] = []
    for text in texts:
        for word in _WORD.findall(text.lower()):
            found.append(word)
            if word in SPELT_OUT:
                found.append(SPELT_OUT[word])
    return list(dict.fromkeys(found))


def page_keywords(tax: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Docs path -> keywords, for every class and rule page."""
    out = {class_path(c.name): tuple(_class_words(c)) for c in tax.classes.values()}
    out.update({rule_path(r.id): tuple(_rule_words(tax, r)) for r in tax.rules.values()})
    return out


def _class_words(cls: TaxonomyClass) -> list[str]:
    return words(cls.name, cls.title, *cls.spec.synonyms)


def _rule_words(tax: Taxonomy, rule: ResolvedRule) -> list[str]:
    check = rule.rule.check
    parts: list[str] = [rule.id, rule.rule.topic or ""]
    if check is not None:
        parts.append(check.name)
        parts += _check_fields(check.model_dump(exclude_none=True).items())
    return words(*parts)


def _check_fields(items: Iterable[tuple[str, object]]) -> list[str]:
    """The attribute a check names and the thresholds it reads (``$min_box_height``)."""
    out: list[str] = []
    for key, value in items:
        if key == "attribute" and isinstance(value, str):
            out.append(value)
        elif isinstance(value, str) and value.startswith("$"):
            out.append(value[1:])
    return out
