"""``taxonomist export TAXONOMY --to TARGET [-o FILE]``: compile the
taxonomy into a labeling tool's config. The targets are the keys of
``taxonomist.interop.export.EXPORTERS``; output is deterministic and written atomically."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from taxonomist.cli._output import write_output
from taxonomist.core.errors import ExitCode
from taxonomist.interop.export import EXPORTERS

TaxonomyArg = Annotated[
    Path,
    typer.Argument(
        metavar="TAXONOMY",
        help="The taxonomy YAML, or a built-in (builtin:coco; see list-taxonomies).",
    ),
]
ToOpt = Annotated[
    str, typer.Option("--to", help="Target: " + ", ".join(EXPORTERS), show_default=False)
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")
]


def register(app: typer.Typer) -> None:
    """Add the ``export`` command to ``app``."""
    app.command(name="export", help=_help())(export_command)


def _help() -> str:
    return "Compile the taxonomy into a labeling-tool config (" + ", ".join(EXPORTERS) + ")."


def export_command(taxonomy: TaxonomyArg, *, to: ToOpt, output: OutputOpt = None) -> None:
    """Export TAXONOMY as a --to config."""
    from taxonomist.core.errors import UsageError
    from taxonomist.interop.export import exporter
    from taxonomist.taxonomy import load
    from taxonomist.taxonomy.library import resolve

    if to not in EXPORTERS:
        raise UsageError(
            f"unknown export target {to!r}", hint="use one of: " + ", ".join(EXPORTERS)
        )
    taxonomy = resolve(taxonomy)
    if not taxonomy.is_file():
        raise UsageError(f"{taxonomy}: no such file", hint="give the taxonomy YAML file")
    write_output(exporter(to).export(load(taxonomy)), output)
    raise typer.Exit(ExitCode.OK)
