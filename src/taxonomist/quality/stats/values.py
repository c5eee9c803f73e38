"""Attribute values on objects and image-level labels on images, counted by name.

A value is counted as people write it (``true``, ``3``, ``closed``); a list (a multi-label
answer) counts each of its items. Numbers also keep their least, greatest and mean."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from taxonomist.dataset.model import Dataset
from taxonomist.quality.stats.model import AttributeStats, ValueCount

SHOWN_VALUES = 20  # the most frequent values listed per attribute; the rest summed


@dataclass(slots=True)
class _Tally:
    answered: int = 0
    values: Counter[str] = field(default_factory=Counter)
    numbers: list[float] = field(default_factory=lambda: [0.0, 0.0, float("inf"), float("-inf")])

    def add(self, value: Any) -> None:
        self.answered += 1
        for item in value if isinstance(value, list | tuple) else (value,):
            self.values[_written(item)] += 1
            if isinstance(item, int | float) and not isinstance(item, bool):
                self._number(float(item))

    def _number(self, value: float) -> None:
        count, total, low, high = self.numbers
        self.numbers = [count + 1, total + value, min(low, value), max(high, value)]

    def result(self, name: str, scope: str) -> AttributeStats:
        common = self.values.most_common()
        shown = [ValueCount(v, n) for v, n in sorted(common, key=lambda p: (-p[1], p[0]))]
        rest = sum(item.count for item in shown[SHOWN_VALUES:])
        listed = shown[:SHOWN_VALUES] + ([ValueCount("(other values)", rest)] if rest else [])
        count, total, low, high = self.numbers
        numeric = (low, high, total / count) if count else (None, None, None)
        return AttributeStats(name, scope, self.answered, tuple(listed), *numeric)


def _written(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "(none)" if value is None else str(value)


class ValueCounts:
    """The running value counts of a run, object attributes and image labels apart."""

    def __init__(self) -> None:
        self.tallies: dict[tuple[str, str], _Tally] = {}

    def add(self, dataset: Dataset) -> None:
        self._add("object", dataset.objects.attributes.values())
        if dataset.images.labels is not None:
            self._add("image", dataset.images.labels)

    def _add(self, scope: str, records: Iterable[Mapping[str, Any]]) -> None:
        tallies = self.tallies
        for record in records:
            for name, value in record.items():
                key = (scope, name)
                tally = tallies.get(key)
                if tally is None:
                    tally = tallies[key] = _Tally()
                tally.add(value)

    def result(self) -> tuple[AttributeStats, ...]:
        """Object attributes, then image labels, each by name."""
        order = sorted(self.tallies, key=lambda k: (k[0] != "object", k[1]))
        return tuple(self.tallies[k].result(k[1], k[0]) for k in order)
