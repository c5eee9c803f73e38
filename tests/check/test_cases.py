"""One data file per check code (``tests/data/check/cases/<CODE>.yaml``), one test for all.

Each file names a fixture taxonomy (or carries a snippet) and a list of cases: a document
(``native`` or ``coco``, read by the real readers; ``dataset``, built straight into a
``Dataset`` by ``build.native_dataset`` for what no file format carries) and the
findings of that file's code expected, as ``[code, pointer]`` pairs. Only findings of the
file's code are compared, so a case needs to be clean only for the code it tests.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from taxonomist.check.engine import check_dataset
from taxonomist.core.findings import Finding
from taxonomist.taxonomy.resolved import Taxonomy

from .build import DATA, native_dataset, taxonomy_from

CASE_FILES = sorted((DATA / "cases").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in CASE_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(path.stem, spec, case, id=f"{path.stem}-{case['name']}"))
    return params


def _findings(spec: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> list[Finding]:
    taxonomy = taxonomy_from(case.get("taxonomy", spec.get("taxonomy", "base")), tmp_path)
    fmt = case.get("format", spec.get("format", "native"))
    if "images" in case:
        return _image_run(taxonomy, fmt, case, tmp_path)
    if fmt == "dataset":
        kind = case.get("kind", "instances")
        return check_dataset(taxonomy, native_dataset(case["document"], taxonomy, kind))
    from taxonomist.formats import reader

    path = tmp_path / "annotations.json"
    path.write_text(json.dumps(case["document"]), encoding="utf-8")
    found: list[Finding] = []
    for dataset in reader(fmt).read(path):
        found.extend(check_dataset(taxonomy, dataset))
    return found


def _image_run(taxonomy: Taxonomy, fmt: str, case: dict[str, Any], tmp_path: Path) -> list[Finding]:
    from taxonomist.check import run_check

    from .images.craft import make_all

    make_all(tmp_path / "images", case["images"])
    documents = case.get("documents") or {"annotations.json": case["document"]}
    for name, document in documents.items():
        (tmp_path / name).write_text(json.dumps(document), encoding="utf-8")
    paths = [tmp_path / name for name in documents]
    root = tmp_path / "images" if case.get("image_root") == "given" else None
    report = run_check(taxonomy, paths, format=fmt, images=root, jobs=1, max_findings=0)
    return list(report.findings)


def _key(finding: Finding, named: bool) -> list[Any]:
    key: list[Any] = [finding.code, finding.location.pointer]
    return [*key, Path(finding.location.file).name] if named else key


@pytest.mark.parametrize(("code", "spec", "case"), _cases())
def test_case(code: str, spec: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    found = _findings(spec, case, tmp_path)
    named = any(len(e) > 2 for e in case["expect"])
    got = sorted(_key(f, named) for f in found if f.code == code)
    expected = sorted(list(e) for e in case["expect"])
    assert got == expected, [f.render() for f in found if f.code == code]
    for finding in found:
        if finding.code == code and "severity" in case:
            assert finding.severity.label == case["severity"]


def test_every_rule_code_has_a_case_file() -> None:
    from taxonomist.check.engine import all_checks

    codes = {doc.code for check in all_checks() for doc in check.codes}
    have = {p.stem for p in CASE_FILES}
    assert sorted(codes - have) == []
