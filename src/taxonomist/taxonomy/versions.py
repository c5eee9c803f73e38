"""Taxonomy versions (``version:``, semver): the one place that compares two of them.

A breaking change needs a major bump; before 1.0.0 a minor bump counts as major (``0.3`` to
``0.4`` may break, ``0.3.1`` to ``0.3.2`` may not), as Cargo and npm read semver.
Pre-release and build parts are ignored for the size of a bump.
"""

from __future__ import annotations

import re

_SEMVER = re.compile(
    r"^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$"
)

MAJOR = "major"
MINOR = "minor"
PATCH = "patch"
NONE = "none"
DOWNGRADE = "downgrade"
LEVELS = (NONE, PATCH, MINOR, MAJOR)  # from least to most


def parse(text: str) -> tuple[int, int, int] | None:
    """``(major, minor, patch)``, or None for text that is not a version."""
    found = _SEMVER.match(text.strip()) if isinstance(text, str) else None
    if found is None:
        return None
    return int(found.group(1)), int(found.group(2)), int(found.group(3))


def compatibility(version: tuple[int, int, int]) -> tuple[int, ...]:
    """The part of a version that must match for files to stay valid: the major number,
    or major and minor before 1.0.0."""
    return version[:1] if version[0] > 0 else version[:2]


def bump(old: str, new: str) -> str:
    """How far ``new`` moved from ``old``: major, minor, patch, none or downgrade (in the
    0.x reading, a minor step is major and a patch step minor)."""
    a, b = parse(old), parse(new)
    if a is None or b is None:
        return NONE if old == new else MAJOR
    if b < a:
        return DOWNGRADE
    if b == a:
        return NONE
    if compatibility(a) != compatibility(b):
        return MAJOR
    if a[0] == 0:
        return MINOR if a[2] != b[2] else NONE
    return MINOR if a[1] != b[1] else PATCH


def satisfies(actual: str, required: str) -> bool:
    """Whether a bump of size ``actual`` is enough for changes needing ``required``."""
    if actual == DOWNGRADE:
        return False
    return LEVELS.index(actual) >= LEVELS.index(required)


def major_of(text: str) -> int | None:
    found = parse(text)
    return None if found is None else found[0]


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
