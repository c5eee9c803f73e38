"""Run every rule over every dataset, then apply severities, selection and the baseline.

    paths --discover--> sources --reader--> datasets --rules--> findings
          --overrides (taxonomy, then --select/--ignore)--> baseline filter --> Report

Checks are plain records (``Check``: the codes one pass reports and the function that runs
it) listed by each family module's ``CHECKS`` tuple; the families are listed in
``taxonomist.check.rules.FAMILIES``. Every check runs; ``--select``/``--ignore`` choose
among the findings, by code or name (an edge-case finding's name is its rule's id).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import get_close_matches
from functools import partial
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from taxonomist.check.attributes import drop_unanswered
from taxonomist.check.boxes import boxes_to_pixels
from taxonomist.check.context import Check, Context
from taxonomist.check.matching import match_dataset
from taxonomist.check.rules import FAMILIES
from taxonomist.core.errors import InternalError, TaxonomistError, UsageError
from taxonomist.core.findings import Finding, Location, Severity
from taxonomist.dataset.model import Dataset
from taxonomist.taxonomy.resolved import Taxonomy

if TYPE_CHECKING:
    from taxonomist.check.rules.images.summary import ImageRun

SourceCallback = Callable[[str, str, str], None]  # path, format, reason
Off = Literal["off"]


def all_checks() -> tuple[Check, ...]:
    """Every check of every family, in the order they run."""
    checks: list[Check] = []
    for module_name in FAMILIES:
        checks.extend(import_module(module_name).CHECKS)
    return tuple(checks)


def make_context(taxonomy: Taxonomy, dataset: Dataset, images: ImageRun | None = None) -> Context:
    """The context checks read: the dataset with every category matched to a class, and
    the run's image settings (``images``; None: no image checks)."""
    classes = tuple(taxonomy.classes.values())
    matches, category_class, object_class = match_dataset(taxonomy, dataset, classes)
    ctx = Context(taxonomy, dataset, classes, category_class, object_class, images=images)
    ctx.cache["matches"] = matches
    boxes_to_pixels(ctx)
    drop_unanswered(dataset.objects)
    return ctx


def check_dataset(
    taxonomy: Taxonomy, dataset: Dataset, images: ImageRun | None = None
) -> list[Finding]:
    """The reader's findings for ``dataset`` plus every check's, before any filtering
    (the image checks' per-image ones too when ``images`` is given; what needs the whole
    run, such as duplicates, is in ``images.summaries`` for ``images.summary.reduce``)."""
    return list(stream_dataset(taxonomy, dataset, images))


def stream_dataset(
    taxonomy: Taxonomy, dataset: Dataset, images: ImageRun | None = None
) -> Iterator[Finding]:
    """As ``check_dataset``, one finding at a time as the checks make them, so a run can
    count millions of findings without holding them."""
    with bulk_memory():
        yield from stream_context(make_context(taxonomy, dataset, images))


def stream_context(ctx: Context) -> Iterator[Finding]:
    """The reader's findings and every check's on a context already made (for a caller
    that reads the context too, so the dataset is matched to the taxonomy once)."""
    yield from ctx.dataset.findings
    for check in all_checks():
        for finding in check.run(ctx):
            if not ctx.told_elsewhere(finding):
                yield finding


@dataclass(frozen=True, slots=True)
class Selection:
    """Which codes a run reports, and at what severity."""

    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, finding: Finding) -> bool:
        return self.wants_code(finding.code, finding.name)

    def wants_code(self, code: str, name: str) -> bool:
        """Whether findings of ``code`` named ``name`` are reported."""
        if self.select and not _matches_any(code, name, self.select):
            return False
        return not _matches_any(code, name, self.ignore)

    def validate(self, taxonomy: Taxonomy) -> None:
        """Refuse a code, prefix or name nothing can match: a mistyped ``--select ZZZ`` would
        otherwise hide every finding and pass the gate."""
        if not (self.select or self.ignore):  # the catalogue imports every code module
            return
        from taxonomist.check.catalogue import catalogue

        known = catalogue()
        codes = list(known)
        names = sorted({doc.name for doc in known.values()} | set(taxonomy.rules))
        for option, values in (("--select", self.select), ("--ignore", self.ignore)):
            for value in values:
                if not any(c.startswith(value.upper()) for c in codes) and value not in names:
                    raise UsageError(
                        f"{option} {value!r}: no code, code prefix or name matches it",
                        hint=_did_you_mean(value, codes, names),
                    )


