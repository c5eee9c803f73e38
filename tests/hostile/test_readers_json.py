"""Hostile and careless JSON annotation files: each becomes a clear finding for that file
(never an exception that ends the run), and a bug in a reader or a rule stops only the file
that tripped it.

The CLI cases run ``python -m taxonomist`` in a subprocess with a timeout, so a hang fails
instead of stalling CI.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check
from taxonomist.cli import main
from taxonomist.formats import coco
from taxonomist.taxonomy import load
from tests.hostile.run import TAXONOMY, taxonomist


def _coco(tmp_path: Path, name: str, **changes: Any) -> Path:
    doc: dict[str, Any] = {
        "images": [{"id": 1, "width": 64, "height": 48, "file_name": "a.jpg"}],
        "categories": [{"id": 1, "name": "person"}],
        "annotations": [{"id": 1, "image_id": 1, "category_id": 1, "bbox": [1, 2, 3, 4]}],
    }
    doc.update(changes)
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=1), encoding="utf-8")
    return path


def _in_process(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    with pytest.raises(SystemExit) as stop:
        main(args)
    out, err = capsys.readouterr()
    return int(stop.value.code or 0), out + err


# --- the safety net ---------------------------------------------------------------------------


def test_a_crashing_reader_stops_only_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    crash = _coco(tmp_path, "crash.json")
    other = _coco(tmp_path, "other.json", annotations=[{"id": 1, "image_id": 1}])
    real_read = coco.read

    def read(path: Path) -> Any:
        if path.name == "crash.json":
            raise ValueError("boom in the reader")
        return real_read(path)

    monkeypatch.setattr(coco, "read", read)
    code, output = _in_process(["check", "-t", str(TAXONOMY), str(crash), str(other)], capsys)
    assert code == 1, output
    assert "F030" in output and "ValueError: boom in the reader" in output
    assert "this is a bug in taxonomist" in output
    assert "S001" in output and "other.json" in output  # the other file was still checked
    assert "Traceback" not in output


def test_a_crashing_check_stops_only_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taxonomist.check import engine

    crash = _coco(tmp_path, "crash.json")
    other = _coco(tmp_path, "other.json", annotations=[{"id": 1, "image_id": 1}])
    real = engine.stream_dataset

    def check(taxonomy: Any, dataset: Any, images: Any = None) -> Any:
        yield from real(taxonomy, dataset, images)
        if dataset.source.endswith("crash.json"):
            raise KeyError("boom in a rule")

    monkeypatch.setattr(engine, "stream_dataset", check)
    report = run_check(load(TAXONOMY), [crash, other])
    by_file = {(Path(f.location.file).name, f.code) for f in report.findings}
    assert ("crash.json", "F031") in by_file
    assert ("crash.json", "A007") in by_file  # what it found before the crash is kept
    assert ("other.json", "S001") in by_file
    (failed,) = [f for f in report.findings if f.code == "F031"]
    assert "KeyError: 'boom in a rule'" in failed.message


def test_a_check_crashing_before_any_finding_keeps_the_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from taxonomist.check import engine

    crash = _coco(tmp_path, "crash.json", annotations=[{"id": 1, "image_id": 1}])

    def context(taxonomy: Any, dataset: Any) -> Any:
        raise KeyError("boom before the rules")

    monkeypatch.setattr(engine, "make_context", context)
    report = run_check(load(TAXONOMY), [crash])
    assert {f.code for f in report.findings} == {"S001", "F031"}


def test_ctrl_c_in_a_reader_still_stops_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(path: Path) -> Any:
        raise KeyboardInterrupt

    monkeypatch.setattr(coco, "read", read)
    with pytest.raises(KeyboardInterrupt):
        run_check(load(TAXONOMY), [_coco(tmp_path, "a.json")])


def test_a_bug_message_is_short_and_names_where(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def read(path: Path) -> Any:
        raise ValueError("x" * 50_000)

    monkeypatch.setattr(coco, "read", read)
    (finding,) = run_check(load(TAXONOMY), [_coco(tmp_path, "a.json")]).findings
    assert finding.code == "F030"
    assert len(finding.message) < 400
    assert "x…(50000 characters)…x" in finding.message  # the one shortener's marker
    assert "(at " in finding.message and "test_readers_json.py" not in finding.message


def test_a_long_panoptic_file_name_is_shortened_in_its_finding(tmp_path: Path) -> None:
    case = CASES / "coco" / "invalid" / "f008_panoptic_nul_in_file_name" / "instances.json"
    doc = json.loads(case.read_text(encoding="utf-8"))
    doc["annotations"][0]["file_name"] = "a\x00" + "b" * 5000 + ".png"
    path = tmp_path / "instances.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    (finding,) = [f for f in run_check(load(TAXONOMY), [path]).findings if f.code == "F008"]
    assert finding.message.startswith("panoptic PNG 'a\\x00bbb")
    assert "…(5011 characters)…" in finding.message  # repr: quotes and the escaped NUL
    assert len(finding.message) < 200


# --- each attack: a clear finding for the file, exit 1, never a traceback ---------------------

CASES = Path(__file__).parents[1] / "data" / "interop"
ATTACKS = [  # (format, case folder, code, what the message says)
    ("coco", "f008_panoptic_nul_in_file_name", "F008", "'a\\x00b.png' is not a file in"),
    ("coco", "s002_id_beyond_64_bits", "S002", "id is beyond 64 bits"),
    ("coco", "f006_huge_integer_width", "S008", "image size beyond 1e+09 pixels"),
    ("coco", "s002_negative_image_size", "S002", "width and height must be positive"),
    ("coco", "s002_boolean_category_id", "S002", "category_id: expected int | null, got bool"),
    ("coco", "s002_unicode_digit_category_id", "S002", "category_id: expected int"),
    ("coco", "s002_deeply_nested_segmentation", "S002", "segmentation: expected float"),
    ("coco", "s002_iscrowd_nan", "F006", "NaN is not a JSON number"),
    ("coco", "s008_bbox_out_of_range", "S008", "a coordinate lies beyond 1e+09 pixels"),
    ("coco", "s002_rle_counts_beyond_64_bits", "S002", "RLE counts must fit 64 bits"),
    ("coco", "s002_rle_size_huge", "S002", "RLE size must be two non-negative integers"),
    ("native", "f006_huge_integer_width", "F006", "a number too large for a double"),
    ("native", "s002_image_id_object", "S002", "image id must be a string or an integer"),
    ("native", "s002_object_id_list", "S002", "object id must be a string or an integer"),
    ("native", "s002_relation_object_not_an_id", "S002", 'a relation must be {"type": name'),
    ("native", "s002_rle_counts_negative", "S002", "counts must be a string or a list of non-neg"),
    ("native", "s002_rle_size_nan", "S002", "size must be two non-negative integers"),
    ("native", "s008_box_out_of_range", "S008", "a coordinate lies beyond 1e+09 pixels"),
    ("labelme", "f006_huge_integer_width", "S002", "imageWidth must be a positive number"),
    ("labelme", "s002_group_id_list", "S002", "group_id must be an integer or null"),
    ("labelme", "s002_group_id_true", "S002", "group_id must be an integer or null"),
    ("labelme", "s002_shape_type_object", "S002", "shape_type must be a string"),
    ("labelme", "s008_points_out_of_range", "S008", "a coordinate lies beyond 1e+09 pixels"),
    ("label-studio", "f006_huge_integer_x", "F006", "a number too large for a double"),
    ("label-studio", "s002_original_width_negative", "S002", "original_height must be positive"),
    ("label-studio", "s002_polygon_points_not_a_list", "S002", "points must be a list of [x, y]"),
    ("label-studio", "s002_result_type_list", "S002", "a result's type must be a string"),
    ("label-studio", "s002_result_type_object", "S002", "a result's type must be a string"),
    ("label-studio", "s002_task_id_list", "S002", "a task id must be an integer or a string"),
    ("label-studio", "s008_rectangle_out_of_range", "S008", "a coordinate lies beyond 1e+09"),
]


def _case_file(fmt: str, case: str) -> Path:
    folder = CASES / fmt.replace("-", "_") / "invalid" / case
    (found,) = [p for p in folder.iterdir() if p.name != "expected.txt"]
    return found


@pytest.mark.parametrize(("fmt", "case", "code", "says"), ATTACKS, ids=str)
def test_attack_is_a_finding(
    fmt: str, case: str, code: str, says: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _case_file(fmt, case)
    exit_code, output = _in_process(
        ["check", "-t", str(TAXONOMY), "--format", fmt, str(path)], capsys
    )
    assert exit_code == 1, output
    lines = [line for line in output.splitlines() if f" {code} " in line]
    assert any(says in line for line in lines), output
    assert str(path) in output
    assert "Traceback" not in output and "F030" not in output and "F031" not in output


SUBPROCESS_ATTACKS = [a for a in ATTACKS if a[1].startswith(("s002_group", "s002_result_type"))]
SUBPROCESS_ATTACKS += [a for a in ATTACKS if a[1] in ("f008_panoptic_nul_in_file_name",)]
SUBPROCESS_ATTACKS += [a for a in ATTACKS if a[1] == "s002_rle_size_nan"]


@pytest.mark.parametrize(("fmt", "case", "code", "says"), SUBPROCESS_ATTACKS, ids=str)
def test_attack_through_the_cli(tmp_path: Path, fmt: str, case: str, code: str, says: str) -> None:
    """The same attacks through a real process: bounded by ``TIME_BOUND``, exit 1, no
    traceback on stderr."""
    done = taxonomist("check", "-t", TAXONOMY, "--format", fmt, _case_file(fmt, case), cwd=tmp_path)
    assert done.code == 1, done.err
    assert code in done.out and says in done.out
    assert "Traceback" not in done.err


def test_one_bad_file_among_good_ones_is_checked_alongside(tmp_path: Path) -> None:
    """A directory holding a crashing-before file and a clean one: both are read."""
    bad = _case_file("labelme", "s002_group_id_list")
    (tmp_path / "bad.json").write_bytes(bad.read_bytes())
    (tmp_path / "good.json").write_bytes(
        (CASES / "labelme" / "valid" / "grouped.json").read_bytes()
    )
    done = taxonomist("check", "-t", TAXONOMY, tmp_path, cwd=tmp_path)
    assert done.code == 1, done.err
    assert "bad.json" in done.out and "S002" in done.out
    assert "F030" not in done.out and "Traceback" not in done.err


def test_pointer_with_unicode_digits_locates_without_crashing() -> None:
    """``"²".isdigit()`` is True but ``int("²")`` raises: a key like that is a key."""
    from taxonomist.formats._io.locate import JsonLocator

    locator = JsonLocator(
        "x.json", b'{"a": [1, 2], "annotations": [{"b": 1}]}', lists=("annotations",)
    )
    assert locator.locate("/a/\u00b2").line == 1
    assert locator.locate("/annotations/\u0661\u0662").line == 1


def test_huge_integers_read_as_infinity_and_are_reported() -> None:
    from taxonomist.formats._io.json import load_json

    loaded = load_json(b"[NaN, 1" + b"0" * 5000 + b", 18446744073709551616]", "x.json")
    assert loaded.ok and loaded.value[1] == float("inf")
    assert loaded.value[2] == float(2**64)  # as orjson reads it: a double
    assert [f.message for f in loaded.findings][1] == "a number too large for a double (Infinity)"
