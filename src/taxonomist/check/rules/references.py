"""R: references. Every class, image and id an annotation names must exist, once; the
taxonomy version a file names must be one whose classes it can still mean."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

import numpy as np

from taxonomist.check.context import Check, Context, rows_of
from taxonomist.check.matching import Match, suggest
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.dataset.ids import duplicate_rows, duplicates_per_group
from taxonomist.dataset.model import Category
from taxonomist.taxonomy import versions

FAMILY = "references"

UNKNOWN_CLASS = CodeDoc(
    code="R001",
    name="unknown-class",
    family=FAMILY,
    summary="A category or class name that is not in the taxonomy.",
    why="An unknown class is usually a typo or a class the tool invented; training code would "
    "silently drop or mis-map it.",
    bad='{"categories": [{"id": 1, "name": "perzon"}]}',
    good='{"categories": [{"id": 1, "name": "person"}]}',
)
MISSING_CATEGORY = CodeDoc(
    code="R002",
    name="missing-category",
    family=FAMILY,
    summary="An annotation refers to a category id the file does not declare.",
    why="Loaders index categories by id; a dangling id crashes them or drops the annotation.",
    bad='{"annotations": [{"id": 1, "image_id": 1, "category_id": 99}]}',
    good='{"annotations": [{"id": 1, "image_id": 1, "category_id": 1}]}',
)
MISSING_IMAGE = CodeDoc(
    code="R003",
    name="missing-image",
    family=FAMILY,
    summary="An annotation refers to an image id the file does not declare.",
    why="The annotation belongs to no image, so it can never be drawn or trained on.",
    bad='{"images": [{"id": 1}], "annotations": [{"id": 1, "image_id": 7}]}',
    good='{"images": [{"id": 1}], "annotations": [{"id": 1, "image_id": 1}]}',
)
DUPLICATE_IMAGE = CodeDoc(
    code="R004",
    name="duplicate-image-id",
    family=FAMILY,
    summary="Two images share an id.",
    why="Annotations of one image are attached to the other; one image's labels are lost.",
    bad='{"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 1, "file_name": "b.jpg"}]}',
    good='{"images": [{"id": 1, "file_name": "a.jpg"}, {"id": 2, "file_name": "b.jpg"}]}',
)
DUPLICATE_ANNOTATION = CodeDoc(
    code="R005",
    name="duplicate-annotation-id",
    family=FAMILY,
    summary="Two annotations share an id (in the native format: two objects of one image).",
    why="Evaluation and review tools key annotations by id; duplicates overwrite each other.",
    bad='{"annotations": [{"id": 5, "image_id": 1}, {"id": 5, "image_id": 2}]}',
    good='{"annotations": [{"id": 5, "image_id": 1}, {"id": 6, "image_id": 2}]}',
)
CATEGORY_MISMATCH = CodeDoc(
    code="R006",
    name="category-mismatch",
    family=FAMILY,
    summary="A file category's id names one taxonomy class and its name another (or no class).",
    why="Ids and names disagree, so the file was exported from a different class list; "
    "whichever one a consumer trusts, half the labels are wrong.",
    bad='{"categories": [{"id": 2, "name": "person"}]}  # id 2 is "car" in the taxonomy',
    good='{"categories": [{"id": 1, "name": "person"}]}',
)
CATEGORY_ID_DIFFERS = CodeDoc(
    code="R007",
    name="category-id-differs",
    family=FAMILY,
    summary="A file category matches a class by name, but its id is not the class's stable id.",
    why="Class ids are stable in the taxonomy; a file numbering them differently breaks "
    "models and id maps trained on the taxonomy's ids.",
    bad='{"categories": [{"id": 17, "name": "person"}]}  # person is id 1',
    good='{"categories": [{"id": 1, "name": "person"}]}',
    severity=Severity.WARNING,
)
NAME_NOT_CANONICAL = CodeDoc(
    code="R008",
    name="name-not-canonical",
    family=FAMILY,
    summary="A class is named by a synonym, an alias or a different spelling of its name.",
    why="The file still maps to the right class, but the canonical name keeps exports and "
    "reports consistent.",
    bad='{"class": "Pedestrian"}',
    good='{"class": "person"}',
    severity=Severity.INFO,
)
DUPLICATE_CATEGORY = CodeDoc(
    code="R009",
    name="duplicate-category-id",
    family=FAMILY,
    summary="Two categories in the file share an id.",
    why="Which name an annotation's category id means depends on the loader.",
    bad='{"categories": [{"id": 1, "name": "cat"}, {"id": 1, "name": "dog"}]}',
    good='{"categories": [{"id": 1, "name": "cat"}, {"id": 2, "name": "dog"}]}',
)
ABSENT_PRESENT = CodeDoc(
    code="R010",
    name="verified-absent-present",
    family=FAMILY,
    summary="An image lists a class as verified absent but has an object of that class.",
    why="Verified-absent lists turn missing labels into negatives during evaluation; a "
    "contradiction punishes correct detections.",
    bad='{"verified_absent": ["cat"], "objects": [{"class": "cat", "box": [1, 1, 5, 5]}]}',
    good='{"verified_absent": ["dog"], "objects": [{"class": "cat", "box": [1, 1, 5, 5]}]}',
)
MAJOR_VERSION_APART = CodeDoc(
    code="R011",
    name="taxonomy-major-version-apart",
    family=FAMILY,
    summary="The file was made under another major version of the taxonomy (older or newer).",
    why="A major version may rename, merge, split or remove classes and attribute values: "
    "a file made under 1.x can mean something else under 2.x until it is migrated "
    "(before 1.0.0, a minor step counts as major).",
    bad='{"taxonomy": {"name": "demo", "version": "1.4.0"}}  # the taxonomy is 2.0.0',
    good='{"taxonomy": {"name": "demo", "version": "2.0.0"}}  # or migrated to it',
    severity=Severity.WARNING,
)


def _matches(ctx: Context) -> list[Match]:
    found: list[Match] = ctx.cache["matches"]
    return found


def _did_you_mean(ctx: Context, name: str) -> str | None:
    names = suggest(ctx.taxonomy, name)
    return None if not names else "did you mean " + " or ".join(repr(n) for n in names) + "?"


def _describe(category: Category) -> str:
    if category.name:
        return (
            repr(category.name) if category.id is None else f"{category.name!r} (id {category.id})"
        )
    return f"id {category.id}"


def unknown_class(ctx: Context) -> Iterator[Finding]:
    dataset = ctx.dataset
    for index, (category, match) in enumerate(zip(dataset.categories, _matches(ctx), strict=True)):
        if match.cls is not None:
            continue
        hint = _did_you_mean(ctx, category.name) if category.name else None
        message = f"class {_describe(category)} is not in the taxonomy"
        if dataset.declares_categories and (category.pointer or category.line):
            yield ctx.at(UNKNOWN_CLASS, ctx.category_location(category), message, hint=hint)
            continue
        for row in rows_of(dataset.objects.category == index):
            yield ctx.object(UNKNOWN_CLASS, row, message, hint=hint)


def missing_category(ctx: Context) -> Iterator[Finding]:
    for row in rows_of(ctx.dataset.objects.category < 0):
        yield ctx.object(MISSING_CATEGORY, row, "the annotation's category is not declared")


def missing_image(ctx: Context) -> Iterator[Finding]:
    if ctx.dataset.is_results:  # results files name images of another file
        return
    for row in rows_of(ctx.dataset.objects.image < 0):
        yield ctx.object(MISSING_IMAGE, row, "the annotation's image is not in the file")


def duplicate_images(ctx: Context) -> Iterator[Finding]:
    ids = ctx.dataset.images.ids
    repeated = ctx.dataset.repeated_images  # known from the whole file (a part of it)
    for row in duplicate_rows(ids) if repeated is None else repeated:
        yield ctx.image(DUPLICATE_IMAGE, row, f"image id {ids[row]!r} is used by an earlier image")


def duplicate_annotations(ctx: Context) -> Iterator[Finding]:
    ids = ctx.dataset.objects.ids
    per_image = ctx.dataset.ids_unique_per == "image"
    if ctx.dataset.repeated_objects is not None:  # known from the whole file (a part)
        rows = ctx.dataset.repeated_objects
    elif per_image:
        rows = duplicates_per_group(ctx.dataset.objects.image.tolist(), ids)
    else:
        rows = duplicate_rows(ids)
    earlier = "an earlier object of the same image" if per_image else "an earlier annotation"
    for row in rows:
        yield ctx.object(
            DUPLICATE_ANNOTATION, row, f"annotation id {ids[row]!r} is used by {earlier}"
        )


def category_mismatch(ctx: Context) -> Iterator[Finding]:
    for category, match in zip(ctx.dataset.categories, _matches(ctx), strict=True):
        if match.cls is None:
            continue
        where = ctx.category_location(category)
        if match.name_unknown:
            message = (
                f"category {_describe(category)}: the name is no class of the taxonomy, "
                f"but {match.space} {category.id} is {match.cls.name!r}"
            )
            hint = _did_you_mean(ctx, category.name)
            yield ctx.at(CATEGORY_MISMATCH, where, message, hint=hint)
        elif match.id_points_to is not None:
            message = (
                f"category {_describe(category)}: {match.space} {category.id} is "
                f"{match.id_points_to.name!r} in the taxonomy, the name is {match.cls.name!r} "
                f"({match.space} {_number(match)})"
            )
            yield ctx.at(CATEGORY_MISMATCH, where, message)


def category_id_differs(ctx: Context) -> Iterator[Finding]:
    for category, match in zip(ctx.dataset.categories, _matches(ctx), strict=True):
        if match.cls is not None and match.id_differs:
            message = (
                f"category {category.name!r} has {match.space} {category.id}; the taxonomy's "
                f"{match.space} for {match.cls.name!r} is {_number(match)}"
            )
            yield ctx.at(CATEGORY_ID_DIFFERS, ctx.category_location(category), message)


def _number(match: Match) -> str:
    return "not set" if match.expected_id is None else str(match.expected_id)


def name_not_canonical(ctx: Context) -> Iterator[Finding]:
    for category, match in zip(ctx.dataset.categories, _matches(ctx), strict=True):
        if match.cls is None or match.by in ("name", "id"):
            continue
        message = f"{category.name!r} is a {match.by} of {match.cls.name!r}; use the class name"
        if match.by == "spelling":
            message = f"{category.name!r} is spelled differently from the class {match.cls.name!r}"
        yield ctx.at(NAME_NOT_CANONICAL, ctx.category_location(category), message)


def duplicate_categories(ctx: Context) -> Iterator[Finding]:
    if not ctx.dataset.declares_categories:
        return
    counts = Counter(c.id for c in ctx.dataset.categories if c.id is not None)
    seen: set[int] = set()
    for category in ctx.dataset.categories:
        if category.id is not None and counts[category.id] > 1:
            if category.id in seen:
                message = f"category id {category.id} is declared more than once"
                yield ctx.at(DUPLICATE_CATEGORY, ctx.category_location(category), message)
            seen.add(category.id)


def verified_absent_present(ctx: Context) -> Iterator[Finding]:
    absent = ctx.dataset.images.verified_absent
    if not absent:
        return
    objects = ctx.dataset.objects
    pairs = {(image, cat) for image, cats in absent.items() for cat in cats}
    candidates = np.isin(objects.image, np.fromiter(absent, dtype=np.int64))
    for row in rows_of(candidates):
        category = int(objects.category[row])
        if (int(objects.image[row]), category) in pairs:
            name = ctx.dataset.categories[category].name
            message = f"the image lists {name!r} as verified absent, but this object is one"
            yield ctx.object(ABSENT_PRESENT, row, message)


def major_version_apart(ctx: Context) -> Iterator[Finding]:
    """R011: the file names a version of this taxonomy (a file naming another taxonomy is
    not compared) whose major number differs from the taxonomy's."""
    dataset, taxonomy = ctx.dataset, ctx.taxonomy
    made = dataset.taxonomy_version
    if made is None or dataset.taxonomy not in (None, taxonomy.name):
        return
    if not versions.is_breaking_gap(made, taxonomy.version):
        return
    ahead = (versions.parse(made) or ()) > (versions.parse(taxonomy.version) or ())
    message = (
        f"the file was made under {taxonomy.name} {made}, a major version "
        f"{'ahead of' if ahead else 'behind'} the taxonomy ({taxonomy.version}): classes "
        "and attribute values may have been renamed, merged, split or removed between them"
    )
    where = Location(file=dataset.source, pointer=dataset.taxonomy_version_pointer)
    yield ctx.at(MAJOR_VERSION_APART, where, message, hint=_migration(ctx, made))


