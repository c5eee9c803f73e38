"""``taxonomist list-taxonomies``: the built-in library (``taxonomy.library.LIBRARY``).

Each built-in is usable wherever a taxonomy is taken: ``-t builtin:coco`` (or a bare
``-t coco`` when no file of that name exists: a file always wins) and ``extends:
builtin:coco``."""

from __future__ import annotations

import sys
from enum import StrEnum
from typing import Annotated

import orjson
import typer

from taxonomist.core.errors import ExitCode


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


def list_command(
    report_name: Annotated[
        OutputFormat, typer.Option("--report", help="text (a table) or json.")
    ] = OutputFormat.text,
) -> None:
    """List the built-in taxonomies: name, title, classes, source, licence."""
    from taxonomist.taxonomy.library import LIBRARY

    rows: list[dict[str, str | int]] = [
        {
            "name": name,
            "title": entry.title,
            "classes": entry.classes,
            "source": entry.source,
            "licence": entry.licence,
            "use": f"builtin:{name}",
        }
        for name, entry in LIBRARY.items()
    ]
    if report_name is OutputFormat.json:
        sys.stdout.write(orjson.dumps(rows, option=orjson.OPT_INDENT_2).decode() + "\n")
    else:
        width = max(len(name) for name in LIBRARY)
        lines = [f"{'name':<{width}}  {'classes':>7}  title / source"]
        for row in rows:
            lines.append(f"{row['name']:<{width}}  {row['classes']:>7}  {row['title']}")
            lines.append(f"{'':<{width}}  {'':>7}  from {row['source']} ({row['licence']})")
        lines.append("use: taxonomist check -t builtin:NAME FILES, or extends: builtin:NAME")
        sys.stdout.write("\n".join(lines) + "\n")
    raise typer.Exit(ExitCode.OK)


def register(app: typer.Typer) -> None:
    app.command("list-taxonomies")(list_command)
