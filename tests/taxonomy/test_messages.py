"""Structure findings read as plain words: one per problem, with every option named."""

from __future__ import annotations

from pathlib import Path

from taxonomist.taxonomy import lint

UNIONS = Path(__file__).parents[1] / "data" / "taxonomies" / "unions.yaml"


def test_union_values_give_one_finding_each() -> None:
    found = [
        (f.code, f.location.line, f.location.column, f.message, f.hint)
        for f in lint([UNIONS])
        if f.code not in {"T903", "T905"}  # classes without label types: not the point here
    ]
    assert found == [
        ("T103", 11, 9, "missing required key 'text' in class 'cat'", None),
        ("T102", 11, 10, "unknown key 'txt' in class 'cat'", "did you mean 'text'?"),
        (
            "T104",
            12,
            9,
            "class 'cat': 'excludes/1' should be a mapping, or be a valid string, not 12",
            None,
        ),
        ("T102", 14, 13, "unknown key 'presense' in class 'cat'", "did you mean 'presence'?"),
        (
            "T104",
            15,
            13,
            "class 'cat': 'attributes/occ2' should be 'required', 'optional' or 'forbidden',"
            " or be a mapping, not 'requird'",
            "did you mean 'required'?",
        ),
        (
            "T104",
            20,
            41,
            r"rule 'r': 'check/min_height' should be a valid number, or match pattern"
            r" '^\$[a-z0-9][a-z0-9_]*$', not 'abc'",
            "a number, or a threshold reference like $min_height",
        ),
    ]


def test_unknown_kind_suggests_the_closest(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("name: t\nversion: 1.0.0\nlabel_types:\n  b: {kind: bx}\n", encoding="utf-8")
    (finding,) = lint([path])
    assert (finding.code, finding.location.line, finding.hint) == ("T105", 4, "did you mean 'box'?")


def test_missing_metadata_and_bad_version(tmp_path: Path) -> None:
    path = tmp_path / "t.yaml"
    path.write_text("version: '1.0'\nclasses: {}\n", encoding="utf-8")
    found = sorted((f.code, f.location.line, f.hint) for f in lint([path]))
    assert found == [
        ("T103", 1, None),
        ("T105", 1, "versions are MAJOR.MINOR.PATCH, e.g. 1.0.0"),
    ]
