"""Column builders: ids matched to table rows the way a dict of first occurrences would."""

from __future__ import annotations

from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from taxonomist.formats._io.columns import index_rows

IDS = st.one_of(st.integers(-5, 40), st.integers(-(2**63), 2**63 - 1), st.just("7"))


def _first_rows(keys: list[Any], table: list[Any]) -> list[int]:
    rows: dict[tuple[type, Any], int] = {}
    for row, key in enumerate(table):
        rows.setdefault((type(key), key), row)
    return [rows.get((type(k), k), -1) for k in keys]


@settings(max_examples=200, deadline=None)
@given(st.lists(IDS, max_size=12), st.lists(IDS, max_size=12))
def test_index_rows_finds_first_occurrences(keys: list[Any], table: list[Any]) -> None:
    assert index_rows(keys, table).tolist() == _first_rows(keys, table)


def test_dense_and_sparse_ids_agree() -> None:
    table = [5, 3, 3, 9, 2**40]
    keys = [3, 9, 4, 2**40, -1, 5]
    assert index_rows(keys, table).tolist() == [1, 3, -1, 4, -1, 0]
    assert index_rows(keys, table[:4]).tolist() == [1, 3, -1, -1, -1, 0]
    assert index_rows(np.arange(3).tolist(), [2, 1, 0]).tolist() == [2, 1, 0]
