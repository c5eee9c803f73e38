"""``checks:`` keys name codes, and the severities they set apply to lint findings too."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.cli import build_app
from taxonomist.cli.errors import run_guarded
from taxonomist.core.findings import Severity
from taxonomist.taxonomy import lint_file

HEAD = """name: case
version: 1.0.0
label_types:
  box: {kind: box}
classes:
  cat: {id: 1, label_types: [box]}
  dog: {id: 2, definition: A dog.}
"""


def _write(tmp_path: Path, checks: str) -> Path:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(HEAD + "checks:\n" + checks, encoding="utf-8")
    return path


def _severities(path: Path) -> dict[str, Severity]:
    return {f.code: f.severity for f in lint_file(path)[1]}


def test_lint_severities_follow_checks(tmp_path: Path) -> None:
    checks = "  T902: {severity: info}\n  no-do-example: {severity: 'off'}\n"
    found = _severities(_write(tmp_path, checks))
    assert found["T902"] is Severity.INFO  # a warning by default
    assert "T903" not in found  # turned off by name
    assert found["T905"] is Severity.WARNING  # untouched


def test_lint_errors_stay_errors(tmp_path: Path) -> None:
    path = _write(tmp_path, "  T203: {severity: 'off'}\n")
    rule = "rules:\n  r: {title: R, guidance: G, applies_to: {classes: [cow]}}\n"
    path.write_text(path.read_text(encoding="utf-8") + rule, encoding="utf-8")
    assert _severities(path)["T203"] is Severity.ERROR


def test_a_mistyped_lint_code_is_refused_with_a_suggestion(tmp_path: Path) -> None:
    findings = lint_file(_write(tmp_path, "  T9020: {severity: info}\n"))[1]
    unknown = [f for f in findings if f.code == "T503"]
    assert [f.hint for f in unknown] == ["did you mean 'T902'?"]
    assert unknown[0].severity is Severity.ERROR


@pytest.mark.parametrize("command", ["lint", "check"])
def test_a_mistyped_checker_code_is_refused(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "  G0O2: {severity: warning}\n  box-outside-image: {severity: info}\n")
    data = tmp_path / "a.json"
    data.write_text('{"images": [], "annotations": [], "categories": []}', encoding="utf-8")
    args = ["lint", str(path)] if command == "lint" else ["check", "-t", str(path), str(data)]
    code = run_guarded(build_app, args)
    out = capsys.readouterr()
    assert code == (1 if command == "lint" else 2)
    text = out.out + out.err
    assert f"{path}:9:3: T503 checks: 'G0O2' is not a code" in text
    assert "did you mean 'G002'?" in text
    assert "box-outside-image" not in text
