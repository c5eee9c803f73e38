"""``taxonomist schema``: the three schemas on the command line, and its usage errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main

REPO = Path(__file__).parents[2]
FIXTURE = REPO / "tests" / "data" / "schema" / "fixture.yaml"


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code or 0)


def test_language_schema_to_file_equals_the_committed_one(tmp_path: Path) -> None:
    out = tmp_path / "taxonomy.schema.json"
    assert run("schema", "--language", "-o", str(out)) == 0
    assert out.read_bytes() == (REPO / "schemas" / "taxonomy.schema.json").read_bytes()


def test_annotation_schema_to_stdout(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("schema", str(FIXTURE)) == 0
    schema = json.loads(capsys.readouterr().out)
    assert schema["$id"] == "urn:taxonomist:annotations:schema-fixture:1.2.0"


def test_coco_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("schema", str(FIXTURE), "--coco") == 0
    schema = json.loads(capsys.readouterr().out)
    ids = schema["properties"]["annotations"]["items"]["properties"]["category_id"]["enum"]
    assert ids == [1, 2, 11, 21, 22, 90]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "either a TAXONOMY file or --language"),
        (("--language", str(FIXTURE)), "either a TAXONOMY file or --language"),
        (("--language", "--coco"), "--coco needs a TAXONOMY"),
        ((str(FIXTURE), "--fragment"), "--fragment goes with --language"),
    ],
)
def test_usage_errors_exit_2(
    args: tuple[str, ...], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("schema", *args) == 2
    assert message in capsys.readouterr().err


def test_invalid_taxonomy_exits_2_with_findings(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: t\nversion: 1.0.0\nclasses:\n  cat: {id: 1, parent: dog}\n")
    assert run("schema", str(bad)) == 2
    err = capsys.readouterr().err
    assert "bad.yaml:4:" in err and "Traceback" not in err
