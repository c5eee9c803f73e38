"""A report table (``quality.tables.Table``) printed on the terminal with rich: numbers
right-aligned with thousands separators, long cells folded, the note under the table at full
width, and a table with nothing in it one line saying why instead of an empty box."""

from __future__ import annotations

from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from rich.console import Console

    from taxonomist.quality.tables import Table


def print_table(console: Console, table: Table, prefix: str = "") -> None:
    """``table`` on ``console``, its title after ``prefix``, then a blank line."""
    from rich.table import Table as RichTable

    title = prefix + table.title
    if not table.rows and table.note:
        console.print(f"{title}: {table.note}", highlight=False, markup=False)
        console.print()
        return
    shown = RichTable(title=title, title_justify="left")
    for head, numeric in zip(table.header, table.numeric, strict=True):
        shown.add_column(head, justify="right" if numeric else "left", overflow="fold")
    for row in table.rows:
        shown.add_row(*(f"{c:,}" if isinstance(c, int) else str(c) for c in row))
    console.print(shown)
    if table.note:  # under the table at full width, not wrapped to the table's
        console.print(table.note, highlight=False, markup=False)
    console.print()


def text_console(buffer: TextIO, *, color: bool, width: int) -> Console:
    """A console writing to ``buffer``: the terminal's width with colour when it is one,
    else ``width`` columns and no colour (files and pipes get the same text every time)."""
    import os

    from rich.console import Console

    columns = os.get_terminal_size().columns if color else width
    return Console(file=buffer, width=columns, color_system="auto" if color else None)
