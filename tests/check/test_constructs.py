"""One data file per language construct that has no check code of its own
(``tests/data/check/constructs/<construct>.yaml``): what the construct changes in a run.

A file carries a taxonomy snippet (``taxonomy``; ``files`` adds further taxonomy files
beside it, for ``extends``) and cases, each a document and *every* finding the run gives,
as ``[code, pointer]`` pairs, except the codes listed in ``ignore``. Unlike the per-code
files, the whole run is compared: a construct that switches a rule off must leave nothing.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from taxonomist.check.engine import check_dataset
from taxonomist.core.findings import Finding
from taxonomist.taxonomy import load

from .build import DATA

CONSTRUCT_FILES = sorted((DATA / "constructs").glob("*.yaml"))


def _cases() -> list[Any]:
    params = []
    for path in CONSTRUCT_FILES:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
        for case in spec["cases"]:
            params.append(pytest.param(spec, case, id=f"{path.stem}-{case['name']}"))
    return params


def _write(tmp: Path, name: str, body: dict[str, Any]) -> Path:
    path = tmp / name
    path.parent.mkdir(parents=True, exist_ok=True)
    base = {"name": "test", "version": "1.0.0"}
    path.write_text(yaml.safe_dump({**base, **body}, sort_keys=False), encoding="utf-8")
    return path


def _run(spec: dict[str, Any], case: dict[str, Any], tmp: Path) -> list[Finding]:
    for name, body in spec.get("files", {}).items():
        _write(tmp, name, body)
    taxonomy = load(_write(tmp, "taxonomy.yaml", case.get("taxonomy", spec["taxonomy"])))
    from taxonomist.formats import reader

    path = tmp / "annotations.json"
    path.write_text(json.dumps(case["document"]), encoding="utf-8")
    fmt = case.get("format", spec.get("format", "native"))
    return [f for dataset in reader(fmt).read(path) for f in check_dataset(taxonomy, dataset)]


@pytest.mark.parametrize(("spec", "case"), _cases())
def test_construct_case(spec: dict[str, Any], case: dict[str, Any], tmp_path: Path) -> None:
    ignore = set(case.get("ignore", spec.get("ignore", [])))
    found = [f for f in _run(spec, case, tmp_path) if f.code not in ignore]
    got = sorted([f.code, f.location.pointer] for f in found)
    assert got == sorted(list(e) for e in case["expect"]), [f.render() for f in found]
