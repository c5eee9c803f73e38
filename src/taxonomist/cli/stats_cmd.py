"""``taxonomist stats -t TAXONOMY FILES``: what annotation files hold, as terminal tables,
JSON or a self-contained HTML page; ``--against FILES`` compares two datasets.

Exit 0 when every named file was read; 1 when some could not be (the statistics are of
the others, and the report lists those not read); 2 when none could be read."""

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
    from taxonomist.quality.stats import DatasetStats, Drift
    from taxonomist.taxonomy.resolved import Taxonomy

REPORTS = ("text", "json", "html")
TAXONOMY_HELP = "The taxonomy YAML, or a built-in (builtin:coco; taxonomist list-taxonomies)."
AGAINST_HELP = "Compare with these files (train against val): repeat for several."
STREAM_HELP = "Read COCO files in parts, in bounded memory (automatic from 1 GiB on)."


def stats_command(  # noqa: PLR0917 - one parameter per command-line option
    paths: Annotated[list[str], typer.Argument(help="Annotation files, directories or globs.")],
    taxonomy: Annotated[Path, typer.Option("--taxonomy", "-t", help=TAXONOMY_HELP)],
    against: Annotated[list[str] | None, typer.Option("--against", help=AGAINST_HELP)] = None,
    format_name: Annotated[str, typer.Option("--format", help="auto (sniff), coco, ...")] = "auto",
    report_name: Annotated[str, typer.Option("--report", help="text, json or html.")] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    stream: Annotated[bool, typer.Option("--stream", help=STREAM_HELP)] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Name each file read.")] = False,
) -> None:
    """Count classes, sizes, attributes, keypoints and more in annotation files."""
    from taxonomist.api import load_taxonomy

    if report_name not in REPORTS:
        raise UsageError(f"unknown report {report_name!r}", hint="use text, json or html")
    tax = load_taxonomy(taxonomy)
    stats = _count(tax, paths, format_name, stream, verbose)
    other = _count(tax, against, format_name, stream, verbose) if against else None
    names = _names(paths, against or [])
    _say_unread(stats, other)
    text = _render(report_name, stats, other, names, output)
    write_output(text, output)
    raise typer.Exit(_exit_code(stats, other))


def _count(
    tax: Taxonomy, paths: list[str], format_name: str, stream: bool, verbose: bool
) -> DatasetStats:
    from taxonomist.quality.stats import compute_stats

    def announce(path: str, fmt: str) -> None:
        if verbose:
            sys.stderr.write(printable(f"{path}: {fmt}") + "\n")

    return compute_stats(
        tax,
        paths,
        format=None if format_name == "auto" else format_name,
        stream=True if stream else None,
        on_source=announce,
    )


def _names(paths: list[str], against: list[str]) -> tuple[str, str]:
    """The two datasets' names in a comparison; two files of one name are told apart."""
    mine, theirs = _name(paths), _name(against)
    return (mine, theirs) if mine != theirs else ("dataset", "against")


def _name(paths: list[str]) -> str:
    """A dataset's name in the comparison: its one file's stem, else its first and a count."""
    if not paths:
        return "against"
    first = Path(paths[0]).stem or paths[0]
    return first if len(paths) == 1 else f"{first} +{len(paths) - 1}"


def _say_unread(*runs: DatasetStats | None) -> None:
    """One line per file that could not be read, on standard error."""
    for run in runs:
        for item in run.unread if run is not None else ():
            sys.stderr.write(printable(f"{item.file}: not read: {item.reason}") + "\n")


def _exit_code(*runs: DatasetStats | None) -> int:
    done = [r for r in runs if r is not None]
    if any(not r.files for r in done):
        return ExitCode.INVALID
    return ExitCode.FINDINGS if any(r.unread for r in done) else ExitCode.OK


def _render(
    name: str,
    stats: DatasetStats,
    other: DatasetStats | None,
    names: tuple[str, str],
    output: Path | None,
) -> str:
    from taxonomist.quality.stats import compare

    drift = compare(stats, other) if other is not None else None
    if name == "json":
        from taxonomist.quality.stats.report_json import render_json

        return render_json(stats, drift, other)
    if name == "html":
        from taxonomist.quality.stats.report_html import render_html

        return render_html(stats, drift, other, names)
    return _text(stats, drift, other, names, color=_color(output))


def _color(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _text(
    stats: DatasetStats,
    drift: Drift | None,
    other: DatasetStats | None,
    names: tuple[str, str],
    *,
    color: bool,
) -> str:
    from taxonomist.quality.stats import tables

    buffer = io.StringIO()
    console = text_console(buffer, color=color, width=120)
    if drift is not None and other is not None:
        print_table(console, tables.drift(drift, names))
        for label, run in zip(names, (stats, other), strict=True):
            for table in tables.all_tables(run):
                print_table(console, table, f"{label}: ")
    else:
        for table in tables.all_tables(stats):
            print_table(console, table)
    return buffer.getvalue()


def register(app: typer.Typer) -> None:
    app.command("stats")(stats_command)
