"""Taxonomy versions (``version:``, semver): the one place that compares two of them.

A breaking change needs a major bump; before 1.0.0 a minor bump counts as major (``0.3`` to
``0.4`` may break, ``0.3.1`` to ``0.3.2`` may not), as Cargo and npm read semver.
Pre-releases order as semver says (``2.0.0-rc.1`` < ``2.0.0-rc.2`` < ``2.0.0``); a step
between pre-releases of one version, or from a pre-release to its release, is a bump of
whatever size that version is, so it satisfies any change (the release as a whole is
judged against the version before its first pre-release). A leading ``v`` (``v1.4.0``,
as tags and some files write it) is read as the version.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEMVER = re.compile(
    r"^[vV]?(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.-]+)?$"
)

MAJOR = "major"
MINOR = "minor"
PATCH = "patch"
NONE = "none"
DOWNGRADE = "downgrade"
PRERELEASE = "pre-release"  # between pre-releases of one version, or to its release
LEVELS = (NONE, PATCH, MINOR, MAJOR)  # from least to most


@dataclass(frozen=True, slots=True, order=True)
class Version:
    core: tuple[int, int, int]
    pre: tuple[tuple[int, int | str], ...]  # empty: a release, which sorts after its pre-releases


def read(text: str) -> Version | None:
    found = _SEMVER.match(text.strip()) if isinstance(text, str) else None
    if found is None:
        return None
    core = (int(found.group(1)), int(found.group(2)), int(found.group(3)))
    return Version(core, _pre(found.group(4)))


def _pre(text: str | None) -> tuple[tuple[int, int | str], ...]:
    """Semver precedence as a sort key: a release after any pre-release; numeric parts
    before alphanumeric ones, numbers by value."""
    if text is None:
        return ((2, 0),)
    return tuple((0, int(p)) if p.isdigit() else (1, p) for p in text.split("."))


def parse(text: str) -> tuple[int, int, int] | None:
    """``(major, minor, patch)``, or None for text that is not a version."""
    found = read(text)
    return None if found is None else found.core


def compatibility(version: tuple[int, int, int]) -> tuple[int, ...]:
    """The part of a version that must match for files to stay valid: the major number,
    or major and minor before 1.0.0."""
    return version[:1] if version[0] > 0 else version[:2]


def bump(old: str, new: str) -> str:
    """How far ``new`` moved from ``old``: major, minor, patch, pre-release, none or
    downgrade (in the 0.x reading, a minor step is major and a patch step minor)."""
    a, b = read(old), read(new)
    if a is None or b is None:
        return NONE if old == new else MAJOR
    if b < a:
        return DOWNGRADE
    if b == a:
        return NONE
    if a.core == b.core:
        return PRERELEASE
    if compatibility(a.core) != compatibility(b.core):
        return MAJOR
    if a.core[0] == 0:
        return MINOR if a.core[2] != b.core[2] else NONE
    return MINOR if a.core[1] != b.core[1] else PATCH


def satisfies(actual: str, required: str) -> bool:
    """Whether a bump of size ``actual`` is enough for changes needing ``required``."""
    if actual == DOWNGRADE:
        return False
    if actual == PRERELEASE:
        return True
    return LEVELS.index(actual) >= LEVELS.index(required)


def is_breaking_gap(old: str, new: str) -> bool:
    """Whether files made under ``old`` may be invalid under ``new`` (or the reverse): the
    versions differ in their major number (major and minor before 1.0.0)."""
    a, b = parse(old), parse(new)
    return a is not None and b is not None and compatibility(a) != compatibility(b)


def next_version(old: str, level: str) -> str:
    """The smallest version after ``old`` that is a ``level`` bump."""
    found = parse(old)
    if found is None:
        return old
    major, minor, patch = found
    if level == MAJOR:
        return f"{major + 1}.0.0" if major > 0 else f"0.{minor + 1}.0"
    if level == MINOR:
        return f"{major}.{minor + 1}.0" if major > 0 else f"0.{minor}.{patch + 1}"
    return f"{major}.{minor}.{patch + 1}"
