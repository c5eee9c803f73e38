"""--select/--ignore take codes, code prefixes, kebab names and the taxonomy's rule ids;
anything else is exit 2 with a did-you-mean, since a typo would hide every finding."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.api import check, load_taxonomy
from taxonomist.cli.errors import run_guarded
from taxonomist.core.errors import UsageError

KITCHEN_SINK = (
    Path(__file__).parents[1] / "data" / "taxonomies" / "kitchen_sink" / "kitchen_sink.yaml"
)
ANNOTATIONS = Path(__file__).parents[2] / "examples" / "demo" / "annotations.json"
DEMO = Path(__file__).parents[2] / "taxonomies" / "demo.yaml"


@pytest.mark.parametrize("value", ["G", "g002", "G002", "box-outside-image", "F", "T2"])
def test_codes_prefixes_and_names_are_accepted(value: str) -> None:
    check(DEMO, [ANNOTATIONS], select=[value], ignore=[value])


def test_the_taxonomys_rule_ids_are_accepted() -> None:
    taxonomy = load_taxonomy(KITCHEN_SINK)
    assert "min-box-height" in taxonomy.rules
    from taxonomist.check.engine import Selection

    Selection(("min-box-height",), ("min-box-height",)).validate(taxonomy)


@pytest.mark.parametrize(
    ("option", "value", "hint"),
    [
        ("--select", "ZZZ", "'taxonomist rules' lists every code and name"),
        ("--select", "X999", "did you mean 'X001'"),
        ("--ignore", "box-outside-imag", "did you mean 'box-outside-image'"),
        ("--ignore", "G02", "did you mean 'G002'"),
    ],
)
def test_unknown_codes_exit_2_with_a_hint(
    capsys: pytest.CaptureFixture[str], option: str, value: str, hint: str
) -> None:
    from taxonomist.cli import build_app

    args = ["check", "-t", str(DEMO), str(ANNOTATIONS), option, f"G002,{value}"]
    assert run_guarded(build_app, args) == 2
    out = capsys.readouterr()
    assert out.out == ""
    message, hint_line = out.err.splitlines()
    assert message == f"taxonomist: {option} {value!r}: no code, code prefix or name matches it"
    assert hint in hint_line


def test_the_api_refuses_them_too() -> None:
    with pytest.raises(UsageError, match="ZZZ"):
        check(DEMO, [ANNOTATIONS], ignore=["ZZZ"])
