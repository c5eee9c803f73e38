"""The earlier versions of a taxonomy: the ``previous:`` chain, the ``changelog:`` revisions,
the repository's ``v*`` tags (in a temporary git repository), and where a version is kept."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from taxonomist.core.errors import InvalidInput
from taxonomist.taxonomy import history, load

needs_git = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")


def write(path: Path, version: str, **extra: object) -> Path:
    classes = {"cup": {"id": 1, "definition": "A cup."}}
    doc = {"name": "kitchen", "version": version, **extra, "classes": classes}
    path.write_text(yaml.safe_dump(doc, sort_keys=False), encoding="utf-8")
    return path


def git(repo: Path, *args: str) -> None:
    command = ["git", "-c", "user.name=t", "-c", "user.email=t@t", "-C", str(repo), *args]
    subprocess.run(command, check=True, capture_output=True)


def commit(repo: Path, message: str, tag: str | None = None) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)
    if tag is not None:
        git(repo, "tag", tag)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository whose taxonomy was 1.0.0 (tag v1.0.0), then 1.1.0 (tag v1.1.0); the work
    tree holds 2.0.0. An older tag, v0.1.0, is from before the taxonomy existed."""
    (tmp_path / "README").write_text("kitchen\n")
    git(tmp_path, "init", "-q")
    commit(tmp_path, "start", tag="v0.1.0")
    folder = tmp_path / "taxonomies"
    folder.mkdir()
    write(folder / "kitchen.yaml", "1.0.0")
    commit(tmp_path, "1.0.0", tag="v1.0.0")
    write(folder / "kitchen.yaml", "1.1.0")
    commit(tmp_path, "1.1.0", tag="v1.1.0")
    write(folder / "kitchen.yaml", "2.0.0")
    return tmp_path


def versions_of(path: Path) -> list[str]:
    return [v.taxonomy.version for v in history.history(load(path)).versions]


@needs_git
def test_tags_are_the_history_newest_first(repo: Path) -> None:
    found = history.history(load(repo / "taxonomies" / "kitchen.yaml")).versions
    assert [v.taxonomy.version for v in found] == ["1.1.0", "1.0.0"]  # v0.1.0 has no file
    assert found[0].spec == f"git:v1.1.0:{(repo / 'taxonomies' / 'kitchen.yaml').resolve()}"


@needs_git
def test_a_tag_of_the_current_version_is_not_listed(repo: Path) -> None:
    commit(repo, "2.0.0", tag="v2.0.0")
    assert versions_of(repo / "taxonomies" / "kitchen.yaml") == ["1.1.0", "1.0.0"]


@needs_git
def test_a_tag_that_cannot_be_read_ends_the_history_and_says_why(repo: Path) -> None:
    path = repo / "taxonomies" / "kitchen.yaml"
    path.write_text("name: kitchen\nversion: 1.2.0\nclasses: {cup: {id: one}}\n")
    commit(repo, "broken", tag="v1.2.0")
    write(path, "2.0.0")
    found = history.history(load(path))
    assert found.versions == ()
    assert found.stopped.startswith("the history ends here: git:v1.2.0:")
    assert "(tag v1.2.0) cannot be loaded" in found.stopped


@needs_git
def test_changelog_revisions_win_over_tags(repo: Path) -> None:
    path = write(repo / "taxonomies" / "kitchen.yaml", "2.0.0", changelog=["v1.0.0"])
    assert versions_of(path) == ["1.0.0"]


@needs_git
def test_previous_chain_follows_each_file_and_revision(repo: Path) -> None:
    folder = repo / "taxonomies"
    write(folder / "kitchen-1.5.0.yaml", "1.5.0", previous="git:v1.1.0:kitchen.yaml")
    path = write(folder / "kitchen.yaml", "2.0.0", previous="kitchen-1.5.0.yaml")
    found = history.history(load(path)).versions
    assert [v.taxonomy.version for v in found] == ["1.5.0", "1.1.0"]
    assert found[0].spec == str((folder / "kitchen-1.5.0.yaml").resolve())


def test_previous_chain_without_git(tmp_path: Path) -> None:
    write(tmp_path / "v1.yaml", "1.0.0")
    write(tmp_path / "v2.yaml", "1.1.0", previous="v1.yaml")
    path = write(tmp_path / "v3.yaml", "2.0.0", previous="v2.yaml")
    assert versions_of(path) == ["1.1.0", "1.0.0"]


def test_a_cycle_ends_the_chain(tmp_path: Path) -> None:
    write(tmp_path / "a.yaml", "1.0.0", previous="b.yaml")
    write(tmp_path / "b.yaml", "1.1.0", previous="a.yaml")
    assert versions_of(tmp_path / "b.yaml") == ["1.0.0"]


def test_the_chain_stops_at_the_limit(tmp_path: Path) -> None:
    for minor in range(30):
        previous = {"previous": f"v{minor - 1}.yaml"} if minor else {}
        write(tmp_path / f"v{minor}.yaml", f"1.{minor}.0", **previous)
    assert len(versions_of(tmp_path / "v29.yaml")) == history.LIMIT


def test_a_missing_previous_file_is_an_error_naming_it(tmp_path: Path) -> None:
    path = write(tmp_path / "t.yaml", "2.0.0", previous="old/t-1.0.0.yaml")
    with pytest.raises(InvalidInput) as caught:
        history.history(load(path))
    message = caught.value.message
    assert "t-1.0.0.yaml" in message and "previous: of" in message and "\n" not in message


@needs_git
def test_an_unknown_revision_is_an_error_naming_it(repo: Path) -> None:
    path = write(repo / "taxonomies" / "kitchen.yaml", "2.0.0", changelog=["v9.9.9"])
    with pytest.raises(InvalidInput, match=r"git:v9\.9\.9:.*kitchen\.yaml \(changelog: of"):
        history.history(load(path))


def test_outside_git_without_previous_there_is_no_history(tmp_path: Path) -> None:
    assert versions_of(write(tmp_path / "t.yaml", "1.0.0")) == []


def test_changelog_outside_git_is_an_error(tmp_path: Path) -> None:
    path = write(tmp_path / "t.yaml", "2.0.0", changelog=["v1.0.0"])
    with pytest.raises(InvalidInput, match="not in a git work tree"):
        history.history(load(path))


@needs_git
def test_locate_finds_a_tag_without_loading_the_history(repo: Path) -> None:
    tax = load(repo / "taxonomies" / "kitchen.yaml")
    spec = history.locate(tax, "1.0.0")
    assert spec == f"git:v1.0.0:{(repo / 'taxonomies' / 'kitchen.yaml').resolve()}"
    assert history.locate(tax, "0.7.0") is None


def test_locate_follows_previous_and_never_raises(tmp_path: Path) -> None:
    write(tmp_path / "v1.yaml", "1.0.0")
    good = load(write(tmp_path / "v2.yaml", "2.0.0", previous="v1.yaml"))
    assert history.locate(good, "1.0.0") == str((tmp_path / "v1.yaml").resolve())
    broken = load(write(tmp_path / "v3.yaml", "3.0.0", previous="gone.yaml"))
    assert history.locate(broken, "1.0.0") is None


def test_shown_is_relative_to_the_working_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    inside = tmp_path / "t" / "demo.yaml"
    assert history.shown(str(inside)) == "t/demo.yaml"
    assert history.shown(f"git:v1.0.0:{inside}") == "git:v1.0.0:t/demo.yaml"
    assert history.shown("/elsewhere/x.yaml") == "/elsewhere/x.yaml"
