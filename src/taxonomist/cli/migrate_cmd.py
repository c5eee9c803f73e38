"""``taxonomist migrate --from OLD --to NEW FILES... (-o DIR | --in-place)``: rewrite annotation
files made under one taxonomy version for the next, list what annotators must decide, and
check the result against NEW in the same run.

Safety: ``-o DIR`` mirrors each source under DIR and never writes outside it; DIR may not be
(or lie inside) a source folder, must be empty unless ``--force``, and no output may land on
an input. ``--in-place`` replaces each file atomically, one at a time, and needs
``--reannotate PATH`` whenever the plan can list objects (the list is the only record of a
YOLO line taken out, and is never written among the user's files unasked). A source that
cannot be migrated is one line (file, place, hint) and the others go on; exit 2 says so.
After writing, the outputs are checked against NEW and compared with a check of the inputs
against OLD: errors that are new make the exit code 1.
"""

from __future__ import annotations

import json
import os
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taxonomist.core.errors import ExitCode, InvalidInput, UsageError
from taxonomist.core.text import printable

if TYPE_CHECKING:
    from taxonomist.core.findings import Finding
    from taxonomist.formats.discover import Source
    from taxonomist.interop.migrate.base import Plan, Reannotate, Rewritten
    from taxonomist.taxonomy.resolved import Taxonomy

FROM_HELP = "The taxonomy the files were made under: a file, a built-in or git:REF:path."
TO_HELP = "The taxonomy to migrate them to (same forms)."
REANNOTATE_HELP = "Write the objects annotators must decide here (.json or .csv)."


def _say(text: str) -> None:
    sys.stderr.write(printable(text) + "\n")


def _error_line(exc: InvalidInput | UsageError) -> str:
    return exc.message + (f" (hint: {exc.hint})" if exc.hint else "")


@dataclass
class _Run:
    """What one run did, for the summary and the exit code."""

    plan: Plan
    files: int = 0
    counts: Counter[str] = field(default_factory=Counter)
    rows: list[Reannotate] = field(default_factory=list)
    failed: int = 0
    new_errors: list[Finding] = field(default_factory=list)
    per_file: list[tuple[str, Counter[str], int]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=lambda: {"rewrite": 0.0, "check": 0.0})
    listed: Path | None = None  # where the re-annotation list goes
    output: Path | None = None  # -o DIR


def migrate_command(  # noqa: PLR0917 - one parameter per command-line option
    paths: Annotated[list[str], typer.Argument(help="Annotation files, folders or globs.")],
    old_spec: Annotated[str, typer.Option("--from", help=FROM_HELP)],
    new_spec: Annotated[str, typer.Option("--to", help=TO_HELP)],
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the migrated files here.")
    ] = None,
    in_place: Annotated[bool, typer.Option("--in-place", help="Replace the files.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan and counts; write nothing.")
    ] = False,
    format_name: Annotated[str, typer.Option("--format", help="auto, native, coco, yolo")] = "auto",
    reannotate: Annotated[Path | None, typer.Option("--reannotate", help=REANNOTATE_HELP)] = None,
    report_name: Annotated[str, typer.Option("--report", help="text (default) or json.")] = "text",
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty -o DIR.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Say more.")] = False,
) -> None:
    """Migrate annotation files to a new taxonomy version: exit 0 when no error is new."""
    from taxonomist.interop.migrate.plan import describe, make_plan
    from taxonomist.taxonomy.change.source import load_any

    _check_options(output, in_place, dry_run, reannotate, report_name)
    plan = make_plan(load_any(old_spec), load_any(new_spec))
    sources = _sources(paths, format_name)
    if in_place and reannotate is None and _may_list(plan):
        raise UsageError(
            "this migration can leave objects for annotators to decide; --in-place needs "
            "--reannotate PATH to list them",
            hint="e.g. --reannotate reannotate.csv (it is not written among your files unasked)",
        )
    destinations = {} if output is None or dry_run else _destinations(sources, output, force)
    listed = reannotate or (output / "reannotate.json" if output else None)
    if listed is not None and not dry_run:
        _refuse_list_on_data(listed, sources, destinations)
    if dry_run and report_name != "json":  # the JSON report holds the plan itself
        _print_lines(describe(plan))
    run = _Run(plan, listed=None if dry_run else listed, output=output)
    for source in sources:
        _migrate_one(run, source, destinations, dry_run=dry_run, in_place=in_place)
    if not dry_run:
        _write_list(run, listed, output)
    _finish(run, report_name, verbose, dry_run)


