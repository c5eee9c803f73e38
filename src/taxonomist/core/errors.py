"""The exceptions taxonomist raises. Exceptions mean *stop*; problems in data are findings.

    TaxonomistError            base; never shown with a traceback
    +-- InvalidInput           exit 2: the user gave us something we cannot work with
    |   +-- TaxonomyInvalid    the taxonomy has error-level lint findings (carries them)
    |   +-- UnsafeInput        refused on purpose (alias bomb, decompression bomb, path escape)
    +-- UsageError             exit 2: wrong flags, missing paths
    +-- InternalError          exit 3: a bug in taxonomist

``ExitCode`` is the one table of exit codes; the CLI maps exceptions to them at one boundary
(``taxonomist.cli.errors``).
"""

from __future__ import annotations

from enum import IntEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from taxonomist.core.findings import Finding


class ExitCode(IntEnum):
    """What a taxonomist process tells its caller (a CI job tells 'data is wrong' from
    'tool failed' by it)."""

    OK = 0  # everything named was read and checked; nothing at the failing severity
    FINDINGS = 1  # findings at or above the failing severity
    INVALID = 2  # invalid input or usage: nothing (or not everything) could be checked
    INTERNAL = 3  # a bug in taxonomist
    INTERRUPTED = 130  # Ctrl-C, as shells report SIGINT
    TERMINATED = 143  # SIGTERM, as shells report it


class TaxonomistError(Exception):
    """Base of every error taxonomist raises on purpose."""

    exit_code = ExitCode.INTERNAL

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message if self.hint is None else f"{self.message}\n  hint: {self.hint}"


class InvalidInput(TaxonomistError):
    """Input that cannot be used: exit code 2."""

    exit_code = ExitCode.INVALID


class TaxonomyInvalid(InvalidInput):
    """The taxonomy failed to load; ``findings`` say where and why."""

    def __init__(self, message: str, findings: tuple[Finding, ...]) -> None:
        super().__init__(message)
        self.findings = findings


class UnsafeInput(InvalidInput):
    """Input refused on purpose because processing it would be unsafe or unbounded."""


class UsageError(TaxonomistError):
    """Wrong command-line usage: exit code 2."""

    exit_code = ExitCode.INVALID


class InternalError(TaxonomistError):
    """A bug in taxonomist: exit code 3."""

    exit_code = ExitCode.INTERNAL
