"""Two datasets compared class by class (train against val): each class's share of the
objects in each, the ratio of the shares, and a chi-square test of homogeneity of the two
class distributions (``scipy.stats.chi2_contingency`` on the 2 x classes table of object
counts, no continuity correction). Classes present in one dataset only are flagged; they
stay in the test, where they weigh most."""

from __future__ import annotations

from dataclasses import dataclass

from taxonomist.quality.stats.model import DatasetStats


@dataclass(frozen=True, slots=True)
class ClassDrift:
    name: str
    count: int  # objects in the dataset
    against: int  # objects in the one compared against
    share: float  # of the dataset's objects
    against_share: float
    ratio: float | None  # share / against_share; None where the class is absent there
    only_in: str | None  # "dataset", "against" or None (in both)


@dataclass(frozen=True, slots=True)
class Drift:
    """The comparison; ``chi2``, ``dof`` and ``p_value`` are None where no test can run
    (fewer than two classes with objects, or one side without objects): ``why`` says."""

    classes: tuple[ClassDrift, ...]
    objects: int
    against_objects: int
    chi2: float | None
    dof: int | None
    p_value: float | None
    why: str = ""


def compare(dataset: DatasetStats, against: DatasetStats) -> Drift:
    """How ``dataset``'s class distribution differs from ``against``'s."""
    mine = {c.name: c.objects for c in dataset.classes if c.objects}
    theirs = {c.name: c.objects for c in against.classes if c.objects}
    names = sorted(mine.keys() | theirs.keys(), key=lambda n: (-mine.get(n, 0), n))
    total, other = sum(mine.values()), sum(theirs.values())
    rows = tuple(_row(n, mine.get(n, 0), theirs.get(n, 0), total, other) for n in names)
    table = [[mine.get(n, 0) for n in names], [theirs.get(n, 0) for n in names]]
    chi2, dof, p_value, why = _test(table)
    return Drift(rows, total, other, chi2, dof, p_value, why)


def _row(name: str, count: int, against: int, total: int, other: int) -> ClassDrift:
    share = count / total if total else 0.0
    against_share = against / other if other else 0.0
    ratio = share / against_share if against_share else None
    only = "dataset" if not against else "against" if not count else None
    return ClassDrift(name, count, against, share, against_share, ratio, only)


def _test(table: list[list[int]]) -> tuple[float | None, int | None, float | None, str]:
    if len(table[0]) < 2:
        return None, None, None, "fewer than two classes have objects: nothing to test"
    if not sum(table[0]) or not sum(table[1]):
        return None, None, None, "one side has no objects: nothing to test"
    from scipy.stats import chi2_contingency  # type: ignore[import-untyped]

    result = chi2_contingency(table, correction=False)
    return float(result.statistic), int(result.dof), float(result.pvalue), ""
