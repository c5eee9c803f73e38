"""The report's tables as plain rows (header, rows, which columns are numbers), made once
and drawn by each output: HTML here in ``report_html``, rich tables by the command line,
Markdown by the guideline site."""

from __future__ import annotations

from taxonomist.quality.stats.drift import Drift
from taxonomist.quality.stats.model import DatasetStats
from taxonomist.quality.tables import Cell, Table


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else f"{value:,.{digits}f}"


def percent(part: int, whole: int) -> str:
    return f"{100 * part / whole:.1f} %" if whole else "–"


def overview(stats: DatasetStats) -> Table:
    small, medium, large = stats.area_bins
    rows: list[tuple[Cell, ...]] = [
        ("files read", len(stats.files)),
        ("files not read", len(stats.unread)),
        ("images", stats.images),
        ("objects", stats.objects),
        ("images without objects", stats.images_without_objects),
        ("objects without an image", stats.objects_without_image),
        ("classes used", sum(1 for c in stats.classes if c.known and c.objects)),
        ("classes never used", len(stats.unused)),
        ("names not in the taxonomy", len(stats.unknown)),
        ("small / medium / large", f"{small:,} / {medium:,} / {large:,}"),
    ]
    note = (
        f"Area bins as COCO evaluation's (small < 32², medium < 96², else large); "
        f"{stats.area_from_file:,} objects binned by the file's own area (COCO 'area'), "
        f"the rest by box width x height; {stats.area_unknown:,} with neither."
    )
    return Table("Overview", ("measure", "count"), tuple(rows), (False, True), note)


def classes(stats: DatasetStats) -> Table:
    header = (
        "class",
        "objects",
        "share",
        "images",
        "with subclasses",
        "small",
        "medium",
        "large",
        "mean w x h",
    )
    rows = []
    for c in sorted(stats.classes, key=lambda c: (not c.known, -c.objects, c.name)):
        if not (c.objects or c.subtree):
            continue
        name = c.name if c.known else f"{c.name} (not in the taxonomy)"
        size = f"{number(c.mean_width, 0)} x {number(c.mean_height, 0)}"
        rows.append(
            (
                name,
                c.objects,
                percent(c.objects, stats.objects),
                c.images,
                c.subtree,
                *c.area_bins,
                size,
            )
        )
    note = "'with subclasses' counts the class's objects and those of every class below it."
    return Table("Classes", header, tuple(rows), (False, *([True] * 8)), note)


def unknown(stats: DatasetStats) -> Table:
    rows = tuple((c.name, c.objects, ", ".join(c.files)) for c in stats.unknown)
    note = "Names the files use that the taxonomy has no class for: counted, not dropped."
    return Table(
        "Not in the taxonomy", ("name", "objects", "files"), rows, (False, True, False), note
    )


def per_image(stats: DatasetStats) -> Table:
    rows = tuple((k, n, percent(n, stats.images)) for k, n in stats.objects_per_image)
    return Table("Objects per image", ("objects", "images", "share"), rows, (True, True, True))


def attributes(stats: DatasetStats) -> Table:
    rows = []
    for a in stats.attributes:
        listed = ", ".join(f"{v.value} {v.count:,}" for v in a.values)
        span = (
            ""
            if a.mean is None
            else f"{number(a.minimum, 0)}–{number(a.maximum, 0)}, mean {number(a.mean)}"
        )
        rows.append((a.name, a.scope, a.answered, listed, span))
    header = ("name", "on", "answered", "values", "range")
    return Table("Attribute values", header, tuple(rows), (False, False, True, False, False))


def pairs(stats: DatasetStats, limit: int = 20) -> Table:
    rows = tuple((p.first, p.second, p.images) for p in stats.pairs[:limit])
    note = (
        f"The {limit} pairs seen together most; {len(stats.pairs):,} pairs in all."
        if len(stats.pairs) > limit
        else ""
    )
    return Table(
        "Classes seen together",
        ("class", "class", "images with both"),
        rows,
        (False, False, True),
        note,
    )


def image_sizes(stats: DatasetStats) -> Table:
    rows = tuple((f"{s.width} x {s.height}", s.images) for s in stats.image_sizes)
    note = (
        f"{stats.image_size_unknown:,} images of unknown size." if stats.image_size_unknown else ""
    )
    return Table("Image sizes", ("width x height", "images"), rows, (False, True), note)


def keypoints(stats: DatasetStats) -> Table:
    rows = []
    for k in stats.keypoints:
        whole = k.visible + k.hidden + k.unlabelled
        rows.append(
            (
                k.label_type,
                k.name,
                percent(k.visible, whole),
                percent(k.hidden, whole),
                percent(k.unlabelled, whole),
            )
        )
    header = ("label type", "keypoint", "visible (v=2)", "hidden (v=1)", "not labelled (v=0)")
    return Table("Keypoint visibility", header, tuple(rows), (False, False, True, True, True))


def unused(stats: DatasetStats) -> Table:
    rows = tuple((name,) for name in stats.unused)
    note = "Classes drawn on objects that no object uses, themselves or below them."
    return Table("Classes never used", ("class",), rows, (False,), note)


def unread(stats: DatasetStats) -> Table:
    rows = tuple((u.file, u.reason) for u in stats.unread)
    note = "Counted nowhere: these statistics are of the other files only."
    return Table("Files not read", ("file", "why"), rows, (False, False), note)


def drift(result: Drift, names: tuple[str, str]) -> Table:
    rows = []
    for c in result.classes:
        flag = {"dataset": names[0], "against": names[1]}.get(c.only_in or "", "")
        rows.append(
            (
                c.name,
                c.count,
                f"{100 * c.share:.2f} %",
                c.against,
                f"{100 * c.against_share:.2f} %",
                number(c.ratio, 2),
                flag,
            )
        )
    header = ("class", names[0], "share", names[1], "share", "ratio", "only in")
    return Table(
        "Class shares compared",
        header,
        tuple(rows),
        (False, True, True, True, True, True, False),
        test_line(result),
    )


def test_line(result: Drift) -> str:
    """The chi-square test in one sentence."""
    if result.chi2 is None:
        return f"No chi-square test: {result.why}."
    return (
        f"Chi-square test of homogeneity of the class distributions (scipy.stats.chi2_contingency, "
        f"no continuity correction): chi² = {result.chi2:.3f}, {result.dof} degrees of freedom, "
        f"p = {result.p_value:.3g}."
    )


def all_tables(stats: DatasetStats) -> tuple[Table, ...]:
    """Every table of one dataset's report, in report order, the empty ones left out."""
    made = (
        overview(stats),
        unread(stats),
        classes(stats),
        unknown(stats),
        unused(stats),
        per_image(stats),
        attributes(stats),
        pairs(stats),
        image_sizes(stats),
        keypoints(stats),
    )
    return tuple(t for t in made if t.rows)
