"""Changes to rules and thresholds: added, removed, guidance reworded, check parameters,
scope (``applies_to``) and severity, threshold values."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.change.fates import counterpart
from taxonomist.taxonomy.change.model import (
    MAJOR,
    MINOR,
    PATCH,
    Change,
    ChangeKind,
    code_list,
    entries,
    make,
)
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy

G = "rules"
ADDED = ChangeKind(name="rule-added", group=G, summary="A rule new in this version.")
REMOVED = ChangeKind(name="rule-removed", group=G, summary="A rule gone from the taxonomy.")
GUIDANCE = ChangeKind(
    name="rule-guidance-changed", group=G, summary="The title, guidance or examples reworded."
)
CHECK = ChangeKind(
    name="rule-check-changed", group=G, summary="The check a rule runs, or its parameters."
)
SCOPE = ChangeKind(
    name="rule-scope-changed", group=G, summary="The classes or label types a rule applies to."
)
SEVERITY = ChangeKind(
    name="rule-severity-changed", group=G, summary="How severe breaking the rule is."
)
T_ADDED = ChangeKind(name="threshold-added", group=G, summary="A threshold new in this version.")
T_REMOVED = ChangeKind(
    name="threshold-removed", group=G, summary="A threshold gone from the taxonomy."
)
T_CHANGED = ChangeKind(name="threshold-changed", group=G, summary="A threshold's value or unit.")

KINDS = (ADDED, REMOVED, GUIDANCE, CHECK, SCOPE, SEVERITY, T_ADDED, T_REMOVED, T_CHANGED)
_SEVERITY_ORDER = ("info", "warning", "error")


def changes(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    yield from _thresholds(old, new)
    for rule_id in entries(old.rules, new.rules):
        before, after = old.rules.get(rule_id), new.rules.get(rule_id)
        ptr = f"/rules/{rule_id}"
        if before is None and after is not None:
            yield _added(rule_id, after, ptr)
        elif after is None and before is not None:
            yield make(
                REMOVED,
                MINOR,
                f"rule {rule_id}",
                f"The rule “{_title(before)}” was removed.",
                reason="old files stay valid; nothing checks it any more",
                pointer=ptr,
                rules=(rule_id,),
                classes=tuple(sorted(before.classes)),
            )
        elif before is not None and after is not None:
            carried = _names_in(old, new, before.classes)
            reach = _names_in(new, old, after.classes)
            scope = _Scope(reach, carried, _names_in(new, old, carried))
            yield from _changed(rule_id, before, after, ptr, scope)


def _title(rule: ResolvedRule) -> str:
    return rule.rule.title or rule.id


def _added(rule_id: str, rule: ResolvedRule, ptr: str) -> Change:
    checked = rule.rule.check is not None
    return make(
        ADDED,
        MAJOR if checked else MINOR,
        f"rule {rule_id}",
        f"New rule: “{_title(rule)}”.",
        reason="its check may reject objects old files hold"
        if checked
        else "guidance only; no file changes validity",
        pointer=ptr,
        rules=(rule_id,),
        classes=tuple(sorted(rule.classes)),
    )


@dataclass(frozen=True, slots=True)
class _Scope:
    """A changed rule's classes seen from the other version: ``reach`` is the old names of
    the classes it applies to now, ``carried`` the new names of those it applied to."""

    reach: frozenset[str]
    carried: frozenset[str]
    kept: frozenset[str]  # the old classes it applied to that the new version still has


def _names_in(src: Taxonomy, dst: Taxonomy, names: frozenset[str]) -> frozenset[str]:
    """The names ``dst`` gives the classes ``names`` of ``src``; classes ``dst`` does not
    have (new in this version, or gone) have none."""
    found = (counterpart(src, dst, src.classes[n]) for n in names if n in src.classes)
    return frozenset(c.name for c in found if c is not None)


def _changed(
    rule_id: str, before: ResolvedRule, after: ResolvedRule, ptr: str, scope: _Scope
) -> Iterator[Change]:
    a, b = before.rule, after.rule
    subject = f"rule {rule_id}"
    who = tuple(sorted(after.classes))
    ids = (rule_id,)
    if (a.title, a.guidance, a.topic) != (b.title, b.guidance, b.topic) or a.examples != b.examples:
        yield make(
            GUIDANCE,
            PATCH,
            subject,
            f"The guidance of “{_title(after)}” was reworded.",
            reason="wording only",
            pointer=f"{ptr}/guidance",
            rules=ids,
            classes=who,
        )
    checked = b.check is not None
    if a.check != b.check:
        level = MINOR if b.check is None else MAJOR
        yield make(
            CHECK,
            level,
            subject,
            f"The check of “{_title(after)}” changed."
            if b.check is not None
            else f"“{_title(after)}” is no longer checked.",
            reason="objects that passed may now fail" if level == MAJOR else "old files stay valid",
            pointer=f"{ptr}/check",
            rules=ids,
            classes=who,
        )
    reaches_other = scope.reach != scope.kept  # through the hierarchy too
    if a.applies_to != b.applies_to or reaches_other:
        wider = _wider(before.classes, after.classes, scope.reach)
        same = not reaches_other and a.applies_to.label_types == b.applies_to.label_types
        level = MAJOR if checked and wider else PATCH if same else MINOR
        yield make(
            SCOPE,
            level,
            subject,
            f"“{_title(after)}” {_scope_words(before, after, scope)}.",
            reason="objects it did not check before are checked now"
            if level == MAJOR
            else "it applies to the same classes under their new names"
            if same
            else "old files stay valid",
            pointer=f"{ptr}/applies_to",
            rules=ids,
            classes=who,
        )
    if a.severity != b.severity:
        up = _rank(b.severity) > _rank(a.severity)
        level = MAJOR if up and checked else MINOR
        yield make(
            SEVERITY,
            level,
            subject,
            f"Breaking “{_title(after)}” is now {b.severity} (was {a.severity}).",
            reason="findings that were warnings fail a CI gate now"
            if level == MAJOR
            else "old files stay valid",
            pointer=f"{ptr}/severity",
            rules=ids,
            classes=who,
            old=str(a.severity),
            new=str(b.severity),
        )


def _wider(before: frozenset[str], after: frozenset[str], reach: frozenset[str]) -> bool:
    """Whether a scope reaches old classes it did not (an empty scope is every class);
    ``reach`` is the old names of the classes it applies to now."""
    if not before:
        return False
    return not after or not reach <= before


def _scope_words(before: ResolvedRule, after: ResolvedRule, scope: _Scope) -> str:
    """What a scope change reaches: the classes it gained and lost (every class when
    empty), or that only its label types changed."""
    if not after.classes and before.classes:
        return "now applies to every class"
    if not before.classes and after.classes:
        return f"now applies only to {_sorted_list(after.classes)}"
    gained, lost = after.classes - scope.carried, scope.kept - scope.reach
    parts = [f"now also applies to {_sorted_list(gained)}"] if gained else []
    parts += [f"no longer to {_sorted_list(lost)}"] if lost else []
    if parts or before.rule.applies_to.label_types != after.rule.applies_to.label_types:
        return "; ".join(parts) or "now applies to other label types"
    return "names its classes by their new names"


def _rank(severity: object) -> int:
    text = str(severity)
    return _SEVERITY_ORDER.index(text) if text in _SEVERITY_ORDER else 0


def _thresholds(old: Taxonomy, new: Taxonomy) -> Iterator[Change]:
    for name in entries(old.thresholds, new.thresholds):
        before, after = old.thresholds.get(name), new.thresholds.get(name)
        ptr = f"/thresholds/{name}"
        users = _rules_using(new if after else old, name)
        if before is None and after is not None:
            yield make(
                T_ADDED,
                MINOR,
                f"threshold {name}",
                f"New threshold `{name}` = {after.value:g} {after.unit}.",
                reason="old files stay valid",
                pointer=ptr,
                rules=users,
            )
        elif after is None and before is not None:
            yield make(
                T_REMOVED,
                MINOR,
                f"threshold {name}",
                f"The threshold `{name}` was removed.",
                reason="nothing refers to it any more",
                pointer=ptr,
                rules=users,
            )
        elif before is not None and after is not None and before != after:
            yield _threshold_changed(name, before, after, ptr, users)


def _threshold_changed(
    name: str, before: m.Threshold, after: m.Threshold, ptr: str, users: tuple[str, ...]
) -> Change:
    if (before.value, before.unit) == (after.value, after.unit):
        return make(
            T_CHANGED,
            PATCH,
            f"threshold {name}",
            f"The description of `{name}` was reworded.",
            reason="wording only",
            pointer=ptr,
            rules=users,
        )
    return make(
        T_CHANGED,
        MAJOR,
        f"threshold {name}",
        f"`{name}` is now {after.value:g} {after.unit} (was {before.value:g} {before.unit}).",
        reason=_threshold_reason(name, after.value > before.value),
        pointer=f"{ptr}/value",
        rules=users,
        old=f"{before.value:g}",
        new=f"{after.value:g}",
    )


def _threshold_reason(name: str, raised: bool) -> str:
    """Why a new value breaks old files: a raised minimum (or lowered maximum) rejects old
    objects; the other way, old files lack the objects the rule now asks for."""
    minimum = name.startswith("min") or "_min" in name
    maximum = name.startswith("max") or "_max" in name
    if minimum != maximum:
        stricter = raised == minimum
        if stricter:
            return "rules using it may now reject objects old files hold"
        return "old files left out objects the rules now ask for: they are not exhaustive"
    return "rules using it may reject old objects, or ask for objects old files left out"


def _rules_using(taxonomy: Taxonomy, threshold: str) -> tuple[str, ...]:
    pattern = re.compile(rf"\${re.escape(threshold)}\b")
    return tuple(r.id for r in taxonomy.rules.values() if pattern.search(r.rule.model_dump_json()))


def _sorted_list(names: frozenset[str]) -> str:
    return code_list(sorted(names), shown=5)
