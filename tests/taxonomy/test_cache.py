"""The cache of resolved taxonomies answers only while every file read is unchanged; its
entries are data in a private folder, and anything else found there is a miss."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from taxonomist.core.errors import TaxonomyInvalid
from taxonomist.taxonomy import cache, lint_file, load

ROOT = Path(__file__).resolve().parents[2]

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


def _entry(project: Path) -> Path:
    entries = list((project.parent / "cache").rglob("*.json"))
    assert len(entries) == 1
    return entries[0]


def _stored(project: Path) -> dict[str, object]:
    document: dict[str, object] = json.loads(_entry(project).read_bytes())
    return document


def _spoiled(project: Path, how: str) -> bytes:
    """The entry's bytes spoiled in one of the ways a cache file goes wrong."""
    data = _entry(project).read_bytes()
    document = _stored(project)
    if how == "corrupt":
        return b"\x80not json at all"
    if how == "truncated":
        return data[: len(data) // 2]
    if how == "foreign":
        return json.dumps({"hello": "world"}).encode()
    if how == "older format":
        return json.dumps({**document, "format": cache.FORMAT - 1}).encode()
    if how == "other version":
        return json.dumps({**document, "version": "0.0.0-other"}).encode()
    if how == "other main file":
        return json.dumps({**document, "main": "/elsewhere/taxonomy.yaml"}).encode()
    if how == "unknown class":
        text = data.decode().replace('"ClassDef"', '"subprocess.Popen"')
        return text.encode()
    assert how == "unknown field", how
    return data.decode().replace('"definition"', '"definitions"').encode()


SPOILED = [
    "corrupt",
    "truncated",
    "foreign",
    "older format",
    "other version",
    "other main file",
    "unknown class",
    "unknown field",
]


@pytest.mark.parametrize("how", SPOILED)
def test_a_spoiled_entry_is_a_miss_and_is_rebuilt(project: Path, how: str) -> None:
    load(project)
    spoiled = _spoiled(project, how)
    _entry(project).write_bytes(spoiled)
    assert cache.get(project) is None
    assert load(project).lookup("cat") is not None
    assert _entry(project).read_bytes() != spoiled
    assert cache.get(project) is not None


def test_an_entry_that_is_not_a_regular_file_is_a_miss(project: Path) -> None:
    load(project)
    entry = _entry(project)
    entry.unlink()
    os.mkfifo(entry)  # a reader that blocked on it would hang every check
    assert cache.get(project) is None
    entry.unlink()
    entry.symlink_to(project)
    assert cache.get(project) is None


@pytest.mark.parametrize(
    "taxonomy",
    [
        "taxonomies/demo.yaml",
        "taxonomies/coco.yaml",
        "tests/data/taxonomies/kitchen_sink/kitchen_sink.yaml",
    ],
)
def test_a_cached_taxonomy_equals_the_cold_one(
    taxonomy: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("TAXONOMIST_NO_CACHE", raising=False)
    cold, _findings = lint_file(ROOT / taxonomy)
    assert cold is not None
    cache.put(ROOT / taxonomy, cold)
    hit = cache.get(ROOT / taxonomy)
    assert hit == cold
    assert hit is not cold
    for name, cls in cold.classes.items():
        assert hit.classes[name].spec.model_fields_set == cls.spec.model_fields_set
    assert hit.lookup(next(iter(cold.classes))) is not None


def test_the_folder_is_created_private(project: Path) -> None:
    load(project)
    for folder in (cache.cache_dir(), cache.cache_dir().parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_folder_others_may_read_is_narrowed(project: Path) -> None:
    cache.cache_dir().mkdir(parents=True, mode=0o755)
    cache.cache_dir().chmod(0o755)
    load(project)
    assert stat.S_IMODE(cache.cache_dir().stat().st_mode) == 0o700
    assert cache.get(project) is not None


@pytest.mark.parametrize("folder", ["taxonomies", "taxonomist"])
def test_a_folder_others_may_write_is_never_used(project: Path, folder: str) -> None:
    load(project)
    entry = _entry(project)
    shared = cache.cache_dir() if folder == "taxonomies" else cache.cache_dir().parent
    shared.chmod(0o777)
    assert cache.get(project) is None  # someone else may have planted it
    entry.unlink()
    load(project)
    assert not entry.exists()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o777


def test_a_folder_of_another_user_is_never_used(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(project)
    entry = _entry(project)
    monkeypatch.setattr(os, "geteuid", lambda: os.getuid() + 4242)
    assert cache.get(project) is None
    entry.unlink()
    load(project)
    assert not entry.exists()


def test_disabled_by_environment(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TAXONOMIST_NO_CACHE", "1")
    load(project)
    assert not (project.parent / "cache").exists()


def test_entry_records_every_file_read(project: Path) -> None:
    load(project)
    digests = _stored(project)["digests"]
    assert isinstance(digests, dict)
    names = {Path(f).name for f in digests}
    assert names == {"base.yaml", "child.yaml", "child.lock", "child.*.yaml"}
    assert digests[str(project.with_suffix(".lock").resolve())] is None  # no lock, recorded


def test_a_translation_file_appearing_or_changing_is_a_miss(project: Path) -> None:
    assert load(project).translations == {}
    overlay = project.with_name("child.de.yaml")
    overlay.write_text("translation_of: child.yaml\nlanguage: de\ntitle: Kind\n", "utf-8")
    assert cache.get(project) is None
    assert load(project).translations["de"].title == "Kind"
    assert cache.get(project) is not None
    overlay.write_text("translation_of: child.yaml\nlanguage: de\ntitle: Kinder\n", "utf-8")
    assert cache.get(project) is None
    assert load(project).translations["de"].title == "Kinder"


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
