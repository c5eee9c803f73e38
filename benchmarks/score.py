"""Score findings against the manifest of injected faults.

A fault counts as found when an error-level finding points at its annotation (by JSON pointer
``/annotations/N`` or, failing that, by annotation id; a duplicated id may be reported at
either copy). Every other error is a false error. Findings at a faulty annotation beyond the
first are listed apart: one broken field may rightly break several rules.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

POINTER = re.compile(r"^/annotations/(\d+)(?:/|$)")


@dataclass
class Score:
    found: Counter[str] = field(default_factory=Counter)  # kind -> faults found
    expected: Counter[str] = field(default_factory=Counter)  # kind -> faults injected
    codes: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    false_errors: Counter[str] = field(default_factory=Counter)  # code -> count
    false_examples: list[str] = field(default_factory=list)
    extra_at_faults: Counter[str] = field(default_factory=Counter)
    non_errors: Counter[str] = field(default_factory=Counter)  # warnings and info elsewhere
    non_errors_at_faults: Counter[str] = field(default_factory=Counter)

    @property
    def kinds_found(self) -> list[str]:
        return [kind for kind in self.expected if self.found[kind]]

    @property
    def all_found(self) -> bool:
        return all(self.found[k] == n for k, n in self.expected.items())

    def summary(self) -> str:
        total, expected = sum(self.found.values()), sum(self.expected.values())
        kinds = f"{len(self.kinds_found)}/{len(self.expected)} kinds"
        return f"{kinds}, {total}/{expected} faults, {sum(self.false_errors.values())} false errors"


def targets(manifest: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Annotation index -> fault; a duplicated id's earlier copy maps to the same fault."""
    result: dict[int, dict[str, Any]] = {}
    for fault in manifest["faults"]:
        result[fault["index"]] = fault
        if fault["kind"] == "duplicate-annotation-id":
            result.setdefault(fault["index"] - 1, fault)
    return result


def indices_of(finding: dict[str, Any], by_id: dict[str, list[int]]) -> list[int]:
    match = POINTER.match(finding.get("pointer") or "")
    if match:
        return [int(match.group(1))]
    ann = finding.get("annotation_id")
    return by_id.get(str(ann), []) if ann is not None else []


def score_findings(
    findings: list[dict[str, Any]], manifest: dict[str, Any], *, any_severity: bool = False
) -> Score:
    """Score a ``taxonomist check --report json`` findings list.

    ``any_severity``: a warning at a faulty annotation finds it too (for tools that call
    some of these faults warnings, as hotcoco does a box outside its image); warnings
    elsewhere are still not counted as false errors.
    """
    score = Score(expected=Counter(f["kind"] for f in manifest["faults"]))
    at = targets(manifest)
    by_id: dict[str, list[int]] = defaultdict(list)
    for index, fault in at.items():
        by_id[str(fault["annotation_id"])].append(index)
    hit: set[int] = set()
    for finding in findings:
        code = f"{finding['code']} {finding['name']}".strip()
        faults = [at[i] for i in indices_of(finding, by_id) if i in at]
        if finding["severity"] != "error" and not (any_severity and faults):
            (score.non_errors_at_faults if faults else score.non_errors)[code] += 1
            continue
        if not faults:
            score.false_errors[code] += 1
            if len(score.false_examples) < 5:
                score.false_examples.append(
                    f"{finding.get('pointer')}: {code}: {finding['message']}"
                )
            continue
        fault = faults[0]
        score.codes[fault["kind"]][code] += 1
        if fault["index"] in hit:
            score.extra_at_faults[code] += 1
        hit.add(fault["index"])
    for fault in manifest["faults"]:
        if fault["index"] in hit:
            score.found[fault["kind"]] += 1
    return score


def score_indices(indices: list[int], others: int, manifest: dict[str, Any]) -> Score:
    """Score a validator's errors, known only by the annotation index they point at."""
    findings = [{"code": "schema", "name": "error", "severity": "error", "message": "",
                 "pointer": f"/annotations/{i}"} for i in indices]  # fmt: skip
    score = score_findings(findings, manifest)
    if others:
        score.false_errors["schema error"] += others
    return score


def score_tool(result: dict[str, Any], manifest: dict[str, Any]) -> Score:
    """Score a COCO tool's ``measure.py`` output: its placed findings, then the unplaced ones.

    A finding naming no annotation cannot be at a fault: an error among them is a false
    error, anything else a warning elsewhere.
    """
    score = score_findings(result["findings"], manifest, any_severity=True)
    for key, count in result.get("unplaced", {}).items():
        severity, _, code = key.partition(" ")
        (score.false_errors if severity == "error" else score.non_errors)[code] += count
    return score


def merge(scores: list[Score]) -> Score:
    """One score for several files (the shards of a dataset): the counts added up."""
    total = Score()
    for score in scores:
        total.found.update(score.found)
        total.expected.update(score.expected)
        for kind, codes in score.codes.items():
            total.codes[kind].update(codes)
        total.false_errors.update(score.false_errors)
        total.false_examples += score.false_examples[: 5 - len(total.false_examples)]
        total.extra_at_faults.update(score.extra_at_faults)
        total.non_errors.update(score.non_errors)
        total.non_errors_at_faults.update(score.non_errors_at_faults)
    return total
