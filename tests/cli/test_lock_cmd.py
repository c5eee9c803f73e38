"""``taxonomist lock``: writes the lock, ``--check`` says missing/stale/up to date (exit 1/1/0),
refuses to write over a contradiction (exit 1) unless the major version went up, never over
a retired id, and refuses a broken lock or a built-in taxonomy with one line (exit 2)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.taxonomy.test_lock import CLASSES, write

from taxonomist.cli import main


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code or 0)


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write(tmp_path / "taxonomy.yaml", CLASSES)


def test_check_of_a_missing_lock_exits_one(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("lock", "--check", str(project)) == 1
    assert "taxonomy.lock: missing; run taxonomist lock" in capsys.readouterr().out
    assert not project.with_suffix(".lock").exists()


def test_lock_writes_then_check_is_clean(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lock", str(project)) == 0
    assert "wrote" in capsys.readouterr().err and project.with_suffix(".lock").is_file()
    assert run("lock", "--check", str(project)) == 0
    assert "up to date" in capsys.readouterr().out
    before = project.with_suffix(".lock").stat().st_mtime_ns
    assert run("lock", str(project)) == 0  # nothing to change: the file is left alone
    assert project.with_suffix(".lock").stat().st_mtime_ns == before


def test_check_of_a_stale_lock_exits_one_and_says_what_differs(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("lock", str(project)) == 0
    write(project, {**CLASSES, "bike": "{id: 5, definition: A bike., label_types: [box]}"})
    capsys.readouterr()
    assert run("lock", "--check", str(project)) == 1
    out = capsys.readouterr().out
    assert "stale" in out and "class 'bike' (id 5) is not in the lock yet" in out
    assert run("lock", str(project)) == 0  # new classes are no contradiction
    assert run("lock", "--check", str(project)) == 0


def test_a_hand_edited_lock_is_stale(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lock", str(project)) == 0
    target = project.with_suffix(".lock")
    target.write_text(target.read_text().replace("# Generated", "# Edited\n# Generated"))
    assert run("lock", "--check", str(project)) == 1
    assert "not as taxonomist lock writes it" in capsys.readouterr().out


def test_the_lock_refuses_an_id_reuse(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lock", str(project)) == 0
    target = project.with_suffix(".lock")
    locked = target.read_text()
    reused = dict(CLASSES, bus="{id: 40, definition: A bus., label_types: [box]}")
    reused["plate"] = "{id: 20, definition: A plate., label_types: [box]}"
    write(project, reused, "1.1.0")
    capsys.readouterr()
    assert run("lock", str(project)) == 1
    err = capsys.readouterr().err
    assert "not written" in err and "id 20 of 'plate' is locked for 'bus'" in err
    assert target.read_text() == locked
    assert run("lint", str(project)) == 1
    assert "T306" in capsys.readouterr().out


def test_after_a_major_bump_the_lock_is_rewritten_keeping_retired_ids(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("lock", str(project)) == 0
    write(project, {"car": CLASSES["car"], "van": CLASSES["van"]}, "1.1.0")
    assert run("lock", str(project)) == 1  # bus deleted: T308, refused
    write(project, {"car": CLASSES["car"], "van": CLASSES["van"]}, "2.0.0")
    assert run("lock", str(project)) == 0
    text = project.with_suffix(".lock").read_text()
    assert "retired:\n- 20\n" in text and "name: bus" not in text
    assert run("lint", str(project)) == 0
    again = {**CLASSES, "bus": "{id: 20, definition: A new bus., label_types: [box]}"}
    write(project, again, "3.0.0")
    capsys.readouterr()
    assert run("lock", str(project)) == 1  # a retired id, even after a major bump
    assert "id 20 of 'bus' was retired" in capsys.readouterr().err


def test_output_names_another_lock_file(project: Path, tmp_path: Path) -> None:
    other = tmp_path / "elsewhere.lock"
    assert run("lock", str(project), "-o", str(other)) == 0
    assert other.is_file() and not project.with_suffix(".lock").exists()
    assert run("lock", "--check", str(project), "-o", str(other)) == 0


def test_a_broken_lock_is_one_line_exit_two_and_left_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = project.with_suffix(".lock")
    target.write_text("taxonomy: t\nversion: [1\n")
    assert run("lock", str(project)) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"taxonomist: {target}:") and "YAML syntax" in err
    assert "restore the lock from version control" in err
    assert target.read_text() == "taxonomy: t\nversion: [1\n"


def test_a_taxonomy_with_other_errors_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project, {**CLASSES, "bike": "{id: 10, definition: A bike., label_types: [box]}"})
    assert run("lock", str(project)) == 2
    assert "T301" in capsys.readouterr().err
    assert not project.with_suffix(".lock").exists()


def test_a_built_in_taxonomy_has_no_lock(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("lock", "builtin:coco") == 2
    assert "built-in taxonomy, which has no lock" in capsys.readouterr().err


def test_the_shipped_demo_lock_is_up_to_date(
    repo_root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("lock", "--check", str(repo_root / "taxonomies" / "demo.yaml")) == 0
