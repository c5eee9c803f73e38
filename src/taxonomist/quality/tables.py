"""A report table as data: what the terminal (rich), the HTML report and the site's Markdown
each render their own way, so the commands' reports build their tables once."""

from __future__ import annotations

from dataclasses import dataclass

from taxonomist.quality import html

Cell = str | int


@dataclass(frozen=True, slots=True)
class Table:
    title: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric: tuple[bool, ...]  # per column: right-aligned
    note: str = ""  # shown under the table


def table_html(table: Table, *, caption: bool = False) -> str:
    """The table (its title as caption when ``caption``), with its note under it."""
    title = table.title if caption else None
    body = html.table(table.header, table.rows, caption=title, numeric=table.numeric)
    return body + (html.paragraph(table.note, "note") if table.note else "")
