"""Paths stay inside: what a dataset description names is read only inside its folder, and
the contents of a file that is not a taxonomy are never echoed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.hostile.run import TIME_BOUND, check, taxonomist

SHADOW_LIKE = "root:$6$salt$hash:19000:0:99999:7:::\nbin:*:19000:0:99999:7:::\n"


def test_data_yaml_path_root_does_not_walk_the_file_system(tmp_path: Path) -> None:
    (tmp_path / "data.yaml").write_text("path: /\ntrain: .\nnames: [person]\n")
    run = check(tmp_path, cwd=tmp_path)  # walked the whole file system (killed at 20 s) before
    assert run.code == 1, run.err
    assert "F105  path: '/' lies outside the dataset folder" in run.out
    assert run.seconds < TIME_BOUND


def test_obj_data_names_outside_are_not_printed_as_class_names(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    dataset = tmp_path / "set"
    (dataset / "obj_train_data").mkdir(parents=True)
    (dataset / "obj_train_data" / "a.txt").write_text("0 0.5 0.5 0.1 0.1\n")
    (dataset / "obj.data").write_text(f"classes = 1\nnames = {secret}\n")
    run = check(dataset, cwd=tmp_path)
    assert run.code == 1, run.err
    assert f"F105  names = '{secret}' lies outside the dataset folder" in run.out
    assert "root:x" not in run.out + run.err


def test_import_of_obj_data_naming_an_outside_file_is_refused(tmp_path: Path) -> None:
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "obj.data").write_text(f"names = {secret}\n")
    run = taxonomist("import", "yolo", tmp_path / "set" / "obj.data", cwd=tmp_path)
    assert run.code == 2
    assert f"obj.data:1: names = '{secret}' lies outside the dataset folder" in run.err
    assert "root:x" not in run.out + run.err


def test_an_include_of_a_non_taxonomy_file_does_not_echo_its_lines(tmp_path: Path) -> None:
    (tmp_path / "shadow").write_text(SHADOW_LIKE)
    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_text(f"name: t\nversion: 1.0.0\ninclude: [{tmp_path / 'shadow'}]\n")
    run = taxonomist("lint", taxonomy, cwd=tmp_path)
    assert run.code == 1
    assert "T102 not a taxonomy fragment: none of its 2 top-level keys" in run.out
    assert "root:" not in run.out + run.err and "bin:" not in run.out + run.err


def test_extends_of_a_non_taxonomy_file_does_not_echo_its_lines(tmp_path: Path) -> None:
    (tmp_path / "shadow").write_text(SHADOW_LIKE)
    taxonomy = tmp_path / "t.yaml"
    taxonomy.write_text(f"name: t\nversion: 1.0.0\nextends: {tmp_path / 'shadow'}\n")
    run = taxonomist("lint", taxonomy, cwd=tmp_path)
    assert run.code == 1
    assert "not a taxonomy document" in run.out
    assert "root:" not in run.out + run.err


IMAGE = Path(__file__).parents[1] / "data/interop/yolo/invalid/f102_list_nul_byte/images/1.jpg"


def _listed(tmp_path: Path, entry: bytes) -> Path:
    """A dataset whose image list names a readable image (its label has a Y103) on line 1
    and ``entry`` on line 2."""
    dataset = tmp_path / "set"
    (dataset / "images").mkdir(parents=True)
    (dataset / "labels").mkdir()
    (dataset / "images" / "1.jpg").write_bytes(IMAGE.read_bytes())
    (dataset / "labels" / "1.txt").write_text("0 0.5 0.5\n")  # Y103: three values
    (dataset / "data.yaml").write_text("names: [person]\ntrain: train.txt\n")
    (dataset / "train.txt").write_bytes(b"images/1.jpg\n" + entry + b"\n")
    return dataset


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        (
            b"images/a\x00b.jpg",
            r"F102  image 'images/a\\x00b\.jpg' holds a NUL byte; it is not read",
        ),
        (
            b"images/" + b"a" * 5000 + b".jpg",
            r"F102  image 'images/a+…\(5011 characters\)…a+\.jpg' is longer than a file name",
        ),
        (
            b"../secret.jpg",
            r"F105  image '\.\./secret\.jpg' lies outside the dataset folder .*/set ",
        ),
    ],
    ids=["nul byte", "5000 characters", "outside"],
)
def test_an_image_list_entry_is_a_finding_at_its_line_and_the_rest_is_read(
    tmp_path: Path, entry: bytes, says: str
) -> None:
    (tmp_path / "secret.jpg").write_text("root:x:0:0:root:/root:/bin/bash\n")
    dataset = _listed(tmp_path, entry)
    run = check(dataset, cwd=tmp_path)  # each was dropped without a word before
    assert run.code == 1, run.err
    assert f"{dataset / 'train.txt'}\n" in run.out
    assert re.search(rf"^  2  error    {says}", run.out, re.MULTILINE), run.out
    assert re.search(r"^  1:\d+  error    Y103  ", run.out, re.MULTILINE), run.out  # still read
    assert "F030" not in run.out and "root:x" not in run.out + run.err
    assert run.seconds < TIME_BOUND
