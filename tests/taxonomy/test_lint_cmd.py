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
    assert out.splitlines()[-1] == "1 file linted: 0 errors, 0 warnings, 12 info"  # T908: fr


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


def test_report_is_the_spelling_and_format_still_works_with_a_notice(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert run("lint", "--report", "json", str(MISTAKES)) == 1
    report, notice = capsys.readouterr()
    assert notice == ""
    assert run("lint", "--format", "json", str(MISTAKES)) == 1
    legacy, legacy_notice = capsys.readouterr()
    assert legacy == report
    assert legacy_notice == "taxonomist: lint --format is deprecated; use --report\n"
    assert run("lint", "--report", "text", "--format", "json", str(MISTAKES)) == 2


def test_select_and_ignore_choose_the_codes_shown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lint", "--report", "json", "--select", "T9", str(MISTAKES)) == 0
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert codes == {"T901", "T902", "T903", "T904"}
    args = ("--select", "T9,T3", "--ignore", "colors-too-close", "--ignore", "T902")
    assert run("lint", "--report", "json", *args, str(MISTAKES)) == 1
    codes = {f["code"] for f in json.loads(capsys.readouterr().out)["findings"]}
    assert "T901" in codes
    assert codes.isdisjoint({"T902", "T904"})
    assert all(c.startswith(("T9", "T3")) for c in codes)


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_unknown_lint_codes_are_a_usage_error(
    option: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("lint", option, "colors-too-clse", str(MISTAKES)) == 2
    err = capsys.readouterr().err
    assert f"taxonomist: {option} 'colors-too-clse' matches no lint code" in err
    assert "did you mean 'colors-too-close'?" in err
