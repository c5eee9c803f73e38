"""Changes to classes: added, removed, renamed, renumbered, moved, deprecated, merged, split,
restored, redefined, and what each class allows (label types, attribute uses)."""

from __future__ import annotations

from collections.abc import Iterator

from taxonomist.taxonomy.change.fates import (
    MERGED,
    REMOVED,
    RENAMED,
    RENUMBERED,
    REPLACED,
    SPLIT,
    ClassFate,
    counterpart,
)
from taxonomist.taxonomy.change.model import (
    MAJOR,
    MINOR,
    PATCH,
    Change,
    ChangeKind,
    code_list,
    make,
)
from taxonomist.taxonomy.model import AttributeUse
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass, normalize_name

G = "classes"
_STAYS = "old files stay valid (deprecated-class warnings)"
ADDED = ChangeKind(name="class-added", group=G, summary="A class new in this version.")
REMOVED_KIND = ChangeKind(
    name="class-removed",
    group=G,
    summary="A class gone without deprecation: its objects have nowhere to go.",
)
RENAMED_KIND = ChangeKind(
    name="class-renamed", group=G, summary="The same stable id under a new name."
)
RENUMBERED_KIND = ChangeKind(
    name="class-renumbered", group=G, summary="The same name under a new stable id."
)
MOVED = ChangeKind(name="class-moved", group=G, summary="A class under a new parent.")
DEPRECATED = ChangeKind(
    name="class-deprecated", group=G, summary="A class retired in favour of another."
)
MERGED_KIND = ChangeKind(name="class-merged", group=G, summary="Several classes retired into one.")
SPLIT_KIND = ChangeKind(name="class-split", group=G, summary="A class retired into several.")
RESTORED = ChangeKind(name="class-restored", group=G, summary="A deprecated class is live again.")
REDEFINED = ChangeKind(
    name="class-definition-changed",
    group=G,
    summary="The definition, includes, excludes or tests changed.",
)
LABEL_TYPES = ChangeKind(
    name="class-label-types-changed", group=G, summary="What a class may be drawn with."
)
ATTR_ADDED = ChangeKind(
    name="class-attribute-added", group=G, summary="A class uses a new attribute."
)
ATTR_REMOVED = ChangeKind(
    name="class-attribute-removed", group=G, summary="A class no longer uses an attribute."
)
ATTR_REQUIRED = ChangeKind(
    name="class-attribute-required",
    group=G,
    summary="An attribute became required (or forbidden) for a class.",
)
ATTR_RELAXED = ChangeKind(
    name="class-attribute-relaxed", group=G, summary="An attribute became optional for a class."
)
NAMES = ChangeKind(
    name="class-names-changed", group=G, summary="Synonyms, aliases, title or colour changed."
)
FLAGS = ChangeKind(
    name="class-flags-changed",
    group=G,
    summary="Abstract, kind, crowd, group-of, region or evaluated changed.",
)

KINDS = (
    ADDED,
    REMOVED_KIND,
    RENAMED_KIND,
    RENUMBERED_KIND,
    MOVED,
    DEPRECATED,
    MERGED_KIND,
    SPLIT_KIND,
    RESTORED,
    REDEFINED,
    LABEL_TYPES,
    ATTR_ADDED,
    ATTR_REMOVED,
    ATTR_REQUIRED,
    ATTR_RELAXED,
    NAMES,
    FLAGS,
)


def changes(old: Taxonomy, new: Taxonomy, fates: dict[str, ClassFate]) -> Iterator[Change]:
    matched: set[str] = set()
    merges = _merge_groups(fates)
    for name, cls in old.classes.items():
        fate = fates[name]
        other = counterpart(old, new, cls)
        if other is not None:
            matched.add(other.name)
        yield from _fate_changes(old, new, cls, fate, merges)
        if other is not None and not (other.deprecated and not cls.deprecated):
            yield from _same_class(old, new, cls, other)  # a class retired now is not redrawn
    for name, cls in new.classes.items():
        if name not in matched:
            yield _added(cls)


def _merge_groups(fates: dict[str, ClassFate]) -> dict[str, list[str]]:
    groups: dict[str, list[str]] = {}
    for fate in fates.values():
        if fate.how == MERGED and fate.new is not None:
            groups.setdefault(fate.new, []).append(fate.old)
    return groups


