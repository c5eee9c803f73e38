"""``taxonomist import SOURCE FILE -o TAXONOMY.yaml``: a starter taxonomy from another class
list. The sources are the keys of ``taxonomist.interop.importers.IMPORTERS``."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from taxonomist.cli._output import write_output
from taxonomist.core.errors import ExitCode, InternalError, UsageError
from taxonomist.core.text import printable, shorten_values
from taxonomist.interop.importers import IMPORTERS, ImportOptions, importer
from taxonomist.interop.yaml_out import dump_yaml

SCHEMA_COMMENT = "yaml-language-server: $schema={}"


def register(app: typer.Typer) -> None:
    """Add the ``import`` command to ``app``."""
    app.command(name="import", help=_help())(import_command)


def _help() -> str:
    sources = ", ".join(IMPORTERS)
    return f"Start a taxonomy from another tool's class list (sources: {sources})."


SourceArg = Annotated[str, typer.Argument(metavar="SOURCE", help="One of: " + ", ".join(IMPORTERS))]
FileArg = Annotated[Path, typer.Argument(metavar="FILE", help="The class list to import.")]
OutputOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Taxonomy YAML to write (default: standard output)."),
]
NameOpt = Annotated[str | None, typer.Option("--name", help="Taxonomy name (default: from FILE).")]
NamesOpt = Annotated[
    Path | None,
    typer.Option(
        "--names",
        help="Open Images: class descriptions CSV (MID,DisplayName); a dataset folder as FILE "
        "finds its own.",
    ),
]
FormatOpt = Annotated[
    str | None,
    typer.Option("--format", help="dataset: read the files as this format (as check --format)."),
]
SchemaOpt = Annotated[
    str | None,
    typer.Option("--schema", help="Language schema path or URL for the editor modeline comment."),
]
ForceOpt = Annotated[bool, typer.Option("--force", help="Overwrite an existing output file.")]


def import_command(
    source: SourceArg,
    file: FileArg,
    *,
    output: OutputOpt = None,
    name: NameOpt = None,
    names: NamesOpt = None,
    file_format: FormatOpt = None,
    schema: SchemaOpt = None,
    force: ForceOpt = False,
) -> None:
    """Import SOURCE's FILE into a taxonomy document."""
    if source not in IMPORTERS:
        raise UsageError(f"unknown import source {source!r}; use one of: {', '.join(IMPORTERS)}")
    if output is not None and output.exists() and not force:
        raise UsageError(f"{output} exists; pass --force to overwrite it")
    result = importer(source).import_taxonomy(
        file, ImportOptions(name=name, names_file=names, format=file_format)
    )
    _validate(result.document)
    header = [SCHEMA_COMMENT.format(schema)] if schema else []
    text = dump_yaml(result.document, header)
    for note in result.notes:
        sys.stderr.write(f"note: {printable(shorten_values(note))}\n")
    write_output(text, output, f" ({len(result.document['classes'])} classes)")
    raise typer.Exit(ExitCode.OK)


def _validate(document: dict[str, Any]) -> None:
    """An importer must never write a document the language refuses: that would be a bug."""
    from pydantic import ValidationError

    from taxonomist.taxonomy.model import TaxonomyDocument

    try:
        TaxonomyDocument.model_validate(document)
    except ValidationError as exc:
        raise InternalError(f"the imported document is not valid: {exc}") from None
