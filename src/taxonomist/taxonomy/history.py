"""The earlier versions of a taxonomy, newest first, and where each is kept.

They are found, in this order of preference:

1. ``previous:``: a file (relative to the taxonomy that names it) or ``git:REF:path``,
   followed through each previous version's own ``previous:``;
2. else ``changelog:``: git revisions, each read as ``git:REV:<this file's path in the
   repository>``;
3. else the repository's ``v*`` tags (newest version first), when the taxonomy is in a git
   work tree. A tag at which the file did not exist yet ends the history there: the
   taxonomy is younger than the repository.

What the taxonomy names itself (1 and 2) must load: a version that does not is an
``InvalidInput`` naming it and why, never a silently shorter history. Tags are only found,
not named, and an old tag may hold a taxonomy today's taxonomist no longer reads: the
history then ends there, and ``History.stopped`` says where and why (the site shows it). A
repeated version (two tags of one release) is listed once, and at most ``LIMIT`` versions
are read.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from taxonomist.core import git
from taxonomist.core.errors import InvalidInput, TaxonomistError
from taxonomist.core.findings import Severity
from taxonomist.taxonomy.change.source import is_revision, load_any, split
from taxonomist.taxonomy.resolved import Taxonomy

LIMIT = 20
GIT = "git:"


@dataclass(frozen=True, slots=True)
class Version:
    """One earlier version: how to load it again (an absolute path, or ``git:REF:`` one;
    ``shown`` makes it relative for people) and what it is."""

    spec: str
    taxonomy: Taxonomy


@dataclass(frozen=True, slots=True)
class History:
    """The earlier versions, newest first, and why they end early ("" when they do not)."""

    versions: tuple[Version, ...]
    stopped: str = ""


class _Ends(Exception):
    """A found (not named) version cannot be read: the history ends before it."""


def history(taxonomy: Taxonomy, *, limit: int = LIMIT) -> History:
    """The earlier versions of ``taxonomy``, newest first (at most ``limit``)."""
    found: list[Version] = []
    seen = {taxonomy.version}
    try:
        for version in _candidates(taxonomy):
            if version.taxonomy.version in seen:
                continue
            seen.add(version.taxonomy.version)
            found.append(version)
            if len(found) >= limit:
                break
    except _Ends as end:
        return History(tuple(found), str(end))
    return History(tuple(found))


def locate(taxonomy: Taxonomy, version: str) -> str | None:
    """Where version ``version`` of ``taxonomy`` is kept (a path or ``git:REF:path``): in
    its history, else at a ``v<version>`` tag. None when neither holds it or the history
    cannot be read; never raises. Remembered per file and version (checks ask per file)."""
    key = (taxonomy.path, taxonomy.version, version)
    if key not in _LOCATED:
        _LOCATED[key] = _history_spec(taxonomy, version) or _tag_spec(taxonomy.path, version)
    return _LOCATED[key]


_LOCATED: dict[tuple[Path, str, str], str | None] = {}


def _history_spec(taxonomy: Taxonomy, version: str) -> str | None:
    if taxonomy.previous is None and not taxonomy.changelog:
        return None  # the tags are the history: looked up directly, nothing loaded
    try:
        found = history(taxonomy).versions
        return next((v.spec for v in found if v.taxonomy.version == version), None)
    except TaxonomistError:
        return None


def _candidates(taxonomy: Taxonomy) -> Iterator[Version]:
    if taxonomy.previous is not None:
        yield from _chain(taxonomy)
    elif taxonomy.changelog:
        _need_repository(taxonomy.path)
        for rev in taxonomy.changelog:
            spec = f"{GIT}{rev}:{taxonomy.path.resolve()}"
            yield Version(spec, _load(spec, f"changelog: of {shown(str(taxonomy.path))}"))
    else:
        yield from _tags(taxonomy.path)


def _chain(taxonomy: Taxonomy) -> Iterator[Version]:
    """``previous:`` after ``previous:``; a relative path inside a git revision stays in
    that revision."""
    where, named_by, previous = (
        str(taxonomy.path.resolve()),
        shown(str(taxonomy.path)),
        taxonomy.previous,
    )
    visited: set[str] = set()
    while previous is not None and len(visited) < LIMIT:
        spec = _join(where, previous)
        if spec in visited:
            return  # a cycle: every version in it is listed already
        visited.add(spec)
        loaded = _load(spec, f"previous: of {named_by}")
        yield Version(spec, loaded)
        where, named_by, previous = spec, shown(spec), loaded.previous


def previous_spec(taxonomy: Taxonomy) -> str | None:
    """Where the taxonomy's ``previous:`` version lives, as ``load_any`` reads it."""
    if taxonomy.previous is None:
        return None
    where = str(taxonomy.path)
    return _join(where if is_revision(where) else str(taxonomy.path.resolve()), taxonomy.previous)