def _added(cls: TaxonomyClass) -> Change:
    where = f"/classes/{cls.name}"
    if cls.deprecated:
        return make(
            ADDED,
            PATCH,
            f"class {cls.name}",
            f"Class `{cls.name}` is listed as deprecated.",
            reason="it cannot be labelled, so no file changes",
            pointer=where,
            classes=(cls.name,),
        )
    return make(
        ADDED,
        MINOR,
        f"class {cls.name}",
        f"New class `{cls.name}` (id {cls.id}).",
        reason="old files stay valid; they hold no objects of it (not exhaustive for it)",
        pointer=where,
        classes=(cls.name,),
        new=cls.name,
    )


def _fate_changes(
    old: Taxonomy, new: Taxonomy, cls: TaxonomyClass, fate: ClassFate, merges: dict[str, list[str]]
) -> Iterator[Change]:
    subject = f"class {cls.name}"
    if fate.how == REMOVED and (fate.counterpart is None or not cls.deprecated):
        if fate.counterpart is None:
            yield make(
                REMOVED_KIND,
                MAJOR,
                subject,
                f"Class `{cls.name}` (id {cls.id}) was removed.",
                reason="its objects name no class now; deprecate it with replaced_by or split_into",
                pointer=f"/classes/{cls.name}",
                classes=(cls.name,),
                old=cls.name,
            )
            return
        yield _deprecated(cls, fate, "Class `{0}` was deprecated with no replacement.")
    if fate.how == RENAMED:
        yield _renamed(new, cls, fate)
    elif fate.how == RENUMBERED:
        yield make(
            RENUMBERED_KIND,
            MAJOR,
            subject,
            f"Class `{cls.name}` changed its id from {cls.id} to {fate.new_id}.",
            reason="files that name classes by id (COCO category ids, masks) change meaning",
            pointer=f"/classes/{cls.name}/id",
            classes=(cls.name,),
            old=str(cls.id),
            new=str(fate.new_id),
        )
    elif fate.how == MERGED and fate.new is not None:
        others = [n for n in merges[fate.new] if n != cls.name]
        also = f" with {code_list(others)}" if others else ""
        yield make(
            MERGED_KIND,
            MINOR,
            subject,
            f"`{cls.name}` was merged into `{fate.new}`{also}.",
            reason=_STAYS + "; taxonomist migrate relabels its objects",
            pointer=f"/classes/{fate.counterpart}/replaced_by",
            classes=(cls.name, fate.new),
            old=cls.name,
            new=fate.new,
        )
    elif fate.how == REPLACED and fate.new is not None and not cls.deprecated:
        yield make(
            DEPRECATED,
            MINOR,
            subject,
            f"`{cls.name}` is deprecated: label it as `{fate.new}`.",
            reason=_STAYS + "; taxonomist migrate relabels its objects",
            pointer=f"/classes/{fate.counterpart}/deprecated",
            classes=(cls.name, fate.new),
            old=cls.name,
            new=fate.new,
        )
    elif fate.how == SPLIT and not cls.deprecated:
        yield _split(cls, fate)


def _renamed(new: Taxonomy, cls: TaxonomyClass, fate: ClassFate) -> Change:
    other = new.classes[fate.counterpart or ""]
    kept = {normalize_name(n) for n in (*other.spec.synonyms, *other.spec.aliases)}
    still_read = normalize_name(cls.name) in kept
    reason = (
        f"files naming {cls.name!r} still resolve: it is a synonym or alias of the new name"
        if still_read
        else f"files naming {cls.name!r} no longer match it; taxonomist migrate renames them"
    )
    return make(
        RENAMED_KIND,
        MINOR if still_read else MAJOR,
        f"class {other.name}",
        f"`{cls.name}` was renamed `{other.name}`.",
        reason=reason,
        pointer=f"/classes/{other.name}",
        classes=(other.name, cls.name),
        old=cls.name,
        new=other.name,
    )


