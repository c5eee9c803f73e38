"""extends, include, subset and refine: merging files and where their findings point."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.taxonomy import lint, lint_file

BASE_LINES = 20
BASE = """\
name: base
version: 1.0.0
label_types:
  box: {kind: box}
classes:
  animal: {id: 1, abstract: true, definition: Animals., label_types: [box]}
  cat: {id: 2, parent: animal, definition: A cat.}
  dog: {id: 3, parent: animal, definition: A dog.}
  plant: {id: 4, definition: A plant., label_types: [box]}
relations:
  chases: {subject: [dog], object: [cat]}
label_maps:
  all: {map: {cat: animal, dog: animal, plant: plant}}
rules:
  dog-leads:
    title: Leads
    guidance: Include the lead.
    applies_to: {classes: [dog]}
    examples:
      - {image: img/dog.png, annotation: img/dog.json, verdict: do, caption: A dog.}
"""


def test_base_has_the_lines_the_tests_count() -> None:
    assert len(BASE.splitlines()) == BASE_LINES


def files(tmp_path: Path, **texts: str) -> Path:
    for name, text in texts.items():
        path = tmp_path / f"{name.replace('__', '/')}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        (path.parent / "img").mkdir(exist_ok=True)
        for example in ("dog.png", "dog.json"):  # the base's rule example
            (path.parent / "img" / example).write_text("{}", encoding="utf-8")
    return tmp_path / "main.yaml"


def found(path: Path) -> list[tuple[str, str, int | None]]:
    findings = lint_file(path)[1]
    return [
        (f.code, Path(f.location.file).name, f.location.line) for f in findings if f.code != "T903"
    ]


def test_extends_chain_and_example_paths_relative_to_the_base(tmp_path: Path) -> None:
    main = files(
        tmp_path,
        base__base=BASE,
        middle="name: middle\nversion: 1.0.0\nextends: base/base.yaml\n",
        main="name: main\nversion: 2.0.0\nextends: middle.yaml\n",
    )
    tax, findings = lint_file(main)
    assert [f.code for f in findings if f.code != "T903"] == []
    assert tax is not None and tax.name == "main" and set(tax.classes) >= {"cat", "dog"}
    assert tax.rules["dog-leads"].base_dir == (tmp_path / "base").resolve()
    assert len(tax.files) == 3


def test_subset_trims_what_pointed_at_dropped_classes(tmp_path: Path) -> None:
    main = files(
        tmp_path, base=BASE, main="name: m\nversion: 1.0.0\nextends: base.yaml\nsubset: [cat]\n"
    )
    tax, findings = lint_file(main)
    assert tax is not None
    assert set(tax.classes) == {"animal", "cat"}
    assert tax.rules == {} and tax.relations == {}
    assert tax.label_maps["all"].map == {"cat": "animal"}
    assert [f.code for f in findings if f.code != "T903"] == []


def test_refine_positions_point_at_the_refinement(tmp_path: Path) -> None:
    main = files(
        tmp_path,
        base=BASE,
        main="name: m\nversion: 1.0.0\nextends: base.yaml\nrefine:\n  cat: {label_types: [boxx]}\n",
    )
    assert found(main) == [("T204", "main.yaml", 5)]


def test_base_findings_point_into_the_base(tmp_path: Path) -> None:
    main = files(
        tmp_path,
        base=BASE.replace(
            "parent: animal, definition: A dog.", "parent: animall, definition: A dog."
        ),
        main="name: m\nversion: 1.0.0\nextends: base.yaml\n",
    )
    # The dog's unknown parent also leaves it without inherited label types.
    assert sorted(found(main)) == [("T201", "base.yaml", 8), ("T905", "base.yaml", 8)]


def test_include_merges_and_reports_duplicates_in_the_fragment(tmp_path: Path) -> None:
    main = files(
        tmp_path,
        parts__more="classes:\n  cow: {id: 9, definition: A cow., label_types: [box]}\n"
        "  plant: {id: 10, definition: Again.}\nname: fragment\n",
        main=BASE + "include: [parts/more.yaml]\n",
    )
    got = found(main)
    assert {("T102", "more.yaml", 4), ("T304", "more.yaml", 3)} <= set(got)
    assert ("T406", "main.yaml", 13) in got  # the base's label map misses the new cow
    tax = lint_file(main)[0]
    assert tax is not None and "cow" in tax.classes


def test_refine_and_subset_need_extends(tmp_path: Path) -> None:
    main = files(tmp_path, main=BASE + "subset: [cat]\nrefine:\n  cat: {definition: x}\n")
    assert found(main) == [
        ("T213", "main.yaml", BASE_LINES + 1),
        ("T213", "main.yaml", BASE_LINES + 2),
    ]


def test_include_missing_or_not_a_file(tmp_path: Path) -> None:
    main = files(tmp_path, main=BASE + "include: [nope.yaml, img, ../nowhere/x.yaml]\n")
    assert found(main) == [
        ("T211", "main.yaml", BASE_LINES + 1),
        ("T211", "main.yaml", BASE_LINES + 1),
        ("T211", "main.yaml", BASE_LINES + 1),
    ]
    messages = [f.message for f in lint_file(main)[1] if f.code == "T211"]
    assert "'img' is not a regular file" in messages


def test_a_project_in_a_subfolder_extends_and_includes_files_one_level_up(
    tmp_path: Path,
) -> None:
    """Bases and fragments may live outside the project's directory; the base's examples
    resolve against the base's own directory, and a project's examples stay in its own."""
    files(
        tmp_path,
        base=BASE,
        shared__extra="thresholds:\n  min_h: {value: 9}\n",
    )
    project = tmp_path / "projects" / "a"
    project.mkdir(parents=True)
    (project / "taxonomy.yaml").write_text(
        "name: a\nversion: 1.0.0\nextends: ../../base.yaml\ninclude: [../../shared/extra.yaml]\n"
        "rules:\n  r:\n    title: t\n    guidance: g\n    applies_to: {classes: [cat]}\n"
        "    examples:\n      - {image: ../../img/dog.png, annotation: ../../img/dog.json,"
        " verdict: do, caption: c}\n",
        encoding="utf-8",
    )
    tax, findings = lint_file(project / "taxonomy.yaml")
    codes = [(f.code, Path(f.location.file).name, f.location.line) for f in findings]
    assert [c for c in codes if c[0] != "T903"] == [
        ("T212", "taxonomy.yaml", 11),
        ("T212", "taxonomy.yaml", 11),
    ]
    assert tax is not None and {"cat", "dog"} <= set(tax.classes) and "min_h" in tax.thresholds
    assert tax.rules["dog-leads"].base_dir == tmp_path.resolve()


def test_defining_a_base_class_again_is_a_duplicate(tmp_path: Path) -> None:
    main = files(
        tmp_path,
        base=BASE,
        main="name: m\nversion: 1.0.0\nextends: base.yaml\nclasses:\n  cat: {id: 2}\n",
    )
    assert found(main) == [("T304", "main.yaml", 5)]


def test_refine_merges_attributes_and_checks_replacement(tmp_path: Path) -> None:
    base = BASE.replace(
        "label_types:\n  box: {kind: box}\n",
        "label_types:\n  box: {kind: box}\nattributes:\n  a: {type: bool}\n  b: {type: bool}\n",
    ).replace(
        "parent: animal, definition: A cat.}",
        "parent: animal, definition: A cat., attributes: {a: required}}",
    )
    main = files(
        tmp_path,
        base=base,
        main="name: m\nversion: 1.0.0\nextends: base.yaml\nrefine:\n"
        "  cat: {attributes: {b: optional}}\n  dog: {replaced_by: cat}\n",
    )
    tax, findings = lint_file(main)
    assert tax is not None
    assert {k: u.presence for k, u in tax.classes["cat"].attributes.items()} == {
        "a": "required",
        "b": "optional",
    }
    assert [(f.code, f.location.line) for f in findings if f.code != "T903"] == [("T107", 6)]


def test_relative_paths_name_files_as_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files(
        tmp_path / "proj",
        base=BASE.replace("parent: animal, definition: A dog.", "parent: x, definition: A dog."),
        main="name: m\nversion: 1.0.0\nextends: base.yaml\n",
    )
    monkeypatch.chdir(tmp_path)
    (finding,) = [f for f in lint_file(Path("proj/main.yaml"))[1] if f.code == "T201"]
    assert (finding.code, finding.location.file) == ("T201", "proj/base.yaml")


def test_a_shared_base_is_reported_once(tmp_path: Path) -> None:

    files(
        tmp_path,
        base=BASE.replace("definition: A dog.", "definition: ''"),
        main="name: m\nversion: 1.0.0\nextends: base.yaml\n",
    )
    found = [
        f.code for f in lint([tmp_path / "main.yaml", tmp_path / "base.yaml"]) if f.code != "T903"
    ]
    assert found == ["T902"]


def test_impossible_paths_are_findings(tmp_path: Path) -> None:
    long = "a" * 5000
    text = (
        f'name: m\nversion: 1.0.0\nextends: {long}.yaml\ninclude: ["x\\0y"]\n'
        "rules:\n  r:\n    title: t\n    guidance: g\n    examples:\n"
        f"      - {{image: {long}, annotation: '{'b/' * 3000}', verdict: do, caption: c}}\n"
    )
    main = files(tmp_path, main=text)
    found = [(f.code, f.location.line) for f in lint_file(main)[1]]
    assert found == [("T211", 3), ("T211", 4), ("T501", 10), ("T501", 10)]
    assert all(len(f.message) < 200 for f in lint_file(main)[1])
