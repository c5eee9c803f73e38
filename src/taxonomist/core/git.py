"""Reading a repository's history: files at a revision, and its version tags.

Every call runs ``git`` with a fixed argument list (never a shell), with the pager, prompts
and the user's external diff tools off, and turns each failure into a one-line
``InvalidInput`` naming the revision and a hint.
"""

from __future__ import annotations

import io
import os
import posixpath
import shutil
import subprocess
import tarfile
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

from taxonomist.core.errors import InvalidInput, UsageError

MAX_ARCHIVE_BYTES = 512 * 1024 * 1024
_ENV = {"GIT_PAGER": "cat", "GIT_TERMINAL_PROMPT": "0", "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}


def _git(args: list[str], cwd: Path, *, binary: bool = False) -> bytes:
    exe = shutil.which("git")
    if exe is None:
        raise UsageError("git is not installed", hint="install git to read git:REF:path")
    env = {**os.environ, **_ENV}
    try:
        done = subprocess.run(
            [exe, "-C", str(cwd), *args], capture_output=True, env=env, check=False, timeout=120
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        raise InvalidInput(f"git {args[0]} failed: {error}") from None
    if done.returncode != 0:
        detail = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise InvalidInput(f"git {args[0]}: {detail[-1] if detail else 'failed'}")
    return done.stdout if binary else done.stdout.strip()


def toplevel(where: Path) -> Path | None:
    """The work tree holding ``where``, or None outside one."""
    start = where if where.is_dir() else where.parent
    try:
        return Path(_git(["rev-parse", "--show-toplevel"], start).decode())
    except (InvalidInput, UsageError):
        return None


def resolve_revision(root: Path, ref: str) -> str:
    """The commit ``ref`` names, or an error saying it names none."""
    if ref.startswith("-"):
        raise UsageError(f"git revision {ref!r} is not a revision", hint="e.g. git:v1.0.0:path")
    try:
        return _git(["rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}"], root).decode()
    except InvalidInput:
        raise InvalidInput(
            f"git:{ref}: no such revision in {root}",
            hint="name a tag, branch or commit (git tag --list, git log --oneline)",
        ) from None


def files_at(root: Path, commit: str, paths: Iterable[str]) -> list[str]:
    """The files under ``paths`` (repository-relative) at ``commit``."""
    listing = _git(["ls-tree", "-r", "--name-only", "-z", commit, "--", *paths], root, binary=True)
    return [p for p in listing.decode("utf-8", "replace").split("\0") if p]


def extract(root: Path, commit: str, paths: list[str], target: Path) -> None:
    """Write ``paths`` as they were at ``commit`` under ``target`` (same relative layout)."""
    if not paths:
        return
    data = _git(["archive", "--format=tar", commit, "--", *paths], root, binary=True)
    if len(data) > MAX_ARCHIVE_BYTES:
        raise InvalidInput(f"git:{commit[:12]}: the taxonomy's files exceed 512 MiB")
    with tarfile.open(fileobj=io.BytesIO(data)) as archive:
        for member in archive.getmembers():
            _check_member(member)
        if hasattr(tarfile, "data_filter"):  # Python 3.11.4 and later
            archive.extractall(target, filter="data")
        else:  # every member was checked above: no absolute path, no "..", no link out
            archive.extractall(target)


def _check_member(member: tarfile.TarInfo) -> None:
    name = PurePosixPath(member.name)
    if name.is_absolute() or ".." in name.parts:
        raise InvalidInput(f"git archive holds an unsafe path {member.name!r}")
    if not (member.isfile() or member.isdir() or member.issym()):
        raise InvalidInput(f"git archive holds a special file {member.name!r}")
    if member.issym() and _escapes(name.parent, member.linkname):
        raise InvalidInput(f"git archive holds a link out of the repository {member.name!r}")


def _escapes(folder: PurePosixPath, link: str) -> bool:
    """Whether a symbolic link in ``folder`` points outside the archive's root."""
    if PurePosixPath(link).is_absolute():
        return True
    target = posixpath.normpath(posixpath.join(str(folder), link))
    return target == ".." or target.startswith("../")


def version_tags(root: Path, pattern: str = "v*") -> list[str]:
    """Tags matching ``pattern``, newest version first."""
    out = _git(["tag", "--list", "--sort=-v:refname", pattern], root).decode()
    return [line for line in out.splitlines() if line]
