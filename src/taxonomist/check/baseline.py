"""Baselines: adopt the checker on legacy data and fail only on findings that are new.

A fingerprint names a finding without its line, column or array index, so it survives
edits that shift the file: code, file, image id, annotation id and message (the JSON
pointer only where the finding has no ids). The baseline counts fingerprints, so two
identical findings in the baseline excuse two, not every, occurrence.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import write_atomic
from taxonomist.core.findings import Finding

VERSION = 1


def fingerprint(finding: Finding) -> str:
    loc = finding.location
    where = (
        [loc.image_id or "", loc.annotation_id or ""]
        if loc.image_id or loc.annotation_id
        else [loc.pointer or ""]
    )
    parts = [finding.code, _portable(loc.file), *where, finding.message]
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:24]


def _portable(file: str) -> str:
    """The file as a path relative to the working directory where it lies inside it, so
    ``check data/a.json`` and ``check /abs/path/data/a.json`` agree."""
    if not file:
        return ""
    path = Path(file)
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except (ValueError, OSError):
        return path.as_posix()


def write_baseline(path: Path, findings: Iterable[Finding]) -> int:
    """Write the fingerprints of ``findings`` to ``path`` atomically; returns how many."""
    counts = Counter(fingerprint(f) for f in findings)
    text = json.dumps({"version": VERSION, "fingerprints": dict(sorted(counts.items()))}, indent=1)
    write_atomic(path, text + "\n")
    return sum(counts.values())


def read_baseline(path: Path) -> Counter[str]:
    """The fingerprint counts stored in ``path``; a bad file stops the run (exit 2)."""
    hint = "write one with --write-baseline FILE"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{path}: cannot read the baseline ({exc})", hint=hint) from None
    prints = data.get("fingerprints") if isinstance(data, dict) else None
    if not isinstance(prints, dict) or not all(isinstance(v, int) for v in prints.values()):
        raise InvalidInput(f"{path}: not a taxonomist baseline", hint=hint)
    return Counter({str(k): int(v) for k, v in prints.items()})


def new_findings(findings: Iterable[Finding], baseline: Counter[str]) -> list[Finding]:
    """Findings not excused by the baseline (each stored fingerprint excuses one)."""
    left = Counter(baseline)
    out = []
    for finding in findings:
        key = fingerprint(finding)
        if left[key] > 0:
            left[key] -= 1
        else:
            out.append(finding)
    return out