def _split(cls: TaxonomyClass, fate: ClassFate) -> Change:
    names = [t.class_ for t in fate.targets]
    decided = [t.class_ for t in fate.targets if t.when is not None]
    listed = (
        " and ".join(f"`{n}`" for n in names)
        if len(names) < 3
        else ", ".join(f"`{n}`" for n in names)
    )
    how = (
        "each object's attributes decide which"
        if len(decided) == len(names)
        else "annotators decide which (taxonomist migrate lists the objects for re-annotation)"
        if not decided
        else "attributes decide for some; the rest go to re-annotation"
    )
    return make(
        SPLIT_KIND,
        MINOR,
        f"class {cls.name}",
        f"`{cls.name}` was split into {listed}; {how}.",
        reason=_STAYS + " until migrated",
        pointer=f"/classes/{fate.counterpart}/split_into",
        classes=(cls.name, *names),
        old=cls.name,
        new=" ".join(names),
    )


def _deprecated(cls: TaxonomyClass, fate: ClassFate, text: str) -> Change:
    return make(
        DEPRECATED,
        MINOR,
        f"class {cls.name}",
        text.format(cls.name),
        reason=_STAYS + ", but migrate has nowhere to move its objects",
        pointer=f"/classes/{fate.counterpart}/deprecated",
        classes=(cls.name,),
        old=cls.name,
    )


def _same_class(
    old: Taxonomy, new: Taxonomy, cls: TaxonomyClass, other: TaxonomyClass
) -> Iterator[Change]:
    """What changed in a class both versions have (by id or name)."""
    base = f"/classes/{other.name}"
    names = (other.name,)
    if cls.deprecated and not other.deprecated:
        yield make(
            RESTORED,
            MINOR,
            f"class {other.name}",
            f"`{other.name}` can be labelled again.",
            reason="old files stay valid",
            pointer=f"{base}/deprecated",
            classes=names,
        )
    if cls.parent != other.parent:
        yield make(
            MOVED,
            MINOR,
            f"class {other.name}",
            f"`{other.name}` moved from under `{cls.parent or '(top)'}` "
            f"to under `{other.parent or '(top)'}`.",
            reason="files name classes, not parents; what it inherits is listed as its own change",
            pointer=f"{base}/parent",
            classes=names,
            old=cls.parent,
            new=other.parent,
        )
    if _definition(cls) != _definition(other):
        yield make(
            REDEFINED,
            PATCH,
            f"class {other.name}",
            f"The definition of `{other.name}` was reworded.",
            reason="wording only; if it now covers other objects, bump minor or major by hand",
            pointer=f"{base}/definition",
            classes=names,
        )
    if _names(cls) != _names(other, without=cls.name):
        yield make(
            NAMES,
            PATCH,
            f"class {other.name}",
            f"Other names, title or colour of `{other.name}` changed.",
            reason="files resolve names through the same class",
            pointer=base,
            classes=names,
        )
    yield from _flags(cls, other, base)
    yield from _label_types(cls, other, base)
    yield from _attribute_uses(cls, other, base)


def _definition(cls: TaxonomyClass) -> tuple[object, ...]:
    s = cls.spec
    return (s.definition, tuple(s.includes), tuple(map(str, s.excludes)), tuple(map(str, s.versus)))


def _names(cls: TaxonomyClass, without: str | None = None) -> tuple[object, ...]:
    """Other names, title and own colour (not an assigned one); ``without`` leaves out a
    renamed class's old name, kept as a synonym or alias."""
    s = cls.spec
    keep = [n for n in s.synonyms if n != without], [n for n in s.aliases if n != without]
    return (tuple(keep[0]), tuple(keep[1]), s.title, s.color)


def _flags(cls: TaxonomyClass, other: TaxonomyClass, base: str) -> Iterator[Change]:
    fields = ("abstract", "kind", "crowd", "group_of", "evaluated")
    before = {f: getattr(cls, f) for f in fields} | {"region": cls.spec.region}
    after = {f: getattr(other, f) for f in fields} | {"region": other.spec.region}
    for name in (*fields, "region"):
        if before[name] == after[name]:
            continue
        tighter = (name == "abstract" and after[name]) or (
            name in ("crowd", "group_of") and not after[name]
        )
        tighter = tighter or name in ("kind", "region")
        yield make(
            FLAGS,
            MAJOR if tighter else MINOR,
            f"class {other.name}",
            f"`{other.name}`: {name.replace('_', '-')} changed "
            f"from {before[name]} to {after[name]}.",
            reason="objects that were valid may no longer be"
            if tighter
            else "old files stay valid",
            pointer=f"{base}/{name}",
            classes=(other.name,),
            old=str(before[name]),
            new=str(after[name]),
        )


