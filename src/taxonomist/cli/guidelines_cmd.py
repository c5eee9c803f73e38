"""``taxonomist guidelines render|build|serve TAXONOMY``: the guideline site without a
project configuration."""

from __future__ import annotations

import contextlib
import logging
import sys
from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taxonomist.core.errors import ExitCode

if TYPE_CHECKING:
    from taxonomist.guidelines.render import Options

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


CleanOpt = Annotated[
    bool,
    typer.Option(
        "--clean",
        help="Replace the output folder even if it holds files taxonomist did not write.",
    ),
]


PdfOpt = Annotated[
    bool,
    typer.Option(
        "--pdf",
        help="Also print the guide as downloads/guidelines.pdf (needs taxonomist[pdf]).",
    ),
]


StatsOpt = Annotated[
    list[Path] | None,
    typer.Option(
        "--stats",
        help="Annotation files for the Dataset page and the class pages' counts (repeat).",
    ),
]
StatsImagesOpt = Annotated[
    Path | None,
    typer.Option("--stats-images", help="Folder of the stats files' images, for thumbnails."),
]


class EngineName(StrEnum):
    mkdocs = "mkdocs"
    zensical = "zensical"


def build_command(  # noqa: PLR0917 - one parameter per command-line option
    taxonomy: TaxonomyArg,
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the site.")] = Path(
        "site"
    ),
    docs: DocsOpt = None,
    clean: CleanOpt = False,
    engine: Annotated[
        EngineName,
        typer.Option("--engine", help="The site generator: mkdocs (mkdocs-material) or zensical."),
    ] = EngineName.mkdocs,
    pdf: PdfOpt = False,
    stats: StatsOpt = None,
    stats_images: StatsImagesOpt = None,
) -> int:
    """Build the guideline site of TAXONOMY into a folder (strict: warnings fail).

    The folder is replaced only once the build succeeded, and only when it is new, empty or
    a site built before (it holds .taxonomist-site); --clean replaces any other folder."""
    from taxonomist.guidelines.site import build_site
    from taxonomist.taxonomy.library import resolve

    with _terminated():
        path = resolve(taxonomy)
        options = _options(path, pdf, stats, stats_images)
        build_site(path, output, docs, clean=clean, engine=engine.value, options=options)
    sys.stderr.write(f"taxonomist: guideline site written to {output}\n")
    raise typer.Exit(ExitCode.OK)


def render_command(  # noqa: PLR0917 - one parameter per command-line option
    taxonomy: TaxonomyArg,
    output: Annotated[
        Path, typer.Option("--output", "-o", help="Where to write the site source.")
    ] = Path("site-source"),
    docs: DocsOpt = None,
    clean: CleanOpt = False,
    pdf: PdfOpt = False,
    stats: StatsOpt = None,
    stats_images: StatsImagesOpt = None,
) -> int:
    """Write the site source of TAXONOMY: docs/ (pages, drawings, downloads), mkdocs.yml and
    zensical.toml. Build it with `mkdocs build` or `zensical build` in that folder.

    The folder is replaced as `build` replaces its output folder."""
    from taxonomist.guidelines.site import render_source
    from taxonomist.taxonomy.library import resolve

    with _terminated():
        path = resolve(taxonomy)
        options = _options(path, pdf, stats, stats_images)
        render_source(path, output, docs, clean=clean, options=options)
    sys.stderr.write(
        f"taxonomist: site source written to {output} (mkdocs.yml, zensical.toml, docs/)\n"
    )
    raise typer.Exit(ExitCode.OK)


def _options(taxonomy: Path, pdf: bool, stats: list[Path] | None, images: Path | None) -> Options:
    from taxonomist.guidelines.render import Options
    from taxonomist.guidelines.site import example_root

    root = Path(example_root(taxonomy))
    return Options(root, pdf=pdf, stats=tuple(stats or ()), stats_images=images)


@contextlib.contextmanager
def _terminated() -> Iterator[None]:
    from taxonomist.guidelines.output import Terminated

    try:
        yield
    except Terminated as exc:
        sys.stderr.write(f"taxonomist: terminated; {exc}\n")
        raise typer.Exit(ExitCode.INTERRUPTED) from None


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
    group.command("render")(render_command)
    group.command("build")(build_command)
    group.command("serve")(serve_command)
    app.add_typer(group, name="guidelines")
