"""An example's annotation read once and checked: the findings ``verify`` holds against the
example's verdict and the ``Dataset`` the drawer draws are the same reading of the file.

The native reader reads the file and the checker runs over the result; the checker turns
each box from the convention its label type declares into pixel ``xywh``, so the drawing
shows the boxes exactly as the checker judged them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from taxonomist.check import check_dataset
from taxonomist.check.engine import apply_overrides
from taxonomist.core.findings import Finding
from taxonomist.dataset.model import Dataset
from taxonomist.formats import reader
from taxonomist.taxonomy.resolved import Taxonomy


@dataclass(frozen=True)
class CheckedExample:
    """The dataset of one example annotation (boxes in pixel ``xywh``) and its findings."""

    dataset: Dataset
    findings: tuple[Finding, ...]  # as a check run reports them: overrides applied, sorted


def check_example(tax: Taxonomy, annotation: Path) -> CheckedExample:
    """Read ``annotation`` with the native reader and check it against ``tax``."""
    [dataset] = reader("native").read(annotation)  # one file, one dataset
    findings = apply_overrides(tax, check_dataset(tax, dataset))
    return CheckedExample(dataset, tuple(sorted(findings, key=lambda f: f.sort_key())))


def of_rule(findings: Sequence[Finding], rule: str) -> list[Finding]:
    """The findings a "don't" example of ``rule`` illustrates: those the rule itself made
    (named by its id), which the example must produce and its drawing points at."""
    return [f for f in findings if f.name == rule]
