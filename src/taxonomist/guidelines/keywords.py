"""Search keywords of the annotators' pages: what someone types to find a class or a rule.

A page's keywords become its front-matter ``tags``, which mkdocs-material's search weighs
far above body text: a class is found by its name and synonyms split into words
(``spray_can`` by "spray"), a rule by its topic, the words of its id, the attribute it is
about and its thresholds' names ("occlusion" finds the occlusion rule, "minimum box size" the
rule on tiny objects). Abbreviations in ids are spelt out as people type them. The name of
the check kind (``box-size``) is not a keyword: it is the pipeline's word, and every rule on
box sizes shares it, so it would only tie them.

Zensical's search matches a section's title, text and path, not its tags (it offers them as
filters), so the same words are on the page as well: synonyms in a class page's opening, a
rule's topic and its thresholds' :func:`spoken` names in the rule page's opening.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from taxonomist.guidelines.common import class_path, rule_path
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy, TaxonomyClass

_WORD = re.compile(r"[^\W_]+")
SPELT_OUT = {"min": "minimum", "max": "maximum", "kp": "keypoint", "bbox": "box"}


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


def spoken(name: str) -> str:
    """An id as words, abbreviations spelt out: ``min_box_height`` -> "minimum box height"."""
    return " ".join(SPELT_OUT.get(w, w) for w in _WORD.findall(name.lower()))


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
