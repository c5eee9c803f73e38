"""``taxonomist diff``: the scenario as text, JSON and Markdown; --check-version; git revisions
(git:REF:path, --against); and bad input as one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from tests.snapshot import assert_snapshot

from taxonomist.cli import main

SCENARIO = Path("tests") / "data" / "change" / "scenario"
V1, V2 = str(SCENARIO / "v1.yaml"), str(SCENARIO / "v2.yaml")
ABSOLUTE = Path(__file__).resolve().parents[1] / "data" / "change" / "scenario"


@pytest.fixture(autouse=True)
def _in_repo(repo_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(repo_root)


def run(*args: str) -> int:
    with pytest.raises(SystemExit) as exit_info:
        main(list(args))
    return int(exit_info.value.code or 0)


def test_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("diff", V1, V2) == 0
    assert_snapshot("change/diff_scenario.txt", capsys.readouterr().out)


def test_markdown(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("diff", V1, V2, "--format", "markdown") == 0
    assert_snapshot("change/diff_scenario.md", capsys.readouterr().out)


def test_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("diff", V1, V2, "--report", "json") == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["breaking"] is True
    assert (doc["required_bump"], doc["actual_bump"], doc["version_ok"]) == ("major", "major", True)
    renamed = next(c for c in doc["changes"] if c["kind"] == "class-renamed")
    assert (renamed["old"], renamed["new"], renamed["breaking"]) == (
        "mission_patch",
        "mission_emblem",
        True,
    )


def test_one_file_is_diffed_with_its_previous_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("diff", V2) == 0
    assert capsys.readouterr().out.startswith("space-and-kitchen 1.0.0 -> 2.0.0: 17 changes")


def _retitled(tmp_path: Path, version: str) -> Path:
    text = (SCENARIO / "v2.yaml").read_text().replace("version: 2.0.0", f"version: {version}")
    path = tmp_path / "v2.yaml"
    path.write_text(text.replace("previous: v1.yaml\n", ""))
    return path


@pytest.mark.parametrize("version", ["1.1.0", "1.0.1", "1.0.0", "0.9.0"])
def test_check_version_refuses_a_breaking_change_without_a_major_bump(
    version: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = _retitled(tmp_path, version)
    assert run("diff", V1, str(new)) == 0  # reported, not enforced
    assert run("diff", V1, str(new), "--check-version") == 1
    last = capsys.readouterr().out.splitlines()[-1]
    expected = (
        "goes backwards" if version < "1.0.0" else "need a major bump: make it 2.0.0 or later"
    )
    assert expected in last


def test_check_version_accepts_a_minor_bump_for_additions(tmp_path: Path) -> None:
    text = (SCENARIO / "v1.yaml").read_text().replace("version: 1.0.0", "version: 1.1.0")
    added = "\n  dish:\n    id: 1200\n    definition: A dish.\n    label_types: [box]\n\nrules:\n"
    new = tmp_path / "new.yaml"
    new.write_text(text.replace("\nrules:\n", added))
    # the new class is drawable with the highest id: the default YOLO order only grows
    assert run("diff", V1, str(new), "--check-version") == 0
    assert run("diff", V1, str(new).replace("new.yaml", "new.yaml"), "--report", "json") == 0


def _git(repo: Path, *args: str) -> None:
    env = {
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "GIT_CONFIG_SYSTEM": "/dev/null",
        "PATH": "/usr/bin:/bin",
    }
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "init.defaultBranch=main",
            *args,
        ],
        cwd=repo,
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = tmp_path / "project"
    (root / "taxonomies").mkdir(parents=True)
    shutil.copy(SCENARIO / "v1.yaml", root / "taxonomies" / "taxonomy.yaml")
    _git(root, "init", "-q")
    _git(root, "add", ".")
    _git(root, "commit", "-qm", "1.0.0")
    _git(root, "tag", "v1.0.0")
    text = (SCENARIO / "v2.yaml").read_text().replace("previous: v1.yaml\n", "")
    (root / "taxonomies" / "taxonomy.yaml").write_text(text)
    return root


def test_git_revision(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    path = "taxonomies/taxonomy.yaml"
    assert run("diff", f"git:v1.0.0:{path}", path, "--check-version") == 0
    out = capsys.readouterr().out
    assert out.startswith("space-and-kitchen 1.0.0 -> 2.0.0: 17 changes")


def test_against_a_revision_as_the_pre_commit_hook_runs_it(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo / "taxonomies")
    target = Path("taxonomy.yaml")
    target.write_text(target.read_text().replace("version: 2.0.0", "version: 1.1.0"))
    hooks = yaml.safe_load((ABSOLUTE.parents[3] / ".pre-commit-hooks.yaml").read_text())
    entry = next(h["entry"] for h in hooks if h["id"] == "taxonomist-diff").split()
    assert entry[:2] == ["taxonomist", "diff"]
    assert run(*entry[1:], "taxonomy.yaml") == 1  # pre-commit appends the staged files
    assert "need a major bump" in capsys.readouterr().out
    target.write_text(target.read_text().replace("version: 1.1.0", "version: 2.0.0"))
    assert run(*entry[1:], "taxonomy.yaml") == 0


def test_against_skips_a_file_new_in_the_work_tree(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    shutil.copy(ABSOLUTE / "v1.yaml", repo / "taxonomies" / "other.yaml")
    assert run("diff", "--check-version", "--against", "HEAD", "taxonomies/other.yaml") == 0
    assert "a new taxonomy, nothing to diff" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("git:nope:taxonomies/taxonomy.yaml", "git:nope: no such revision"),
        ("git:v1.0.0:taxonomies/missing.yaml", "no file taxonomies/missing.yaml at that revision"),
        ("git:v1.0.0", "is not git:REF:path"),
        ("git:--output=x:taxonomies/taxonomy.yaml", "is not a revision"),
    ],
)
def test_bad_revisions_are_one_line_errors(
    spec: str,
    message: str,
    repo: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.chdir(repo)
    assert run("diff", spec, "taxonomies/taxonomy.yaml") == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_an_invalid_taxonomy_at_a_revision_is_named(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    broken = repo / "taxonomies" / "taxonomy.yaml"
    broken.write_text("name: x\nversion: 1.0.0\nclasses: {a: {id: -1}}\n")
    _git(repo, "commit", "-qam", "broken")
    assert run("diff", "git:HEAD:taxonomies/taxonomy.yaml", "taxonomies/taxonomy.yaml") == 2
    err = capsys.readouterr().err
    assert "git:HEAD:taxonomies/taxonomy.yaml: the taxonomy at that revision has 1 error" in err


def test_outside_a_work_tree(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    repo_root: Path,
) -> None:
    shutil.copy(repo_root / V1, tmp_path / "t.yaml")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert run("diff", "git:HEAD:t.yaml", "t.yaml") == 2
    assert "is not in a git work tree" in capsys.readouterr().err


def test_no_previous_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("diff", V1) == 2
    assert "no previous: version to diff with" in capsys.readouterr().err
