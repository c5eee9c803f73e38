"""Reporters: render a ``Report`` for people (text) or for CI (json, sarif, junit, github).

Each reporter is one module with ``render(report, *, color, verbose) -> str``; the registry
below is the one place that lists them. Reporters read findings only (``taxonomist.core``):
they never print, the CLI writes what they return.
"""

from __future__ import annotations

from importlib import import_module
from typing import Protocol

from taxonomist.core.errors import UsageError
from taxonomist.core.findings import Report

REPORTERS: dict[str, str] = {
    "text": "taxonomist.report.text",
    "json": "taxonomist.report.json",
    "sarif": "taxonomist.report.sarif",
    "junit": "taxonomist.report.junit",
    "github": "taxonomist.report.github",
}


class Reporter(Protocol):
    """What every reporter module provides."""

    def render(self, report: Report, *, color: bool = False, verbose: bool = False) -> str: ...


def render(name: str, report: Report, *, color: bool = False, verbose: bool = False) -> str:
    """Render ``report`` with the reporter called ``name`` (a key of ``REPORTERS``)."""
    try:
        module_name = REPORTERS[name]
    except KeyError:
        choices = ", ".join(REPORTERS)
        raise UsageError(f"unknown report format {name!r}", hint=f"use one of {choices}") from None
    reporter: Reporter = import_module(module_name)
    return reporter.render(report, color=color, verbose=verbose)
