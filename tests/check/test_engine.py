"""The engine around the rules: rule findings' metadata, severities chosen by the taxonomy
and by the run, the single-file use the guideline examples make, baselines, the catalogue."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check
from taxonomist.check.baseline import new_findings, read_baseline, write_baseline
from taxonomist.check.catalogue import catalogue, find
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Location, Severity

from .build import taxonomy_from

RULES: dict[str, Any] = {
    "guidelines": {"base_url": "https://example.org/g/"},
    "thresholds": {"min_height": {"value": 40}},
    "label_types": {"box": {"kind": "box"}},
    "classes": {"person": {"id": 1, "label_types": ["box"]}, "car": {"id": 2}},
    "rules": {
        "tiny-people": {
            "title": "No tiny people",
            "guidance": "Skip people under $min_height.",
            "severity": "warning",
            "applies_to": {"classes": ["person"]},
            "check": {"name": "box-size", "min_height": "$min_height"},
        }
    },
}


def _native(tmp_path: Path, objects: list[dict[str, Any]], name: str = "a.json") -> Path:
    doc = {"images": [{"id": "img", "width": 100, "height": 100, "objects": objects}]}
    path = tmp_path / name
    path.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    return path


def test_edge_case_findings_name_the_rule(tmp_path: Path) -> None:
    tax = taxonomy_from(RULES, tmp_path)
    dont = _native(tmp_path, [{"class": "person", "box": [0, 0, 10, 20]}])
    (finding,) = run_check(tax, dont).findings
    assert (finding.code, finding.name, finding.severity) == (
        "X001",
        "tiny-people",
        Severity.WARNING,
    )
    assert finding.url == "https://example.org/g/rules/tiny-people/"
    assert finding.location.pointer == "/images/0/objects/0"
    assert finding.location.line is not None  # the native reader knows where the object is
    do = _native(tmp_path, [{"class": "person", "box": [0, 0, 10, 50]}], "do.json")
    assert run_check(tax, [do]).findings == ()


def test_edge_case_messages_write_threshold_references_out(tmp_path: Path) -> None:
    rule = {**RULES["rules"]["tiny-people"], "title": "People are at least $min_height tall"}
    share = {"value": 0.5, "unit": "fraction"}
    tax = taxonomy_from(
        {
            **RULES,
            "thresholds": {**RULES["thresholds"], "max_share": share},
            "rules": {"tiny-people": {**rule, "title": f"{rule['title']} ($max_share, $nope)"}},
        },
        tmp_path,
    )
    dont = _native(tmp_path, [{"class": "person", "box": [0, 0, 10, 20]}])
    (finding,) = run_check(tax, dont).findings
    assert finding.message == (
        "People are at least 40 px tall (0.5, $nope): box height 20 is below the minimum 40"
    )


def test_taxonomy_overrides_and_run_selection(tmp_path: Path) -> None:
    spec = {
        **RULES,
        "checks": {"G002": {"severity": "warning"}, "tiny-people": {"severity": "off"}},
    }
    tax = taxonomy_from(spec, tmp_path)
    path = _native(tmp_path, [{"class": "person", "box": [90, 0, 30, 20]}, {"class": "cra"}])
    report = run_check(tax, path)
    assert sorted((f.code, f.severity.label) for f in report.findings) == [
        ("G002", "warning"),
        ("R001", "error"),
    ]
    assert [f.code for f in run_check(tax, path, select=["R"]).findings] == ["R001"]
    assert [f.code for f in run_check(tax, path, ignore=["R001"]).findings] == ["G002"]
    assert [f.code for f in run_check(tax, path, ignore=["unknown-class"]).findings] == ["G002"]
    unknown = next(f for f in report.findings if f.code == "R001")
    assert unknown.hint == "did you mean 'car'?"


def test_report_lists_files_and_sorts(tmp_path: Path) -> None:
    tax = taxonomy_from(RULES, tmp_path)
    first = _native(tmp_path, [{"class": "dog"}], "b.json")
    second = _native(tmp_path, [{"class": "cat"}], "a.json")
    report = run_check(tax, [first, second])
    assert report.files == (str(first), str(second))
    assert [f.location.file for f in report.findings] == [str(second), str(first)]
    assert report.taxonomy == "test"


def test_baseline_fingerprints_ignore_lines(tmp_path: Path) -> None:
    tax = taxonomy_from(RULES, tmp_path)
    finding = run_check(tax, _native(tmp_path, [{"class": "dog"}])).findings[0]
    moved = finding.with_location(line=99, column=3)
    assert moved.fingerprint() == finding.fingerprint()
    other = finding.with_location(annotation_id="#7")
    assert other.fingerprint() != finding.fingerprint()
    path = tmp_path / "base.json"
    assert write_baseline(path, [finding, finding]) == 2
    counts = read_baseline(path)
    assert new_findings([moved, moved, moved], counts) == [moved]  # two excused, one new


def test_bad_baseline_is_invalid_input(tmp_path: Path) -> None:
    path = tmp_path / "base.json"
    path.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(InvalidInput):
        read_baseline(path)
    with pytest.raises(InvalidInput):
        read_baseline(tmp_path / "missing.json")


def test_catalogue_documents_every_code() -> None:
    docs = catalogue()
    families = {code[0] for code in docs}
    assert {"F", "S", "R", "G", "K", "L", "A", "X", "T"} <= families
    for letters in ("ABCDEFGHIJKLMNOPQRSUVWXYZ", "T"):  # names are unique among each
        names = [d.name for d in docs.values() if d.code[0] in letters]
        assert len(names) == len(set(names))
    for code, doc in docs.items():
        assert doc.code == code and doc.summary and doc.why and doc.bad and doc.good
    assert find("box-outside-image") is docs["G002"]
    assert find("x001") is docs["X001"]


def test_catalogue_has_the_lint_codes_and_names_find_check_codes_first() -> None:
    from taxonomist.check.catalogue import check_catalogue
    from taxonomist.taxonomy.linter.codes import CODES

    docs = catalogue()
    assert set(CODES) <= set(docs) and not set(CODES) & set(check_catalogue())
    assert docs["T201"].family.startswith("taxonomy lint: ")
    assert find("t201") == docs["T201"]
    assert find("duplicate-key") is docs["F005"] and find("T007") == docs["T007"]
    assert find(CODES["T201"].name) == docs["T201"]


def test_location_describe_falls_back_to_pointer() -> None:
    assert Location(file="a.json", pointer="/images/0").describe() == "a.json#/images/0"


def test_checking_a_dataset_twice_converts_its_boxes_once(tmp_path: Path) -> None:
    """Native boxes follow their label type (here normalised xyxy); the guideline site checks
    an example's dataset and then draws it, so the conversion to pixels must happen once."""
    from taxonomist.check import check_dataset
    from taxonomist.formats import reader

    spec = {
        "label_types": {"box": {"kind": "box", "format": "xyxy", "units": "normalized"}},
        "classes": {"person": {"id": 1, "label_types": ["box"]}},
    }
    tax = taxonomy_from(spec, tmp_path)
    path = _native(tmp_path, [{"id": 1, "class": "person", "box": [0.1, 0.2, 0.5, 0.6]}])
    dataset = reader("native").read(path)[0]
    first = check_dataset(tax, dataset)
    second = check_dataset(tax, dataset)
    assert dataset.objects.box.tolist() == [[10.0, 20.0, 40.0, 40.0]]
    assert [f.code for f in second] == [f.code for f in first]


def test_a_plain_check_run_imports_no_catalogue_and_no_xml_reader() -> None:
    """The catalogue imports every module that declares codes (the XML readers among them);
    a run without --select/--ignore or checks: overrides needs none of it, and importing it
    cost a small check about 80 ms. A run that reads no image loads no image library."""
    import subprocess
    import sys

    coco = (
        Path(__file__).parents[1] / "data" / "formats" / "coco" / "valid" / "instances_small.json"
    )
    taxonomy = Path(__file__).parents[2] / "taxonomies" / "coco.yaml"
    unwanted = ("taxonomist.check.catalogue", "defusedxml", "taxonomist.formats._io.xml",
                "PIL", "scipy", "imagehash")  # fmt: skip
    script = f"""
import sys
import taxonomist
taxonomist.check({str(taxonomy)!r}, [{str(coco)!r}])
print(sorted(set(sys.modules) & {set(unwanted)!r}))
"""
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "[]"
