"""A taxonomy at a git revision (``git:REF:path``), so CI can diff against the merge base.

The revision's YAML files (bases and fragments may live anywhere in the repository), its id
locks, and the files under the taxonomy's own folder (rule examples) are written to a private
temporary folder and loaded from there; the loaded taxonomy names its files ``git:REF:path``.
"""

from __future__ import annotations

import tempfile
from dataclasses import replace
from pathlib import Path

from taxonomist.core import git
from taxonomist.core.errors import InvalidInput, UsageError
from taxonomist.core.findings import Severity
from taxonomist.taxonomy.resolved import Taxonomy

PREFIX = "git:"
_EVERYWHERE = (".yaml", ".yml", ".lock")  # taxonomies, fragments, bases, locks
_BESIDE = (".json", ".jsonl", ".png", ".jpg", ".jpeg", ".webp", ".txt")  # rule examples
# Findings about rule examples do not stop a diff: it reads the taxonomy, not its pictures.
_EXAMPLE_CODES = frozenset({"T212", "T501", "T502"})


def is_revision(spec: str | Path) -> bool:
    return str(spec).startswith(PREFIX)


def split(spec: str) -> tuple[str, str]:
    """``git:REF:path`` as ``(REF, path)``."""
    body = spec[len(PREFIX) :]
    ref, sep, path = body.partition(":")
    if not sep or not ref or not path:
        raise UsageError(
            f"{spec!r} is not git:REF:path",
            hint="e.g. git:v1.0.0:taxonomy.yaml or git:HEAD~1:t.yaml",
        )
    return ref, path


def load_any(spec: str | Path) -> Taxonomy:
    """A taxonomy from a file, a built-in name, or ``git:REF:path``."""
    if is_revision(spec):
        return load_revision(str(spec))
    from taxonomist.taxonomy import load

    return load(Path(spec))


def load_revision(spec: str, *, cwd: Path | None = None) -> Taxonomy:
    """The taxonomy ``git:REF:path`` names (path relative to ``cwd``, as git reads it)."""
    ref, given = split(spec)
    here = (cwd or Path.cwd()).resolve()
    wanted = (here / given).resolve() if not Path(given).is_absolute() else Path(given)
    folder = wanted.parent if wanted.parent.is_dir() else here
    root = git.toplevel(folder)
    if root is None:
        raise UsageError(
            f"{spec}: {folder} is not in a git work tree", hint="run it inside the repository"
        )
    try:
        relative = wanted.relative_to(root).as_posix()
    except ValueError:
        raise UsageError(f"{spec}: {given} is outside the repository {root}") from None
    commit = git.resolve_revision(root, ref)
    return _load_at(spec, root, commit, relative)


def _load_at(spec: str, root: Path, commit: str, relative: str) -> Taxonomy:
    listing = git.files_at(root, commit, ["."])
    if relative not in listing:
        raise InvalidInput(
            f"{spec}: no file {relative} at that revision",
            hint="git ls-tree -r --name-only REF lists the files it holds",
        )
    folder = relative.rsplit("/", 1)[0] + "/" if "/" in relative else ""
    wanted = [p for p in listing if p.endswith(_EVERYWHERE) or _beside(p, folder)]
    with tempfile.TemporaryDirectory(prefix="taxonomist-rev-") as tmp:
        git.extract(root, commit, wanted, Path(tmp))
        return _relabel(_lint(spec, Path(tmp) / relative), spec, Path(tmp))


def _beside(path: str, folder: str) -> bool:
    return path.startswith(folder) and path.endswith(_BESIDE)


def _lint(spec: str, path: Path) -> Taxonomy:
    from taxonomist.taxonomy import lint_file

    taxonomy, findings = lint_file(path)
    errors = [f for f in findings if f.severity >= Severity.ERROR and f.code not in _EXAMPLE_CODES]
    if taxonomy is None or errors:
        first = errors[0].message if errors else "it could not be read"
        count = len(errors)
        raise InvalidInput(
            f"{spec}: the taxonomy at that revision has {count or 1} error"
            f"{'s' if count > 1 else ''}; first: {first}",
            hint="diff against a revision whose taxonomy lints clean",
        )
    return taxonomy


def _relabel(taxonomy: Taxonomy, spec: str, tmp: Path) -> Taxonomy:
    """Name the revision's files ``git:REF:path`` instead of the deleted temporary copy."""
    ref = spec[len(PREFIX) :].partition(":")[0]

    def label(path: Path) -> Path:
        try:
            return Path(f"{PREFIX}{ref}:{path.relative_to(tmp).as_posix()}")
        except ValueError:
            return path

    return replace(taxonomy, path=Path(spec), files=tuple(label(p) for p in taxonomy.files))
