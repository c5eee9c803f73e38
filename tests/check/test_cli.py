"""``taxonomist check`` and ``taxonomist rules`` end to end, through the real CLI entry."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli.errors import run_guarded

from .build import DATA

TAXONOMY = DATA / "taxonomies" / "base.yaml"


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from taxonomist.cli import build_app

    code = run_guarded(build_app, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def _coco(tmp_path: Path, bbox: list[float]) -> Path:
    doc = {
        "images": [{"id": 1, "width": 100, "height": 80, "file_name": "a.jpg"}],
        "categories": [{"id": 2, "name": "car"}],
        "annotations": [
            {"id": 1, "image_id": 1, "category_id": 2, "bbox": bbox, "area": 1, "iscrowd": 0}
        ],
    }
    path = tmp_path / "instances.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def test_clean_file_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _coco(tmp_path, [1, 1, 5, 5])
    code, _, err = _run(["check", "-t", str(TAXONOMY), str(path), "-v"], capsys)
    assert code == 0
    assert "coco (" in err  # -v names the sniffed format and why


def test_findings_exit_1_with_json_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _coco(tmp_path, [90, 1, 30, 5])
    code, out, _ = _run(["check", "-t", str(TAXONOMY), str(path), "--report", "json"], capsys)
    assert code == 1
    found = json.loads(out)["findings"]
    assert [(f["code"], f["pointer"]) for f in found] == [("G002", "/annotations/0")]
    assert found[0]["url"] == "https://example.org/guide/checks/G002/"


def test_ignore_and_fail_on(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _coco(tmp_path, [90, 1, 30, 5])
    args = ["check", "-t", str(TAXONOMY), str(path)]
    assert _run([*args, "--ignore", "G"], capsys)[0] == 0
    assert _run([*args, "--select", "R,K"], capsys)[0] == 0
    assert _run([*args, "--fail-on", "bogus"], capsys)[0] == 2


def test_missing_path_and_bad_taxonomy_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run(["check", "-t", str(TAXONOMY), str(tmp_path / "nope.json")], capsys)[0] == 2
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: [\n", encoding="utf-8")
    path = _coco(tmp_path, [1, 1, 5, 5])
    assert _run(["check", "-t", str(bad), str(path)], capsys)[0] == 2


def test_baseline_excuses_old_findings_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _coco(tmp_path, [90, 1, 30, 5])
    baseline = tmp_path / "baseline.json"
    args = ["check", "-t", str(TAXONOMY), str(path)]
    assert _run([*args, "--write-baseline", str(baseline)], capsys)[0] == 0
    assert _run([*args, "--baseline", str(baseline)], capsys)[0] == 0
    doc = json.loads(path.read_text())
    doc["annotations"].insert(0, {**doc["annotations"][0], "id": 2, "bbox": [-9, 1, 5, 5]})
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")  # lines shift, too
    code, out, _ = _run([*args, "--baseline", str(baseline), "--report", "json"], capsys)
    assert code == 1
    assert [f["annotation_id"] for f in json.loads(out)["findings"]] == ["2"]


def test_output_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _coco(tmp_path, [90, 1, 30, 5])
    target = tmp_path / "report.sarif"
    args = ["check", "-t", str(TAXONOMY), str(path), "--report", "sarif", "-o", str(target)]
    assert _run(args, capsys)[0] == 1
    assert json.loads(target.read_text())["version"] == "2.1.0"


def test_rules_lists_and_explains(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["rules"], capsys)
    assert code == 0
    assert "G002  box-outside-image" in out
    assert "F002" in out  # reader codes are in the catalogue too
    code, by_code, _ = _run(["rules", "g002"], capsys)
    assert code == 0 and "Bad:" in by_code and "Good:" in by_code
    assert _run(["rules", "box-outside-image"], capsys)[1] == by_code
    assert _run(["rules", "Z999"], capsys)[0] == 2


def test_rules_lists_and_explains_lint_codes(capsys: pytest.CaptureFixture[str]) -> None:
    from taxonomist.taxonomy.linter.codes import CODES

    code, out, _ = _run(["rules"], capsys)
    assert code == 0 and all(f"{c}  {d.name}" in out for c, d in CODES.items())
    code, explained, _ = _run(["rules", "T201"], capsys)
    assert code == 0
    assert explained.startswith(f"T201 {CODES['T201'].name} (taxonomy lint: ")
    assert CODES["T201"].summary in explained and "Bad:" in explained


def test_pre_commit_hooks_are_declared() -> None:
    import yaml

    hooks = yaml.safe_load((Path(__file__).parents[2] / ".pre-commit-hooks.yaml").read_text())
    by_id = {h["id"]: h for h in hooks}
    assert by_id["taxonomist-check"]["entry"] == "taxonomist check"
    for hook in hooks:
        assert {"id", "name", "entry", "language"} <= set(hook)
