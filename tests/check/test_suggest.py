"""Did-you-mean suggestions for unknown class and label-type names."""

from __future__ import annotations

import difflib

import pytest

from taxonomist.check.matching import suggest
from taxonomist.check.rules.labels import suggest_type

from .build import taxonomy_from


def test_a_near_name_is_suggested() -> None:
    taxonomy = taxonomy_from("base", None)  # type: ignore[arg-type]
    assert suggest(taxonomy, "persn") == ["person"]
    assert suggest_type("blury", ["blurry", "scene"]) == "did you mean 'blurry'?"


def test_a_name_longer_than_any_message_is_not_compared(monkeypatch: pytest.MonkeyPatch) -> None:
    """Comparing a 20 MB category name with every class name took seconds per name."""
    taxonomy = taxonomy_from("base", None)  # type: ignore[arg-type]

    def refuse(*_args: object, **_kwargs: object) -> list[str]:
        raise AssertionError("compared")

    monkeypatch.setattr(difflib, "get_close_matches", refuse)
    assert suggest(taxonomy, "person" + "n" * 300) == []
    assert suggest_type("blurry" + "y" * 300, ["blurry"]) is None
