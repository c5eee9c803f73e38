"""The agreement statistics against values worked out by hand and published tables."""

from __future__ import annotations

import krippendorff
import numpy as np
import pytest

from taxonomist.quality.agree.statistics import alpha, cohen_kappa, fleiss_kappa, prf


def test_cohen_kappa_by_hand() -> None:
    # 10 units, two raters. Table (rows A, columns B):      yes  no
    #                                                  yes   4    2
    #                                                  no    1    3
    a = ["yes"] * 6 + ["no"] * 4
    b = ["yes"] * 4 + ["no"] * 2 + ["yes"] + ["no"] * 3
    observed = (4 + 3) / 10
    expected = (6 / 10) * (5 / 10) + (4 / 10) * (5 / 10)  # A's yes x B's yes + A's no x B's no
    assert expected == pytest.approx(0.5)
    assert cohen_kappa(a, b) == pytest.approx((observed - expected) / (1 - expected))
    assert cohen_kappa(a, b) == pytest.approx(0.4)


def test_cohen_kappa_perfect_and_chance() -> None:
    assert cohen_kappa(["x", "y", "x"], ["x", "y", "x"]) == 1.0
    assert cohen_kappa(["x", "x"], ["x", "x"]) == 1.0  # one category only: perfect, not 0/0
    # every A "x" met by half B "x", half "y": agreement exactly at chance
    assert cohen_kappa(["x", "x", "y", "y"], ["x", "y", "x", "y"]) == pytest.approx(0.0)
    assert cohen_kappa([], []) is None


def test_fleiss_kappa_wikipedia_example() -> None:
    # Wikipedia, "Fleiss' kappa", worked example: 10 subjects, 14 raters, 5 categories;
    # P-bar = 0.378, P-e-bar = 0.213, kappa = 0.210.
    table = [
        [0, 0, 0, 0, 14],
        [0, 2, 6, 4, 2],
        [0, 0, 3, 5, 6],
        [0, 3, 9, 2, 0],
        [2, 2, 8, 1, 1],
        [7, 7, 0, 0, 0],
        [3, 2, 6, 3, 0],
        [2, 5, 3, 2, 2],
        [6, 5, 2, 1, 0],
        [0, 2, 2, 3, 7],
    ]
    assert fleiss_kappa(table) == pytest.approx(0.20993, abs=1e-4)


def test_fleiss_kappa_needs_equal_raters() -> None:
    assert fleiss_kappa([[2, 0], [1, 2]]) is None
    assert fleiss_kappa([[2, 0], [0, 2]]) == pytest.approx(1.0)


def test_nominal_alpha_by_coincidence_matrix() -> None:
    # Two raters, 6 units, categories 0 and 1 (one unit missing for rater B).
    data = np.array([[0, 0, 1, 1, 0, 1], [0, 1, 1, 1, np.nan, 0]], dtype=float)
    # Pairable units: 1..4 and 6 (unit 5 has one value). Each unit with 2 values adds
    # both ordered pairs to the coincidence matrix, weight 1/(m_u - 1) = 1:
    #   unit1 (0,0): o00 += 2;  unit2 (0,1): o01 += 1, o10 += 1;  unit3 (1,1): o11 += 2;
    #   unit4 (1,1): o11 += 2;  unit6 (1,0): o01 += 1, o10 += 1
    o00, o01, o10, o11 = 2, 2, 2, 4
    n0, n1 = o00 + o01, o10 + o11  # 4, 6
    n = n0 + n1  # 10 pairable values
    observed = o01 + o10  # off-diagonal mass (nominal distance 1)
    expected = (n0 * n1 + n1 * n0) / (n - 1)  # n_c n_k / (n - 1), c != k
    by_hand = 1 - (n - 1) * observed / (n0 * n1 * 2)
    assert by_hand == pytest.approx(1 - observed / expected)
    package = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert alpha(data, "nominal") == pytest.approx(by_hand)
    assert alpha(data, "nominal") == pytest.approx(package)
    assert by_hand == pytest.approx(1 - 4 / (48 / 9))  # 0.25


def test_ordinal_and_interval_alpha_match_the_package() -> None:
    data = np.array(
        [[1, 2, 3, 3, 2, 1, 4, 1], [1, 2, 3, 3, 2, 2, 4, 1], [np.nan, 3, 3, 3, 2, 3, 4, 2]]
    )
    for level in ("ordinal", "interval"):
        expected = krippendorff.alpha(reliability_data=data, level_of_measurement=level)
        assert alpha(data, level) == pytest.approx(expected)


def test_alpha_edge_cases() -> None:
    assert alpha(np.array([[1.0, np.nan], [np.nan, 2.0]]), "nominal") is None
    assert alpha(np.array([[1.0, 1.0], [1.0, 1.0]]), "nominal") == 1.0


def test_precision_recall_f1() -> None:
    assert prf(8, 10, 9) == pytest.approx((8 / 9, 0.8, 2 * (8 / 9) * 0.8 / (8 / 9 + 0.8)))
    assert prf(0, 3, 0) == (None, 0.0, 0.0)
