"""One stats run: discover the files, read each (a big COCO file in parts), match every
part to the taxonomy and count it, then drop it.

A file that cannot be read is listed in the result with the reader's reason and counted
nowhere; the other files are still counted. A run where no named path holds anything to
read at all raises ``InvalidInput``."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from taxonomist.check.engine import make_context, read_source
from taxonomist.core.errors import InvalidInput
from taxonomist.core.findings import Finding, Severity
from taxonomist.core.limits import streamed
from taxonomist.dataset.model import Dataset
from taxonomist.formats.discover import discover
from taxonomist.quality.stats.accumulate import Accumulator
from taxonomist.quality.stats.model import DatasetStats, Unread
from taxonomist.taxonomy.resolved import Taxonomy

SourceCallback = Callable[[str, str], None]  # path, format


def compute_stats(
    taxonomy: Taxonomy,
    paths: Sequence[str | Path],
    *,
    format: str | None = None,
    stream: bool | None = None,
    examples: int = 0,
    on_source: SourceCallback | None = None,
) -> DatasetStats:
    """The statistics of the annotation files at ``paths`` (files, folders or globs).

    ``stream`` True reads every COCO file in parts, None those from 1 GiB on (the counts
    are the same either way); ``examples`` keeps that many objects per class for
    thumbnails."""
    found = discover([Path(p) for p in paths], format)
    counts = Accumulator(taxonomy, examples)
    counts.unread += [_unread(f) for f in found.findings if f.severity is Severity.ERROR]
    if not found.sources and not counts.unread:
        where = ", ".join(str(p) for p in paths)
        raise InvalidInput(f"nothing to count in {where}: no annotation files found")
    with streamed(stream):
        for source in found.sources:
            if on_source is not None:
                on_source(str(source.path), source.format)
            _count_source(taxonomy, counts, source.path, source.format)
    return counts.result()


def _count_source(taxonomy: Taxonomy, counts: Accumulator, path: Path, format: str) -> None:
    for dataset in read_source(path, format):
        problem = _unreadable(dataset)
        if problem is not None:
            counts.unread.append(_unread(problem))
        else:
            counts.add(make_context(taxonomy, dataset))
        del dataset  # a file read in parts: one part alive at a time


def _unreadable(dataset: Dataset) -> Finding | None:
    """The reader's error when it gave up on the file (nothing read), else None."""
    if len(dataset.images) or len(dataset.objects):
        return None
    return next((f for f in dataset.findings if f.severity is Severity.ERROR), None)


def _unread(finding: Finding) -> Unread:
    return Unread(finding.location.file or "?", finding.message)
