"""Where findings go while a check runs: a sink that keeps a bounded number of them.

One systematic fault repeated over ten million records makes tens of millions of findings;
kept in a list they exhaust memory before anything is reported. ``taxonomist check``
therefore makes a sink (``taxonomist.check.limits.Gate``) and opens it with ``streaming``
around the readers and rules; whoever makes findings (a reader's record builder, a rule's
``Context``) files each one with ``file_finding`` as it is made, and the sink keeps the first
findings of each code in each file and only counts the rest.

Making a finding, and locating it (its line and column) above all, costs far more than
counting it: a reader asks ``counted`` first and makes nothing once the sink only counts that
code in that file; a rule, which must return a finding, asks ``located`` and gets the file
alone. Outside a check run no sink is open, and the functions fall back to what readers did
before: make and locate every finding and append it to the reader's list.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Protocol

from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location, Severity

DEFAULT_MAX_FINDINGS = 1000  # per code per file: ``taxonomist check --max-findings``


class FindingSink(Protocol):
    """What findings flow into while a check runs."""

    def admit(self, finding: Finding) -> None:
        """Take one finding: keep it, count it beyond the cap, or drop it (filtered)."""

    def counts_only(self, file: str, code: str) -> bool:
        """Whether a further finding of ``code`` in ``file`` would only be counted, so its
        maker may leave out everything but the file."""

    def count(self, file: str, doc: CodeDoc, severity: Severity | None = None) -> bool:
        """Count a ``doc`` finding in ``file`` without it being made, if it would only be
        counted anyway; False: the maker must make it and ``admit`` it."""


_SINK: ContextVar[FindingSink | None] = ContextVar("taxonomist_finding_sink", default=None)


@contextmanager
def streaming(sink: FindingSink) -> Iterator[None]:
    """Send the findings made inside the block to ``sink`` instead of the readers' lists."""
    token = _SINK.set(sink)
    try:
        yield
    finally:
        _SINK.reset(token)


def counted(file: str, doc: CodeDoc, severity: Severity | None = None) -> bool:
    """Whether the open sink counted this finding already, so its maker need not make it."""
    sink = _SINK.get()
    return sink is not None and sink.count(file, doc, severity)


def located(file: str, code: str, locate: Callable[[], Location]) -> Location:
    """``locate()``, unless the open sink would only count this finding: then the file."""
    sink = _SINK.get()
    if sink is not None and sink.counts_only(file, code):
        return Location(file=file)
    return locate()


def file_finding(findings: list[Finding], finding: Finding) -> None:
    """Hand ``finding`` to the open sink, or append it to ``findings`` when none is open."""
    sink = _SINK.get()
    if sink is None:
        findings.append(finding)
    else:
        sink.admit(finding)
