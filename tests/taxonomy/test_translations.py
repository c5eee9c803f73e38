"""Translations: inline and in files of their own, applied by localized(), listed by
untranslated(), and linted (T701-T704, T907, T908)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml

from taxonomist.cli import main
from taxonomist.core.findings import Finding, Severity
from taxonomist.schema.language import language_schema
from taxonomist.taxonomy import lint, lint_file, load, model
from taxonomist.taxonomy.cache_codec import decode, encode
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.text import render_thresholds
from taxonomist.taxonomy.translations import languages, localized, lookup, slots, untranslated
from tests.snapshot import assert_snapshot

DATA = Path(__file__).parents[1] / "data" / "taxonomies" / "translations"
CUPS = DATA / "cups.yaml"
REPO = Path(__file__).parents[2]
DEMO = REPO / "taxonomies" / "demo.yaml"

BASE = """\
name: tiny
version: 1.0.0
title: Tiny
thresholds:
  min_height: {value: 16}
label_types:
  box: {kind: box}
attributes:
  full: {type: bool, title: Full}
  material:
    type: enum
    values: [china, paper]
    value_descriptions: {china: Porcelain.}
classes:
  cup:
    id: 1
    definition: A cup at least $min_height high.
    includes: [Mugs.]
    versus: [{class: saucer, test: It holds the drink.}]
    label_types: [box]
  saucer: {id: 2, definition: A dish., label_types: [box]}
