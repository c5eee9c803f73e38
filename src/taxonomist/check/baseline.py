"""Baselines: adopt the checker on legacy data and fail only on findings that are new.

A fingerprint (``Finding.fingerprint``) names a finding without its line, column or array
index, so it survives edits that shift the file. The baseline counts fingerprints, so two
identical findings in the baseline excuse two, not every, occurrence.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import read_regular_text, write_atomic
from taxonomist.core.findings import Finding

VERSION = 1


def write_baseline(path: Path, findings: Iterable[Finding] | Counter[str]) -> int:
    """Write the fingerprints of ``findings`` (or fingerprint counts a run recorded) to
    ``path`` atomically; returns how many findings they stand for."""
    counts = findings if isinstance(findings, Counter) else fingerprints(findings)
    text = json.dumps({"version": VERSION, "fingerprints": dict(sorted(counts.items()))}, indent=1)
    write_atomic(path, text + "\n")
    return sum(counts.values())


def read_baseline(path: Path) -> Counter[str]:
    """The fingerprint counts stored in ``path``; a bad file stops the run (exit 2)."""
    hint = "write one with --write-baseline FILE"
    try:
        data = json.loads(read_regular_text(path))
    except OSError as exc:  # a FIFO or a device is refused at once, not waited on
        reason = exc.strerror or exc
        raise InvalidInput(f"{path}: cannot read the baseline ({reason})", hint=hint) from None
    except (UnicodeDecodeError, ValueError) as exc:
        raise InvalidInput(f"{path}: cannot read the baseline ({exc})", hint=hint) from None
    prints = data.get("fingerprints") if isinstance(data, dict) else None
    if not isinstance(prints, dict) or not all(isinstance(v, int) for v in prints.values()):
        raise InvalidInput(f"{path}: not a taxonomist baseline", hint=hint)
    return Counter({str(k): int(v) for k, v in prints.items()})


def fingerprints(findings: Iterable[Finding]) -> Counter[str]:
    """How many of ``findings`` have each fingerprint: what a baseline file stores."""
    return Counter(f.fingerprint() for f in findings)


class Excuses:
    """A baseline being used up: each stored fingerprint excuses one finding, once."""

    def __init__(self, baseline: Counter[str]) -> None:
        self._left = Counter({k: v for k, v in baseline.items() if v > 0})
        self.left = sum(self._left.values())  # 0: nothing more to excuse, no need to look

    def excuse(self, finding: Finding) -> bool:
        """Whether the baseline excuses ``finding`` (using up one of its fingerprints)."""
        if not self.left:
            return False
        key = finding.fingerprint()
        if self._left[key] <= 0:
            return False
        self._left[key] -= 1
        self.left -= 1
        return True


def new_findings(findings: Iterable[Finding], baseline: Counter[str]) -> list[Finding]:
    """Findings not excused by the baseline (each stored fingerprint excuses one)."""
    excuses = Excuses(baseline)
    return [finding for finding in findings if not excuses.excuse(finding)]
