"""``taxonomist migrate`` end to end on the scenario: outputs check against v2 with no new
error, the undecidable objects are listed, hostile input is one line, --dry-run writes
nothing."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from taxonomist.core.findings import Severity
from taxonomist.taxonomy import load

from .conftest import SCENARIO

V1, V2 = str(SCENARIO / "v1.yaml"), str(SCENARIO / "v2.yaml")


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as stop:
        main(["migrate", "--from", V1, "--to", V2, *args])
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out, err


def _tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def _errors(path: Path, fmt: str) -> list[str]:
    from taxonomist.check import run_check

    report = run_check(load(Path(V2)), [path], format=fmt)
    return [f.code for f in report.findings if f.severity is Severity.ERROR]


def test_scenario_end_to_end(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    sources = [str(files / "coco.json"), str(files / "native.json"), str(files / "yolo")]
    code, out, err = run([*sources, "-o", str(out_dir)], capsys)
    assert code == 0, out + err
    assert out.endswith("4 objects to re-annotate; 0 new errors\n"), out
    assert _errors(out_dir / "coco.json", "coco") == []
    assert _errors(out_dir / "native.json", "native") == []
    assert _errors(out_dir / "yolo", "yolo") == []
    coco = json.loads((out_dir / "coco.json").read_bytes())
    names = {c["id"]: c["name"] for c in coco["categories"]}
    assert [names[a["category_id"]] for a in coco["annotations"]] == [
        "person", "cat", "flag_cloth", "flag_picture", "flag_picture", "helmet",
        "launch_vehicle", "launch_vehicle", "mission_emblem",
    ]  # fmt: skip
    listed = json.loads((out_dir / "reannotate.json").read_bytes())
    assert listed["taxonomy"]["to"] == {"name": "space-and-kitchen", "version": "2.0.0"}
    assert [(o["old_class"], o["kept"]) for o in listed["objects"]] == [
        ("helmet", True), ("helmet", True), ("flag", False), ("helmet", False),
    ]  # fmt: skip
    rows = list(csv.DictReader((out_dir / "reannotate.csv").read_text().splitlines()))
    assert rows[2]["original"] == "4 0.5 0.5 0.1 0.2" and rows[2]["kept"] == "no"


def test_dry_run_writes_nothing(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(files.parent)
    code, out, _ = run([str(files), "--dry-run"], capsys)
    assert code == 0
    assert "  mission_patch -> mission_emblem (renamed, id 1006)" in out
    assert "would migrate 3 sources" in out
    assert _tree(files.parent) == before


def test_in_place_needs_a_named_list(files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = _tree(files)
    code, _, err = run([str(files / "coco.json"), "--in-place"], capsys)
    assert code == 2 and "--reannotate" in err
    assert _tree(files) == before


def test_in_place_with_a_list(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = tmp_path / "todo.csv"
    code, out, err = run(
        [str(files / "native.json"), "--in-place", "--reannotate", str(listed)], capsys
    )
    assert code == 0, out + err
    assert b'"mission_emblem"' in (files / "native.json").read_bytes()
    assert listed.read_text().count("\n") == 2  # header and the helmet


def test_output_inside_a_source_folder_is_refused(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(files)
    code, _, err = run([str(files / "yolo"), "-o", str(files / "yolo" / "out")], capsys)
    assert code == 2 and "inside the source folder" in err and "Traceback" not in err
    assert _tree(files) == before


def test_non_empty_output_is_refused(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "keep.txt").write_text("mine")
    code, _, err = run([str(files / "coco.json"), "-o", str(tmp_path / "out")], capsys)
    assert code == 2 and "is not empty" in err


HOSTILE = {
    "truncated.json": b'{"categories": [{"id": 1006, "name": "mission_patch"}], "annotations": [',
    "unknown_id.json": (
        b'{"categories": [{"id": 1006, "name": "mission_patch"}], '
        b'"annotations": [{"id": 1, "image_id": 1, "category_id": 99, "bbox": [1, 1, 2, 2]}]}'
    ),
}


@pytest.mark.parametrize(
    ("name", "expected"),
    [("truncated.json", "truncated.json:1:"), ("unknown_id.json", "/annotations/0/category_id")],
)
def test_hostile_json_is_one_line_and_others_go_on(
    name: str, expected: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / name
    bad.write_bytes(HOSTILE[name])
    good = tmp_path / "good.json"
    good.write_bytes(b'{"categories": [{"id": 1006, "name": "mission_patch"}], "annotations": []}')
    code, _out, err = run(
        ["--format", "coco", str(bad), str(good), "-o", str(tmp_path / "o")], capsys
    )
    assert code == 2
    (line,) = [x for x in err.splitlines() if x.startswith("error: ")]
    assert expected in line and "hint:" in line and "Traceback" not in err
    assert b"mission_emblem" in (tmp_path / "o" / "good.json").read_bytes()


def test_yolo_bad_class_number_is_one_line(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (files / "yolo" / "labels" / "a.txt").write_bytes(b"1 .5 .5 .1 .1\n12 .5 .5 .1 .1\n")
    code, _, err = run(
        [str(files / "yolo"), str(files / "coco.json"), "-o", str(tmp_path / "o")], capsys
    )
    assert code == 2
    assert "a.txt:2:1: class number '12' is not in the dataset's names (0..9)" in err
    assert (tmp_path / "o" / "coco.json").is_file()
    assert not (tmp_path / "o" / "yolo").exists()


def test_dry_run_json_report_is_one_json_document_with_the_plan(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run([str(files / "coco.json"), "--dry-run", "--report", "json"], capsys)
    assert code == 0
    doc = json.loads(out)
    assert doc["dry_run"] is True
    assert any("mission_patch" in line and "mission_emblem" in line for line in doc["plan"])


def test_a_category_named_as_the_checker_matches_it_is_migrated(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    coco = files / "coco.json"
    doc = json.loads(coco.read_bytes())
    for cat in doc["categories"]:
        if cat["name"] == "mission_patch":
            cat["name"] = "Mission Patch"  # the checker matches it to mission_patch
    coco.write_text(json.dumps(doc))
    code, out, err = run([str(coco), "-o", str(tmp_path / "out")], capsys)
    assert code == 0, out + err
    migrated = json.loads((tmp_path / "out" / "coco.json").read_bytes())
    names = {c["name"] for c in migrated["categories"]}
    assert "mission_emblem" in names and "Mission Patch" not in names


def test_output_in_the_folder_of_a_file_source_is_refused(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(files)
    code, _, err = run([str(files / "coco.json"), "-o", str(files)], capsys)
    assert code == 2 and "is the folder of" in err and "Traceback" not in err
    assert _tree(files) == before


def test_the_list_never_replaces_an_annotation_file(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = _tree(files)
    coco = str(files / "coco.json")
    code, _, err = run([coco, "--in-place", "--reannotate", coco], capsys)
    assert code == 2 and "would replace an annotation file" in err
    code, _, err = run([coco, "--in-place", "--reannotate", str(files / "native.json")], capsys)
    assert code == 2 and "would replace an annotation file" in err
    assert _tree(files) == before


def test_yolo_in_place_from_its_data_yaml_rewrites_the_whole_dataset(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    listed = tmp_path / "list.csv"
    lines = (files / "yolo" / "labels" / "a.txt").read_text().splitlines()
    code, out, err = run(
        [str(files / "yolo" / "data.yaml"), "--in-place", "--reannotate", str(listed)], capsys
    )
    assert code == 0, out + err
    assert "left as it was" not in err
    assert _errors(files / "yolo", "yolo") == []  # labels and names agree under 2.0.0
    kept = (files / "yolo" / "labels" / "a.txt").read_text().splitlines()
    assert len(listed.read_text().splitlines()) == 3  # header, the flag and the helmet lines
    assert len(kept) == len(lines) - 2  # and those two lines are out of the label file


def test_an_unwritable_file_leaves_the_source_untouched_and_the_others_migrated(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    real = os.access
    locked = (files / "yolo" / "data.yaml").resolve()
    monkeypatch.setattr(
        os, "access", lambda p, mode: False if Path(p).resolve() == locked else real(p, mode)
    )
    labels = (files / "yolo" / "labels" / "a.txt").read_bytes()
    listed = tmp_path / "list.csv"
    args = [
        str(files / "yolo"),
        str(files / "coco.json"),
        "--in-place",
        "--reannotate",
        str(listed),
    ]
    code, _, err = run(args, capsys)
    assert code == 2 and "cannot write" in err and "nothing of this source was written" in err
    assert (files / "yolo" / "labels" / "a.txt").read_bytes() == labels  # not half migrated
    assert b"mission_emblem" in (files / "coco.json").read_bytes()  # the other source is done
    assert listed.exists()


def test_a_file_inside_a_folder_given_too_is_migrated_once(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "out"
    code, out, err = run(
        [str(files / "yolo"), str(files / "yolo" / "labels" / "a.txt"), "-o", str(out_dir)], capsys
    )
    assert code == 0, out + err
    assert "taken once" in err
    rows = json.loads((out_dir / "reannotate.json").read_bytes())["objects"]
    assert len(rows) == 2


def test_nothing_is_written_through_a_link_inside_the_output_folder(
    files: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir, victim = tmp_path / "out", tmp_path / "victim"
    out_dir.mkdir()
    victim.mkdir()
    (out_dir / "yolo").symlink_to(victim)  # where the dataset's outputs would go
    code, _, err = run(
        [str(files / "coco.json"), str(files / "yolo"), "-o", str(out_dir), "--force"], capsys
    )
    assert code == 2 and "symbolic link" in err
    assert list(victim.iterdir()) == []