"""


@pytest.fixture(scope="module")
def cups() -> Taxonomy:
    return load(CUPS)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def places(findings: list[Finding], *codes: str) -> list[tuple[str, str, int | None, int | None]]:
    return [
        (f.code, Path(f.location.file).name, f.location.line, f.location.column)
        for f in findings
        if f.code in codes
    ]


# -- loading ---------------------------------------------------------------------------------


def test_both_forms_load(cups: Taxonomy) -> None:
    assert languages(cups) == ("en", "de", "fr")
    assert cups.translations["de"].title == "Tassen"  # cups.de.yaml
    assert cups.translations["fr"].classes["cup"].title == "Tasse"  # inline
    assert cups.source_language == cups.language == "en"
    assert CUPS.with_name("cups.de.yaml").resolve() in cups.files


def test_positions_of_both_forms_are_kept_under_translations(cups: Taxonomy) -> None:
    overlay = cups.position("/translations/de/classes/cup/definition")
    assert overlay is not None
    assert (Path(overlay.file).name, overlay.line, overlay.column) == ("cups.de.yaml", 22, 17)
    inline = cups.position("/translations/fr/classes/cup/title")
    assert inline is not None
    assert (Path(inline.file).name, inline.line) == ("cups.yaml", 52)


def test_a_taxonomy_says_which_language_it_is_written_in(tmp_path: Path) -> None:
    path = write(tmp_path, "t.yaml", BASE + "language: de\n")
    tax = load(path)
    assert languages(tax) == ("de",)
    assert localized(tax, "de") is tax


def test_a_translation_file_of_another_taxonomy_is_not_read(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", BASE)
    write(tmp_path, "other.yaml", BASE.replace("name: tiny", "name: other"))
    write(tmp_path, "t.de.yaml", "translation_of: other.yaml\nlanguage: de\ntitle: Winzig\n")
    write(tmp_path, "t.v2.yaml", BASE)  # a taxonomy that shares the name, not a translation
    assert load(tmp_path / "t.yaml").translations == {}


def test_load_of_a_translation_file_gives_the_localized_taxonomy(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", BASE)
    overlay = write(tmp_path, "t.de.yaml", "translation_of: t.yaml\nlanguage: de\ntitle: Winzig\n")
    tax = load(overlay)
    assert (tax.title, tax.language, tax.source_language) == ("Winzig", "de", "en")
    assert tax.classes["cup"].spec.definition == "A cup at least $min_height high."


# -- localized ---------------------------------------------------------------------------------


def test_localized_replaces_the_translated_texts(cups: Taxonomy) -> None:
    de = localized(cups, "de")
    cup = de.classes["cup"]
    assert (de.title, de.description) == ("Tassen", "Tassen und worauf sie stehen.")
    assert de.guidelines.about == "Für die Tests gezeichnet."
    assert (cup.title, cup.spec.definition) == (
        "Tasse",
        "Ein Trinkgefäß, mindestens $min_height hoch.",
    )
    assert cup.spec.versus[0].test == "Die Tasse hält das Getränk."
    assert cup.spec.synonyms == ["Becher"]
    assert de.classes["saucer"].title == "Untertasse"
    assert de.rules["min-cup-height"].rule.title.startswith("Lass Tassen weg")
    assert de.rules["min-cup-height"].rule.topic == "Größe"
    assert de.label_types["box"].title == "Rahmen"
    assert de.label_types["blurry"].question == "Ist das Bild unscharf?"  # type: ignore[union-attr]
    assert de.attributes["material"].value_descriptions["china"] == "Porzellan oder Steingut."  # type: ignore[union-attr]
    assert de.thresholds["min_height"].description == "Kleinere Tassen werden weggelassen."
    assert de.relations["stands_on"].description == "Eine Tasse auf ihrer Untertasse."
    assert de.language == "de" and de.source_language == "en"


def test_localized_falls_back_for_everything_else(cups: Taxonomy) -> None:
    de = localized(cups, "de")
    cup = de.classes["cup"]
    assert cup.spec.includes == ["Becher.", "Teacups."]  # a null item keeps the source's
    assert [e.text for e in cup.excludes] == ["Gläser ohne Henkel.", "Vases."]  # a short list
    assert cup.excludes[0].use == "saucer"  # the class to use instead stays
    assert de.guidelines.credits == ["Erster Nachweis.", "Second credit."]
    assert de.classes["saucer"].spec.definition == "A small dish under a cup."
    assert de.rules["min-cup-height"].rule.guidance.startswith("Cups lower than")
    assert de.attributes["material"].value_descriptions["paper"] == "A paper cup."  # type: ignore[union-attr]
    assert de.attributes["full"].title == "Full"
    assert de.label_types["box"].description == "The tightest rectangle."


def test_localized_changes_exactly_the_translated_slots(cups: Taxonomy) -> None:
    """Every text of the localized taxonomy is the translation's where it gives one and the
    source's elsewhere; nothing else of the taxonomy changes."""
    de = localized(cups, "de")
    translation = cups.translations["de"]
    missing = dict(untranslated(cups, "de"))
    for before, after in zip(slots(cups), slots(de), strict=True):
        given = lookup(translation, before.path)
        if before.pointer in missing:
            assert after.text == before.text, before.pointer
        elif isinstance(given, list):
            assert after.text == ", ".join(given), before.pointer
        elif before.path[0] != "topics":
            assert after.text == given, before.pointer
    kept = {"title", "definition", "includes", "excludes", "versus", "synonyms"}
    for name, cls in cups.classes.items():
        there = de.classes[name]
        assert (there.id, there.color, there.label_types) == (cls.id, cls.color, cls.label_types)
        assert there.attributes == cls.attributes
        assert there.spec.model_dump(exclude=kept) == cls.spec.model_dump(exclude=kept)
    assert de.rules["min-cup-height"].rule.check == cups.rules["min-cup-height"].rule.check
    assert de.rules["min-cup-height"].classes == cups.rules["min-cup-height"].classes
    assert de.thresholds["min_height"].value == 16


def test_localized_is_pure(cups: Taxonomy) -> None:
    before = json.dumps(encode(cups), sort_keys=True)
    localized(cups, "de")
    localized(cups, "fr")
    assert json.dumps(encode(cups), sort_keys=True) == before
    assert cups.lookup("mug") is cups.classes["cup"]


def test_localized_lookups_and_thresholds_work_in_the_language(cups: Taxonomy) -> None:
    de = localized(cups, "de")
    assert de.lookup("Becher") is de.classes["cup"]
    assert de.by_id(2) is de.classes["saucer"]
    title = render_thresholds(de.rules["min-cup-height"].rule.title, de)
    assert title == "Lass Tassen weg, die niedriger als 16 px sind"


def test_localized_positions_point_at_the_translation(cups: Taxonomy) -> None:
    de = localized(cups, "de")
    moved = de.position("/classes/cup/definition")
    kept = de.position("/classes/saucer/definition")
    assert moved is not None and kept is not None
    assert (Path(moved.file).name, moved.line) == ("cups.de.yaml", 22)
    assert (Path(kept.file).name, kept.line) == ("cups.yaml", 37)
    assert de.position("/classes/cup/color") == cups.position("/classes/cup/color")


