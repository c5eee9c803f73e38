"""One agreement run: read and check every file, split into sides, match every pair, count,
attribute, rank."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

import numpy as np

from taxonomist.core.errors import UsageError
from taxonomist.dataset.model import F64
from taxonomist.quality.agree.attributes import all_raters, pair_attributes
from taxonomist.quality.agree.attribution import Attributor, gaps
from taxonomist.quality.agree.inputs import Side, common_images, read_sides
from taxonomist.quality.agree.labels import label_agreement
from taxonomist.quality.agree.matching import ImageMatch, match_pair, similarity_for
from taxonomist.quality.agree.metrics import confusion, count_classes, overlaps
from taxonomist.quality.agree.model import AgreementReport, PairAgreement, SideSummary
from taxonomist.quality.agree.references import references_for
from taxonomist.taxonomy.model.label_types import KeypointLabel
from taxonomist.taxonomy.resolved import Taxonomy

MATCH_BY = ("box", "mask", "keypoints")
HISTOGRAM_BINS = 20


@dataclass(frozen=True, slots=True)
class Settings:
    """How objects are matched; None: the taxonomy's ``agreement:`` section decides."""

    match_by: str | None = None
    iou: float | None = None
    oks: float | None = None
    annotators: tuple[str, ...] = ()
    format: str | None = None


@dataclass(slots=True)
class AgreeRun:
    """The report plus what drawing hard cases needs: the sides and each pair's matches."""

    report: AgreementReport
    sides: list[Side]
    paths: list[Path]
    matches: dict[tuple[int, int], list[ImageMatch]] = field(default_factory=dict)


def run_agree(taxonomy: Taxonomy, paths: Sequence[Path], settings: Settings) -> AgreeRun:
    """Agreement of the annotators in ``paths``; raises ``InvalidInput``/``UsageError``."""
    match_by, threshold = _matching(taxonomy, settings)
    sides = read_sides(taxonomy, paths, settings.format, settings.annotators)
    images = common_images(sides, paths)
    similarity = similarity_for(match_by, keypoint_sigmas(taxonomy))
    run = AgreeRun(_empty(taxonomy), sides, list(paths))
    pairs = []
    for i, j in combinations(range(len(sides)), 2):
        run.matches[i, j] = match_pair(sides[i], sides[j], images, similarity, threshold)
        pairs.append(_pair(taxonomy, sides[i], sides[j], run.matches[i, j]))
    everyone = all_raters(taxonomy, sides, [run.matches[0, k] for k in range(1, len(sides))])
    run.report = AgreementReport(
        taxonomy=taxonomy.name,
        version=taxonomy.version,
        match_by=match_by,
        iou=settings.iou if settings.iou is not None else taxonomy.agreement.iou,
        oks=settings.oks if settings.oks is not None else taxonomy.agreement.oks,
        common_images=len(images),
        sides=tuple(_summary(s, paths) for s in sides),
        pairs=tuple(pairs),
        attributes=everyone,
        labels=label_agreement(taxonomy, sides, images),
        gaps=gaps(taxonomy, (d for p in pairs for d in p.disagreements)),
        references=references_for(_situations(match_by, sides)),
    )
    return run


def _matching(taxonomy: Taxonomy, settings: Settings) -> tuple[str, float]:
    match_by = settings.match_by or taxonomy.agreement.match_by
    if match_by not in MATCH_BY:
        raise UsageError(f"unknown --match-by {match_by!r}", hint="use box, mask or keypoints")
    for name, value in (("--iou", settings.iou), ("--oks", settings.oks)):
        if value is not None and not 0 <= value <= 1:
            raise UsageError(f"{name} {value:g} is not between 0 and 1", hint="e.g. 0.5")
    if match_by == "keypoints":
        return match_by, settings.oks if settings.oks is not None else taxonomy.agreement.oks
    return match_by, settings.iou if settings.iou is not None else taxonomy.agreement.iou


def keypoint_sigmas(taxonomy: Taxonomy) -> F64 | None:
    """The first keypoint label type's OKS sigmas in keypoint order, where it gives all."""
    for label_type in taxonomy.label_types.values():
        if isinstance(label_type, KeypointLabel) and label_type.sigmas:
            sigmas = [label_type.sigmas.get(k) for k in label_type.keypoints]
            if all(s is not None for s in sigmas):
                return np.array(sigmas, dtype=np.float64)
    return None


def _pair(taxonomy: Taxonomy, a: Side, b: Side, images: list[ImageMatch]) -> PairAgreement:
    overall, classes = count_classes(a, b, images, list(taxonomy.classes))
    attributes, diffs = pair_attributes(taxonomy, a, b, images)
    found = overlaps(images)
    histogram = np.histogram(found, bins=HISTOGRAM_BINS, range=(0.0, 1.0))[0]
    return PairAgreement(
        a=a.name,
        b=b.name,
        images=len(images),
        overall=overall,
        classes=classes,
        confusion=confusion(a, b, images),
        attributes=attributes,
        disagreements=tuple(Attributor(taxonomy, a, b).all(images, diffs)),
        overlap_histogram=tuple(int(n) for n in histogram),
    )


def _summary(side: Side, paths: Sequence[Path]) -> SideSummary:
    file = side.checked.file or str(paths[0])
    images = len(side.dataset.images)
    return SideSummary(
        side.name, file, images, int(side.rows.size), side.unusable, side.checked.findings
    )


def _situations(match_by: str, sides: Sequence[Side]) -> set[str]:
    found = {match_by}
    if any(s.dataset.kind == "mask" for s in sides):  # mask folders: semantic label images
        found.add("semantic")
    return found


def _empty(taxonomy: Taxonomy) -> AgreementReport:
    return AgreementReport(taxonomy.name, taxonomy.version, "box", 0, 0, 0, (), (), (), (), ())
