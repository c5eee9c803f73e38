"""``--against``: class shares, their ratio, classes on one side only, and the chi-square
test, checked against scipy on the raw table and against a case worked by hand."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest
from scipy.stats import chi2_contingency

from taxonomist.quality.stats import DatasetStats, compare
from taxonomist.quality.stats.model import ClassStats


def dataset(known: DatasetStats, counts: dict[str, int]) -> DatasetStats:
    classes = tuple(ClassStats(n, c, 0, c, 0, None) for n, c in counts.items())
    return replace(known, classes=classes, objects=sum(counts.values()))


def test_hand_case(known: DatasetStats) -> None:
    # [[10, 20], [20, 10]]: every expected count 15, chi² = 4 x 5² / 15 = 20/3, 1 dof
    drift = compare(dataset(known, {"a": 10, "b": 20}), dataset(known, {"a": 20, "b": 10}))
    assert drift.chi2 == pytest.approx(20 / 3)
    assert drift.dof == 1
    assert drift.p_value == pytest.approx(math.erfc(math.sqrt(20 / 3 / 2)))  # chi² 1 dof tail
    assert drift.p_value == pytest.approx(0.009823, abs=1e-6)
    a = next(c for c in drift.classes if c.name == "a")
    assert (a.share, a.against_share, a.ratio) == (
        pytest.approx(1 / 3),
        pytest.approx(2 / 3),
        pytest.approx(0.5),
    )


def test_against_scipy_on_the_raw_table(known: DatasetStats) -> None:
    train = {"car": 120, "person": 300, "dog": 15, "kite": 4}
    val = {"car": 40, "person": 90, "dog": 9, "boat": 3}
    drift = compare(dataset(known, train), dataset(known, val))
    names = sorted(train.keys() | val.keys())
    table = [[train.get(n, 0) for n in names], [val.get(n, 0) for n in names]]
    expected = chi2_contingency(table, correction=False)
    assert drift.chi2 == pytest.approx(expected.statistic)
    assert drift.p_value == pytest.approx(expected.pvalue)
    assert drift.dof == expected.dof == 4
    flags = {c.name: c.only_in for c in drift.classes}
    assert flags == {"person": None, "car": None, "dog": None, "kite": "dataset", "boat": "against"}
    assert next(c.ratio for c in drift.classes if c.name == "kite") is None


def test_no_test_without_two_classes(known: DatasetStats) -> None:
    drift = compare(dataset(known, {"a": 3}), dataset(known, {"a": 5}))
    assert drift.chi2 is None and "fewer than two classes" in drift.why


def test_same_distribution_is_not_drift(known: DatasetStats) -> None:
    drift = compare(known, known)
    assert drift.chi2 == pytest.approx(0.0) and drift.p_value == pytest.approx(1.0)
