"""Documented finding codes. Every code a reader, rule or linter emits is a ``CodeDoc``.

The catalogue (``taxonomist rules``), the guideline site's check pages and the findings all
read the same object, so a code's documentation cannot drift from what emits it.
"""

from __future__ import annotations

from dataclasses import dataclass

from taxonomist.core.findings import Finding, Location, Severity


@dataclass(frozen=True, slots=True, kw_only=True)
class CodeDoc:
    """A stable code with its own documentation (what it finds, why, a bad and a good example)."""

    code: str  # e.g. "G002": family letter + number, never reused
    name: str  # kebab-case, e.g. "box-outside-image"
    family: str  # e.g. "geometry"
    summary: str  # one line: what it finds
    why: str  # why it matters
    bad: str  # an example that triggers it (a snippet of the file format)
    good: str  # the corrected example
    severity: Severity = Severity.ERROR

    def finding(
        self,
        message: str,
        location: Location,
        *,
        hint: str | None = None,
        severity: Severity | None = None,
        url: str | None = None,
    ) -> Finding:
        return Finding(
            code=self.code,
            name=self.name,
            severity=self.severity if severity is None else severity,
            message=message,
            location=location,
            hint=hint,
            url=url,
        )
