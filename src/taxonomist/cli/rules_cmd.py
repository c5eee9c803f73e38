"""``taxonomist rules [CODE]``: the catalogue of check and taxonomy lint codes, or one code
explained."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from taxonomist.core.codes import CodeDoc


def _table(docs: list[CodeDoc]) -> str:
    width = max((len(d.name) for d in docs), default=0)
    lines = [
        f"{d.code}  {d.name.ljust(width)}  {d.severity.label.ljust(7)}  {d.summary}" for d in docs
    ]
    return "\n".join(lines) + "\n"


def _explain(doc: CodeDoc) -> str:
    parts = [
        f"{doc.code} {doc.name} ({doc.family}, {doc.severity.label} by default)",
        "",
        doc.summary,
        "",
        "Why: " + doc.why,
        "",
        "Bad:",
        _indent(doc.bad),
        "",
        "Good:",
        _indent(doc.good),
    ]
    return "\n".join(parts) + "\n"


def _indent(text: str) -> str:
    return "\n".join("    " + line for line in text.splitlines())


def rules_command(
    code: Annotated[
        str | None,
        typer.Argument(help="A code (G002, T201) or name (box-outside-image) to explain."),
    ] = None,
) -> None:
    """List every check and taxonomy lint code, or explain one: why it matters, a bad and a
    good example."""
    from taxonomist.check.catalogue import catalogue, find
    from taxonomist.core.errors import UsageError

    if code is None:
        sys.stdout.write(_table(list(catalogue().values())))
        return
    doc = find(code)
    if doc is None:
        raise UsageError(
            f"no check or lint code {code!r}", hint="run 'taxonomist rules' to list them"
        )
    sys.stdout.write(_explain(doc))


def register(app: typer.Typer) -> None:
    app.command("rules")(rules_command)
