"""``taxonomist guidelines build|serve TAXONOMY``: the guideline site without a mkdocs.yml."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from taxonomist.core.errors import ExitCode

TaxonomyArg = Annotated[
    Path,
    typer.Argument(
        help="The taxonomy YAML file, or a built-in (builtin:coco; see list-taxonomies)."
    ),
]
DocsOpt = Annotated[
    Path | None,
    typer.Option("--docs", help="Folder of hand-written pages to merge in (optional)."),
]


def _show_mkdocs_log() -> None:
    """mkdocs reports progress and reloads through logging; show it on stderr."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def build_command(
    taxonomy: TaxonomyArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the site.")] = Path(
        "site"
    ),
    docs: DocsOpt = None,
    clean: Annotated[
        bool,
        typer.Option(
            "--clean",
            help="Replace the output folder even if it holds files taxonomist did not write.",
        ),
    ] = False,
) -> int:
    """Build the guideline site of TAXONOMY into a folder (strict: warnings fail).

    The folder is replaced only once the build succeeded, and only when it is new, empty or
    a site built before (it holds .taxonomist-site); --clean replaces any other folder."""
    from taxonomist.guidelines.output import Terminated
    from taxonomist.guidelines.site import build_site
    from taxonomist.taxonomy.library import resolve

    try:
        build_site(resolve(taxonomy), output, docs, clean=clean)
    except Terminated as exc:
        sys.stderr.write(f"taxonomist: terminated; {exc}\n")
        raise typer.Exit(ExitCode.INTERRUPTED) from None
    sys.stderr.write(f"taxonomist: guideline site written to {output}\n")
    raise typer.Exit(ExitCode.OK)


def serve_command(
    taxonomy: TaxonomyArg,
    address: Annotated[
        str, typer.Option("--address", "-a", help="host:port to serve on.")
    ] = "127.0.0.1:8000",
    docs: DocsOpt = None,
) -> int:
    """Serve the guideline site of TAXONOMY with live reload (taxonomy, examples, images)."""
    from taxonomist.guidelines.site import serve_site
    from taxonomist.taxonomy.library import resolve

    _show_mkdocs_log()
    serve_site(resolve(taxonomy), address, docs)
    raise typer.Exit(ExitCode.OK)


def register(app: typer.Typer) -> None:
    group = typer.Typer(
        name="guidelines",
        help="Publish the annotator guidelines of a taxonomy as a website.",
        no_args_is_help=True,
    )
    group.command("build")(build_command)
    group.command("serve")(serve_command)
    app.add_typer(group, name="guidelines")
