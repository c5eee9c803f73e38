"""``taxonomist lock TAXONOMY [--check] [-o FILE]``: write the taxonomy's id lock
(``NAME.yaml`` -> ``NAME.lock``, ``taxonomy.lock``), or check that it is up to date.

Writing keeps the lock's retired ids and adds the ids of classes that are gone; it refuses
(exit 1, each contradiction listed) to write over a lock the taxonomy contradicts (an id
reused, a locked number changed, a locked class deleted) unless the taxonomy's major version
is higher than the lock's, and a retired id taken again always. ``--check`` writes nothing:
exit 0 when the lock is what ``taxonomist lock`` would write, 1 when it is missing or stale
(what differs is listed), for CI and pre-commit. The taxonomy must otherwise lint without
errors (exit 2 with its findings); its disagreements with the lock are what this command is
for, so they do not stop it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taxonomist.core.errors import ExitCode
from taxonomist.core.text import printable

if TYPE_CHECKING:
    from taxonomist.taxonomy.lock import Lock
    from taxonomist.taxonomy.lock_diff import LockChange
    from taxonomist.taxonomy.resolved import Taxonomy

TaxonomyArg = Annotated[Path, typer.Argument(metavar="TAXONOMY", help="The taxonomy YAML file.")]
CheckOpt = Annotated[
    bool,
    typer.Option("--check", help="Write nothing; exit 1 when the lock is missing or stale."),
]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="The lock file (default: TAXONOMY with .lock)."),
]
_LOCK_CODES = frozenset({"T306", "T307", "T308", "T309", "T906"})  # what this command settles


def register(app: typer.Typer) -> None:
    """Add the ``lock`` command to ``app``."""
    app.command(name="lock")(lock_command)


def lock_command(
    taxonomy: TaxonomyArg, *, check: CheckOpt = False, output: OutputOpt = None
) -> None:
    """Write TAXONOMY's id lock (class ids, YOLO indices, id-space values, label names)."""
    from taxonomist.taxonomy.lock import build_lock, render_lock

    path, target = _paths(taxonomy, output)
    existing = _existing(target)
    loaded = replace(_taxonomy(path), lock=existing)
    lock = build_lock(loaded, existing, target)
    text = render_lock(lock, path.name)
    _round_trip(text, target)
    if check:
        raise typer.Exit(_check(existing, lock, text, target))
    raise typer.Exit(_write(existing, lock, text, target))


def _paths(taxonomy: Path, output: Path | None) -> tuple[Path, Path]:
    from taxonomist.core.errors import UsageError
    from taxonomist.taxonomy.library import resolve
    from taxonomist.taxonomy.lock import lock_file_for

    path = resolve(taxonomy)
    target = lock_file_for(path)
    if target is None:
        raise UsageError(
            f"{taxonomy} is a built-in taxonomy, which has no lock",
            hint="lock your own taxonomy file, which may extend: builtin:NAME",
        )
    if not path.is_file():
        raise UsageError(f"{taxonomy}: no such file", hint="give the taxonomy YAML file")
    return path, target if output is None else output


def _existing(target: Path) -> Lock | None:
    from taxonomist.core.errors import InvalidInput
    from taxonomist.taxonomy.lock import read_lock

    if not _exists(target):
        return None
    lock, problems = read_lock(target)
    if lock is None:
        problem = problems[0]
        raise InvalidInput(
            f"{problem.location.describe()}: {problem.message}",
            hint="restore the lock from version control; or delete it and run taxonomist lock "
            "again, which forgets the ids it retired",
        )
    return lock


def _exists(path: Path) -> bool:
    try:
        return path.exists() or path.is_symlink()
    except (OSError, ValueError):
        return False


def _taxonomy(path: Path) -> Taxonomy:
    """The taxonomy, refused (exit 2) for any error except its disagreements with the lock."""
    from taxonomist.core.errors import TaxonomyInvalid
    from taxonomist.core.findings import Severity
    from taxonomist.taxonomy import lint_file

    taxonomy, findings = lint_file(path)
    errors = tuple(
        f for f in findings if f.severity >= Severity.ERROR and f.code not in _LOCK_CODES
    )
    if taxonomy is None or errors:
        count = len(errors)
        message = f"{path}: taxonomy has {count} error{'s' if count != 1 else ''}"
        raise TaxonomyInvalid(message, errors)
    return taxonomy


def _round_trip(text: str, target: Path) -> None:
    """The lock must read back as written (a stable id too large for any tool would not)."""
    from taxonomist.core.errors import InvalidInput
    from taxonomist.taxonomy.lock import parse_lock

    lock, problems = parse_lock(text, target)
    if lock is None:
        raise InvalidInput(
            f"{target}: the lock would not read back: {problems[0].message}",
            hint="keep stable ids and id-space values within 0..2**63-1",
        )


def _check(existing: Lock | None, lock: Lock, text: str, target: Path) -> int:
    from taxonomist.taxonomy.lock_diff import compare

    if existing is None:
        _show(f"{target}: missing; run taxonomist lock and commit it")
        return ExitCode.FINDINGS
    changes = compare(existing, lock)
    if not changes and _text(target) == text:
        _show(f"{target}: up to date")
        return ExitCode.OK
    _show(f"{target}: stale; run taxonomist lock and commit it")
    _list(changes, "  ", _show)
    if not changes:
        _show("  the file is not as taxonomist lock writes it")
    return ExitCode.FINDINGS


def _write(existing: Lock | None, lock: Lock, text: str, target: Path) -> int:
    from taxonomist.core.files import write_atomic
    from taxonomist.taxonomy.lock_diff import compare, refused

    changes = [] if existing is None else compare(existing, lock)
    blocked = [] if existing is None else refused(changes, existing, lock)
    if blocked:
        _say(f"taxonomist: {target}: not written; the taxonomy contradicts the lock:")
        _list(blocked, "  ")
        _say(
            "  hint: keep the locked ids and numbers; a breaking change needs a major version "
            "bump first (retired ids are never reused)"
        )
        return ExitCode.FINDINGS
    if existing is not None and _text(target) == text:
        _say(f"{target}: up to date")
        return ExitCode.OK
    write_atomic(target, text)
    _list(changes, "  ")
    _say(f"wrote {target} ({len(lock.classes)} classes, {len(lock.retired)} retired ids)")
    return ExitCode.OK


def _text(path: Path) -> str | None:
    from taxonomist.core.files import read_regular_text

    try:
        return read_regular_text(path, 64 * 1024 * 1024)
    except (OSError, ValueError):
        return None


def _list(changes: list[LockChange], indent: str, say: Callable[[str], None] | None = None) -> None:
    for change in changes:
        (say or _say)(f"{indent}{change.summary}")


def _say(text: str) -> None:
    """A line on standard error: what writing did, or why it did not."""
    sys.stderr.write(printable(text) + "\n")


def _show(text: str) -> None:
    """A line on standard output: the answer of --check."""
    sys.stdout.write(printable(text) + "\n")
