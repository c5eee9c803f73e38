"""``taxonomist agree -t TAXONOMY A B [C ...]``: how far annotators agree on the same images,
and which guideline rules their disagreements are about.

Exit 0 when the agreement was computed (and met ``--min-f1``/``--min-alpha``, where given);
1 when a gate was not met; 2 for bad input (a file not read, one annotator only, no image in
common, an unknown annotator)."""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taxonomist.cli._output import write_output
from taxonomist.cli._tables import print_table, text_console
from taxonomist.core.errors import ExitCode, UsageError
from taxonomist.core.text import printable

if TYPE_CHECKING:
    from taxonomist.quality.agree.model import AgreementReport
    from taxonomist.quality.agree.run import AgreeRun
    from taxonomist.taxonomy.resolved import Taxonomy

REPORTS = ("text", "json", "html")
TAXONOMY_HELP = "The taxonomy YAML, or a built-in (builtin:coco; taxonomist list-taxonomies)."
PATHS_HELP = (
    "Two or more annotators' files for the same images, or one file whose objects name "
    "their annotator."
)
ANNOTATOR_HELP = "Compare only these annotators of a split file, in this order (repeat)."
HARD_HELP = "Draw the images with most disagreement into this folder (PNG + index)."
IMAGES_HELP = "Where the images are (default: beside the annotation file)."


def agree_command(  # noqa: PLR0917 - one parameter per command-line option
    paths: Annotated[list[Path], typer.Argument(help=PATHS_HELP)],
    taxonomy: Annotated[Path, typer.Option("--taxonomy", "-t", help=TAXONOMY_HELP)],
    annotator: Annotated[list[str] | None, typer.Option("--annotator", help=ANNOTATOR_HELP)] = None,
    format_name: Annotated[str, typer.Option("--format", help="auto (sniff), coco, ...")] = "auto",
    match_by: Annotated[
        str | None, typer.Option("--match-by", help="box, mask or keypoints.")
    ] = None,
    iou: Annotated[float | None, typer.Option("--iou", help="Least IoU of a match (0-1).")] = None,
    oks: Annotated[float | None, typer.Option("--oks", help="Least OKS of a match (0-1).")] = None,
    report_name: Annotated[str, typer.Option("--report", help="text, json or html.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    hard_cases: Annotated[Path | None, typer.Option("--hard-cases", help=HARD_HELP)] = None,
    top: Annotated[int, typer.Option("--top", help="Images drawn by --hard-cases.")] = 20,
    images: Annotated[Path | None, typer.Option("--images", help=IMAGES_HELP)] = None,
    min_f1: Annotated[
        float | None, typer.Option("--min-f1", help="Exit 1 when a pair's F1 is lower.")
    ] = None,
    min_alpha: Annotated[
        float | None, typer.Option("--min-alpha", help="Exit 1 when an attribute's alpha is lower.")
    ] = None,
) -> None:
    """Agreement between annotators: matched objects, class swaps, attributes, labels, and
    the guideline rules behind the disagreements."""
    from taxonomist.api import load_taxonomy
    from taxonomist.quality.agree import run_agree
    from taxonomist.quality.agree.run import Settings

    if report_name not in REPORTS:
        raise UsageError(f"unknown report {report_name!r}", hint="use text, json or html")
    if top < 1:
        raise UsageError(f"--top {top}: must be 1 or more", hint="e.g. --top 20")
    tax = load_taxonomy(taxonomy)
    fmt = None if format_name == "auto" else format_name
    settings = Settings(match_by, iou, oks, tuple(annotator or ()), fmt)
    run = run_agree(tax, paths, settings)
    if hard_cases is not None:
        _draw(tax, run, hard_cases, top, images)
    write_output(_render(report_name, run.report, output), output)
    raise typer.Exit(_gates(run.report, min_f1, min_alpha))


def _draw(tax: Taxonomy, run: AgreeRun, folder: Path, top: int, images: Path | None) -> None:
    from taxonomist.quality.agree.hard_cases import write_hard_cases

    done = write_hard_cases(tax, run, folder, top, images)
    drawn = len(done.written) - 2
    sys.stderr.write(printable(f"wrote {drawn} hard cases and an index to {folder}") + "\n")
    if done.missing_images:
        n = done.missing_images
        note = f"{folder}: {n} image{'s' * (n != 1)} not found, drawn on a blank canvas"
        sys.stderr.write(printable(note) + " (hint: --images DIR says where they are)\n")


def _gates(report: AgreementReport, min_f1: float | None, min_alpha: float | None) -> int:
    failed = []
    for pair in report.pairs:
        f1 = pair.overall.f1
        if min_f1 is not None and f1 is not None and f1 < min_f1:
            failed.append(f"{pair.a} vs {pair.b}: F1 {f1:.3f} < --min-f1 {min_f1:g}")
        for item in pair.attributes:
            if min_alpha is not None and item.alpha is not None and item.alpha < min_alpha:
                gate = f"alpha {item.alpha:.3f} < --min-alpha {min_alpha:g}"
                failed.append(f"{pair.a} vs {pair.b}: {item.name} {gate}")
    for line in failed:
        sys.stderr.write(printable(line) + "\n")
    return ExitCode.FINDINGS if failed else ExitCode.OK


def _render(name: str, report: AgreementReport, output: Path | None) -> str:
    if name == "json":
        from taxonomist.quality.agree.report_json import render_json

        return render_json(report)
    if name == "html":
        from taxonomist.quality.agree.report_html import render_html

        return render_html(report)
    return _text(
        report, color=output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ
    )


def _text(report: AgreementReport, *, color: bool) -> str:
    from taxonomist.quality.agree import tables

    buffer = io.StringIO()
    console = text_console(buffer, color=color, width=140)
    for table in tables.all_tables(report):
        print_table(console, table)
    return buffer.getvalue()


def register(app: typer.Typer) -> None:
    app.command("agree")(agree_command)
