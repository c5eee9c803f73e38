"""``core.text``: what reaches a person is visible (controls escaped) and short."""

from __future__ import annotations

import pytest

from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.core.text import (
    MESSAGE_LIMIT,
    escape_surrogates,
    printable,
    shorten,
    shorten_values,
)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [
        ("\x1b[31mred", "\\x1b[31mred"),
        ("\x1b]8;;http://x\x07link", "\\x1b]8;;http://x\\x07link"),
        ("a\rb\nc\td", "a\\x0db\\x0ac\\x09d"),
        ("\x7f\x85\x9b", "\\x7f\\x85\\x9b"),
        ("abc\u202edcba\u2066x\u2069", "abc\\u202edcba\\u2066x\\u2069"),
        ("line\u2028break", "line\\u2028break"),
        ("bad-\udcff-name", "bad-\\udcff-name"),
        ("猫 café ✓", "猫 café ✓"),
    ],
)
def test_printable_escapes_every_control(raw: str, shown: str) -> None:
    assert printable(raw) == shown


def test_printable_keeps_what_it_is_told_to() -> None:
    assert printable("a\nb\tc\rd", keep="\n\t") == "a\nb\tc\\x0dd"


def test_escape_surrogates_touches_nothing_else() -> None:
    assert escape_surrogates("\x1b\udc80é") == "\x1b\\udc80é"


def test_shorten_keeps_head_and_tail_and_says_the_length() -> None:
    value = "h" * 500 + "t" * 500
    short = shorten(value)
    assert len(short) <= MESSAGE_LIMIT
    assert short.startswith("h" * 80)
    assert short.endswith("t" * 80)
    assert "…(1000 characters)…" in short
    assert shorten("short") == "short"


def test_shorten_values_shortens_each_long_value_and_bounds_the_whole() -> None:
    message = f"category {'x' * 5000!r} is unknown"
    shown = shorten_values(message)
    assert shown.startswith("category 'xxx")
    assert shown.endswith(" is unknown")
    assert "(5002 characters)" in shown
    assert len(shorten_values("a " * 1_000_000)) <= MESSAGE_LIMIT * 10


def test_a_finding_keeps_no_huge_value() -> None:
    finding = Finding("R006", "x", Severity.ERROR, "v" * 20_000_000, hint="h" * 10_000)
    assert len(finding.message) <= MESSAGE_LIMIT
    assert finding.hint is not None
    assert len(finding.hint) <= MESSAGE_LIMIT
    ordinary = Finding("R006", "x", Severity.ERROR, "a normal message", hint="a hint")
    assert (ordinary.message, ordinary.hint) == ("a normal message", "a hint")


def test_a_rendered_finding_cannot_print_a_line_of_its_own() -> None:
    location = Location(file="a\nNo findings.\x1b[2J.yaml", line=3, column=1)
    finding = Finding("T001", "x", Severity.ERROR, "first\nNo findings.", location, hint="h\nx")
    lines = finding.render().splitlines()
    assert lines[0] == "a\\x0aNo findings.\\x1b[2J.yaml:3:1: T001 first"
    assert all(line.startswith("    ") for line in lines[1:])
