"""Findings: the values every linter, reader and rule produces, and reporters consume.

A finding always says *where*: a file, and whichever of line/column, JSON pointer, image id
and annotation id the source has. ``sort_key`` gives reports a stable order, ``fingerprint``
a stable identity across runs (baselines, SARIF).
"""

from __future__ import annotations

import enum
import hashlib
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from taxonomist.core.text import MESSAGE_LIMIT, printable, shorten_values

FingerprintScheme = Literal["baseline", "sarif-v1"]


class Severity(enum.IntEnum):
    """Ordered so that ``finding.severity >= fail_on`` decides the exit code."""

    INFO = 0
    WARNING = 1
    ERROR = 2

    @property
    def label(self) -> str:
        return self.name.lower()

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls[text.strip().upper()]
        except KeyError:
            raise ValueError(f"unknown severity {text!r}; use error, warning or info") from None


@dataclass(frozen=True, slots=True)
class Location:
    """Where a finding points. Every field is optional; fill in what the source has."""

    file: str = ""
    line: int | None = None
    column: int | None = None
    pointer: str | None = None
    image_id: str | None = None
    image_file: str | None = None
    annotation_id: str | None = None

    def describe(self) -> str:
        """``file:line:col`` when known, else ``file#/json/pointer``, else ``file``."""
        text = self.file or "<input>"
        if self.line is not None:
            text += f":{self.line}"
            if self.column is not None:
                text += f":{self.column}"
        elif self.pointer is not None:
            text += f"#{self.pointer}"
        return text


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a taxonomy or an annotation file."""

    code: str
    name: str
    severity: Severity
    message: str
    location: Location = field(default_factory=Location)
    hint: str | None = None
    url: str | None = None

    def __post_init__(self) -> None:
        """Values quoted from the data stay short, whoever made the finding (a 20 MB value in
        a message would be kept, fingerprinted and printed whole)."""
        if len(self.message) > MESSAGE_LIMIT:
            object.__setattr__(self, "message", shorten_values(self.message))
        if self.hint is not None and len(self.hint) > MESSAGE_LIMIT:
            object.__setattr__(self, "hint", shorten_values(self.hint))

    def with_location(self, **changes: object) -> Finding:
        return replace(self, location=replace(self.location, **changes))  # type: ignore[arg-type]

    def with_severity(self, severity: Severity) -> Finding:
        return replace(self, severity=severity)

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        loc = self.location
        return (
            loc.file,
            loc.line if loc.line is not None else -1,
            loc.column if loc.column is not None else -1,
            loc.pointer or "",
            self.code,
            self.message,
        )

    def fingerprint(self, scheme: FingerprintScheme = "baseline") -> str:
        """The finding's identity across runs, which leaves out its line and column.

        ``baseline`` (what baseline files store): code, the file relative to the working
        directory, the image and annotation ids (the JSON pointer, with its array index,
        only where there are none) and the message. ``sarif-v1`` (SARIF's
        ``taxonomistFinding/v1``): code, the file as given, pointer, ids and message.
        Both are stored by users (baseline files, code-scanning dashboards), so neither
        may change.
        """
        loc = self.location
        if scheme == "sarif-v1":
            ids = [loc.pointer or "", loc.image_id or "", loc.annotation_id or ""]
            return _digest([self.code, loc.file, *ids, self.message], 32)
        named = loc.image_id or loc.annotation_id
        where = [loc.image_id or "", loc.annotation_id or ""] if named else [loc.pointer or ""]
        return _digest([self.code, _portable(loc.file), *where, self.message], 24)

    def render(self) -> str:
        """The one-line form: ``path:line:col: CODE message`` (hint on the next line), with
        control characters from the data escaped; a message's own line breaks continue it,
        indented, so no line of the data can pass for a line of the report."""
        message = printable(self.message, keep="\n\t").replace("\n", "\n    ")
        text = f"{printable(self.location.describe())}: {self.code} {message}"
        if self.hint:
            text += f"\n    hint: {printable(self.hint)}"
        return text

    def to_dict(self) -> dict[str, object]:
        loc = self.location
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.label,
            "message": self.message,
            "hint": self.hint,
            "file": loc.file,
            "line": loc.line,
            "column": loc.column,
            "pointer": loc.pointer,
            "image_id": loc.image_id,
            "image_file": loc.image_file,
            "annotation_id": loc.annotation_id,
            "url": self.url,
        }


def _digest(parts: list[str], length: int) -> str:
    # surrogatepass: an undecodable file name (lone surrogates) is hashed, not a crash;
    # every other string encodes to the same bytes as before
    data = "\x1f".join(parts).encode("utf-8", "surrogatepass")
    return hashlib.sha256(data).hexdigest()[:length]


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


@dataclass(frozen=True, slots=True)
class Omitted:
    """Findings a report leaves out (over ``--max-findings``): how many of one code in one
    file, by severity, and the finding that stands for them in the report."""

    file: str
    code: str
    name: str
    counts: tuple[tuple[Severity, int], ...]  # (severity, how many), worst first
    marker: Finding  # "and N more CODE findings in this file", listed among the findings

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


@dataclass(frozen=True, slots=True)
class Summary:
    """Counts per code and per severity, for reporters and exit codes.

    The counts are exact: findings a report leaves out (``Report.omitted``) are counted,
    and the findings that stand for them are not."""

    by_code: dict[str, int]
    by_severity: dict[str, int]
    files: int
    omitted: int = 0  # how many of the counted findings the report does not list

    @classmethod
    def of(
        cls, findings: Iterable[Finding], files: int, omitted: Iterable[Omitted] = ()
    ) -> Summary:
        left_out = list(omitted)
        markers = {o.marker for o in left_out}
        items = [f for f in findings if f not in markers] if markers else list(findings)
        codes = Counter(f.code for f in items)
        severities = Counter(f.severity.label for f in items)
        for gone in left_out:
            codes[gone.code] += gone.total
            for severity, count in gone.counts:
                severities[severity.label] += count
        return cls(
            by_code=dict(sorted(codes.items())),
            by_severity={s.label: severities.get(s.label, 0) for s in reversed(Severity)},
            files=files,
            omitted=sum(o.total for o in left_out),
        )

    @property
    def total(self) -> int:
        """How many findings the run made (listed or not)."""
        return sum(self.by_severity.values())

    def to_dict(self) -> dict[str, object]:
        return {
            "files": self.files,
            "by_code": self.by_code,
            "by_severity": self.by_severity,
            "omitted": self.omitted,
        }


def worst(findings: Iterable[Finding]) -> Severity | None:
    """The highest severity among ``findings``, or None when there are none."""
    return max((f.severity for f in findings), default=None)


@dataclass(frozen=True, slots=True)
class Report:
    """The result of a run: what was checked and what was found. Reporters render it."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...] = ()
    taxonomy: str = ""
    tool_version: str = ""
    skipped: tuple[tuple[str, str], ...] = ()  # (file, reason) for each file no reader took
    omitted: tuple[Omitted, ...] = ()  # findings over the cap, each listed as one marker
    # ``--sharded`` runs: objects per class name over all the shards, most first
    objects_by_class: tuple[tuple[str, int], ...] = ()

    def skipped_by_reason(self) -> dict[str, int]:
        """How many files were skipped for each reason, most frequent first."""
        return dict(Counter(reason for _, reason in self.skipped).most_common())

    @property
    def summary(self) -> Summary:
        return Summary.of(self.findings, len(self.files), self.omitted)

    def failed(self, fail_on: Severity = Severity.ERROR) -> bool:
        found = worst(self.findings)
        return found is not None and found >= fail_on