def _refuse_list_on_data(
    listed: Path, sources: list[Source], destinations: dict[Path, Path]
) -> None:
    """The re-annotation list never replaces an annotation file, a file among the sources,
    or a migrated output."""
    paths = [listed, listed.with_suffix(".csv")] if listed.suffix.lower() == ".json" else [listed]
    files = {s.path.resolve() for s in sources if s.path.is_file()}
    roots = [_root(s).resolve() for s in sources]
    outputs = {
        (destinations[root] / s.path.name).resolve()
        for s, root in zip(sources, roots, strict=True)
        if s.path.is_file() and root in destinations
    }
    for path in paths:
        where = path.resolve()
        among = where.exists() and any(r == where.parent or r in where.parents for r in roots)
        if where in files or where in outputs or among:
            raise UsageError(
                f"--reannotate {path} would replace an annotation file",
                hint="name a file of its own outside the data, e.g. --reannotate reannotate.csv",
            )


def _check_options(
    output: Path | None, in_place: bool, dry_run: bool, reannotate: Path | None, report: str
) -> None:
    if output is not None and in_place:
        raise UsageError("-o DIR and --in-place exclude each other", hint="choose one")
    if output is None and not in_place and not dry_run:
        raise UsageError("say where to write", hint="-o DIR, --in-place, or --dry-run")
    if reannotate is not None and reannotate.suffix.lower() not in (".json", ".csv"):
        raise UsageError(f"{reannotate}: the list is .json or .csv", hint="--reannotate list.csv")
    if report not in ("text", "json"):
        raise UsageError(f"unknown report {report!r}", hint="--report text or json")


def _may_list(plan: Plan) -> bool:
    from taxonomist.interop.migrate.plan import values_matter

    return values_matter(plan) or any(f.new is None for f in plan.fates.values())


def _sources(paths: list[str], format_name: str) -> list[Source]:
    from taxonomist.formats.discover import discover
    from taxonomist.interop.migrate import REWRITERS

    found = discover(paths, None if format_name == "auto" else format_name)
    for finding in found.findings:
        if finding.severity.name == "ERROR":
            raise InvalidInput(f"{finding.location.file}: {finding.message}", hint=finding.hint)
    for source in found.sources:
        if source.format not in REWRITERS:
            raise UsageError(
                f"{source.path}: {source.format} files cannot be migrated yet",
                hint=f"taxonomist migrate reads {', '.join(REWRITERS)}",
            )
    sources = _distinct([s for s in found.sources if not _labeling_config(s)])
    if not sources:
        raise InvalidInput(f"nothing to migrate in {', '.join(paths)}", hint="name the files")
    return sources


def _labeling_config(source: Source) -> bool:
    """A Label Studio labeling config (XML): rewritten beside its export, not on its own."""
    return source.format == "label-studio" and source.path.suffix.lower() == ".xml"


def _distinct(sources: list[Source]) -> list[Source]:
    """Each file once: a source given twice, or inside a folder also given, is migrated by
    the first (a second pass would read the new numbers as old ones)."""
    kept: list[Source] = []
    taken: list[Path] = []
    for source in sources:
        where = source.path.resolve()
        if any(where == t or t in where.parents for t in taken):
            _say(f"note: {source.path} is already migrated with another source; taken once")
            continue
        if any(where in t.parents for t in taken):
            _say(f"note: {source.path} holds a source given before; taken once")
            continue
        kept.append(source)
        taken.append(where)
    return kept


def _root(source: Source) -> Path:
    return source.path if source.path.is_dir() else source.path.parent


