"""``taxonomist lint``: text and JSON output, and exit codes 0 clean, 1 errors, 2 unreadable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from tests.snapshot import assert_snapshot

DATA = Path("tests") / "data" / "taxonomies"
SINK = DATA / "kitchen_sink" / "kitchen_sink.yaml"
MISTAKES = DATA / "twenty_mistakes.yaml"


@pytest.fixture(autouse=True)
def _in_repo(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_root)  # paths in the output are as given: keep them relative


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code or 0)


def test_clean_taxonomy_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", str(SINK)) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1] == "1 file linted: 0 errors, 0 warnings, 11 info"


def test_mistakes_exit_one_with_text_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", str(MISTAKES)) == 1
    assert_snapshot("taxonomy/lint_twenty_mistakes.txt", capsys.readouterr().out)


def test_json_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", "--format", "json", str(MISTAKES), str(SINK)) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["summary"]["files"] == 2
    assert report["summary"]["by_severity"]["error"] == 23
    first = next(f for f in report["findings"] if f["file"] == str(MISTAKES))
    assert (first["code"], first["line"], first["column"]) == ("T007", 10, 3)


def test_unreadable_file_exits_two(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", str(SINK), "no/such/taxonomy.yaml") == 2
    assert "no/such/taxonomy.yaml: T001 cannot read the file" in capsys.readouterr().out


def test_fail_on_warning(capsys: pytest.CaptureFixture[str]) -> None:
    case = DATA / "lint" / "T902-no-definition.yaml"
    assert run("lint", str(case)) == 0
    assert run("lint", "--fail-on", "warning", str(case)) == 1
    assert run("lint", "--fail-on", "loud", str(case)) == 2
    assert "unknown severity 'loud'" in capsys.readouterr().err


def test_no_arguments_is_a_usage_error() -> None:
    assert run("lint") == 2


@pytest.mark.parametrize("output", ["sarif", "junit", "github"])
def test_ci_formats(output: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", "--format", output, str(MISTAKES)) == 1
    out = capsys.readouterr().out
    assert "T007" in out and "twenty_mistakes.yaml" in out
