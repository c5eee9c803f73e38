"""Changes to the rest: relations, label maps, checker severity overrides, and what the
taxonomy says about itself (name, title, description, owners, licence, site settings)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from taxonomist.taxonomy.change.model import (
    MAJOR,
    MINOR,
    PATCH,
    Change,
    ChangeKind,
    entries,
    make,
)
from taxonomist.taxonomy.resolved import Taxonomy

G = "other"
RELATION = ChangeKind(
    name="relation-changed", group=G, summary="A relation added, removed or changed."
)
LABEL_MAP = ChangeKind(
    name="label-map-changed", group=G, summary="A label map added, removed or changed."
)
CHECK_SEVERITY = ChangeKind(
    name="check-severity-changed", group=G, summary="A checker code's severity override."
)
METADATA = ChangeKind(
    name="metadata-changed",
    group=G,
    summary="Name, title, description, owners, licence or site settings.",
)

KINDS = (RELATION, LABEL_MAP, CHECK_SEVERITY, METADATA)
_RANK = {"off": 0, "info": 1, "warning": 2, "error": 3}


def changes(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    yield from _relations(old, new)
    yield from _section(LABEL_MAP, "label map", "/label_maps", old.label_maps, new.label_maps)
    yield from _checks(old, new)
    yield from _metadata(old, new)


def _relations(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    for name in entries(old.relations, new.relations):
        a, b = old.relations.get(name), new.relations.get(name)
        if a == b:
            continue
        ptr = f"/relations/{name}"
        if a is None:
            level, text, why = (
                (MAJOR, "required", "old subjects lack it")
                if b is not None and b.required
                else (MINOR, "new", "old files stay valid")
            )
            yield make(
                RELATION,
                level,
                f"relation {name}",
                f"New {text} relation `{name}`.",
                reason=why,
                pointer=ptr,
            )
        elif b is None:
            yield make(
                RELATION,
                MAJOR,
                f"relation {name}",
                f"The relation `{name}` was removed.",
                reason="links of that type become unknown",
                pointer=ptr,
            )
        else:
            stricter = (b.required and not a.required) or (b.max_per_subject or 10**9) < (
                a.max_per_subject or 10**9
            )
            stricter = (
                stricter
                or not set(a.subject) <= set(b.subject)
                or not set(a.object) <= set(b.object)
            )
            yield make(
                RELATION,
                MAJOR if stricter else MINOR,
                f"relation {name}",
                f"The relation `{name}` changed.",
                reason="links that were valid may not be" if stricter else "old files stay valid",
                pointer=ptr,
            )


def _section(
    kind: ChangeKind, word: str, base: str, a: Mapping[str, Any], b: Mapping[str, Any]
) -> Iterator[Change]:
    for name in entries(a, b):
        if a.get(name) == b.get(name):
            continue
        what = "new" if name not in a else "removed" if name not in b else "changed"
        text = f"New {word} `{name}`." if what == "new" else f"The {word} `{name}` was {what}."
        yield make(
            kind,
            MINOR,
            f"{word} {name}",
            text,
            reason="annotation files do not name label maps",
            pointer=f"{base}/{name}",
        )


def _checks(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    for code in entries(old.check_overrides, new.check_overrides):
        a, b = old.check_overrides.get(code), new.check_overrides.get(code)
        if a == b:
            continue
        before = str(a.severity) if a is not None else "default"
        after = str(b.severity) if b is not None else "default"
        up = _RANK.get(after, 2) > _RANK.get(before, 2)
        yield make(
            CHECK_SEVERITY,
            MAJOR if up else MINOR,
            f"check {code}",
            f"Findings {code} are now {after} (were {before}).",
            reason="files that passed may fail a CI gate" if up else "old files stay valid",
            pointer=f"/checks/{code}",
            old=before,
            new=after,
        )


def _metadata(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    if old.name != new.name:
        yield make(
            METADATA,
            MINOR,
            "taxonomy",
            f"The taxonomy is now called `{new.name}` (was `{old.name}`).",
            reason="files that record the taxonomy's name name the old one",
            pointer="/name",
            old=old.name,
            new=new.name,
        )
    fields = ("title", "description", "owners", "license", "guidelines")
    changed = [f for f in fields if getattr(old, f) != getattr(new, f)]
    if changed:
        yield make(
            METADATA,
            PATCH,
            "taxonomy",
            f"The taxonomy's {', '.join(changed)} changed.",
            reason="no file reads them",
            pointer=f"/{changed[0]}",
        )
