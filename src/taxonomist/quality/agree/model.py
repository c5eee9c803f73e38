"""The results of an agreement run: plain frozen values, JSON-ready, no numpy inside."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class ClassAgreement:
    """One class (or ``"all"``) of one pair: A is the reference, B is compared with it."""

    name: str
    in_a: int
    in_b: int
    matched: int  # matched with the same class on both sides
    swapped: int  # matched by shape, but labelled as another class by B
    missed: int  # A's objects B has no match for
    extra: int  # B's objects A has no match for
    precision: float | None
    recall: float | None
    f1: float | None
    mean_overlap: float | None  # mean IoU (or OKS) of the matches


@dataclass(frozen=True, slots=True)
class AttributeAgreement:
    name: str
    level: str  # nominal, ordinal or interval (Krippendorff's levels of measurement)
    units: int  # matched pairs where at least one side gave a value
    both: int  # ... where both did
    equal: int  # ... and gave the same value
    alpha: float | None
    kappa: float | None  # Cohen's, over pairs where both gave a category


@dataclass(frozen=True, slots=True)
class Disagreement:
    """One disagreement between A and B, with what the guideline says about it."""

    kind: str  # miss, extra, class-swap, attribute
    image: str
    classes: tuple[str, ...]
    a_id: str | None
    b_id: str | None
    attribute: str | None = None
    values: tuple[str, str] | None = None
    rules: tuple[tuple[str, str], ...] = ()  # (rule or checker code, "A" or "B") broken
    near: tuple[str, ...] = ()  # thresholds it lies near ("min-object-size: height 18 ~ 16")
    guidance: tuple[str, ...] = ()  # rules saying how to decide it ("grade-occlusion"), and
    # the look-alike tests of a swapped pair ("space_shuttle versus rocket")


@dataclass(frozen=True, slots=True)
class PairAgreement:
    a: str
    b: str
    images: int
    overall: ClassAgreement
    classes: tuple[ClassAgreement, ...]
    confusion: tuple[tuple[str, str, int], ...]  # (class in A, class in B, matches)
    attributes: tuple[AttributeAgreement, ...]
    disagreements: tuple[Disagreement, ...]
    overlap_histogram: tuple[int, ...]  # matches per twentieth of IoU/OKS, 0-0.05 first


@dataclass(frozen=True, slots=True)
class LabelAgreement:
    """An image-level label type over every annotator: Fleiss' kappa and alpha."""

    name: str
    images: int
    fleiss_kappa: float | None
    alpha: float | None


@dataclass(frozen=True, slots=True)
class Gap:
    """A rule, class or threshold ranked by how many disagreements it is part of."""

    kind: str  # rule (broken), guidance (deciding it), versus, threshold, class
    name: str
    title: str  # the rule's title, thresholds written out; "" for a class or checker code
    disagreements: int
    share: float  # of every disagreement of every pair
    by_kind: tuple[tuple[str, int], ...]
    example: str  # the first image with such a disagreement


@dataclass(frozen=True, slots=True)
class SideSummary:
    name: str
    file: str
    images: int
    objects: int
    unusable: int  # objects whose class the taxonomy does not know
    findings: int


@dataclass(frozen=True, slots=True)
class AgreementReport:
    taxonomy: str
    version: str
    match_by: str
    iou: float
    oks: float
    common_images: int
    sides: tuple[SideSummary, ...]
    pairs: tuple[PairAgreement, ...]
    attributes: tuple[AttributeAgreement, ...]  # over every annotator, A's objects the units
    labels: tuple[LabelAgreement, ...]
    gaps: tuple[Gap, ...]
    references: tuple[str, ...] = field(default=())