def _migration(ctx: Context, made: str) -> str:
    # Imported here: a taxonomy's history (git, change sources) is needed only for this hint,
    # and loading it costs every check's start-up.
    from taxonomist.taxonomy import history

    found = history.locate(ctx.taxonomy, made)
    source = (
        history.shown(found)
        if found
        else f"<{ctx.taxonomy.name} at {made}: a file or git:REF:path>"
    )
    to = history.shown(str(ctx.taxonomy.path))
    return f"run taxonomist migrate --from {source} --to {to} {history.shown(ctx.dataset.source)}"


CODES: tuple[CodeDoc, ...] = (
    UNKNOWN_CLASS,
    MISSING_CATEGORY,
    MISSING_IMAGE,
    DUPLICATE_IMAGE,
    DUPLICATE_ANNOTATION,
    CATEGORY_MISMATCH,
    CATEGORY_ID_DIFFERS,
    NAME_NOT_CANONICAL,
    DUPLICATE_CATEGORY,
    ABSENT_PRESENT,
    MAJOR_VERSION_APART,
)
CHECKS: tuple[Check, ...] = (
    Check(codes=(UNKNOWN_CLASS,), run=unknown_class),
    Check(codes=(MISSING_CATEGORY,), run=missing_category),
    Check(codes=(MISSING_IMAGE,), run=missing_image),
    Check(codes=(DUPLICATE_IMAGE,), run=duplicate_images),
    Check(codes=(DUPLICATE_ANNOTATION,), run=duplicate_annotations),
    Check(codes=(CATEGORY_MISMATCH,), run=category_mismatch),
    Check(codes=(CATEGORY_ID_DIFFERS,), run=category_id_differs),
    Check(codes=(NAME_NOT_CANONICAL,), run=name_not_canonical),
    Check(codes=(DUPLICATE_CATEGORY,), run=duplicate_categories),
    Check(codes=(ABSENT_PRESENT,), run=verified_absent_present),
    Check(codes=(MAJOR_VERSION_APART,), run=major_version_apart),
)