def _did_you_mean(value: str, codes: list[str], names: list[str]) -> str:
    close = get_close_matches(value.upper(), codes, n=2) + get_close_matches(value, names, n=2)
    close = close or [c for c in codes if c[:1] == value[:1].upper()][:3]
    listing = "'taxonomist rules' lists every code and name"
    if not close:
        return listing
    return "did you mean " + " or ".join(repr(c) for c in close) + f"? {listing}"


def _matches_any(code: str, name: str, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(p.upper()) or name == p for p in prefixes)


def apply_overrides(taxonomy: Taxonomy, findings: Iterable[Finding]) -> list[Finding]:
    """Severities set by the taxonomy's ``checks:`` section (by code or name); 'off' drops."""
    if not taxonomy.check_overrides:
        return list(findings)
    return [f for f in map(partial(overridden, taxonomy), findings) if f is not None]


def overridden(taxonomy: Taxonomy, finding: Finding) -> Finding | None:
    """``finding`` at the severity the taxonomy's ``checks:`` sets for it; None for 'off'."""
    severity = severity_override(taxonomy, finding.code, finding.name)
    if severity is None:
        return finding
    return None if severity == "off" else finding.with_severity(severity)


def severity_override(taxonomy: Taxonomy, code: str, name: str) -> Severity | Off | None:
    """The severity the taxonomy's ``checks:`` sets for ``code`` or ``name``, if any."""
    overrides = taxonomy.check_overrides
    override = (overrides.get(code) or overrides.get(name)) if overrides else None
    if override is None:
        return None
    return "off" if override.severity == "off" else Severity.parse(override.severity)


@contextmanager
def bulk_memory() -> Iterator[None]:
    """Pause the cyclic collector and numpy's huge-page advice while columns are built and
    checked (both restored after).

    Rules and readers allocate big columns, not cycles: a collection would only walk the
    dataset's million-item lists again. The columns are written once, front to back, so
    huge pages bring little, while each first touch of one zeroes (and may first compact)
    2 MB: on a 1M-annotation COCO file that was ~0.5 s of kernel time in a VM."""
    try:
        from numpy._core import multiarray  # numpy 2
    except ImportError:  # numpy 1.26, the oldest pyproject.toml admits
        from numpy.core import multiarray  # type: ignore[no-redef]

    from taxonomist.core.memory import gc_paused

    advise = getattr(multiarray, "_set_madvise_hugepage", None)
    before = advise(False) if advise is not None else None
    try:
        with gc_paused():
            yield
    finally:
        if advise is not None:
            advise(before)


def read_source(path: Path, format_name: str) -> Iterable[Dataset]:
    """Datasets from one source; a reader that gives up becomes a finding, not a stop, and
    so does a reader that crashes (a bug, reported as ``F030`` for this file alone, so one
    file that trips a bug never hides the findings of the others). Only ``BaseException``
    outside ``Exception`` (Ctrl-C, ``SystemExit``) stops the run. A big file read in parts
    comes as an iterator that builds each part when asked (``_parts``)."""
    from taxonomist.formats import reader

    try:
        with bulk_memory():
            datasets = reader(format_name).read(path)
            if isinstance(datasets, list):
                return datasets
    except InternalError as exc:
        return [_crashed(path, format_name, exc)]
    except TaxonomistError as exc:
        return [_failed(path, format_name, exc)]
    except Exception as exc:  # the safety net: any bug becomes this file's finding
        return [_crashed(path, format_name, exc)]
    return _parts(path, format_name, iter(datasets))


def _parts(path: Path, format_name: str, parts: Iterator[Dataset]) -> Iterator[Dataset]:
    """The parts one at a time (the next is built without this one alive), with the same
    safety net: a crash after some parts becomes this file's finding beside theirs."""
    try:
        while True:
            with bulk_memory():
                dataset = next(parts, None)
            if dataset is None:
                return
            yield dataset
            del dataset
    except InternalError as exc:
        yield _crashed(path, format_name, exc)
    except TaxonomistError as exc:
        yield _failed(path, format_name, exc)
    except Exception as exc:  # the safety net: any bug becomes this file's finding
        yield _crashed(path, format_name, exc)


def _failed(path: Path, format_name: str, exc: TaxonomistError) -> Dataset:
    from taxonomist.formats.codes import FILE_UNREADABLE

    finding = FILE_UNREADABLE.finding(exc.message, Location(file=str(path)), hint=exc.hint)
    return Dataset.empty(str(path), format_name, [finding])


def _crashed(path: Path, format_name: str, exc: Exception) -> Dataset:
    from taxonomist.formats.codes import BUG_HINT, READER_FAILED, bug_message

    message = bug_message(f"the {format_name} reader failed on this file", exc)
    finding = READER_FAILED.finding(message, Location(file=str(path)), hint=BUG_HINT)
    return Dataset.empty(str(path), format_name, [finding])