def test_localized_refuses_what_it_cannot_do(cups: Taxonomy) -> None:
    assert localized(cups, "en") is cups
    with pytest.raises(ValueError, match="no 'es' translation of 'cups'; it has en, de, fr"):
        localized(cups, "es")
    with pytest.raises(ValueError, match="already in 'de'"):
        localized(localized(cups, "de"), "fr")


def test_a_blank_text_falls_back_and_counts_as_untranslated(tmp_path: Path) -> None:
    text = BASE + "translations:\n  de:\n    classes:\n      saucer: {definition: '  '}\n"
    tax = load(write(tmp_path, "t.yaml", text))
    assert localized(tax, "de").classes["saucer"].spec.definition == "A dish."
    assert ("/classes/saucer/definition", "A dish.") in untranslated(tax, "de")


def test_localized_survives_the_cache(cups: Taxonomy) -> None:
    again = decode(encode(cups))
    assert isinstance(again, Taxonomy)
    assert again.translations == cups.translations
    assert localized(again, "de").classes["cup"].title == "Tasse"


# -- untranslated ------------------------------------------------------------------------------


def test_untranslated_lists_what_is_missing_by_source_pointer(cups: Taxonomy) -> None:
    assert untranslated(cups, "de") == [
        ("/guidelines/credits/1", "Second credit."),
        ("/classes/cup/includes/1", "Teacups."),
        ("/classes/cup/excludes/1", "Vases."),
        ("/classes/saucer/definition", "A small dish under a cup."),
        ("/rules/min-cup-height/guidance", "Cups lower than $min_height are too small to label."),
        ("/attributes/material/description", "What the cup is made of."),
        ("/attributes/material/value_descriptions/paper", "A paper cup."),
        ("/attributes/full/title", "Full"),
        ("/label_types/box/description", "The tightest rectangle."),
        ("/label_types/blurry/title", "Blurry"),
    ]
    assert untranslated(cups, "en") == []
    assert len(untranslated(cups, "fr")) == 27


def test_every_untranslated_pointer_has_a_source_position(cups: Taxonomy) -> None:
    for pointer, _ in untranslated(cups, "fr"):
        assert pointer in cups.positions or pointer.rsplit("/", 1)[0] in cups.positions


def test_the_demo_is_translated_but_for_its_credit_lines() -> None:
    demo = load(DEMO)
    assert languages(demo) == ("en", "de")
    missing = [pointer for pointer, _ in untranslated(demo, "de")]
    assert missing == [f"/guidelines/credits/{i}" for i in range(5)]
    de = localized(demo, "de")
    assert de.classes["person"].title == "Person"
    assert str(de.classes["cup"].spec.definition).startswith(
        "Ein kleines Trinkgefäß"
    )  # from coco.yaml
    assert de.rules["min-object-size"].rule.examples[1].caption.startswith("Die auf das")
    assert render_thresholds(de.rules["min-object-size"].rule.title, de).endswith("16 px sind")


# -- lint ----------------------------------------------------------------------------------------


def test_lint_of_the_demo_translation(
    repo_root: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo_root)
    with pytest.raises(SystemExit) as exit_info:
        main(["lint", "taxonomies/demo.de.yaml"])
    assert exit_info.value.code == 0
    assert_snapshot("taxonomy/lint_demo_de.txt", capsys.readouterr().out)


def test_the_demo_translation_lints_as_part_of_the_demo() -> None:
    own = lint([DEMO.with_name("demo.de.yaml")])
    assert {f.code for f in own} == {"T908"}
    assert set(own) <= set(lint([DEMO]))
    assert all(f.severity is Severity.INFO for f in own)