def _destinations(sources: list[Source], output: Path, force: bool) -> dict[Path, Path]:
    """Source root -> the folder under DIR its outputs go to; refuses unsafe DIRs."""
    out = output.resolve()
    roots = [_root(s).resolve() for s in sources]
    for source, root in zip(sources, roots, strict=True):
        if out == root or (source.path.is_dir() and root in out.parents):
            raise UsageError(
                f"-o {output} is the folder of {source.path}"
                if out == root and not source.path.is_dir()
                else f"-o {output} is inside the source folder {source.path}",
                hint="write the migrated files outside the folders you migrate",
            )
    for source, root in zip(sources, roots, strict=True):
        if out in root.parents:
            raise UsageError(
                f"-o {output} holds the source {source.path}",
                hint="write the migrated files to a folder of their own",
            )
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not force)):
        what = "is not a folder" if not out.is_dir() else "is not empty"
        raise UsageError(f"-o {output} {what}", hint="name a new or empty folder (or --force)")
    tops = [r.parent if s.path.is_dir() else r for s, r in zip(sources, roots, strict=True)]
    base = Path(os.path.commonpath(tops))
    return {root: out / root.relative_to(base) for root in roots}


def _migrate_one(
    run: _Run, source: Source, destinations: dict[Path, Path], *, dry_run: bool, in_place: bool
) -> None:
    from taxonomist.interop.migrate import REWRITERS

    started = time.perf_counter()
    try:
        result = REWRITERS[source.format](source.path, run.plan)
    except InvalidInput as exc:
        _say(f"error: {_error_line(exc)}")
        run.failed += 1
        return
    run.seconds["rewrite"] += time.perf_counter() - started
    run.per_file.append((str(source.path), result.counts, len(result.reannotate)))
    run.counts += result.counts
    run.rows += result.reannotate
    if dry_run:
        return
    root = _root(source).resolve()
    target = root if in_place else destinations[root]
    started = time.perf_counter()
    before = Counter(f.code for f in _errors(run.plan.old, source.path, source.format))
    run.seconds["check"] += time.perf_counter() - started
    if in_place:  # the list is the only record of what a rewrite takes out: it goes first
        _write_list(run, run.listed, run.output)
    try:
        kept = _write(result, root, target, source.path, run.output)
    except (InvalidInput, UsageError, OSError) as exc:
        line = _error_line(exc) if isinstance(exc, InvalidInput | UsageError) else str(exc)
        _say(f"error: {line}")
        run.failed += 1
        return
    for path in kept:
        _say(
            f"note: {path} left as it was; regenerate it for {run.plan.new.version} "
            "(taxonomist export)"
        )
    run.files += len(result.outputs) - len(kept)
    _compare(run, source, target, before)


def _write(
    result: Rewritten, root: Path, target: Path, source: Path, output: Path | None
) -> list[Path]:
    """Write the outputs, each atomically, once every one of them is known to be writable
    (so a read-only file does not leave a dataset half migrated). In place, an output the
    rewriter regenerates rather than migrates (a labeling config) is left as it was, since
    only the source was named; with -o, nothing is written through a symbolic link or
    outside DIR. Returns the outputs left."""
    from taxonomist.core.files import write_atomic

    in_place = output is None
    kept: list[Path] = []
    todo: list[tuple[Path, bytes]] = []
    for relative, data in result.outputs:
        path = target / relative
        if output is not None:
            _refuse_escape(path, output, root / relative)
        if in_place and path.exists() and path.read_bytes() == data:
            continue  # unchanged: not rewritten, its time stamp stays
        if in_place and relative in result.companions and path.exists():
            kept.append(path)
            continue
        todo.append((path, data))
    for path, _ in todo:
        _refuse_unwritable(path)
    for path, data in todo:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    return kept


def _refuse_escape(path: Path, output: Path, source: Path) -> None:
    """An output lies under DIR, not through a symbolic link, and is not its input."""
    if path.resolve() == source.resolve():
        raise UsageError(f"{path}: an output would replace its input", hint="use another -o")
    current = path
    while current != output and output in current.parents:
        if current.is_symlink():
            raise UsageError(
                f"{current}: a symbolic link inside -o; migrate writes only files of its own",
                hint="name a new or empty folder",
            )
        current = current.parent


def _refuse_unwritable(path: Path) -> None:
    existing = path if path.exists() else next(p for p in path.parents if p.exists())
    if not os.access(existing, os.W_OK) or (
        existing.is_file() and not os.access(existing.parent, os.W_OK)
    ):
        raise InvalidInput(
            f"cannot write {existing}: permission denied; nothing of this source was written",
            hint="make it writable, or migrate with -o DIR",
        )


