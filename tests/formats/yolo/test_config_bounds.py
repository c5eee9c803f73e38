"""A dataset description is read through the bounded YAML reader, and every path it names
stays inside its folder (F105), symbolic links resolved."""

from __future__ import annotations

import os
from pathlib import Path

from taxonomist.formats.yolo.config import load_config


def _codes(path: Path) -> list[tuple[str, int | None]]:
    return [(f.code, f.location.line) for f in load_config(path)[1]]


def test_integer_and_string_keys_both_name_indices(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text('names:\n  0: person\n  "1": car\n')
    config, findings = load_config(path)
    assert findings == []
    assert config.names == {0: ("person", 2), 1: ("car", 3)}


def test_a_relative_path_inside_the_folder_is_the_root(tmp_path: Path) -> None:
    (tmp_path / "set" / "images").mkdir(parents=True)
    path = tmp_path / "data.yaml"
    path.write_text("path: set\ntrain: images\nnames: [a]\n")
    config, findings = load_config(path)
    assert findings == []
    assert (config.root, config.splits) == (tmp_path / "set", [tmp_path / "set" / "images"])


def test_roboflow_parent_relative_splits_stay_inside(tmp_path: Path) -> None:
    (tmp_path / "train" / "images").mkdir(parents=True)
    path = tmp_path / "data.yaml"
    path.write_text("train: ../train/images\nnames: [a]\n")
    config, findings = load_config(path)
    assert findings == []
    assert config.splits == [tmp_path / "train" / "images"]


def test_a_path_above_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "outside").mkdir()
    (tmp_path / "set").mkdir()
    path = tmp_path / "set" / "data.yaml"
    path.write_text("names: [a]\npath: ../outside\n")
    config, findings = load_config(path)
    assert [(f.code, f.location.line) for f in findings] == [("F105", 2)]
    assert "path: '../outside' lies outside the dataset folder" in findings[0].message
    assert config.root == tmp_path / "set"


def test_a_missing_path_is_ignored_as_before(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"  # Ultralytics' own yamls name ../datasets/NAME
    path.write_text("path: ../datasets/coco8\nnames: [a]\n")
    assert _codes(path) == []


def test_a_symlink_out_of_the_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "set").mkdir()
    (tmp_path / "set" / "images").symlink_to(tmp_path / "elsewhere")
    path = tmp_path / "set" / "data.yaml"
    path.write_text("names: [a]\ntrain: images\n")
    config, findings = load_config(path)
    assert [(f.code, f.location.line) for f in findings] == [("F105", 2)]
    assert config.splits == []


def test_darknet_names_outside_are_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("root:x:0:0\n")
    (tmp_path / "set").mkdir()
    path = tmp_path / "set" / "obj.data"
    path.write_text(f"classes = 1\nnames = {secret}\n")
    config, findings = load_config(path)
    assert [(f.code, f.location.line) for f in findings] == [("F105", 2)]
    assert findings[0].message.startswith(f"names = {str(secret)!r} lies outside")
    assert config.names is None
    assert all("root:x" not in f.message for f in findings)


def test_darknet_names_relative_to_the_working_folder_still_resolve(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "obj.names").write_text("a\nb\n")
    path = tmp_path / "data" / "obj.data"
    path.write_text("classes = 2\nnames = data/obj.names\n")
    config, findings = load_config(path)
    assert findings == []
    assert config.names == {0: ("a", 1), 1: ("b", 2)}


def test_an_alias_bomb_is_an_f102_at_its_line(tmp_path: Path) -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, 9)]
    path = tmp_path / "data.yaml"
    path.write_text("\n".join([*lines, "names: *a8"]) + "\n")
    [finding] = load_config(path)[1]
    assert finding.code == "F102"
    assert "more than 200,000 values" in finding.message


def test_deep_nesting_is_an_f102(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    path.write_text("names: " + "[" * 5000 + "]" * 5000 + "\n")
    [finding] = load_config(path)[1]
    assert finding.code == "F102"
    assert "nesting" in finding.message


def test_a_fifo_description_is_an_f102_at_once(tmp_path: Path) -> None:
    path = tmp_path / "data.yaml"
    os.mkfifo(path)
    [finding] = load_config(path)[1]
    assert finding.code == "F102"
    assert finding.message.endswith("not a regular file: a FIFO (named pipe)")


def test_a_unicode_digit_count_is_a_mismatch_not_a_crash(tmp_path: Path) -> None:
    (tmp_path / "obj.names").write_text("a\n")
    path = tmp_path / "obj.data"
    path.write_text("classes = ²\nnames = obj.names\n")
    assert _codes(path) == [("Y101", 1)]
