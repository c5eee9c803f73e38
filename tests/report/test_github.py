from __future__ import annotations

import re

import pytest

from taxonomist.core.findings import Report
from taxonomist.report import render
from taxonomist.report.github import escape_data, escape_property

COMMAND = re.compile(r"^::(error|warning|notice) ([^:]*)::(.*)$")


def unescape(text: str) -> str:
    for escaped, raw in (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%")):
        text = text.replace(escaped, raw)
    return text


def commands(report: Report) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in render("github", report).splitlines()[:-1]:
        match = COMMAND.match(line)
        assert match, line
        props = dict(item.split("=", 1) for item in match.group(2).split(","))
        parsed.append(
            (match.group(1), {k: unescape(v) for k, v in props.items()}, unescape(match.group(3)))
        )
    return parsed


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("50% done", "50%25 done", "50%25 done"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("x: y, z", "x: y, z", "x%3A y%2C z"),
        ("%0A literal", "%250A literal", "%250A literal"),
    ],
)
def test_escaping(raw: str, data: str, prop: str) -> None:
    assert escape_data(raw) == data
    assert escape_property(raw) == prop


def test_one_line_per_finding(report: Report) -> None:
    text = render("github", report)
    lines = text.splitlines()
    assert len(lines) == len(report.findings) + 1
    assert lines[-1] == "taxonomist: 6 findings (4 errors, 1 warning, 1 info) in 3 files"


def test_commands_round_trip(report: Report) -> None:
    parsed = commands(report)
    assert [kind for kind, _, _ in parsed] == [
        "error",
        "error",
        "error",
        "error",
        "warning",
        "notice",
    ]
    _kind, props, message = parsed[4]
    assert props == {
        "file": "data/native.jsonl",
        "line": "3",
        "col": "41",
        "title": "A004 attribute-out-of-range",
    }
    assert message.startswith("occlusion: 140 % is above the maximum 100 %\nthe attribute")
    assert "(image astronaut (images/astronaut.png), annotation 1)" in message


def test_file_with_comma_and_pointer_in_message(report: Report) -> None:
    _kind, props, message = commands(report)[1]
    assert props == {"file": "data/instances, val 2017.json", "title": "G002 box-outside-image"}
    assert "at /annotations/1" in message
    assert message.endswith("\nsee: https://example.org/guide/checks/G002/")
    raw_line = render("github", report).splitlines()[1]
    assert "file=data/instances%2C val 2017.json," in raw_line


def test_input_without_file(report: Report) -> None:
    _kind, props, message = commands(report)[0]
    assert props == {"line": "1", "col": "1", "title": "F003 not-json"}
    assert "50%, a: b" in message