def _compare(run: _Run, source: Source, target: Path, before: Counter[str]) -> None:
    """New errors: the output's against NEW beyond the input's against OLD, code by code."""
    started = time.perf_counter()
    written = target / source.path.name if source.path.is_file() else target
    seen: Counter[str] = Counter()
    for finding in _errors(run.plan.new, written, source.format):
        seen[finding.code] += 1
        if seen[finding.code] > before[finding.code]:
            run.new_errors.append(finding)
    run.seconds["check"] += time.perf_counter() - started


def _errors(taxonomy: Taxonomy, path: Path, fmt: str) -> list[Finding]:
    """Error findings of ``path`` (a file no reader can read is one too)."""
    from taxonomist.check import run_check
    from taxonomist.core.findings import Severity

    try:
        report = run_check(taxonomy, [path], format=fmt, max_findings=0)
    except InvalidInput as exc:
        from taxonomist.core.findings import Finding, Location

        return [Finding("F000", "unreadable", Severity.ERROR, exc.message, Location(str(path)))]
    return [f for f in report.findings if f.severity is Severity.ERROR]


def _write_list(run: _Run, path: Path | None, output: Path | None) -> None:
    from taxonomist.core.files import write_atomic
    from taxonomist.interop.migrate.reannotate import to_csv, to_json

    if path is None or (not run.rows and path.parent == output):
        return
    if path.suffix.lower() == ".csv":
        write_atomic(path, to_csv(run.rows))
        return
    write_atomic(path, to_json(run.plan, run.rows))
    if output is not None and path.parent == output:
        write_atomic(path.with_suffix(".csv"), to_csv(run.rows))


def _print_lines(lines: list[str]) -> None:
    sys.stdout.write("".join(printable(line) + "\n" for line in lines))


def _counts(counts: Counter[str]) -> str:
    return ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "nothing"


def _finish(run: _Run, report: str, verbose: bool, dry_run: bool) -> None:
    if report == "json":
        sys.stdout.write(json.dumps(_document(run, dry_run), indent=2) + "\n")
    else:
        _print_text(run, verbose, dry_run)
    code = ExitCode.INVALID if run.failed else ExitCode.OK
    if run.new_errors and code == ExitCode.OK:
        code = ExitCode.FINDINGS
    raise typer.Exit(code)


def _print_text(run: _Run, verbose: bool, dry_run: bool) -> None:
    lines = [f"{path}: {_counts(c)}; {n} to re-annotate" for path, c, n in run.per_file]
    if not dry_run:
        lines = lines if verbose else []
        lines += [_finding_line(f) for f in run.new_errors]
    verb = "would migrate" if dry_run else "migrated"
    sources = len(run.per_file)
    written = "" if dry_run else f" ({run.files} files written)"
    errors = "" if dry_run else f"; {len(run.new_errors)} new errors"
    failed = f"; {run.failed} sources failed" if run.failed else ""
    lines.append(
        f"{verb} {sources} sources{written}; objects changed: {_counts(run.counts)}; "
        f"{len(run.rows)} objects to re-annotate{errors}{failed}"
    )
    if verbose and not dry_run:
        rewrite, check = run.seconds["rewrite"], run.seconds["check"]
        lines.append(f"time: rewrite {rewrite:.2f}s, check {check:.2f}s")
    _print_lines(lines)


def _finding_line(finding: Finding) -> str:
    loc = finding.location
    where = (
        loc.file + (f":{loc.line}" if loc.line else "") + (f"#{loc.pointer}" if loc.pointer else "")
    )
    return f"{where}: {finding.code} {finding.message} (new)"


def _document(run: _Run, dry_run: bool) -> dict[str, object]:
    from taxonomist.interop.migrate.plan import describe

    return {
        "from": {"name": run.plan.old.name, "version": run.plan.old.version},
        "to": {"name": run.plan.new.name, "version": run.plan.new.version},
        "dry_run": dry_run,
        "plan": describe(run.plan),
        "files": [{"file": p, "changed": dict(c), "reannotate": n} for p, c, n in run.per_file],
        "changed": dict(sorted(run.counts.items())),
        "reannotate": len(run.rows),
        "failed": run.failed,
        "new_errors": [_finding_line(f) for f in run.new_errors],
        "seconds": {k: round(v, 3) for k, v in run.seconds.items()},
    }


def register(app: typer.Typer) -> None:
    app.command("migrate")(migrate_command)
