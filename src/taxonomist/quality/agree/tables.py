"""The report's tables as plain rows, drawn by the command line (rich) and the HTML page."""

from __future__ import annotations

from taxonomist.quality.agree.model import (
    AgreementReport,
    AttributeAgreement,
    ClassAgreement,
    PairAgreement,
)
from taxonomist.quality.tables import Cell, Table

COUNTS = ("class", "in A", "in B", "matched", "swapped", "missed", "extra")
CLASS_HEADER: tuple[str, ...] = (*COUNTS, "precision", "recall", "F1", "mean overlap")
EXAMPLES = 12  # disagreements listed per pair in the text report


def number(value: float | None, digits: int = 3) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def _class_row(c: ClassAgreement) -> tuple[Cell, ...]:
    counts = (c.in_a, c.in_b, c.matched, c.swapped, c.missed, c.extra)
    return (c.name, *counts, *(number(v) for v in (c.precision, c.recall, c.f1, c.mean_overlap)))


def classes(pair: PairAgreement, report: AgreementReport) -> Table:
    rows = (*(_class_row(c) for c in pair.classes), _class_row(pair.overall))
    overlap = "OKS" if report.match_by == "keypoints" else f"{report.match_by} IoU"
    note = f"A = {pair.a} (reference), B = {pair.b}; mean overlap: {overlap} of matches"
    return Table(
        f"{pair.a} vs {pair.b}: objects", CLASS_HEADER, rows, (False,) + (True,) * 10, note
    )


def confusion(pair: PairAgreement) -> Table:
    rows = tuple((a, b, n) for a, b, n in pair.confusion if a != b)
    note = "" if rows else "no class swaps: every matched object has the same class on both sides"
    return Table(
        f"{pair.a} vs {pair.b}: class swaps",
        ("class in A", "class in B", "objects"),
        rows,
        (False, False, True),
        note,
    )


def attributes(items: tuple[AttributeAgreement, ...], title: str) -> Table:
    rows = tuple(
        (a.name, a.level, a.units, a.both, a.equal, number(a.alpha), number(a.kappa)) for a in items
    )
    header = ("attribute", "level", "units", "both gave", "equal", "alpha", "Cohen's kappa")
    return Table(title, header, rows, (False, False, True, True, True, True, True))


def labels(report: AgreementReport) -> Table:
    rows = tuple((x.name, x.images, number(x.fleiss_kappa), number(x.alpha)) for x in report.labels)
    note = "" if rows else "no image-level labels to compare (sides split from one file share them)"
    return Table(
        "image-level labels (every annotator)",
        ("label type", "units", "Fleiss' kappa", "alpha"),
        rows,
        (False, True, True, True),
        note,
    )


def disagreements(pair: PairAgreement) -> Table:
    rows = []
    for d in pair.disagreements[:EXAMPLES]:
        what = (
            d.kind
            if d.attribute is None
            else f"{d.attribute}: {d.values[0]} → {d.values[1]}"
            if d.values
            else d.kind
        )
        rules = [f"{r} (broken by {s})" for r, s in d.rules] + list(d.guidance)
        rows.append(
            (
                d.image,
                what,
                " / ".join(d.classes),
                "; ".join(rules) or "–",
                "; ".join(d.near) or "–",
            )
        )
    more = len(pair.disagreements) - EXAMPLES
    note = f"… and {more} more (--report json lists every one)" if more > 0 else ""
    note = note if rows else "none: both agree on every object, class and attribute"
    header = ("image", "disagreement", "classes", "guideline", "near a threshold")
    return Table(f"{pair.a} vs {pair.b}: disagreements", header, tuple(rows), (False,) * 5, note)


def guideline_gaps(report: AgreementReport) -> Table:
    rows = tuple(
        (g.kind, g.name, g.title or "–", g.disagreements, f"{100 * g.share:.0f} %", g.example)
        for g in report.gaps
    )
    header = ("kind", "name", "title", "disagreements", "share", "example image")
    note = "\n".join(report.references if rows else ("no disagreements", *report.references))
    return Table("guideline gaps", header, rows, (False, False, False, True, True, False), note)


def overview(report: AgreementReport) -> Table:
    rows: list[tuple[Cell, ...]] = [
        (s.name, s.file, s.images, s.objects, s.unusable, s.findings) for s in report.sides
    ]
    threshold = (
        f"OKS ≥ {report.oks:g}" if report.match_by == "keypoints" else f"IoU ≥ {report.iou:g}"
    )
    note = f"{report.common_images} images in common; matched by {report.match_by}, {threshold}"
    header = ("annotator", "file", "images", "objects", "class unknown", "checker findings")
    return Table("annotators", header, tuple(rows), (False, False, True, True, True, True), note)


def all_tables(report: AgreementReport) -> list[Table]:
    out = [overview(report)]
    for pair in report.pairs:
        out += [classes(pair, report), confusion(pair)]
        out.append(
            attributes(pair.attributes, f"{pair.a} vs {pair.b}: attributes of matched objects")
        )
        out.append(disagreements(pair))
    if len(report.sides) > 2:
        out.append(attributes(report.attributes, "attributes over every annotator"))
    return [*out, labels(report), guideline_gaps(report)]
