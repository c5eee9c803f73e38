"""R011 end to end: a file made under an older (or newer) major version of the taxonomy gets
a warning naming both versions and the migration to run, with the older version's place
when the taxonomy's history holds it (here a v1.0.0 tag, or a previous: file)."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from taxonomist.cli.errors import run_guarded


def _taxonomy(path: Path, version: str, **extra: object) -> Path:
    doc = {"name": "kitchen", "version": version, **extra, "classes": {"cup": {"id": 1}}}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def _annotations(path: Path, version: str) -> Path:
    doc = {"taxonomy": {"name": "kitchen", "version": version}, "images": []}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _check(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    from taxonomist.cli import build_app

    code = run_guarded(build_app, ["check", *args])
    out = capsys.readouterr()
    return code, out.out + out.err


def _git(repo: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo), *args]
    subprocess.run(command, check=True, capture_output=True)


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_older_major_names_the_tagged_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _git(tmp_path, "init", "-q")
    _taxonomy(tmp_path / "kitchen.yaml", "1.0.0")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "1.0.0")
    _git(tmp_path, "tag", "v1.0.0")
    _taxonomy(tmp_path / "kitchen.yaml", "2.0.0")
    _annotations(tmp_path / "old.json", "1.0.0")
    monkeypatch.chdir(tmp_path)
    code, out = _check(["-t", "kitchen.yaml", "old.json"], capsys)
    assert "R011" in out and "kitchen 1.0.0, a major version behind the taxonomy (2.0.0)" in out
    assert "run taxonomist migrate --from git:v1.0.0:kitchen.yaml --to kitchen.yaml old.json" in out
    assert code == 0  # a warning: the file was read and checked


def test_previous_file_is_named_and_a_file_ahead_is_generic(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    _taxonomy(tmp_path / "kitchen-1.2.0.yaml", "1.2.0")
    _taxonomy(tmp_path / "kitchen.yaml", "2.0.0", previous="kitchen-1.2.0.yaml")
    _annotations(tmp_path / "old.json", "1.2.0")
    _annotations(tmp_path / "new.json", "3.1.0")
    _annotations(tmp_path / "same.json", "2.4.0")
    monkeypatch.chdir(tmp_path)
    _, out = _check(["-t", "kitchen.yaml", "old.json"], capsys)
    assert "--from kitchen-1.2.0.yaml --to kitchen.yaml old.json" in out
    _, out = _check(["-t", "kitchen.yaml", "new.json"], capsys)
    assert "a major version ahead of the taxonomy (2.0.0)" in out
    assert "--from <kitchen at 3.1.0: a file or git:REF:path> --to kitchen.yaml new.json" in out
    _, out = _check(["-t", "kitchen.yaml", "same.json"], capsys)
    assert "R011" not in out
