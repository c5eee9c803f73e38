"""``taxonomist agree`` on the command line: the tables, gates, and bad input told in one
line with exit code 2."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from tests.quality.agree.conftest import DEMO, DEMO_A, DEMO_B, native, obj

from taxonomist.cli import main


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Runs ``taxonomist agree -t demo ARGS``: its exit code, standard output and error."""

    def agree(*args: str | Path) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as stop:
            main(["agree", "-t", str(DEMO), *map(str, args)])
        out, err = capsys.readouterr()
        return int(stop.value.code or 0), out, err

    return agree


Runner = Callable[..., tuple[int, str, str]]


def one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert 1 <= len(lines) <= 2, err  # the message, and its hint
    return err


def test_text_report_on_the_demo(run: Runner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # no cell wraps
    code, out, _ = run(DEMO_A, DEMO_B)
    assert code == 0
    for text in (
        "annotations vs annotator-b: objects",
        "class swaps",
        "space_shuttle",
        "guideline gaps",
    ):
        assert text in out
    assert "min-object-size (broken by B)" in out
    assert "space_shuttle versus rocket" in out and "grade-occlusion" in out


def test_gates(run: Runner) -> None:
    assert run(DEMO_A, DEMO_B, "--min-f1", "0.5")[0] == 0
    code, _, err = run(DEMO_A, DEMO_B, "--min-f1", "0.9")
    assert code == 1 and "F1 0.818 < --min-f1 0.9" in err
    code, _, err = run(DEMO_A, DEMO_B, "--min-alpha", "0.7")
    assert code == 1 and "occlusion alpha" in err and "depiction" not in err


def test_three_annotators_every_pair(run: Runner, tmp_path: Path) -> None:
    code, out, _ = run(DEMO_A, DEMO_B, DEMO_A, "--report", "json")
    assert code == 0
    assert out.count('"overall"') == 3
    assert "attributes over every annotator" in run(DEMO_A, DEMO_B, DEMO_A)[1]


def test_unreadable_file(run: Runner, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json", encoding="utf-8")
    code, _, err = run(DEMO_A, bad)
    assert code == 2 and "bad.json" in one_line(err)


def test_missing_file(run: Runner, tmp_path: Path) -> None:
    code, _, err = run(DEMO_A, tmp_path / "nope.json")
    assert code == 2 and "nope.json: no such file" in one_line(err)


def test_one_side_only(run: Runner) -> None:
    code, _, err = run(DEMO_A)
    assert code == 2 and "one annotator only" in one_line(err)


def test_no_images_in_common(run: Runner, tmp_path: Path) -> None:
    other = native(tmp_path / "other.json", {"elsewhere": [obj(1, "cup", [0, 0, 20, 20])]})
    code, _, err = run(DEMO_A, other)
    assert code == 2 and "no image in common" in one_line(err) and "matched by file name" in err


def split_file(tmp_path: Path, names: list[str]) -> Path:
    objects = [obj(k, "cup", [10 * k, 0, 10, 20]) for k in range(len(names))]
    for o, name in zip(objects, names, strict=True):
        o["annotator"] = name
    return native(tmp_path / "split.json", {"x": objects})


def test_unknown_annotator(run: Runner, tmp_path: Path) -> None:
    code, _, err = run(
        split_file(tmp_path, ["ann", "bob"]), "--annotator", "ann", "--annotator", "eve"
    )
    assert code == 2 and "no annotator 'eve'" in one_line(err) and "ann, bob" in err


def test_annotator_field_with_one_annotator(run: Runner, tmp_path: Path) -> None:
    code, _, err = run(split_file(tmp_path, ["ann", "ann"]))
    assert code == 2 and "one annotator only (ann)" in one_line(err)


@pytest.mark.parametrize(
    "option", [["--iou", "1.5"], ["--match-by", "polygon"], ["--report", "pdf"]]
)
def test_bad_options(run: Runner, option: list[str]) -> None:
    code, _, err = run(DEMO_A, DEMO_B, *option)
    assert code == 2 and one_line(err)


def test_hard_cases_on_the_command_line(run: Runner, tmp_path: Path) -> None:
    code, _, err = run(DEMO_A, DEMO_B, "--hard-cases", tmp_path / "hard", "--top", "2")
    assert code == 0 and "wrote 2 hard cases" in err and "not found" not in err
    assert sorted(p.name for p in (tmp_path / "hard").iterdir()) == [
        "001-astronaut.png", "002-chelsea.png", "index.html", "index.json",
    ]  # fmt: skip
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    code, _, err = run(DEMO_A, DEMO_B, "--hard-cases", blocker)
    assert code == 2 and "is a file" in one_line(err)


def test_images_folder_elsewhere(run: Runner, tmp_path: Path) -> None:
    a = native(tmp_path / "a.json", {"x": [obj(1, "cup", [10, 10, 40, 40])]})
    b = native(tmp_path / "b.json", {"x": [obj(1, "cup", [50, 50, 40, 40])]})
    code, _, err = run(a, b, "--hard-cases", tmp_path / "hard")
    assert code == 0 and "1 image not found, drawn on a blank canvas" in err
    from PIL import Image

    photos = tmp_path / "photos"
    photos.mkdir()
    Image.new("RGB", (100, 100), "#3060a0").save(photos / "x.png")
    code, _, err = run(a, b, "--hard-cases", tmp_path / "hard2", "--images", photos)
    assert code == 0 and "not found" not in err
