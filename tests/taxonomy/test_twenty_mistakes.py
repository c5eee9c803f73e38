"""A taxonomy with more than twenty deliberate mistakes reports every one, at its line."""

from __future__ import annotations

import re
from pathlib import Path

from taxonomist.taxonomy import lint

PATH = Path(__file__).parents[1] / "data" / "taxonomies" / "twenty_mistakes.yaml"
MARK = re.compile(r"# mistake: (T\d{3})\s*$")


def marked() -> list[tuple[str, int]]:
    lines = PATH.read_text(encoding="utf-8").splitlines()
    return sorted(
        (match.group(1), number)
        for number, line in enumerate(lines, 1)
        if (match := MARK.search(line))
    )


def test_at_least_twenty_mistakes_marked() -> None:
    assert len(marked()) >= 20


def test_every_mistake_reported_at_its_line_and_nothing_else() -> None:
    findings = [f for f in lint([PATH]) if f.code != "T903"]
    got = sorted((f.code, f.location.line or 0) for f in findings)
    assert got == marked()
    assert all(f.location.file == str(PATH) for f in findings)
