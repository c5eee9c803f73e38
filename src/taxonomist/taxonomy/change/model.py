"""What ``diff`` finds: each change as a value, and the diff of two versions.

A change is *breaking* (level ``major``) when annotation files made under the old version may
become invalid or change meaning under the new one; ``minor`` when it adds or retires
something and old files stay valid; ``patch`` when only wording changed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from taxonomist.taxonomy import versions

MAJOR, MINOR, PATCH = versions.MAJOR, versions.MINOR, versions.PATCH


def entries(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[str]:
    """The entries of one section in either version: the old version's order, then the
    entries new in this one."""
    return [*old, *(n for n in new if n not in old)]


def code_list(items: Iterable[object], shown: int | None = None) -> str:
    """``a``, ``b`` as Markdown code, and "and N more" beyond ``shown`` of them."""
    listed = list(items)
    head = listed if shown is None else listed[:shown]
    text = ", ".join(f"`{item}`" for item in head)
    rest = len(listed) - len(head)
    return text + (f" and {rest} more" if rest else "")


@dataclass(frozen=True, slots=True, kw_only=True)
class ChangeKind:
    """A kind of change, with its documentation (``taxonomist diff --help`` lists them)."""

    name: str  # kebab-case, e.g. "class-renamed"
    summary: str  # what it means
    group: str  # classes, attributes, label types, rules, ids, other


@dataclass(frozen=True, slots=True, kw_only=True)
class Change:
    kind: str
    level: str  # major (breaking) | minor | patch
    subject: str  # "class cup", "attribute occlusion", "rule min-object-size"
    summary: str  # one plain sentence for annotators and release notes
    reason: str  # why it is (or is not) breaking
    pointer: str  # JSON pointer in the new version, or in the old one for removals
    group: str = "other"
    classes: tuple[str, ...] = ()  # classes it concerns (new names; old ones for removals)
    rules: tuple[str, ...] = ()  # rules it concerns
    old: str | None = None
    new: str | None = None

    @property
    def breaking(self) -> bool:
        return self.level == MAJOR

    def as_dict(self) -> dict[str, object]:
        return {
            "kind": self.kind,
            "level": self.level,
            "breaking": self.breaking,
            "group": self.group,
            "subject": self.subject,
            "summary": self.summary,
            "reason": self.reason,
            "pointer": self.pointer,
            "classes": list(self.classes),
            "rules": list(self.rules),
            "old": self.old,
            "new": self.new,
        }


def make(
    kind: ChangeKind,
    level: str,
    subject: str,
    summary: str,
    *,
    reason: str,
    pointer: str,
    classes: tuple[str, ...] = (),
    rules: tuple[str, ...] = (),
    old: str | None = None,
    new: str | None = None,
) -> Change:
    """A change of ``kind``."""
    return Change(
        kind=kind.name,
        level=level,
        subject=subject,
        summary=summary,
        reason=reason,
        pointer=pointer,
        group=kind.group,
        classes=classes,
        rules=rules,
        old=old,
        new=new,
    )


@dataclass(frozen=True)
class TaxonomyDiff:
    """Every change from one version of a taxonomy to the next."""

    old_name: str
    old_version: str
    new_name: str
    new_version: str
    changes: tuple[Change, ...]

    @property
    def breaking(self) -> bool:
        return any(c.breaking for c in self.changes)

    @property
    def required_bump(self) -> str:
        """The smallest version bump these changes need."""
        levels = {c.level for c in self.changes}
        return next((lv for lv in (MAJOR, MINOR, PATCH) if lv in levels), versions.NONE)

    @property
    def actual_bump(self) -> str:
        return versions.bump(self.old_version, self.new_version)

    @property
    def version_ok(self) -> bool:
        """Whether the new ``version:`` moved at least as far as the changes need (and never
        backwards)."""
        return versions.satisfies(self.actual_bump, self.required_bump)

    @property
    def suggested_version(self) -> str:
        return versions.next_version(self.old_version, self.required_bump)

    def for_class(self, name: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if name in c.classes)

    def for_rule(self, rule_id: str) -> tuple[Change, ...]:
        return tuple(c for c in self.changes if rule_id in c.rules)

    def counts(self) -> dict[str, int]:
        return {lv: sum(c.level == lv for c in self.changes) for lv in (MAJOR, MINOR, PATCH)}
