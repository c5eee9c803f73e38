"""``taxonomist check --scheduler``: the per-source check on a dask.distributed cluster.

``local`` or ``local:N`` starts a ``LocalCluster`` of N worker processes (default: one per
core) with one thread each, since the checks hold the GIL; ``tcp://HOST:PORT`` (or any
address a ``Client`` takes) connects to a running scheduler. The job (taxonomy, selection,
cap, baseline) is scattered to every worker once; each source is one task of
``shard.check_source``. Results stream back as they complete and ``scale.admit_in_order``
merges them in source order. A task whose worker was lost (``KilledWorker``) or that failed
is that file's F030 finding. The cluster and client are closed whatever happens, Ctrl-C too.

Dask is an optional extra (``pip install 'taxonomist[dask]'``), imported only here.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, ExitStack
from typing import TYPE_CHECKING, Any

from taxonomist.check.shard import Job, SourceResult, check_source, stopped
from taxonomist.core.errors import UsageError

if TYPE_CHECKING:
    from taxonomist.check.scale import Item, Runner

LOCAL = "local"
HINT = "pip install 'taxonomist[dask]'"


def parse_scheduler(text: str) -> tuple[str, int | None]:
    """``("local", N or None)`` or ``("connect", address)`` for ``--scheduler TEXT``."""
    name, _, count = text.partition(":")
    if name == LOCAL:
        if not count:
            return LOCAL, None
        if not count.isdigit() or int(count) < 1:
            raise UsageError(f"--scheduler {text!r}: local:N needs N >= 1", hint="local:2")
        return LOCAL, int(count)
    if "://" not in text:
        raise UsageError(
            f"--scheduler {text!r}: neither local[:N] nor a scheduler address",
            hint="--scheduler local:4 or --scheduler tcp://HOST:8786",
        )
    return text, None


def require_dask() -> Any:
    """``dask.distributed``, or a usage error that says how to install it."""
    try:
        import distributed
    except ImportError:
        raise UsageError("--scheduler needs dask.distributed, not installed", hint=HINT) from None
    return distributed


def on_dask(
    job: Job, items: Sequence[Item], scheduler: str, run: Runner = check_source
) -> Iterator[tuple[int, SourceResult]]:
    """Results as the cluster finishes them: (source index, result), any order. ``run``
    (a module-level function like ``check_source``) replaces the check in tests."""
    distributed = require_dask()
    kind, count = parse_scheduler(scheduler)
    with ExitStack() as stack:
        client = stack.enter_context(_client(distributed, kind, count))
        shared = client.scatter(job, broadcast=True)
        futures = [client.submit(run, shared, item.path, item.format, pure=False) for item in items]
        index = {future.key: i for i, future in enumerate(futures)}
        for future in distributed.as_completed(futures, loop=client.loop):
            i = index[future.key]
            try:
                result = future.result()
            except Exception as exc:  # a lost worker (KilledWorker) or a failed task
                result = stopped(items[i].path, f"{type(exc).__name__}: {exc}")
            future.release()
            yield i, result


def _client(distributed: Any, kind: str, count: int | None) -> AbstractContextManager[Any]:
    """A client of a new local cluster (closed with it) or of the scheduler at ``kind``."""
    if kind != LOCAL:
        try:
            client = distributed.Client(kind, timeout="10s", set_as_default=False)
        except OSError as exc:
            hint = f"is a scheduler running there? (dask scheduler; dask worker {kind})"
            raise UsageError(f"--scheduler {kind}: cannot connect ({exc})", hint=hint) from None
        return client  # type: ignore[no-any-return]
    return LocalClient(distributed, count)


class LocalClient:
    """A ``LocalCluster`` and its client, both closed on exit."""

    def __init__(self, distributed: Any, count: int | None) -> None:
        import logging

        from taxonomist.check.scale import cores

        self._cluster = distributed.LocalCluster(
            n_workers=count or cores(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,
        )
        try:
            self._client = distributed.Client(self._cluster, set_as_default=False)
        except BaseException:
            self._cluster.close()
            raise

    def __enter__(self) -> Any:
        return self._client

    def __exit__(self, *exc: object) -> None:
        try:
            self._client.close()
        finally:
            self._cluster.close()
