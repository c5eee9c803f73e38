"""The kitchen-sink taxonomy uses every construct of the language and lints clean."""

from __future__ import annotations

import typing
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from taxonomist.core.findings import Severity
from taxonomist.taxonomy import lint, load, model
from taxonomist.taxonomy.resolved import Taxonomy

SINK = Path(__file__).parents[1] / "data" / "taxonomies" / "kitchen_sink"
MAIN = SINK / "kitchen_sink.yaml"
TRANSLATION = SINK.parent / "translations" / "cups.de.yaml"
# Bases of the models: they have no fields of their own to cover.
ABSTRACT = {"Doc", "AttributeBase", "LabelTypeBase", "CheckBase"}


@pytest.fixture(scope="module")
def tax() -> Taxonomy:
    return load(MAIN)


def documents() -> list[BaseModel]:
    def read(path: Path) -> Any:
        return yaml.safe_load(path.read_text(encoding="utf-8"))

    return [
        model.TaxonomyDocument.model_validate(read(MAIN)),
        model.TaxonomyDocument.model_validate(read(SINK / "base.yaml")),
        model.Fragment.model_validate(read(SINK / "parts" / "attributes.yaml")),
        model.TranslationFile.model_validate(read(TRANSLATION)),  # the sink's are inline
    ]


def instances(value: Any) -> typing.Iterator[BaseModel]:
    if isinstance(value, BaseModel):
        yield value
        for name in type(value).model_fields:
            yield from instances(getattr(value, name))
    elif isinstance(value, dict):
        for item in value.values():
            yield from instances(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from instances(item)


def owner(cls: type[BaseModel], field: str) -> str:
    """The class that declares ``field`` (a fragment's sections count as the document's)."""
    for base in cls.__mro__:
        if field in vars(base).get("__annotations__", {}):
            return "TaxonomyDocument" if base is model.Fragment else base.__name__
    return cls.__name__


def test_every_field_of_every_model_is_used() -> None:
    used: set[tuple[str, str]] = set()
    for doc in documents():
        for obj in instances(doc):
            used |= {(owner(type(obj), f), f) for f in obj.model_fields_set}
    declared = {
        (owner(cls, field), field)
        for name, cls in vars(model).items()
        if isinstance(cls, type) and issubclass(cls, model.Doc) and name not in ABSTRACT
        for field in cls.model_fields
    }
    assert sorted(declared - used) == []


def test_every_variant_is_used() -> None:
    kinds: set[type] = set()
    for doc in documents():
        kinds |= {type(obj) for obj in instances(doc)}
    for union in (model.LabelType, model.Attribute, model.Check, model.Condition):
        members = set(
            typing.get_args(
                typing.get_args(union)[0] if typing.get_origin(union) is typing.Annotated else union
            )
        )
        assert members - kinds == set()


def test_every_region_kind_and_presence_is_used(tax: Taxonomy) -> None:
    regions = {c.spec.region for c in tax.classes.values()} - {None}
    assert regions == set(
        typing.get_args(typing.get_args(model.ClassDef.model_fields["region"].annotation)[0])
    )
    presences = {u.presence for c in tax.classes.values() for u in c.attributes.values()}
    assert presences == {"required", "optional", "forbidden"}


def test_lints_clean() -> None:
    findings = lint([MAIN])
    assert [f.render() for f in findings if f.severity >= Severity.WARNING] == []


def test_subset_keeps_vehicles_and_drops_furniture(tax: Taxonomy) -> None:
    assert {"vehicle", "car", "bus"} <= set(tax.classes)
    assert "chair" not in tax.classes and "furniture" not in tax.classes
    assert "chair-legs" not in tax.rules
    assert len(tax.files) == 3


def test_refine_changes_inherited_class(tax: Taxonomy) -> None:
    car = tax.classes["car"]
    assert car.color == "#00429d"
    assert car.spec.synonyms == ["automobile"]
    assert car.ancestors == ("vehicle",)
    assert set(car.attributes) == {"parked", "weather", "distance", "truncated"}
    pos = tax.position("/classes/car/color")
    assert pos is not None and Path(pos.file).name == "kitchen_sink.yaml"
    assert tax.classes["bus"].deprecated and tax.classes["bus"].spec.replaced_by == "car"


def test_inheritance(tax: Taxonomy) -> None:
    person = tax.classes["person"]
    assert person.ancestors == ("thing",)
    assert person.crowd is True and person.kind == "thing"
    assert set(person.attributes) == {
        "occluded",
        "note",
        "depiction",
        "visibility",
        "difficulty",
        "passengers",
    }
    assert person.attributes["passengers"].presence == "forbidden"
    assert tax.classes["mannequin"].label_types == (
        "full_box",
        "visible_box",
        "outline",
        "panoptic",
    )
    assert tax.classes["road"].kind == "stuff"
    assert tax.classes["void"].evaluated is False
    assert tax.classes["head"].spec.part_of == "person"


def test_lookups_and_rules(tax: Taxonomy) -> None:
    assert tax.lookup("Pedestrian") is tax.classes["person"]
    assert tax.lookup("person/human") is tax.classes["person"]
    assert tax.by_id(11) is None and tax.by_id(101) is tax.classes["person"]
    assert tax.rules["min-box-height"].classes >= {"person", "mannequin", "head"}
    assert tax.threshold("$min_box_height") == 10
    assert tax.rules["min-box-height"].base_dir == MAIN.parent
    assert next(iter(tax.classes)) == "void"  # ordered by id


def test_assigned_colours_are_distinct(tax: Taxonomy) -> None:
    colours = [c.color for c in tax.classes.values()]
    assert all(len(c) == 7 and c.startswith("#") for c in colours)
    assert len(set(colours)) == len(colours)
