"""One case file per lint code: its header says which findings it must produce, and where.

A header line ``# expect: T203 12:7`` means code T203 at line 12, column 7 of the case file;
``# expect: T210 _parts/b.yaml:3:10`` points into another file; ``# expect: T001`` has no
position. Every finding except T903 (no "do" example, noise in small cases) must be expected.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from taxonomist.core.findings import Finding
from taxonomist.taxonomy import lint
from taxonomist.taxonomy.linter.codes import CODES

CASES = Path(__file__).parents[1] / "data" / "taxonomies" / "lint"
EXPECT = re.compile(rb"^# expect: (T\d{3})(?: (?:(\S+):)?(\d+):(\d+))?$", re.MULTILINE)
# Codes whose case cannot be a small file (a 20 MB file): tested in test_source.py.
NOT_AS_FILES = {"T002"}

Key = tuple[str, str, int | None, int | None]


def expected(path: Path) -> list[Key]:
    out: list[Key] = []
    for code, file, line, col in EXPECT.findall(path.read_bytes()):
        where = str(CASES / file.decode()) if file else str(path)
        out.append((code.decode(), where, int(line) if line else None, int(col) if col else None))
    return sorted(out, key=str)


def key(finding: Finding) -> Key:
    loc = finding.location
    return (finding.code, str(Path(loc.file)), loc.line, loc.column)


def case_files() -> list[Path]:
    return sorted(CASES.glob("T*.yaml"))


@pytest.mark.parametrize("path", case_files(), ids=lambda p: p.stem)
def test_case(path: Path) -> None:
    want = expected(path)
    assert want, f"{path.name} has no '# expect:' header"
    code = path.name[:4]
    findings = [f for f in lint([path]) if f.code != "T903" or code == "T903"]
    got = sorted((key(f) for f in findings), key=str)
    assert got == want
    assert all(f.code == code for f in findings), "a case file shows its own code only"


def test_every_code_has_a_case() -> None:
    covered = {p.name[:4] for p in case_files()}
    assert set(CODES) - NOT_AS_FILES - covered == set()


def test_case_names_match_code_names() -> None:
    for path in case_files():
        assert path.stem == f"{path.name[:4]}-{CODES[path.name[:4]].name}"


def test_every_finding_has_a_hint_or_a_plain_message() -> None:
    for path in case_files():
        for finding in lint([path]):
            assert finding.message and "\n" not in finding.message
            assert finding.name == CODES[finding.code].name


def test_codes_are_documented() -> None:
    for code, doc in CODES.items():
        assert re.fullmatch(r"T\d{3}", code) and doc.code == code
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", doc.name)
        assert doc.summary and doc.why and doc.bad and doc.good
        assert (doc.severity.label == "error") == (not code.startswith("T9"))
    assert len({doc.name for doc in CODES.values()}) == len(CODES)
