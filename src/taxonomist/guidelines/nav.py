"""The site navigation when the project's mkdocs.yml has none: one tab per page kind, the
hand-written pages where a reader expects them.

Titles are HTML-escaped here because mkdocs themes print nav titles unescaped, and class and
rule titles come from the taxonomy.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from taxonomist.guidelines.common import Page

NavItem = str | dict[str, Any]
SECTIONS: tuple[tuple[str, str], ...] = (
    ("classes/", "Classes"),
    ("rules/", "Rules"),
    ("label-types/", "Label types"),
    ("checks/", "Checks"),
)


def hand_written(docs_dir: Path) -> list[str]:
    """Docs paths of the Markdown files in ``docs_dir``, sorted."""
    if not docs_dir.is_dir():
        return []
    return sorted(p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*.md"))


def build_nav(pages: Sequence[Page], written: Iterable[str], limit: int) -> list[NavItem]:
    """Home, a tab per generated section, changes, downloads, hand-written pages, about."""
    own = list(written)
    nav: list[NavItem] = [{"Home": "index.md"}]
    nav += [{"Quick reference": p.path} for p in pages if p.path == "quick-reference.md"]
    for prefix, title in SECTIONS:
        items = [p for p in pages if p.path.startswith(prefix)]
        if items:
            nav.append({title: _section(items, limit)})
    if any(p.path == "changes.md" for p in pages):
        nav.append({"Changes": "changes.md"})
    if any(p.path == "downloads.md" for p in pages):
        nav.append({"Downloads": "downloads.md"})
    nav += _hand_written_items(own)
    nav.append({"About": "about.md"})
    return nav


def _section(items: list[Page], limit: int) -> list[NavItem]:
    index = [p.path for p in items if p.path.endswith("/index.md")]
    rest = [p for p in items if not p.path.endswith("/index.md")]
    if len(rest) > limit:
        # Thousands of entries would be rendered into every page's sidebar; the index
        # page lists them instead.
        return list(index)
    return [*index, *({_title(p.title): p.path} for p in rest)]


def _title(text: str) -> str:
    return html.escape(text, quote=True)


def _hand_written_items(paths: list[str]) -> list[NavItem]:
    skip = {"index.md", "about.md", "downloads.md", "changes.md"}
    generated = tuple(prefix for prefix, _ in SECTIONS)
    top = [p for p in paths if "/" not in p and p not in skip]
    nested = [p for p in paths if "/" in p and not p.startswith(generated)]
    items: list[NavItem] = [*top, *nested]
    # One tab for all of them, so a handful of pages does not become a handful of tabs.
    return [{"Reference": items}] if items else []
