"""One source checked on its own: the unit of work of ``--jobs`` and ``--scheduler`` runs.

``check_source(job, path, format)`` is a pure function of its arguments (no state shared
with the run that asked for it), so a process pool and a Dask worker run the very same one:
it reads the source, runs every rule, and files each finding into a ``Gate`` of its own with
the run's taxonomy, selection, cap and baseline. What it returns (``SourceResult``) is small
whatever the data: the findings the cap keeps, counts of the rest, the fingerprints when the
run writes a baseline, and, for ``--sharded`` runs, a ``ShardSummary`` of the ids the
cross-shard rules compare. The run merges each result into its own gate in source order, so
the report is the serial run's.

A source may be an fsspec URL (``s3://``, ``gcs://``, ``memory://``...): the worker copies the
object into a temporary file (same name), sniffs and reads it as a local file, and every
finding names the URL.
"""

from __future__ import annotations

import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from taxonomist.check.engine import Selection
from taxonomist.check.limits import Gate, Shipment
from taxonomist.core.codes import CodeDoc
from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.core.limits import FindingSink, Streaming, streamed, streaming
from taxonomist.dataset.model import Dataset
from taxonomist.taxonomy.resolved import Taxonomy

if TYPE_CHECKING:
    from taxonomist.check.rules.images.summary import ImageRun, ImageSummary
    from taxonomist.check.rules.images.where import ImageSettings

__all__ = ["Job", "ShardSummary", "SourceResult", "check_source", "is_url", "stopped"]

URL_MARK = "://"


@dataclass(frozen=True, slots=True)
class Job:
    """What checking any one source of a run needs, the same for all (sent once per worker).

    ``cwd`` is the run's working directory: baseline fingerprints name files relative to it,
    so a pool's worker (forked by a server started elsewhere) moves there as it starts. A
    Dask worker stays where it is: name files by absolute paths or URLs there."""

    taxonomy: Taxonomy
    selection: Selection
    limit: int
    baseline: Counter[str] | None = None
    record: bool = False
    sharded: bool = False
    cwd: str = ""
    stream: Streaming | None = None  # how the run reads big files (None: by size)
    images: ImageSettings | None = None  # where the image files are (None: no image checks)


@dataclass(frozen=True, slots=True)
class ShardSummary:
    """What the cross-shard rules compare of one source, as compact columns.

    ``annotation_ids`` (int64, or tagged text when not all ints: see ``id_keys``) with their
    image's id and file for the finding's location; ``image_ids``/``image_files`` of the
    images the source annotates, each once; objects counted by the file's class name."""

    file: str
    annotation_ids: npt.NDArray[Any]
    annotation_images: tuple[str | None, ...]
    annotation_files: tuple[str | None, ...]
    annotation_shown: tuple[str, ...]
    image_ids: npt.NDArray[Any]
    image_shown: tuple[str, ...]
    image_files: tuple[str, ...]
    classes: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SourceResult:
    """One source checked: its findings (``Shipment``), when sharded its summary, and what
    the image checks keep of it for the run's duplicates and grayscale checks."""

    file: str
    shipment: Shipment
    summary: ShardSummary | None = None
    images: tuple[ImageSummary, ...] = ()


def is_url(path: str | Path) -> bool:
    """Whether ``path`` names an fsspec URL (``s3://...``), not a local path."""
    text = str(path)
    scheme, mark, _ = text.partition(URL_MARK)
    return bool(mark) and scheme.isidentifier() and len(scheme) > 1


def check_source(job: Job, path: str, format_name: str | None) -> SourceResult:
    """Read ``path`` with the reader ``format_name`` (None: sniff it, for URLs), run every
    rule, and return what the run's gate needs. A reader's or a rule's crash is this file's
    F030/F031 finding (``engine.read_source``, ``check._check_safely``), never an exception."""
    gate = Gate(
        job.taxonomy,
        job.selection,
        limit=job.limit,
        baseline=job.baseline,
        record=Counter() if job.record else None,
    )
    run = _image_run(job)
    if is_url(path):
        summary = _check_url(job, gate, path, format_name, run)
    else:
        summary = _check_local(job, gate, (Path(path), format_name or "auto", path), run)
    kept = () if run is None else tuple(run.summaries)
    return SourceResult(path, gate.shipment(), summary, kept)


def _image_run(job: Job) -> ImageRun | None:
    if job.images is None:
        return None
    from taxonomist.check.rules.images.summary import ImageRun

    return ImageRun(job.images)


def _check_local(
    job: Job, sink: FindingSink, source: tuple[Path, str, str], images: ImageRun | None
) -> ShardSummary | None:
    """Check one local file (its path, reader and the name findings show) into ``sink``."""
    from taxonomist.check import _check_safely
    from taxonomist.check.engine import read_source

    path, format_name, shown = source
    kept: list[Dataset] = []  # a shard's parts, for the cross-shard summary
    # A worker process starts with no streaming options: a big file streams by size there
    # as in a serial run (options set around an in-process call are kept).
    with streamed(job.stream), streaming(sink):
        for dataset in read_source(path, format_name):  # lazily, for a file read in parts
            _check_safely(job.taxonomy, dataset, sink, images)
            if job.sharded:
                kept.append(dataset)
    return summarise(shown, kept) if job.sharded else None


