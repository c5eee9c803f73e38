"""The cap on findings: at most ``--max-findings`` of each code in each file are listed.

Every finding of a run flows through one ``Gate`` as it is made (``core.limits``): first the
taxonomy's severity overrides, then ``--select``/``--ignore``, then the baseline, and only
what is left meets the cap, so a finding the user ignored or the baseline excuses never uses
up room. Beyond the cap a finding is only counted, by severity; the report lists one F010
finding per file and code in its place ("and N more ...", at the worst severity it stands
for) and its summary counts every finding, so totals and the exit code are what they would
be uncapped. Memory stays bounded by the cap, not by the data.

While a baseline still has findings to excuse, or the run records fingerprints for
``--write-baseline``, every finding is located in full, since a fingerprint needs its ids
or JSON pointer; otherwise findings beyond the cap are made with their file alone.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from taxonomist.check.baseline import Excuses
from taxonomist.check.engine import Selection, severity_override
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location, Omitted, Severity
from taxonomist.core.limits import DEFAULT_MAX_FINDINGS
from taxonomist.taxonomy.resolved import Taxonomy

TOO_MANY_FINDINGS = CodeDoc(
    code="F010",
    name="too-many-findings",
    family="file",
    summary="A file has more findings of one code than --max-findings (default 1000): "
    "the first are listed, this one counts the rest (at the worst severity among them).",
    why="Millions of copies of one fault would exhaust memory and bury every other finding; "
    "the count stays exact, and the summary and exit code count all of them.",
    bad="10 million annotations written as {} (each lacks id, image_id and category_id)",
    good="fix the cause the first findings show, or --max-findings 0 to list them all",
)
CODES = (TOO_MANY_FINDINGS,)
_HINT = "the findings listed show the pattern; --max-findings 0 lists them all"

Key = tuple[str, str]  # (file, code)
Verdict = tuple[bool, Severity | None]  # reported at all, at which severity (None: its own)
Tallies = dict[Key, tuple[str, Counter[Severity]]]  # beyond the cap: (name, counts)


@dataclass(frozen=True, slots=True)
class Shipment:
    """What one ``Gate`` made of a part of a run (one source, checked in another process):
    the findings it kept, what it counted beyond the cap, the fingerprints it recorded.
    ``Gate.merge`` takes it in as if the findings had been admitted one by one."""

    findings: tuple[Finding, ...]
    tallies: Tallies
    fingerprints: Counter[str] | None


@dataclass(slots=True)
class _Tally:
    """The findings of one file and code beyond the cap."""

    name: str
    counts: Counter[Severity] = field(default_factory=Counter)


class Gate:
    """A run's findings sink: filters, excuses, keeps the first ``limit`` of each file and
    code (0: no limit), counts the rest, and records fingerprints when asked to."""

    def __init__(
        self,
        taxonomy: Taxonomy,
        selection: Selection,
        *,
        limit: int = DEFAULT_MAX_FINDINGS,
        baseline: Counter[str] | None = None,
        record: Counter[str] | None = None,
    ) -> None:
        self._taxonomy = taxonomy
        self._selection = selection
        self._limit = limit
        self._excuses = Excuses(baseline or Counter())
        self._record = record
        self._kept: Counter[Key] = Counter()
        self._full: set[Key] = set()  # (file, code) with ``limit`` findings kept
        self._over: dict[Key, _Tally] = {}
        self._verdicts: dict[tuple[str, str], Verdict] = {}
        self.findings: list[Finding] = []

    def counts_only(self, file: str, code: str) -> bool:
        """Whether a further ``code`` finding in ``file`` would be counted, not listed."""
        return (file, code) in self._full and not self._excuses.left and self._record is None

    def count(self, file: str, doc: CodeDoc, severity: Severity | None = None) -> bool:
        """Count a finding without it being made, when it would only be counted anyway."""
        if (file, doc.code) not in self._full or self._excuses.left or self._record is not None:
            return False
        wanted, override = self._verdict(doc.code, doc.name)
        if wanted:
            made = doc.severity if severity is None else severity
            self._tally(file, doc.code, doc.name)[made if override is None else override] += 1
        return True

    def admit(self, finding: Finding) -> None:
        wanted, override = self._verdict(finding.code, finding.name)
        if not wanted:
            return
        if override is not None and override is not finding.severity:
            finding = finding.with_severity(override)
        if self._record is not None:
            self._record[finding.fingerprint()] += 1
        if self._excuses.excuse(finding):
            return
        key = (finding.location.file, finding.code)
        if key in self._full:
            self._tally(*key, finding.name)[finding.severity] += 1
            return
        self._kept[key] += 1
        self.findings.append(finding)
        if self._kept[key] == self._limit:
            self._full.add(key)

    def shipment(self) -> Shipment:
        """Everything this gate holds, to be merged into the run's gate elsewhere."""
        tallies = {key: (tally.name, tally.counts) for key, tally in self._over.items()}
        return Shipment(tuple(self.findings), tallies, self._record)

    def merge(self, shipment: Shipment) -> None:
        """Take in a shipment from a gate of the same taxonomy, selection, cap and baseline:
        its findings passed the filters and the baseline there, so here they only meet the
        cap (a file's findings all come from one source, so the cap decides as it did)."""
        for finding in shipment.findings:
            key = (finding.location.file, finding.code)
            if key in self._full:
                self._tally(*key, finding.name)[finding.severity] += 1
                continue
            self._kept[key] += 1
            self.findings.append(finding)
            if self._kept[key] == self._limit:
                self._full.add(key)
        for (file, code), (name, counts) in shipment.tallies.items():
            self._tally(file, code, name).update(counts)
            self._full.add((file, code))
        if self._record is not None and shipment.fingerprints is not None:
            self._record.update(shipment.fingerprints)

    def _verdict(self, code: str, name: str) -> Verdict:
        """Whether findings of ``code`` and ``name`` are reported, and at which severity
        (None: their own): the taxonomy's ``checks:``, then ``--select``/``--ignore``."""
        verdict = self._verdicts.get((code, name))
        if verdict is None:
            override = severity_override(self._taxonomy, code, name)
            if override == "off":
                verdict = (False, None)
            else:
                verdict = (self._selection.wants_code(code, name), override)
            self._verdicts[code, name] = verdict
        return verdict

    def _tally(self, file: str, code: str, name: str) -> Counter[Severity]:
        tally = self._over.get((file, code))
        if tally is None:
            tally = self._over[file, code] = _Tally(name)
        return tally.counts

    def listed(self) -> tuple[Finding, ...]:
        """What a report lists: the findings kept and a marker for each file's and code's
        findings beyond the cap, in report order."""
        markers = (o.marker for o in self.omitted())
        return tuple(sorted([*self.findings, *markers], key=Finding.sort_key))

    def omitted(self) -> tuple[Omitted, ...]:
        """What the cap left out, one record (and its marker finding) per file and code."""
        return tuple(self._omitted(key, self._over[key]) for key in sorted(self._over))

    def _omitted(self, key: Key, tally: _Tally) -> Omitted:
        file, code = key
        counts = tuple(sorted(tally.counts.items(), reverse=True))
        total = sum(tally.counts.values())
        message = f"and {total} more {code} findings in this file (--max-findings {self._limit})"
        marker = TOO_MANY_FINDINGS.finding(
            message,
            Location(file=file),
            hint=_HINT,
            severity=counts[0][0],
            url=self._taxonomy.url("checks", TOO_MANY_FINDINGS.code),
        )
        return Omitted(file, code, tally.name, counts, marker)
