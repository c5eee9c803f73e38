"""Check many sources at once: in this process, on a process pool (``--jobs``) or on a Dask
cluster (``--scheduler``), with one result whichever way.

Every way runs ``shard.check_source`` per source and hands the results to ``admit_in_order``,
which merges them into the run's gate in source order (buffering results that come back
early), so the findings, their order, the ``--max-findings`` cap and the baseline
fingerprints are the serial run's. ``--sharded`` runs then compare the sources' summaries
(``cross_shard.reduce``) the same way in all three.

A worker process that dies (killed for memory, a crash in native code) loses no file in
silence: the pool's sources still unchecked are checked again one at a time in a fresh
worker, and the one that kills that worker too is reported as an F030 finding.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from taxonomist.check.cross_shard import class_counts, reduce
from taxonomist.check.engine import Selection
from taxonomist.check.limits import Gate
from taxonomist.check.shard import Job, ShardSummary, SourceResult, check_source, stopped
from taxonomist.core.errors import UsageError
from taxonomist.core.limits import streaming_for
from taxonomist.taxonomy.resolved import Taxonomy

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing.context import BaseContext

    from taxonomist.check.rules.images.summary import ImageSummary
    from taxonomist.check.rules.images.where import ImageSettings
    from taxonomist.formats.discover import Source

ProgressCallback = Callable[[int, int], None]
SourceCallback = Callable[[str, str, str], None]
Runner = Callable[[Job, str, str | None], SourceResult]
DASK_HINT = "pip install 'taxonomist[dask]'"
# ``--jobs auto`` starts a pool only for this much input: starting one costs ~0.5 s (a
# forkserver, the imports, the taxonomy sent to each worker), the time ~20 MB take to check.
AUTO_POOL_BYTES = 32 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Item:
    """One source to check: its path or URL, its reader (None: sniffed by the worker)."""

    path: str
    format: str | None
    reason: str


@dataclass(frozen=True, slots=True)
class Settings:
    """The run's choices every source is checked with."""

    selection: Selection
    limit: int
    baseline: Counter[str] | None
    record: bool
    sharded: bool
    stream: bool | None = None
    images: ImageSettings | None = None


Run = tuple["Sequence[Source]", Sequence[str], "int | str", "str | None"]


def check_scaled(
    taxonomy: Taxonomy,
    settings: Settings,
    run: Run,
    gate: Gate,
    *,
    on_source: SourceCallback | None,
    progress: ProgressCallback | None,
) -> tuple[tuple[str, int], ...]:
    """``run_check``'s sources (local ``Source``s, then URLs) checked as ``jobs`` and
    ``scheduler`` say, into ``gate``; the object counts per class when sharded."""
    sources, urls, jobs, scheduler = run
    items = [Item(str(s.path), s.format, s.reason) for s in sources]
    items += [Item(url, None, "a URL, sniffed where it is read") for url in urls]
    job = Job(
        taxonomy,
        settings.selection,
        settings.limit,
        settings.baseline or None,
        settings.record,
        settings.sharded,
        str(Path.cwd()),
        streaming_for(settings.stream),  # worker processes start with none in force
        settings.images,
    )
    workers = 1 if scheduler is not None else workers_for(jobs, len(items))
    if jobs == "auto" and _local_bytes(sources) < AUTO_POOL_BYTES:
        workers = 1
    return run_sources(
        job,
        items,
        gate,
        workers=workers,
        scheduler=scheduler,
        on_source=on_source,
        progress=progress,
    )


def _local_bytes(sources: Sequence[Source]) -> int:
    """The size of the source files (a folder counts for nothing: not walked again)."""
    total = 0
    for source in sources:
        try:
            total += source.path.stat().st_size if source.path.is_file() else 0
        except OSError:
            continue
    return total


def expand_urls(urls: Sequence[str]) -> tuple[str, ...]:
    """fsspec URLs, a glob or a folder expanded to the files it holds (sorted), each once."""
    try:
        import fsspec
    except ImportError:
        raise UsageError(f"{urls[0]}: reading URLs needs fsspec", hint=DASK_HINT) from None
    found: list[str] = []
    for url in urls:
        fs, root = fsspec.core.url_to_fs(url)
        protocol = url.split("://", 1)[0]
        if any(c in root for c in "*?["):
            names = sorted(fs.glob(root))
        elif fs.isdir(root):
            names = sorted(fs.find(root))
        elif fs.exists(root):
            found.append(url)
            continue
        else:
            raise UsageError(f"{url}: no such file or folder", hint="is the URL right?")
        if not names:
            raise UsageError(f"{url}: no files match", hint="is the URL right?")
        found += [_unstrip(protocol, url, name) for name in names]
    return tuple(dict.fromkeys(found))


def _unstrip(protocol: str, url: str, name: str) -> str:
    """A path fsspec listed, as a URL again (fsspec drops the protocol)."""
    if "://" in name:
        return name
    if protocol == "memory" and not name.startswith("/"):
        name = "/" + name
    return f"{protocol}://{name.lstrip('/') if protocol != 'memory' else name}"


def cores() -> int:
    """The cores this process may run on (its affinity where the OS says)."""
    count = getattr(os, "process_cpu_count", None)
    if count is not None:
        return int(count() or 1)
    if hasattr(os, "sched_getaffinity"):
        return len(os.sched_getaffinity(0)) or 1
    return os.cpu_count() or 1


