"""Data-driven reader cases: ``tests/data/interop/<format>/invalid/<case>/expected.txt``.

Each line of ``expected.txt`` is ``CODE LINE FILE`` (``-`` for no line): the reader's
findings for the case must be exactly these. ``# input: NAME`` names what to read (default:
the case folder for folder formats, else the one other file in it).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.core.findings import Finding, Severity
from taxonomist.dataset.model import Dataset
from taxonomist.formats import reader

DATA = Path(__file__).parents[1] / "data" / "interop"
SHARED = Path(__file__).parents[2] / ".." / "shared" / "corpus" / "formats"
FOLDER_FORMATS = frozenset(
    {"yolo", "mask", "class-folders", "cityscapes", "openimages", "mapillary-vistas", "ade20k"}
    | {"supervisely"}
)


def shared_corpus(*parts: str) -> Path:
    """A path under ``../shared/corpus/formats``; skips the test where the corpus is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip("../shared/corpus is absent")
    return path


def invalid_cases(fmt: str) -> list[Path]:
    folder = DATA / fmt.replace("-", "_") / "invalid"
    return sorted(p for p in folder.iterdir() if (p / "expected.txt").is_file())


def expected(case: Path) -> tuple[Path, set[tuple[str, str, str]]]:
    """What to read, and the expected (code, line, file name) triples."""
    target: Path | None = None
    found: set[tuple[str, str, str]] = set()
    for raw in (case / "expected.txt").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line.startswith("# input:"):
            target = case / line.split(":", 1)[1].strip()
        elif line and not line.startswith("#"):
            code, where, name = line.split(maxsplit=2)
            found.add((code, where, name))
    if target is None:
        others = [p for p in case.iterdir() if p.name != "expected.txt"]
        target = others[0] if len(others) == 1 else case
    return target, found


def actual(findings: list[Finding]) -> set[tuple[str, str, str]]:
    out = set()
    for f in findings:
        line = "-" if f.location.line is None else str(f.location.line)
        out.add((f.code, line, Path(f.location.file).name))
    return out


def read_all(fmt: str, path: Path) -> list[Dataset]:
    return reader(fmt).read(path)


def errors(datasets: list[Dataset]) -> list[str]:
    """Rendered error-level reader findings (a valid file has none)."""
    return [f.render() for d in datasets for f in d.findings if f.severity >= Severity.ERROR]


def findings(datasets: list[Dataset]) -> list[Finding]:
    return [f for d in datasets for f in d.findings]
