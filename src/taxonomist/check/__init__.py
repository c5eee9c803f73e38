"""``taxonomist check``: validate annotation files against a taxonomy.

``run_check`` is the whole pipeline (discover, read, run every rule in bulk, apply the
taxonomy's and the run's severity choices, drop baseline findings) and returns a ``Report``;
the CLI and ``taxonomist.check`` in the API are thin layers over it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from taxonomist.core.errors import InvalidInput, UsageError
from taxonomist.core.findings import Finding, Report, Severity
from taxonomist.core.limits import DEFAULT_MAX_FINDINGS
from taxonomist.taxonomy.resolved import Taxonomy

if TYPE_CHECKING:
    from taxonomist.check.limits import Gate
    from taxonomist.check.rules.images.summary import ImageRun
    from taxonomist.check.rules.images.where import ImageSettings
    from taxonomist.core.limits import FindingSink
    from taxonomist.dataset.model import Dataset
    from taxonomist.formats.discover import Source

__all__ = ["check_dataset", "run_check"]

SourceCallback = Callable[[str, str, str], None]  # path, format, reason
SkipCallback = Callable[[str, str], None]  # path, why no reader took it
NOTHING_HINT = "-v lists each skipped file; --format NAME forces a reader"
ProgressCallback = Callable[[int, int], None]  # sources done, sources in all


def run_check(
    taxonomy: Taxonomy,
    paths: Sequence[str | Path] | str | Path,
    *,
    format: str | None = None,
    select: Sequence[str] = (),
    ignore: Sequence[str] = (),
    fail_on: Severity | str = Severity.ERROR,
    baseline: Path | str | Counter[str] | None = None,
    max_findings: int = DEFAULT_MAX_FINDINGS,
    fingerprints: Counter[str] | None = None,
    on_source: SourceCallback | None = None,
    on_skip: SkipCallback | None = None,
    progress: ProgressCallback | None = None,
    stream: bool | None = None,
    jobs: int | str = 1,
    scheduler: str | None = None,
    sharded: bool = False,
    images: str | Path | bool | None = False,
) -> Report:
    """Check annotation files (files, directories or globs) against ``taxonomy``.

        ``format`` forces a reader instead of sniffing; ``select``/``ignore`` are code prefixes
        (``G``, ``G002``), kebab names or the taxonomy's rule ids (anything else raises
    ``UsageError`` with a did-you-mean); ``baseline`` is a baseline file (or its fingerprint
        counts) whose findings are dropped. ``fail_on`` is validated here so a typo fails early;
        decide the outcome with ``report.failed(fail_on)``. Missing paths raise ``UsageError``; a
    run that finds no annotation file to read at all raises ``InvalidInput`` ("nothing to
    check"), while a named file no reader can read is an error finding. ``on_skip`` hears of
    each file no reader took.

    ``max_findings`` caps the findings listed per code per file (0: no cap); the rest are
    counted, in ``report.omitted`` and the summary, and one F010 finding per file and code
    stands for them. ``stream`` True reads every COCO file in parts, False none, None
    (the default) those from ``core.limits.STREAM_THRESHOLD`` bytes on (same findings,
    bounded memory; ``formats.coco.stream``). ``fingerprints``, when given, counts the
    baseline fingerprint of every finding the run makes, capped ones included (what
    ``--write-baseline`` stores).

    ``jobs`` (a number or ``"auto"``) checks the sources on that many processes, and
    ``scheduler`` (``local[:N]``, ``tcp://HOST:PORT``) on a Dask cluster; ``sharded`` says
    the files are shards of one dataset, so ids must be unique over all of them. Paths may be
    fsspec URLs. Whichever way, the report is the serial run's (``taxonomist.check.scale``);
    ``stream=True`` checks serially, in this process, unless the run is sharded or on a
    cluster, whose workers then stream every COCO file; with ``stream=None`` every way
    streams a file by its size.

    ``images`` says where the image files are for the I (image health) checks: a folder
    their file names are relative to (each image not there is an I001 error; a folder that
    does not exist raises ``UsageError``), ``False`` (the default) for no image checks, or
    ``None`` to look beside each annotation file and check the images when they are there
    (what ``taxonomist check`` does without ``--images`` or ``--no-images``).
    Findings that need the whole run (duplicates across files, grayscale among colour) are
    made once every source is checked.
    """
    from taxonomist.check.baseline import read_baseline
    from taxonomist.check.engine import Selection
    from taxonomist.check.limits import Gate
    from taxonomist.core.limits import streamed
    from taxonomist.core.version import __version__
    from taxonomist.formats.discover import discover

    if isinstance(fail_on, str):
        Severity.parse(fail_on)
    if max_findings < 0:
        raise UsageError(f"max_findings must be 0 (no cap) or more, not {max_findings}")
    selection = Selection(tuple(select), tuple(ignore))
    selection.validate(taxonomy)
    image_settings = _image_settings(images)
    counts = baseline if isinstance(baseline, Counter | None) else read_baseline(Path(baseline))
    items = [paths] if isinstance(paths, str | Path) else list(paths)
    local, remote = _split_urls(items)
    found = discover([Path(p) for p in local], format)
    skipped = tuple((str(s.path), s.reason) for s in found.skipped)
    if on_skip is not None:
        for file, reason in skipped:
            on_skip(file, reason)
    if not (found.sources or remote) and not any(
        f.severity is Severity.ERROR for f in found.findings
    ):
        raise _nothing_to_check(items, skipped)
    gate = Gate(taxonomy, selection, limit=max_findings, baseline=counts, record=fingerprints)
    for finding in found.findings:
        gate.admit(finding)
    files = (*(str(s.path) for s in found.sources), *remote)
    objects: tuple[tuple[str, int], ...] = ()
    if (jobs == 1 or stream) and scheduler is None and not sharded and not remote:
        with streamed(stream):
            callbacks = (on_source, progress)
            _check_sources(taxonomy, found.sources, gate, callbacks, image_settings)
    else:
        from taxonomist.check.scale import Settings, check_scaled

        record = fingerprints is not None
        settings = Settings(
            selection, max_findings, counts, record, sharded, stream, image_settings
        )
        run = (found.sources, remote, jobs, scheduler)
        objects = check_scaled(
            taxonomy, settings, run, gate, on_source=on_source, progress=progress
        )
    return Report(
        findings=gate.listed(),
        files=files,
        taxonomy=taxonomy.name,
        tool_version=__version__,
        skipped=skipped,
        omitted=gate.omitted(),
        objects_by_class=objects,
    )


def _split_urls(items: Sequence[str | Path]) -> tuple[list[str | Path], tuple[str, ...]]:
    """Local paths (for ``discover``) and fsspec URLs (globs expanded), each in order."""
    from taxonomist.check.shard import is_url

    local = [p for p in items if not is_url(p)]
    urls = [str(p) for p in items if is_url(p)]
    if not urls:
        return local, ()
    from taxonomist.check.scale import expand_urls

    return local, expand_urls(urls)


def _image_settings(images: str | Path | bool | None) -> ImageSettings | None:
    """The run's image settings; a named image folder that is not there stops the run."""
    from taxonomist.check.rules.images.where import ImageSettings

    settings = ImageSettings.of(images)
    if settings is not None and settings.root is not None and not Path(settings.root).is_dir():
        raise UsageError(
            f"--images {settings.root}: no such folder",
            hint="name the folder the annotations' image file names are relative to",
        )
    return settings


def _check_sources(
    taxonomy: Taxonomy,
    sources: Sequence[Source],
    gate: Gate,
    callbacks: tuple[SourceCallback | None, ProgressCallback | None],
    images: ImageSettings | None,
) -> None:
    """Read and check each source, every finding flowing into ``gate`` as it is made; then
    the image findings that need every source (``rules.images.summary.reduce``)."""
    from taxonomist.check.engine import read_source
    from taxonomist.check.rules.images.summary import ImageRun, reduce
    from taxonomist.core.limits import streaming

    on_source, progress = callbacks
    run = None if images is None else ImageRun(images)
    with streaming(gate):
        for done, source in enumerate(sources):
            if on_source is not None:
                on_source(str(source.path), source.format, source.reason)
            for dataset in read_source(source.path, source.format):
                _check_safely(taxonomy, dataset, gate, run)
                del dataset  # a file read in parts: one part alive at a time
            if progress is not None:
                progress(done + 1, len(sources))
    if run is not None:
        for finding in reduce(taxonomy, run.summaries):
            gate.admit(finding)


def _check_safely(
    taxonomy: Taxonomy, dataset: Dataset, gate: FindingSink, images: ImageRun | None = None
) -> None:
    """Every finding of one dataset into ``gate``; a check that crashes (a bug) becomes an
    ``F031`` finding for that file beside the reader's own, and the run goes on."""
    from taxonomist.check.engine import stream_dataset
    from taxonomist.core.findings import Location
    from taxonomist.formats.codes import BUG_HINT, CHECK_FAILED, bug_message

    admitted = 0
    try:
        for finding in stream_dataset(taxonomy, dataset, images):
            gate.admit(finding)
            admitted += 1
    except Exception as exc:  # the safety net: a bug in a rule stops one file
        if not admitted:  # it failed before the reader's findings were passed on
            for finding in dataset.findings:
                gate.admit(finding)
        message = bug_message("the checks failed on this file (its findings are incomplete)", exc)
        gate.admit(CHECK_FAILED.finding(message, Location(file=dataset.source), hint=BUG_HINT))


def _nothing_to_check(
    paths: Sequence[str | Path], skipped: Sequence[tuple[str, str]]
) -> InvalidInput:
    """A run that read no annotation file at all must not look like a clean one."""
    where = ", ".join(str(p) for p in paths)
    if not skipped:
        return InvalidInput(f"nothing to check in {where}: no files found", hint=NOTHING_HINT)
    counts = Counter(reason for _, reason in skipped).most_common()
    reasons = ", ".join(f"{count} {reason}" for reason, count in counts)
    files = f"{len(skipped)} file{'s' if len(skipped) != 1 else ''}"
    message = f"nothing to check in {where}: {files} skipped ({reasons})"
    return InvalidInput(message, hint=NOTHING_HINT)


def check_dataset(taxonomy: Taxonomy, dataset: Dataset) -> list[Finding]:
    """Findings for one in-memory ``Dataset`` (no selection, overrides or baseline)."""
    from taxonomist.check.engine import check_dataset as run

    return run(taxonomy, dataset)
