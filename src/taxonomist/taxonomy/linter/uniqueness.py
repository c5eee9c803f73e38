"""T3xx: ids and names that must be unique across the whole (merged) taxonomy."""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy.linter.context import Ctx
from taxonomist.taxonomy.resolved import normalize_name

DUPLICATE_CLASS_ID = CodeDoc(
    code="T301",
    name="duplicate-class-id",
    family="uniqueness",
    summary="Two classes share an id.",
    why="Ids are how files name classes; they must be unique.",
    bad="cat: {id: 17}\ndog: {id: 17}",
    good="cat: {id: 17}\ndog: {id: 18}",
)

DUPLICATE_CLASS_NAME = CodeDoc(
    code="T302",
    name="duplicate-class-name",
    family="uniqueness",
    summary="A name, synonym or alias is used by two classes (ignoring case and spacing).",
    why="Foreign names would map to the wrong class.",
    bad="car: {synonyms: [auto]}\nbus: {synonyms: [Auto]}",
    good="bus: {synonyms: [coach]}",
)

ID_REUSED = CodeDoc(
    code="T303",
    name="id-reused",
    family="uniqueness",
    summary="A live class reuses a deprecated class's id.",
    why="Old files would silently change meaning.",
    bad="old: {id: 5, deprecated: true}\nnew: {id: 5}",
    good="new: {id: 6}",
)

DUPLICATE_ID_SPACE_VALUE = CodeDoc(
    code="T305",
    name="duplicate-id-space-value",
    family="uniqueness",
    summary="Two classes share a value in an id space declared unique.",
    why="The exported id map would be ambiguous.",
    bad="ids: {train_id: 3} twice",
    good="distinct values",
)

CODES: tuple[CodeDoc, ...] = (
    DUPLICATE_CLASS_ID,
    DUPLICATE_CLASS_NAME,
    ID_REUSED,
    DUPLICATE_ID_SPACE_VALUE,
)


def check_ids(ctx: Ctx) -> None:
    """T301 two live classes share an id; T303 a live class reuses a deprecated one's."""
    owner: dict[int, str] = {}
    # Deprecated classes first: the live class that reuses an id is the one to fix.
    for name, spec in sorted(ctx.specs.items(), key=lambda item: not item[1].deprecated):
        first = owner.setdefault(spec.id, name)
        if first == name:
            continue
        ptr = f"/classes/{name}/id"
        free = max(s.id for s in ctx.specs.values()) + 1
        hint = f"ids are never reused; the next free id is {free}"
        if spec.deprecated or ctx.specs[first].deprecated:
            message = f"id {spec.id} of {name!r} reuses the id of deprecated {first!r}"
            ctx.emit(ID_REUSED, message, ptr, hint)
        else:
            ctx.emit(
                DUPLICATE_CLASS_ID, f"id {spec.id} is used by {first!r} and {name!r}", ptr, hint
            )


def check_names(ctx: Ctx) -> None:
    """T302: a name, synonym or alias that two classes claim (case and spacing ignored)."""
    owner: dict[str, str] = {}
    for name in ctx.specs:
        first = owner.setdefault(normalize_name(name), name)
        if first != name:
            message = f"class name {name!r} is the same as {first!r} (ignoring case and spacing)"
            ctx.emit(
                DUPLICATE_CLASS_NAME,
                message,
                f"/classes/{name}",
                "files and tools would confuse them",
            )
    for name, spec in ctx.specs.items():
        for key in ("synonyms", "aliases"):
            for i, text in enumerate(getattr(spec, key)):
                first = owner.setdefault(normalize_name(text), name)
                if first != name:
                    ptr = f"/classes/{name}/{key}/{i}"
                    message = f"{text!r} of class {name!r} already names class {first!r}"
                    ctx.emit(
                        DUPLICATE_CLASS_NAME, message, ptr, "a name may belong to one class only"
                    )


def check_id_spaces(ctx: Ctx) -> None:
    """T305: two classes with one value in an id space declared unique."""
    for space, decl in ctx.section("id_spaces").items():
        if not decl.unique:
            continue
        owner: dict[int, str] = {}
        for name, spec in ctx.specs.items():
            value = spec.ids.get(space)
            if value is None or value == decl.ignore_value:
                continue
            first = owner.setdefault(value, name)
            if first != name:
                message = f"{space} {value} is used by {first!r} and {name!r}"
                ctx.emit(DUPLICATE_ID_SPACE_VALUE, message, f"/classes/{name}/ids/{space}")


FAMILY = (check_ids, check_names, check_id_spaces)
