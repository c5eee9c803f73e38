"""The cache of resolved taxonomies answers only while every file read is unchanged."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from taxonomist.core.errors import TaxonomyInvalid
from taxonomist.taxonomy import cache, load

BASE = """\
name: base
version: 1.0.0
label_types: {box: {kind: box}}
classes:
  cat: {id: 1, definition: A cat., label_types: [box]}
"""
CHILD = """\
name: child
version: 1.0.0
extends: base.yaml
classes:
  dog: {id: 2, definition: A dog., label_types: [box]}
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.delenv("TAXONOMIST_NO_CACHE", raising=False)
    (tmp_path / "base.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "child.yaml").write_text(CHILD, encoding="utf-8")
    return tmp_path / "child.yaml"


def test_second_load_comes_from_the_cache(project: Path) -> None:
    assert cache.get(project) is None
    first = load(project)
    hit = cache.get(project)
    assert hit is not None
    assert list(hit.classes) == list(first.classes)
    assert hit.lookup("dog") is not None


def test_a_changed_base_file_is_a_miss(project: Path) -> None:
    load(project)
    base = project.with_name("base.yaml")
    base.write_text(BASE.replace("A cat.", "A small cat."), encoding="utf-8")
    assert cache.get(project) is None
    assert load(project).classes["cat"].spec.definition == "A small cat."


def test_a_taxonomy_with_errors_is_never_cached(project: Path) -> None:
    project.write_text(CHILD.replace("id: 2", "id: 1"), encoding="utf-8")
    with pytest.raises(TaxonomyInvalid):
        load(project)
    assert cache.get(project) is None


def test_a_corrupt_entry_is_a_miss(project: Path) -> None:
    load(project)
    entries = list((project.parent / "cache").rglob("*.pickle"))
    assert len(entries) == 1
    entries[0].write_bytes(b"not a pickle")
    assert cache.get(project) is None
    assert load(project).lookup("cat") is not None


def test_disabled_by_environment(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAXONOMIST_NO_CACHE", "1")
    load(project)
    assert not (project.parent / "cache").exists()


def test_entry_records_every_file_read(project: Path) -> None:
    load(project)
    entry = next((project.parent / "cache").rglob("*.pickle"))
    digests, _taxonomy = pickle.loads(entry.read_bytes())
    assert {Path(f).name for f in digests} == {"base.yaml", "child.yaml"}


RULES = """\
rules:
  whole-cat:
    title: Whole cats
    guidance: Box the whole cat.
    examples:
      - {image: examples/cat.png, annotation: examples/cat.json, verdict: do, caption: A cat.}
"""


@pytest.fixture
def with_examples(project: Path) -> Path:
    project.write_text(CHILD + RULES, encoding="utf-8")
    (project.parent / "examples").mkdir()
    (project.parent / "examples" / "cat.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (project.parent / "examples" / "cat.json").write_text('{"images": []}', encoding="utf-8")
    return project


@pytest.mark.parametrize("name", ["cat.png", "cat.json"])
def test_a_deleted_example_file_gives_the_cold_result(with_examples: Path, name: str) -> None:
    load(with_examples)
    assert cache.get(with_examples) is not None
    (with_examples.parent / "examples" / name).unlink()
    assert cache.get(with_examples) is None
    with pytest.raises(TaxonomyInvalid) as cached_run:
        load(with_examples)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("TAXONOMIST_NO_CACHE", "1")
        with pytest.raises(TaxonomyInvalid) as cold_run:
            load(with_examples)
    assert cached_run.value.findings == cold_run.value.findings
    assert [f.code for f in cold_run.value.findings] == ["T501"]


def test_a_changed_example_file_is_a_miss(with_examples: Path) -> None:
    load(with_examples)
    (with_examples.parent / "examples" / "cat.json").write_text('{"images": [1]}')
    assert cache.get(with_examples) is None