def _check_url(
    job: Job, gate: Gate, url: str, format_name: str | None, images: ImageRun | None
) -> ShardSummary | None:
    from taxonomist.formats.discover import discover

    with _fetched(url) as local:
        if isinstance(local, Finding):
            gate.admit(local)
            return None
        sink = _Renamed(gate, str(local), url)
        found = discover([local], format_name)
        for finding in found.findings:
            sink.admit(finding)
        for source in found.sources:  # one: a file named explicitly
            return _check_local(job, sink, (source.path, source.format, url), images)
    return None


@contextmanager
def _fetched(url: str) -> Iterator[Path | Finding]:
    """The object at ``url`` copied into a temporary directory under its own name (readers
    and sniffers go by the suffix), removed after; a URL that cannot be read is an F001
    finding naming it."""
    from taxonomist.formats.codes import FILE_UNREADABLE

    folder = tempfile.mkdtemp(prefix="taxonomist-")
    try:
        name = url.rstrip("/").rsplit("/", 1)[-1] or "object"
        local = Path(folder) / name
        try:
            import fsspec

            with fsspec.open(url, "rb") as remote, local.open("wb") as out:
                shutil.copyfileobj(remote, out, 1 << 20)
        except ImportError:
            hint = "pip install 'taxonomist[dask]' (fsspec reads URLs)"
            yield FILE_UNREADABLE.finding("cannot read a URL without fsspec", _at(url), hint=hint)
            return
        except (OSError, ValueError) as exc:
            message = f"cannot read {url} ({type(exc).__name__}: {exc})"
            yield FILE_UNREADABLE.finding(message, _at(url), hint="is the URL right and readable?")
            return
        yield local
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _at(file: str) -> Location:
    return Location(file=file)


class _Renamed:
    """A sink in front of a gate that names the URL wherever a finding names its local
    copy, so the cap, the baseline and the report all see the URL."""

    def __init__(self, gate: Gate, local: str, url: str) -> None:
        self._gate, self._local, self._url = gate, local, url

    def _file(self, file: str) -> str:
        return self._url if file == self._local else file

    def admit(self, finding: Finding) -> None:
        if finding.location.file == self._local:
            finding = finding.with_location(file=self._url)
        self._gate.admit(finding)

    def counts_only(self, file: str, code: str) -> bool:
        return self._gate.counts_only(self._file(file), code)

    def count(self, file: str, doc: CodeDoc, severity: Severity | None = None) -> bool:
        return self._gate.count(self._file(file), doc, severity)


def stopped(path: str, why: str) -> SourceResult:
    """The result for a source whose worker died or was lost: an F030 finding, never a
    silent pass."""
    from taxonomist.formats.codes import READER_FAILED

    message = f"the worker checking this file stopped ({why}): it was not checked"
    hint = "check it alone (--jobs 1) to see whether it needs more memory than the workers had"
    finding = READER_FAILED.finding(message, _at(path), hint=hint)
    return SourceResult(path, Shipment((finding,), {}, None))


# --- the summary the cross-shard rules read ------------------------------------------------


def summarise(file: str, datasets: Sequence[Dataset]) -> ShardSummary:
    """The ids, images and class counts of one source's datasets (one, for most formats)."""
    ann_keys: list[Any] = []
    ann_images: list[str | None] = []
    ann_files: list[str | None] = []
    ann_shown: list[str] = []
    img_keys: list[Any] = []
    img_shown: list[str] = []
    img_files: list[str] = []
    classes: Counter[str] = Counter()
    for dataset in datasets:
        objects, images = dataset.objects, dataset.images
        image_rows = objects.image.tolist()
        if dataset.ids_unique_per == "file":
            for row, value in enumerate(objects.ids):
                if isinstance(value, str) and value == f"#{row}":
                    continue  # synthesised: the file has no ids to clash
                image = image_rows[row]
                ann_keys.append(value)
                ann_shown.append(str(value))
                ann_images.append(None if image < 0 else str(images.ids[image]))
                ann_files.append(None if image < 0 else images.files[image])
        for image in sorted({r for r in image_rows if r >= 0}):
            img_keys.append(images.ids[image])
            img_shown.append(str(images.ids[image]))
            img_files.append(images.files[image])
        names = [c.name for c in dataset.categories]
        used = np.bincount(objects.category[objects.category >= 0], minlength=len(names))
        for name, count in zip(names, used.tolist(), strict=False):
            if count:
                classes[name] += count
    return ShardSummary(
        file=file,
        annotation_ids=id_keys(ann_keys),
        annotation_images=tuple(ann_images),
        annotation_files=tuple(ann_files),
        annotation_shown=tuple(ann_shown),
        image_ids=id_keys(img_keys),
        image_shown=tuple(img_shown),
        image_files=tuple(img_files),
        classes=dict(classes),
    )


def id_keys(ids: Sequence[Any]) -> npt.NDArray[Any]:
    """Ids as one comparable column: int64 when all are ints, else text tagged with the
    id's kind (``s`` text, ``n`` anything else), so 1 and "1" stay different ids."""
    if all(type(v) is int for v in ids):
        try:
            return np.asarray(ids, dtype=np.int64) if ids else np.zeros(0, np.int64)
        except OverflowError:
            pass
    return np.asarray([f"s{v}" if isinstance(v, str) else f"n{v!r}" for v in ids], dtype=np.str_)
