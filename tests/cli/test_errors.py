"""Where a bug report goes: the installed package's issue tracker when its metadata names
one, else a line that needs no URL."""

from __future__ import annotations

import importlib.metadata

import pytest

from taxonomist.cli.errors import GENERIC_REPORT, report_to


class _Metadata:
    def __init__(self, urls: list[str]) -> None:
        self.urls = urls

    def get_all(self, name: str) -> list[str]:
        assert name == "Project-URL"
        return self.urls


@pytest.mark.parametrize(
    ("urls", "expected"),
    [
        (["Homepage, https://example.org", "Issues, https://example.org/issues"], "issues"),
        (["Bug Tracker, https://example.org/bugs"], "bugs"),
        (["Homepage, https://example.org"], None),
        ([], None),
    ],
)
def test_bugs_are_reported_where_the_metadata_says(
    monkeypatch: pytest.MonkeyPatch, urls: list[str], expected: str | None
) -> None:
    monkeypatch.setattr(importlib.metadata, "metadata", lambda _name: _Metadata(urls))
    if expected is None:
        assert report_to() == GENERIC_REPORT
    else:
        assert report_to() == f"please report it at https://example.org/{expected}"


def test_without_installed_metadata_the_generic_line(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> None:
        raise importlib.metadata.PackageNotFoundError(name)

    monkeypatch.setattr(importlib.metadata, "metadata", missing)
    assert report_to() == GENERIC_REPORT
