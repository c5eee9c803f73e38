"""``taxonomist diff OLD NEW``: what changed between two versions of a taxonomy, which changes
break existing annotation files, and whether ``version:`` was bumped far enough.

OLD and NEW are files, built-ins or ``git:REF:path``; ``--against REF`` diffs each file given
with itself at a git revision (the pre-commit hook and CI use it); one file alone is diffed
with its ``previous:`` version.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from taxonomist.core.errors import ExitCode

if TYPE_CHECKING:
    from taxonomist.taxonomy.change import TaxonomyDiff
    from taxonomist.taxonomy.resolved import Taxonomy


class DiffReport(StrEnum):
    text = "text"
    json = "json"
    markdown = "markdown"


SpecsArg = Annotated[
    list[str],
    typer.Argument(
        metavar="[OLD] NEW",
        help="Two versions (files, builtin:NAME or git:REF:path); one file alone is diffed "
        "with its previous: version; with --against, any number of files.",
        show_default=False,
    ),
]
ReportOpt = Annotated[
    DiffReport | None,
    typer.Option(
        "--report",
        "--format",
        help="text (default), json or markdown (PR comments, release notes).",
    ),
]
AgainstOpt = Annotated[
    str | None,
    typer.Option(
        "--against", metavar="REF", help="Diff each file with itself at this git revision."
    ),
]
CheckOpt = Annotated[
    bool,
    typer.Option(
        "--check-version",
        help="Exit 1 when version: was not bumped as far as the changes need "
        "(breaking: major; additions: minor; wording: patch).",
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="File to write (default: standard output).")
]


def diff_command(
    specs: SpecsArg,
    *,
    report: ReportOpt = None,
    against: AgainstOpt = None,
    check_version: CheckOpt = False,
    output: OutputOpt = None,
) -> None:
    """Classify every change between two taxonomy versions; exit 1 with --check-version
    when the version bump is too small."""
    from taxonomist.cli._output import write_output

    pairs = _pairs(specs, against)
    results = [_diff(old, new) for old, new in pairs]
    kind = report or DiffReport.text
    write_output(_render(kind, results), output)
    bad = check_version and any(not d.version_ok for d, _, _ in results)
    raise typer.Exit(ExitCode.FINDINGS if bad else ExitCode.OK)


def _pairs(specs: list[str], against: str | None) -> list[tuple[str, str]]:
    from taxonomist.core.errors import UsageError

    if against is not None:
        return [p for spec in specs if (p := _against(spec, against)) is not None]
    if len(specs) == 2:
        return [(specs[0], specs[1])]
    if len(specs) == 1:
        return [(_previous(specs[0]), specs[0])]
    raise UsageError(
        "give OLD and NEW, one taxonomy with a previous: version, or --against REF with files",
        hint="taxonomist diff git:main:taxonomy.yaml taxonomy.yaml",
    )


def _against(spec: str, ref: str) -> tuple[str, str] | None:
    """``(git:REF:spec, spec)``, or None (with a note) for a file the revision does not
    hold: a new taxonomy has nothing to be compared with."""
    import sys

    from taxonomist.core import git

    path = Path(spec)
    root = git.toplevel(path.resolve().parent)
    if root is not None:
        relative = path.resolve().relative_to(root).as_posix()
        commit = git.resolve_revision(root, ref)
        if relative not in git.files_at(root, commit, [relative]):
            sys.stderr.write(f"taxonomist: {spec}: not in {ref}; a new taxonomy, nothing to diff\n")
            return None
    return f"git:{ref}:{spec}", spec


def _previous(spec: str) -> str:
    from taxonomist.core.errors import UsageError
    from taxonomist.taxonomy.change.source import load_any, previous_of

    found = previous_of(load_any(spec))
    if found is None:
        raise UsageError(
            f"{spec}: no previous: version to diff with",
            hint="give OLD and NEW, or --against REF (e.g. --against main)",
        )
    return found


def _diff(old_spec: str, new_spec: str) -> tuple[TaxonomyDiff, Taxonomy, Taxonomy]:
    from taxonomist.taxonomy.change.diff import diff
    from taxonomist.taxonomy.change.source import load_any

    old, new = load_any(old_spec), load_any(new_spec)
    return diff(old, new), old, new


def _render(kind: DiffReport, results: list[tuple[TaxonomyDiff, Taxonomy, Taxonomy]]) -> str:
    from taxonomist.taxonomy.change import render

    if kind is DiffReport.json:
        if len(results) == 1:
            return render.as_json(results[0][0])
        return "[\n" + ",\n".join(render.as_json(d).rstrip() for d, _, _ in results) + "\n]\n"
    if kind is DiffReport.markdown:
        return render.markdown([d for d, _, _ in results])
    return "".join(render.text(d, old, new) for d, old, new in results)


def register(app: typer.Typer) -> None:
    app.command("diff")(diff_command)
