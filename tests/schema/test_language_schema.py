"""The JSON Schema of the taxonomy language: metaschema-valid, deterministic, committed for
editors, and it agrees with the loader on real taxonomies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from taxonomist.schema import dump_schema
from taxonomist.schema.language import language_schema
from tests.snapshot import assert_snapshot

REPO = Path(__file__).parents[2]
COMMITTED = REPO / "schemas" / "taxonomy.schema.json"
COMMITTED_TRANSLATION = REPO / "schemas" / "translation.schema.json"
FIXTURE = REPO / "tests" / "data" / "schema" / "fixture.yaml"
SHIPPED = sorted((REPO / "taxonomies").glob("*.yaml"))
TRANSLATIONS = [p for p in SHIPPED if "translation_of" in yaml.safe_load(p.read_text("utf-8"))]
TAXONOMIES = [*(p for p in SHIPPED if p not in TRANSLATIONS), FIXTURE]


@pytest.fixture(scope="module")
def validator() -> jsonschema.Draft202012Validator:
    schema = language_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def test_matches_snapshot() -> None:
    assert_snapshot("schema-language.json", dump_schema(language_schema()))


def test_committed_editor_schema_is_current() -> None:
    assert COMMITTED.read_text(encoding="utf-8") == dump_schema(language_schema()), (
        "schemas/taxonomy.schema.json is stale; run "
        "'taxonomist schema --language -o schemas/taxonomy.schema.json'"
    )


def test_committed_translation_schema_is_current() -> None:
    schema = language_schema(translation=True)
    assert COMMITTED_TRANSLATION.read_text(encoding="utf-8") == dump_schema(schema), (
        "schemas/translation.schema.json is stale; run 'taxonomist schema --language "
        "--translation -o schemas/translation.schema.json'"
    )


@pytest.mark.parametrize("path", TRANSLATIONS, ids=lambda p: p.name)
def test_shipped_translations_are_valid(path: Path) -> None:
    schema = language_schema(translation=True)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = jsonschema.Draft202012Validator(schema).iter_errors(document)
    assert [e.message for e in errors] == []


def test_fragment_schema_is_valid_and_has_no_metadata() -> None:
    schema = language_schema(fragment=True)
    jsonschema.Draft202012Validator.check_schema(schema)
    assert "classes" in schema["properties"] and "name" not in schema["properties"]


def test_generation_is_deterministic() -> None:
    assert dump_schema(language_schema()) == dump_schema(language_schema())


def test_root_is_editor_friendly() -> None:
    schema = language_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"].startswith("urn:taxonomist:")
    assert "yaml-language-server" in schema["description"]
    text = dump_schema(schema)
    assert '"discriminator"' not in text and '"default": null' not in text


@pytest.mark.parametrize("path", TAXONOMIES, ids=lambda p: p.name)
def test_real_taxonomies_are_valid(validator: jsonschema.Draft202012Validator, path: Path) -> None:
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert [e.message for e in validator.iter_errors(document)] == []


def base() -> dict[str, Any]:
    return {"name": "t", "version": "1.0.0", "classes": {"cat": {"id": 1}}}


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"version": "1.0"}, "/version"),
        ({"classes": {"Traffic Light": {"id": 1}}}, "/classes"),
        ({"classes": {"cat": {"id": -1}}}, "/classes/cat/id"),
        ({"classes": {"cat": {"id": 1, "colour": "#ffffff"}}}, "/classes/cat"),
        ({"classes": {"cat": {"id": 1, "kind": "blob"}}}, "/classes/cat/kind"),
        ({"label_types": {"box": {"kind": "cuboid"}}}, "/label_types/box"),
        ({"rules": {"Bad_Id": {"title": "t", "guidance": "g"}}}, "/rules"),
        ({"thresholds": {"h": {"value": 1, "unit": "furlong"}}}, "/thresholds/h/unit"),
    ],
)
def test_mistakes_are_refused_where_they_are(
    validator: jsonschema.Draft202012Validator, change: dict[str, Any], where: str
) -> None:
    document = {**base(), **change}
    errors = list(validator.iter_errors(document))
    assert errors, "accepted"
    assert where in {"".join(f"/{p}" for p in e.absolute_path) for e in errors}


def test_nullable_fields_accept_null_like_the_loader(
    validator: jsonschema.Draft202012Validator,
) -> None:
    document = base()
    document["classes"]["cat"].update(kind=None, definition=None, parent=None)
    assert validator.is_valid(document)


def test_jsonschema_rs_accepts_the_schema() -> None:
    rs = pytest.importorskip("jsonschema_rs")
    validator = rs.Draft202012Validator(language_schema())
    assert validator.is_valid(base())
    assert not validator.is_valid({**base(), "version": "1"})


KITCHEN_SINK = REPO / "tests" / "data" / "taxonomies" / "kitchen_sink"


def test_kitchen_sink_documents_and_fragments_are_valid() -> None:
    documents = jsonschema.Draft202012Validator(language_schema())
    fragments = jsonschema.Draft202012Validator(language_schema(fragment=True))
    for path in sorted(KITCHEN_SINK.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [e.message for e in documents.iter_errors(data)] == [], path.name
    for path in sorted((KITCHEN_SINK / "parts").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert [e.message for e in fragments.iter_errors(data)] == [], path.name
