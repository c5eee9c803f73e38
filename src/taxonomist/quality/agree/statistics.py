"""Chance-corrected agreement: Cohen's kappa (two raters), Fleiss' kappa (many raters, every
unit rated by all) and Krippendorff's alpha (any raters, missing values, a level of
measurement), plus precision, recall and F1.

Kappas are computed here with numpy from their definitions; alpha comes from the
``krippendorff`` package. Every function returns None where the statistic is undefined (no
units, or no variation to correct for chance with)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

import numpy as np
import numpy.typing as npt

Level = Literal["nominal", "ordinal", "interval"]


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> float | None:
    """Cohen's kappa of two raters' categories for the same units:
    (p_o - p_e) / (1 - p_e), p_o the share of equal pairs, p_e the sum over categories of
    the product of both raters' shares."""
    if not a or len(a) != len(b):
        return None
    categories = sorted({*map(repr, a), *map(repr, b)})
    index = {c: i for i, c in enumerate(categories)}
    table = np.zeros((len(categories), len(categories)))
    for x, y in zip(a, b, strict=True):
        table[index[repr(x)], index[repr(y)]] += 1
    table /= table.sum()
    observed = float(np.trace(table))
    expected = float(table.sum(axis=1) @ table.sum(axis=0))
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else None
    return (observed - expected) / (1.0 - expected)


def fleiss_kappa(counts: npt.ArrayLike) -> float | None:
    """Fleiss' kappa of an (units, categories) table of how many raters chose each category;
    every unit rated by the same number n of raters.

    P_i = (sum_j n_ij^2 - n) / (n (n - 1)), p_j = sum_i n_ij / (N n),
    kappa = (mean P_i - sum_j p_j^2) / (1 - sum_j p_j^2)."""
    table = np.asarray(counts, dtype=np.float64)
    if table.ndim != 2 or table.shape[0] == 0:
        return None
    raters = table.sum(axis=1)
    n = float(raters[0])
    if n < 2 or not np.all(raters == n):
        return None
    per_unit = ((table**2).sum(axis=1) - n) / (n * (n - 1))
    shares = table.sum(axis=0) / (table.shape[0] * n)
    expected = float((shares**2).sum())
    observed = float(per_unit.mean())
    if expected >= 1.0:
        return 1.0 if observed >= 1.0 else None
    return (observed - expected) / (1.0 - expected)


def alpha(data: npt.ArrayLike, level: Level) -> float | None:
    """Krippendorff's alpha of a (raters, units) table of numbers, NaN where a rater gave no
    value; None where no unit has two values. Where every value is one and the same, alpha
    is 0/0; that perfect agreement is reported as 1, as the kappas here do."""
    import krippendorff

    table = np.asarray(data, dtype=np.float64)
    pairable = (~np.isnan(table)).sum(axis=0) >= 2
    if table.ndim != 2 or not pairable.any():
        return None
    table = table[:, pairable]
    if np.unique(table[~np.isnan(table)]).size < 2:
        return 1.0
    value = float(krippendorff.alpha(reliability_data=table, level_of_measurement=level))
    return None if np.isnan(value) else value


def prf(matched: int, in_a: int, in_b: int) -> tuple[float | None, float | None, float | None]:
    """Precision (of B's objects, the share A has too), recall (of A's, the share B found)
    and their harmonic mean F1; None where the share has no objects to be of."""
    precision = matched / in_b if in_b else None
    recall = matched / in_a if in_a else None
    if precision is None or recall is None:
        f1 = 1.0 if not in_a and not in_b else (0.0 if in_a or in_b else None)
        return precision, recall, f1
    total = precision + recall
    return precision, recall, 2 * precision * recall / total if total else 0.0