def workers_for(jobs: int | str, sources: int) -> int:
    """How many worker processes ``--jobs`` means for ``sources`` sources: ``auto`` is one
    per core up to one per source; never more than the cores; 1 for a single source."""
    if jobs == "auto":
        wanted = cores()
    else:
        try:
            wanted = int(jobs)
        except ValueError:
            raise UsageError(f"--jobs {jobs!r}: a number or auto", hint="--jobs 2") from None
        if wanted < 1:
            raise UsageError(f"--jobs {jobs}: at least 1", hint="--jobs auto: one per core")
    return max(1, min(wanted, cores(), sources))


def run_sources(
    job: Job,
    items: Sequence[Item],
    gate: Gate,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    on_source: SourceCallback | None = None,
    progress: ProgressCallback | None = None,
) -> tuple[tuple[str, int], ...]:
    """Check ``items`` into ``gate``; the object counts per class when the run is sharded."""
    if scheduler is not None:
        from taxonomist.check.dask_run import on_dask

        results: Iterable[tuple[int, SourceResult]] = on_dask(job, items, scheduler)
    elif workers > 1:
        results = on_pool(job, items, workers)
    else:
        results = ((i, check_source(job, it.path, it.format)) for i, it in enumerate(items))
    images: list[ImageSummary] = []
    summaries = admit_in_order(items, results, gate, (on_source, progress), images)
    if job.images is not None:
        from taxonomist.check.rules.images.summary import reduce as reduce_images

        for finding in reduce_images(job.taxonomy, images):
            gate.admit(finding)
    if not job.sharded:
        return ()
    for finding in reduce(summaries):
        gate.admit(finding)
    return class_counts(summaries)


def admit_in_order(
    items: Sequence[Item],
    results: Iterable[tuple[int, SourceResult]],
    gate: Gate,
    callbacks: tuple[SourceCallback | None, ProgressCallback | None],
    images: list[ImageSummary],
) -> list[ShardSummary]:
    """Merge each result into ``gate`` in source order, whatever order they come in; the
    image checks' summaries go to ``images``, in the same order."""
    on_source, progress = callbacks
    waiting: dict[int, SourceResult] = {}
    summaries: list[ShardSummary] = []
    done = 0
    for index, result in results:
        waiting[index] = result
        while done in waiting:
            ready = waiting.pop(done)
            item = items[done]
            if on_source is not None:
                on_source(item.path, item.format or "auto", item.reason)
            gate.merge(ready.shipment)
            if ready.summary is not None:
                summaries.append(ready.summary)
            images.extend(ready.images)
            done += 1
            if progress is not None:
                progress(done, len(items))
    return summaries


# --- the process pool ----------------------------------------------------------------------

_JOB: Job | None = None


def _start_worker(job: Job) -> None:
    """A pool worker's initializer: the job (the taxonomy above all) arrives once."""
    global _JOB  # noqa: PLW0603 - one job per worker process, set once at its start
    _JOB = job
    if job.cwd:
        os.chdir(job.cwd)


def _run_in_worker(path: str, format_name: str | None) -> SourceResult:
    if _JOB is None:  # pragma: no cover - the initializer always ran
        raise RuntimeError("worker started without a job")
    return check_source(_JOB, path, format_name)


def _context() -> BaseContext:
    """forkserver where the OS has it (no fork of a process that may hold threads), spawn
    elsewhere."""
    import multiprocessing

    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([__name__])  # imported once, in the server, not per worker
    return context


def _pool(job: Job, workers: int) -> ProcessPoolExecutor:
    """``workers`` processes, each given ``job`` once as it starts."""
    from concurrent.futures import ProcessPoolExecutor

    return ProcessPoolExecutor(
        workers, mp_context=_context(), initializer=_start_worker, initargs=(job,)
    )


def on_pool(
    job: Job, items: Sequence[Item], workers: int, run: Callable[..., SourceResult] | None = None
) -> Iterator[tuple[int, SourceResult]]:
    """Results from ``workers`` processes, in source order. ``run`` (a module-level function
    of ``(path, format)``) replaces the check in tests of a dying worker."""
    from concurrent.futures.process import BrokenProcessPool

    task = run or _run_in_worker
    pool = _pool(job, workers)
    try:
        futures = [pool.submit(task, item.path, item.format) for item in items]
        for index, future in enumerate(futures):
            try:
                yield index, future.result()
            except BrokenProcessPool:
                yield from _one_by_one(job, items, index, task)
                return
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _one_by_one(
    job: Job, items: Sequence[Item], start: int, task: Callable[..., SourceResult]
) -> Iterator[tuple[int, SourceResult]]:
    """After a worker died: the sources from ``start`` on, each in a fresh single worker
    until one kills it too; that one is an F030 finding, and the rest go on."""
    from concurrent.futures.process import BrokenProcessPool

    index = start
    while index < len(items):
        pool = _pool(job, 1)
        try:
            futures = [pool.submit(task, item.path, item.format) for item in items[index:]]
            for future in futures:
                try:
                    result = future.result()
                except BrokenProcessPool:
                    result = stopped(items[index].path, "its process died: out of memory?")
                    yield index, result
                    index += 1
                    break
                yield index, result
                index += 1
        finally:
            pool.shutdown(wait=True, cancel_futures=True)
