"""The words of the language, for messages: its sections, what an entry of each is called,
every key it knows, and the known word closest to a misspelt one."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel

from taxonomist.taxonomy import model as m

SECTION_TYPES: dict[str, Any] = {
    "id_spaces": m.IdSpace,
    "thresholds": m.Threshold,
    "label_types": m.LabelType,
    "attributes": m.Attribute,
    "classes": m.ClassDef,
    "refine": m.ClassRefinement,
    "relations": m.Relation,
    "label_maps": m.LabelMap,
    "rules": m.Rule,
    "checks": m.CheckOverride,
}
ENTRY_WORDS = {
    "id_spaces": "id space",
    "thresholds": "threshold",
    "label_types": "label type",
    "attributes": "attribute",
    "classes": "class",
    "refine": "refinement of",
    "relations": "relation",
    "label_maps": "label map",
    "rules": "rule",
    "checks": "check override",
}


def model_fields(model: type[BaseModel]) -> set[str]:
    """The keys a model accepts, as a person writes them (aliases such as ``in``, ``$schema``)."""
    return {f.alias or n for n, f in model.model_fields.items()}


def _vocabulary() -> list[str]:
    words: set[str] = set()
    for value in vars(m).values():
        if isinstance(value, type) and issubclass(value, m.Doc):
            words |= model_fields(value)
    return sorted(words)


VOCABULARY = _vocabulary()


def did_you_mean(word: str, choices: Sequence[str]) -> str | None:
    """A hint naming the closest choice, if one is close enough."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean {close[0]!r}?" if close else None


def fields_for(prefix: tuple[str, ...]) -> list[str]:
    """The keys an entry of the section ``prefix`` names may hold; any known key elsewhere."""
    if len(prefix) == 2 and prefix[0] in SECTION_TYPES:
        model = SECTION_TYPES[prefix[0]]
        if isinstance(model, type) and issubclass(model, BaseModel):
            return sorted(model_fields(model))
    return VOCABULARY