def _label_types(cls: TaxonomyClass, other: TaxonomyClass, base: str) -> Iterator[Change]:
    gone = [t for t in cls.label_types if t not in other.label_types]
    came = [t for t in other.label_types if t not in cls.label_types]
    if gone:
        yield make(
            LABEL_TYPES,
            MAJOR,
            f"class {other.name}",
            f"`{other.name}` is no longer drawn with {code_list(gone)}.",
            reason="objects of it drawn that way become invalid",
            pointer=f"{base}/label_types",
            classes=(other.name,),
            old=" ".join(gone),
        )
    if came:
        yield make(
            LABEL_TYPES,
            MINOR,
            f"class {other.name}",
            f"`{other.name}` may now also be drawn with {code_list(came)}.",
            reason="old files stay valid",
            pointer=f"{base}/label_types",
            classes=(other.name,),
            new=" ".join(came),
        )


def _attribute_uses(cls: TaxonomyClass, other: TaxonomyClass, base: str) -> Iterator[Change]:
    for name in sorted(set(cls.attributes) | set(other.attributes)):
        before, after = cls.attributes.get(name), other.attributes.get(name)
        ptr = f"{base}/attributes/{name}"
        who = (other.name,)
        if before is None and after is not None:
            required = after.presence == "required"
            yield make(
                ATTR_ADDED,
                MAJOR if required else MINOR,
                f"class {other.name}",
                f"`{other.name}` has a new "
                f"{'required' if required else after.presence} attribute `{name}`.",
                reason="old objects lack it" if required else "old files stay valid",
                pointer=ptr,
                classes=who,
            )
        elif after is None and before is not None:
            yield make(
                ATTR_REMOVED,
                MAJOR,
                f"class {other.name}",
                f"`{other.name}` no longer uses the attribute `{name}`.",
                reason="objects that carry it now carry an unknown attribute",
                pointer=f"{base}/attributes",
                classes=who,
            )
        elif before is not None and after is not None and before != after:
            if before.presence == after.presence and _looser(before, after):
                yield make(
                    ATTR_RELAXED,
                    MINOR,
                    f"class {other.name}",
                    f"`{name}` asks less of `{other.name}`: required in fewer cases, "
                    "or more values allowed.",
                    reason="old files stay valid",
                    pointer=ptr,
                    classes=who,
                )
            else:
                yield _presence(other.name, name, before.presence, after.presence, ptr)


def _looser(before: AttributeUse, after: AttributeUse) -> bool:
    """The same presence, asking no more: a condition added to a requirement (it applies in
    fewer cases), or a value list that only grew (or went)."""
    values_ok = after.values is None or (
        before.values is not None and set(map(str, before.values)) <= set(map(str, after.values))
    )
    when_ok = before.when == after.when or (before.when is None and after.presence == "required")
    return values_ok and when_ok


def _presence(cls: str, attr: str, before: str, after: str, ptr: str) -> Change:
    stricter = {
        ("optional", "required"),
        ("optional", "forbidden"),
        ("required", "forbidden"),
        ("forbidden", "required"),
    }
    if (before, after) in stricter:
        return make(
            ATTR_REQUIRED,
            MAJOR,
            f"class {cls}",
            f"`{attr}` is now {after} for `{cls}` (was {before}).",
            reason="objects that were valid may now break the rule",
            pointer=ptr,
            classes=(cls,),
            old=before,
            new=after,
        )
    if before != after:
        return make(
            ATTR_RELAXED,
            MINOR,
            f"class {cls}",
            f"`{attr}` is now {after} for `{cls}` (was {before}).",
            reason="old files stay valid",
            pointer=ptr,
            classes=(cls,),
            old=before,
            new=after,
        )
    return make(
        ATTR_REQUIRED,
        MAJOR,
        f"class {cls}",
        f"When `{attr}` is {after} for `{cls}`, or which values it allows, changed.",
        reason="objects that were valid may now break the rule",
        pointer=ptr,
        classes=(cls,),
    )