def test_unknown_names_are_errors_where_they_are_written(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", BASE)
    overlay = write(
        tmp_path,
        "t.de.yaml",
        """\
translation_of: t.yaml
language: de
classes:
  cupp: {title: Tasse}
  cup:
    includes: [Becher., Gläser.]
    versus: {saucr: Sie hält das Getränk.}
    color: '#ff0000'
attributes:
  full: {value_descriptions: {'yes': Ja.}}
  material: {value_descriptions: {paper: Papier., glass: Glas.}}
label_types:
  box: {question: Ist es ein Rahmen?}
rules:
  no-such-rule: {title: Keine}
""",
    )
    findings = lint_file(overlay)[1]
    got = [(f.code, f.location.line, f.location.column, f.hint) for f in findings if f.code < "T9"]
    assert got == [
        ("T701", 4, 3, "did you mean 'cup'?"),
        ("T701", 6, 25, "translate the items in the taxonomy's order; null keeps one as written"),
        ("T701", 7, 14, "did you mean 'saucer'?"),
        ("T702", 8, 5, got[3][3]),
        ("T702", 10, 10, "only enum attributes describe their values; 'full' is bool"),
        ("T701", 11, 35, "it has: china"),  # the source describes china only
        ("T701", 11, 51, "it has: china"),
        ("T702", 13, 9, "only binary label types ask a question; 'box' is box"),
        ("T701", 15, 3, None),
    ]
    assert "ids, names, colours, values and numbers" in str(got[3][3])
    messages = [f.message for f in findings if f.code == "T701"]
    assert "'de' translation: class 'cup' has no versus test against 'saucr'" in messages
    assert "'de' translation: attribute 'material' describes no value 'glass'" in messages
    assert all(f.location.file == str(overlay) for f in findings if f.code < "T9")
    pointers = {f.location.pointer for f in findings if f.code == "T701"}
    assert "/classes/cupp" in pointers  # the file's own pointer, not /translations/de/...


def test_inline_mistakes_are_reported_at_their_lines(tmp_path: Path) -> None:
    text = BASE + (
        "translations:\n"
        "  de_DE: {title: Winzig}\n"
        "  de:\n"
        "    classes:\n"
        "      cup: {id: 3}\n"
        "    owners: [Jemand]\n"
    )
    findings = lint([write(tmp_path, "t.yaml", text)])
    assert places(findings, "T701", "T702", "T703") == [
        ("T703", "t.yaml", 23, 3),
        ("T702", "t.yaml", 26, 13),
        ("T702", "t.yaml", 27, 5),
    ]
    hints = {f.code: f.hint for f in findings}
    assert hints["T703"] is not None and "'de-DE'" in hints["T703"]


def test_a_misnamed_or_duplicate_translation_file(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", BASE + "translations:\n  fr: {title: Minuscule}\n")
    write(tmp_path, "t.de.yaml", "translation_of: t.yaml\nlanguage: fr\ntitle: Winzig\n")
    write(tmp_path, "t.pt-BR.yaml", "translation_of: t.yaml\nlanguage: pt_br\n")
    elsewhere = write(tmp_path, "german.yaml", "translation_of: t.yaml\nlanguage: de\n")
    findings = lint([tmp_path / "t.yaml"])
    assert places(findings, "T703", "T704") == [
        ("T704", "t.de.yaml", 2, 11),
        ("T703", "t.pt-BR.yaml", 2, 11),
    ]
    lonely = lint_file(elsewhere)[1]
    assert ("T704", "german.yaml", 1, 17) in places(lonely, "T704")
    assert "t.de.yaml" in str(next(f for f in lonely if f.code == "T704").hint)


def test_a_translation_of_a_translation_is_refused(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", BASE)
    write(tmp_path, "t.de.yaml", "translation_of: t.yaml\nlanguage: de\n")
    loop = write(tmp_path, "t.fr.yaml", "translation_of: t.fr.yaml\nlanguage: fr\n")
    taxonomy, findings = lint_file(loop)
    assert taxonomy is None
    assert places(findings, "T704") == [("T704", "t.fr.yaml", 1, 17)]


def test_the_schema_command_writes_the_translation_schema(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["schema", "--language", "--translation"])
    assert exit_info.value.code == 0
    assert json.loads(capsys.readouterr().out) == language_schema(translation=True)
    with pytest.raises(SystemExit) as refused:
        main(["schema", "--translation"])
    assert refused.value.code != 0


def test_a_language_translated_twice_is_a_duplicate(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", BASE + "translations:\n  de: {title: Winzig}\n")
    write(tmp_path, "t.de.yaml", "translation_of: t.yaml\nlanguage: de\ntitle: Klein\n")
    findings = lint([tmp_path / "t.yaml"])
    assert places(findings, "T304") == [("T304", "t.de.yaml", 2, 11)]


def test_a_broken_translation_file_is_reported(tmp_path: Path) -> None:
    write(tmp_path, "t.yaml", BASE)
    write(tmp_path, "t.de.yaml", "translation_of: t.yaml\nlanguage: [de\n")
    write(tmp_path, "t.fr.yaml", "translation_of: missing.yaml\nlanguage: fr\n")
    findings = lint([tmp_path / "t.yaml"])
    assert places(findings, "T003", "T211") == [
        ("T003", "t.de.yaml", 3, 1),
        ("T211", "t.fr.yaml", 1, 17),
    ]


def test_a_translation_that_drops_or_renames_a_threshold_is_a_warning(tmp_path: Path) -> None:
    text = BASE + (
        "translations:\n  de:\n    classes:\n"
        "      cup: {definition: Eine Tasse von mindestens $min_hight Höhe.}\n"
        "      saucer: {definition: Eine Schale unter $min_height.}\n"
    )
    findings = [f for f in lint([write(tmp_path, "t.yaml", text)]) if f.code == "T907"]
    assert [(f.location.line, f.severity, f.message) for f in findings] == [
        (
            25,
            Severity.WARNING,
            "'de' translation of classes/cup/definition drops $min_height and writes "
            "$min_hight, which its source does not",
        ),
        (
            26,
            Severity.WARNING,
            "'de' translation of classes/saucer/definition writes $min_height, which its "
            "source does not",
        ),
    ]
    assert findings[0].hint is not None and "$min_height (16 px)" in findings[0].hint


def test_untranslated_texts_are_listed_one_by_one_until_there_are_many(cups: Taxonomy) -> None:
    findings = [f for f in lint([CUPS]) if f.code == "T908"]
    de = [f for f in findings if "'de'" in f.message]
    fr = [f for f in findings if "'fr'" in f.message]
    assert [(Path(f.location.file).name, f.location.line) for f in de][:2] == [
        ("cups.yaml", 9),
        ("cups.yaml", 13),
    ]
    assert len(de) == len(untranslated(cups, "de"))
    assert de[0].message == "no 'de' translation of guidelines/credits/1: 'Second credit.'"
    overlay = CUPS.with_name("cups.de.yaml")
    assert de[0].hint == f"translate it in {overlay} under guidelines/credits/1"
    assert [(f.location.line, f.location.column) for f in fr] == [(49, 3)]
    assert fr[0].message.startswith("27 of 29 texts have no 'fr' translation (description, ")


def test_untranslated_is_info_and_can_be_turned_off(tmp_path: Path) -> None:
    text = BASE + "translations:\n  de: {title: Winzig}\nchecks:\n  T908: {severity: 'off'}\n"
    assert [f for f in lint([write(tmp_path, "t.yaml", text)]) if f.code == "T908"] == []


# -- schema --------------------------------------------------------------------------------------


def test_the_schemas_know_both_forms() -> None:
    translation = jsonschema.Draft202012Validator(language_schema(translation=True))
    overlay = yaml.safe_load(CUPS.with_name("cups.de.yaml").read_text(encoding="utf-8"))
    assert list(translation.iter_errors(overlay)) == []
    assert not translation.is_valid({**overlay, "classes": {"cup": {"color": "#ff0000"}}})
    assert not translation.is_valid({k: v for k, v in overlay.items() if k != "language"})
    document = jsonschema.Draft202012Validator(language_schema())
    inline = yaml.safe_load(CUPS.read_text(encoding="utf-8"))
    assert list(document.iter_errors(inline)) == []
    assert not document.is_valid({**inline, "translations": {"de_DE": {}}})
    assert model.TranslationFile.model_validate(overlay).language == "de"


def test_the_language_page_example_translates_the_demo(tmp_path: Path) -> None:
    """The translation file on guidelines/language.md is a real one: beside a copy of the
    demo (in place of its own German file) it lints without errors or warnings."""
    page = (REPO / "guidelines" / "language.md").read_text(encoding="utf-8")
    section = page.split("## Translations", 1)[1].split("\n## ", 1)[0]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    folder = tmp_path / "taxonomies"
    shutil.copytree(DEMO.parent, folder, ignore=shutil.ignore_patterns("demo.de.yaml"))
    overlay = write(folder, "demo.de.yaml", example)
    findings = lint([overlay])
    assert [f.render() for f in findings if f.severity >= Severity.WARNING] == []
    assert load(overlay).classes["cup"].title == "Tasse"