def _join(where: str, previous: str) -> str:
    """``previous`` as named from the file ``where`` (an absolute path, or ``git:REF:`` one):
    relative paths, inside ``git:REF:path`` too, are read from the naming file's folder."""
    folder = Path(split(where)[1]).parent if is_revision(where) else Path(where).parent
    if is_revision(previous):
        ref, inside = split(previous)
        return f"{GIT}{ref}:{_absolute(folder, inside)}"
    if is_revision(where):
        return f"{GIT}{split(where)[0]}:{_absolute(folder, previous)}"
    return str(_absolute(folder, previous))


def _absolute(folder: Path, path: str) -> Path:
    return Path(posixpath.normpath((folder / path).as_posix()))


def shown(spec: str) -> str:
    """``spec`` as a person types it here: paths relative to the working folder."""
    if is_revision(spec):
        ref, inside = split(spec)
        return f"{GIT}{ref}:{_relative(Path(inside))}"
    return _relative(Path(spec))


def _relative(path: Path) -> str:
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _load(spec: str, named_by: str) -> Taxonomy:
    try:
        return load_any(spec)
    except TaxonomistError as error:
        raise InvalidInput(
            f"{shown(spec)} ({named_by}) cannot be loaded: {_reason(error)}",
            hint=error.hint or "fix the path or revision, or remove it from the history",
        ) from None


def _reason(error: TaxonomistError) -> str:
    """The first thing wrong, in one line (a lint error's own message, not its count)."""
    found = [f for f in getattr(error, "findings", ()) if f.severity >= Severity.ERROR]
    text = found[0].message if found else error.message
    return text.splitlines()[0] if text else type(error).__name__


def _need_repository(path: Path) -> None:
    if git.toplevel(path) is None:
        raise InvalidInput(
            f"{shown(str(path))}: changelog: names git revisions, but the file is not in a git "
            "work tree",
            hint="use previous: with a file path, or keep the taxonomy in git",
        )


def _tags(path: Path) -> Iterator[Version]:
    root = git.toplevel(path)
    if root is None:
        return
    relative = path.resolve().relative_to(root.resolve()).as_posix()
    for tag in git.version_tags(root)[: LIMIT + 1]:
        if not _holds(root, tag, relative):
            return
        spec = f"{GIT}{tag}:{path.resolve()}"
        try:
            yield Version(spec, _load(spec, f"tag {tag}"))
        except InvalidInput as error:
            raise _Ends(f"the history ends here: {error.message}") from None


def _tag_spec(path: Path, version: str) -> str | None:
    """``git:v<version>:path`` when that tag exists and holds the file, without loading it."""
    tag = f"v{version}"
    try:
        root = git.toplevel(path)
        if root is None:
            return None
        relative = path.resolve().relative_to(root.resolve()).as_posix()
        return f"{GIT}{tag}:{path.resolve()}" if _holds(root, tag, relative) else None
    except (TaxonomistError, ValueError):
        return None


def _holds(root: Path, ref: str, relative: str) -> bool:
    try:
        commit = git.resolve_revision(root, ref)
    except TaxonomistError:
        return False
    return relative in git.files_at(root, commit, [relative])
