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
from dataclasses import dataclass, replace
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


# Streaming: a big COCO file is checked in parts instead of whole. Read whole, a file costs
# about four times its size at the peak (its bytes, the decoded records, the columns): 1.3 GB
# for 300 MB and 1M annotations, so 4 GB for a 1 GiB file, already a sixth of a big laptop's
# memory. From 1 GiB on, parts keep the peak near a fixed budget instead (``formats.coco.stream``).
STREAM_THRESHOLD = 1 << 30  # bytes of a file from which ``taxonomist check`` streams it
STREAM_CHUNK_BYTES = 32 << 20  # bytes of annotation text decoded at once
# Annotations per part: 2M objects make ~1 GB of columns, structs of one chunk and rule
# temporaries together (a 1M-annotation file peaks at 1.3 GB whole, bytes included).
STREAM_PART_OBJECTS = 2_000_000
# JSON Lines records (images) per part: 50k images of a few objects each are tens of MB.
STREAM_PART_LINES = 50_000


@dataclass(frozen=True, slots=True)
class Streaming:
    """How a check run reads big files: ``choice`` True streams every file that can be
    streamed, False none, None those of ``threshold`` bytes or more. Outside a check run
    nothing streams (an importer or a test reading a file gets it whole)."""

    choice: bool | None = False
    threshold: int = STREAM_THRESHOLD
    chunk_bytes: int = STREAM_CHUNK_BYTES
    part_objects: int = STREAM_PART_OBJECTS
    part_lines: int = STREAM_PART_LINES

    def wants(self, size: int) -> bool:
        """Whether a file of ``size`` bytes is streamed."""
        return self.choice if self.choice is not None else size >= self.threshold


_STREAMING: ContextVar[Streaming | None] = ContextVar("taxonomist_streaming", default=None)


@contextmanager
def streamed(options: Streaming | bool | None) -> Iterator[None]:
    """Read files inside the block as ``options`` says. A bare choice keeps the sizes in
    force; None keeps options set around the block (a test making the parts small, then
    going through ``run_check``), else it is "by size"."""
    token = _STREAMING.set(streaming_for(options))
    try:
        yield
    finally:
        _STREAMING.reset(token)


def streaming_for(options: Streaming | bool | None) -> Streaming:
    """The options ``streamed(options)`` puts in force, given those in force now (what a
    run sends its worker processes, which start with none)."""
    current = _STREAMING.get()
    if options is None and current is not None:
        return current
    if isinstance(options, Streaming):
        return options
    return replace(current or Streaming(), choice=options)


def streaming_options() -> Streaming:
    """The streaming options in force (outside a check run: never stream)."""
    return _STREAMING.get() or Streaming()
