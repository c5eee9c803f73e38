"""Object counts of one pair, per class and overall: matched, swapped, missed, extra,
precision, recall and F1 of B against A, the mean overlap of matches, and the confusion of
matched objects' classes.

A match of one class on both sides counts for that class; a class swap counts as swapped for
A's class and in neither side's precision or recall (B found the object but called it
something else). The mean overlap is over every shape match of A's class, swaps included."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from taxonomist.quality.agree.inputs import Side
from taxonomist.quality.agree.matching import ImageMatch
from taxonomist.quality.agree.model import ClassAgreement
from taxonomist.quality.agree.statistics import prf

OVERALL = "all"


@dataclass(slots=True)
class _Tally:
    in_a: int = 0
    in_b: int = 0
    matched: int = 0
    swapped: int = 0
    missed: int = 0
    extra: int = 0
    overlaps: list[float] = field(default_factory=list)

    def result(self, name: str) -> ClassAgreement:
        precision, recall, f1 = prf(self.matched, self.in_a, self.in_b)
        mean = sum(self.overlaps) / len(self.overlaps) if self.overlaps else None
        return ClassAgreement(
            name,
            self.in_a,
            self.in_b,
            self.matched,
            self.swapped,
            self.missed,
            self.extra,
            precision,
            recall,
            f1,
            mean,
        )


def class_of(side: Side, row: int) -> str:
    return side.checked.classes[row] or "?"


def count_classes(
    a: Side, b: Side, images: Sequence[ImageMatch], class_order: Sequence[str]
) -> tuple[ClassAgreement, tuple[ClassAgreement, ...]]:
    """The overall tally and one per class seen on either side, in taxonomy order."""
    tallies: dict[str, _Tally] = defaultdict(_Tally)
    for image in images:
        _count_image(a, b, image, tallies)
    overall = _Tally()
    for tally in tallies.values():
        for name in ("in_a", "in_b", "matched", "swapped", "missed", "extra"):
            setattr(overall, name, getattr(overall, name) + getattr(tally, name))
        overall.overlaps += tally.overlaps
    rank = {name: i for i, name in enumerate(class_order)}
    names = sorted(tallies, key=lambda n: (rank.get(n, len(rank)), n))
    return overall.result(OVERALL), tuple(tallies[n].result(n) for n in names)


def _count_image(a: Side, b: Side, image: ImageMatch, tallies: dict[str, _Tally]) -> None:
    for ra, rb, overlap in image.matches:
        ca, cb = class_of(a, ra), class_of(b, rb)
        tallies[ca].in_a += 1
        tallies[cb].in_b += 1
        tallies[ca].overlaps.append(overlap)
        if ca == cb:
            tallies[ca].matched += 1
        else:
            tallies[ca].swapped += 1
    for ra in image.missed:
        tallies[class_of(a, ra)].in_a += 1
        tallies[class_of(a, ra)].missed += 1
    for rb in image.extra:
        tallies[class_of(b, rb)].in_b += 1
        tallies[class_of(b, rb)].extra += 1


def confusion(a: Side, b: Side, images: Sequence[ImageMatch]) -> tuple[tuple[str, str, int], ...]:
    """(class in A, class in B, matches) for every pair of classes that matched, sorted."""
    cells: Counter[tuple[str, str]] = Counter()
    for image in images:
        for ra, rb, _ in image.matches:
            cells[class_of(a, ra), class_of(b, rb)] += 1
    return tuple((ca, cb, n) for (ca, cb), n in sorted(cells.items()))


def overlaps(images: Sequence[ImageMatch]) -> tuple[float, ...]:
    """Every match's IoU or OKS, in image order: the histogram's data."""
    return tuple(s for image in images for _, _, s in image.matches)
