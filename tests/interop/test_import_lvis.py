"""``taxonomist import lvis`` on the real LVIS v1 category list (1,203 classes)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomist.cli import main
from taxonomist.core.findings import Severity
from taxonomist.interop.importers import ImportOptions, importer
from taxonomist.interop.yaml_out import dump_yaml
from taxonomist.taxonomy import lint, load
from taxonomist.taxonomy.model import TaxonomyDocument
from taxonomist.taxonomy.resolved import normalize_name

SHARED = Path(__file__).parents[2] / ".." / "shared" / "corpus"
LVIS = SHARED / "taxonomies" / "lvis_v1_categories.json"


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    if not LVIS.exists():
        pytest.skip("../shared/corpus is absent")
    out = tmp_path_factory.mktemp("lvis") / "lvis.yaml"
    with pytest.raises(SystemExit) as exit_info:
        main(["import", "lvis", str(LVIS), "-o", str(out), "--name", "lvis"])
    assert exit_info.value.code == 0
    return out, yaml.safe_load(out.read_text(encoding="utf-8"))


def test_every_category_becomes_a_class_with_its_id_and_definition(
    imported: tuple[Path, dict[str, Any]],
) -> None:
    source = json.loads(LVIS.read_text(encoding="utf-8"))["categories"]
    classes = imported[1]["classes"]
    assert len(classes) == 1203
    assert sorted(c["id"] for c in classes.values()) == sorted(c["id"] for c in source)
    assert all(c["definition"] for c in classes.values())
    assert classes["aerosol_can"]["synonyms"] == ["spray_can"]
    assert classes["aerosol_can"]["external_ids"] == {"wordnet": "aerosol.n.02"}
    assert classes["aerosol_can"]["frequency"] == "c"


def test_names_are_valid_and_originals_are_aliases(imported: tuple[Path, dict[str, Any]]) -> None:
    classes = imported[1]["classes"]
    assert classes["bow_weapon"]["aliases"] == ["bow_(weapon)"]
    assert classes["band_aid"]["aliases"] == ["Band_Aid"]
    TaxonomyDocument.model_validate(imported[1])


def test_every_lookup_key_names_exactly_one_class(imported: tuple[Path, dict[str, Any]]) -> None:
    owners: dict[str, str] = {}
    for name, cls in imported[1]["classes"].items():
        keys = {
            normalize_name(k) for k in (name, *cls.get("synonyms", []), *cls.get("aliases", []))
        }
        for key in keys:
            assert owners.setdefault(key, name) == name, f"{key} in {owners[key]} and {name}"


def test_ambiguous_synonyms_are_dropped_from_every_claimant(tmp_path: Path) -> None:
    cats = [
        {"id": 1, "name": "wristlet", "synonyms": ["wristlet", "wrist band", "Wristlet"]},
        {"id": 2, "name": "wristband", "synonyms": ["wristband", "wrist_band", "sweatband"]},
        {"id": 3, "name": "sweatband", "synonyms": ["sweatband"]},
    ]
    path = tmp_path / "lvis.json"
    path.write_text(json.dumps(cats), encoding="utf-8")
    result = importer("lvis").import_taxonomy(path, ImportOptions(name="t"))
    classes = result.document["classes"]
    assert "synonyms" not in classes["wristlet"]
    assert "synonyms" not in classes["wristband"]
    assert any("'wrist band' of 'wristlet' dropped" in n for n in result.notes)


def test_lvis_lints_clean(imported: tuple[Path, dict[str, Any]]) -> None:
    """No errors and no warnings from lint (advice at info level may remain)."""
    findings = lint([imported[0]])
    assert [f.render() for f in findings if f.severity >= Severity.WARNING] == []
    taxonomy = load(imported[0])
    assert len(taxonomy.classes) == 1203
    assert taxonomy.lookup("spray can") is taxonomy.classes["aerosol_can"]
    assert taxonomy.lookup("bow_(weapon)") is taxonomy.classes["bow_weapon"]


WORDS = st.sampled_from(["cap", "Cap", "cap_(headwear)", "cap headwear", "hat", "bow", "Bow_"])
CATEGORY = st.fixed_dictionaries(
    {"id": st.integers(1, 30), "name": WORDS, "def": st.just("a thing")},
    optional={"synonyms": st.lists(WORDS, max_size=4), "frequency": st.sampled_from("rcf")},
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(categories=st.lists(CATEGORY, min_size=1, max_size=6, unique_by=lambda c: c["id"]))
def test_colliding_names_and_synonyms_still_lint_clean(categories: list[dict[str, Any]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "lvis.json"
        source.write_text(json.dumps({"categories": categories}), encoding="utf-8")
        result = importer("lvis").import_taxonomy(source, ImportOptions(name="t"))
        out = Path(folder) / "t.yaml"
        out.write_text(dump_yaml(result.document), encoding="utf-8")
        problems = [f.render() for f in lint([out]) if f.severity >= Severity.WARNING]
    assert problems == [], categories
