"""``taxonomist check -t TAXONOMY PATH...``: validate annotation files, report, exit 0/1/2."""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taxonomist.cli._progress import for_check
from taxonomist.core.errors import ExitCode
from taxonomist.core.files import write_atomic
from taxonomist.core.limits import DEFAULT_MAX_FINDINGS
from taxonomist.core.text import printable

if TYPE_CHECKING:
    from taxonomist.core.findings import Report, Severity

REPORT_HELP = "text (default), json, sarif, junit or github."
SELECT_HELP = "Only these codes: prefixes (G, G002), names or rule ids; repeat or comma-separate."
MAX_HELP = "List at most N findings per code per file, count the rest (0: list all)."
JOBS_HELP = "Check files on N processes (auto: one per core, up to one per file; 1: serial)."
SCHEDULER_HELP = "Check on Dask: local[:N] (a local cluster) or tcp://HOST:PORT (a scheduler)."
SHARDED_HELP = "The files are shards of one dataset: ids must be unique over all of them."
IMAGES_HELP = (
    "Check the image files (I codes) under DIR, the folder their file names are relative to "
    "(default: when the images are found beside the annotation file)."
)
NO_IMAGES_HELP = "Do not check the image files, even when they are beside the annotations."


def _split(values: list[str] | None) -> tuple[str, ...]:
    return tuple(v.strip() for item in values or () for v in item.split(",") if v.strip())


def _severity(text: str) -> Severity:
    from taxonomist.core.errors import UsageError
    from taxonomist.core.findings import Severity

    try:
        return Severity.parse(text)
    except ValueError as exc:
        raise UsageError(str(exc), hint="--fail-on error|warning|info") from None


def _jobs(text: str) -> int:
    from taxonomist.core.errors import UsageError

    if not text.strip().isdigit() or int(text) < 1:
        raise UsageError(f"--jobs {text!r}: a number of processes (1 or more) or auto")
    return int(text)


def _images(folder: Path | None, off: bool) -> Path | bool | None:
    """``run_check``'s ``images``: the folder, False (--no-images) or None (look beside)."""
    from taxonomist.core.errors import UsageError

    if off and folder is not None:
        raise UsageError("--images and --no-images contradict each other", hint="give one")
    return False if off else folder


def _color(output: Path | None) -> bool:
    return output is None and sys.stdout.isatty() and "NO_COLOR" not in os.environ


def _render(name: str, report: Report, *, color: bool, verbose: bool) -> str:
    from taxonomist.report import render

    return render(name, report, color=color, verbose=verbose)


def _say(text: str) -> None:
    """A line on standard error; it names files, so their control characters are escaped."""
    sys.stderr.write(printable(text) + "\n")


STREAM_HELP = (
    "Read COCO files in parts, in bounded memory (automatic from 1 GiB on); same findings."
)
TAXONOMY_HELP = (
    "The taxonomy YAML, or a built-in: builtin:coco (a bare coco when no file coco exists; "
    "taxonomist list-taxonomies)."
)


def check_command(  # noqa: PLR0917 - one parameter per command-line option
    paths: Annotated[list[str], typer.Argument(help="Annotation files, directories or globs.")],
    taxonomy: Annotated[Path, typer.Option("--taxonomy", "-t", help=TAXONOMY_HELP)],
    format_name: Annotated[
        str, typer.Option("--format", help="auto (sniff), native, coco, ...")
    ] = "auto",
    report_name: Annotated[str, typer.Option("--report", help=REPORT_HELP)] = "text",
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write here.")] = None,
    select: Annotated[list[str] | None, typer.Option("--select", help=SELECT_HELP)] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="Skip these codes.")] = None,
    fail_on: Annotated[
        str, typer.Option("--fail-on", help="Lowest severity that fails: error, warning, info.")
    ] = "error",
    baseline: Annotated[
        Path | None, typer.Option("--baseline", help="Report only findings not in this file.")
    ] = None,
    write_baseline: Annotated[
        Path | None, typer.Option("--write-baseline", help="Record all findings here; exit 0.")
    ] = None,
    max_findings: Annotated[int, typer.Option("--max-findings", min=0, help=MAX_HELP)] = (
        DEFAULT_MAX_FINDINGS
    ),
    verbose: Annotated[
        bool,
        typer.Option(
            "--verbose", "-v", help="Show each file's format and why, and each skipped file."
        ),
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
    stream: Annotated[bool, typer.Option("--stream", help=STREAM_HELP)] = False,
    jobs: Annotated[str, typer.Option("--jobs", "-j", help=JOBS_HELP)] = "auto",
    scheduler: Annotated[str | None, typer.Option("--scheduler", help=SCHEDULER_HELP)] = None,
    sharded: Annotated[bool, typer.Option("--sharded", help=SHARDED_HELP)] = False,
    images: Annotated[
        Path | None, typer.Option("--images", metavar="DIR", help=IMAGES_HELP)
    ] = None,
    no_images: Annotated[bool, typer.Option("--no-images", help=NO_IMAGES_HELP)] = False,
) -> None:
    """Check annotation files against a taxonomy: exit 0 clean, 1 findings, 2 bad input."""
    from taxonomist.api import load_taxonomy
    from taxonomist.check import run_check

    threshold = _severity(fail_on)
    image_choice = _images(images, no_images)
    tax = load_taxonomy(taxonomy)

    def announce(path: str, fmt: str, reason: str) -> None:
        if verbose:
            _say(f"{path}: {fmt} ({reason})")

    def skip(path: str, reason: str) -> None:
        if verbose:
            _say(f"{path}: skipped ({reason})")

    recorded: Counter[str] | None = None if write_baseline is None else Counter()
    bar = for_check(paths, terminal=sys.stderr.isatty(), quiet=quiet)
    try:
        report = run_check(
            tax,
            paths,
            format=None if format_name == "auto" else format_name,
            select=_split(select),
            ignore=_split(ignore),
            baseline=None if write_baseline is not None else baseline,
            max_findings=max_findings,
            fingerprints=recorded,
            on_source=announce,
            on_skip=skip,
            progress=None if bar is None else bar.advance,
            stream=True if stream else None,
            jobs=jobs if jobs == "auto" else _jobs(jobs),
            scheduler=scheduler,
            sharded=sharded,
            images=image_choice,
        )
    finally:
        if bar is not None:
            bar.stop()
    _finish(report, report_name, output, verbose)
    if write_baseline is not None and recorded is not None:
        _write_baseline(write_baseline, recorded)
    failed = write_baseline is None and report.failed(threshold)
    raise typer.Exit(ExitCode.FINDINGS if failed else ExitCode.OK)


def _finish(report: Report, report_name: str, output: Path | None, verbose: bool) -> None:
    text = _render(report_name, report, color=_color(output), verbose=verbose)
    if output is None:
        sys.stdout.write(text)
    else:
        write_atomic(output, text)


def _write_baseline(path: Path, recorded: Counter[str]) -> None:
    """Store every finding the run made, those over --max-findings too: a baseline of the
    listed ones only would call the rest new on the next run."""
    from taxonomist.check.baseline import write_baseline

    count = write_baseline(path, recorded)
    _say(f"wrote {count} finding{'s' if count != 1 else ''} to the baseline {path}")


def register(app: typer.Typer) -> None:
    app.command("check")(check_command)
