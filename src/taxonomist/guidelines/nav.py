"""The site navigation when the project's mkdocs.yml has none: the annotators' sections
first (one tab per page kind), then "For the pipeline" (check codes and the hand-written
pages that say ``audience: pipeline``), then About.

Titles are HTML-escaped here because mkdocs themes print nav titles unescaped, and class and
rule titles come from the taxonomy.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from taxonomist.guidelines.audience import audience_of, front_matter
from taxonomist.guidelines.common import Page

NavItem = str | dict[str, Any]
SECTIONS: tuple[tuple[str, str], ...] = (
    ("classes/", "Classes"),
    ("rules/", "Rules"),
    ("label-types/", "Label types"),
    ("relations/", "Relations"),
    ("tools/", "Tools"),
)
PIPELINE_SECTIONS: tuple[tuple[str, str], ...] = (
    ("checks/", "Checks"),
    ("label-maps/", "Label maps"),
)
PIPELINE = "For the pipeline"
# Single pages of the annotators' part: the first before the sections, the rest after.
FIRST: tuple[tuple[str, str], ...] = (("quick-reference.md", "Quick reference"),)
SINGLE: tuple[tuple[str, str], ...] = (
    ("quiz/index.md", "Quiz"),
    ("dataset.md", "Dataset"),
    ("changes.md", "Changes"),
    ("downloads.md", "Downloads"),
)
_GENERATED_TOP = {"index.md", "about.md", *(path for path, _ in (*FIRST, *SINGLE))}


def hand_written(docs_dir: Path) -> dict[str, dict[str, Any]]:
    """Docs path -> front matter of each Markdown file in ``docs_dir``, sorted by path."""
    if not docs_dir.is_dir():
        return {}
    return {
        p.relative_to(docs_dir).as_posix(): front_matter(p.read_text(encoding="utf-8"))[0]
        for p in sorted(docs_dir.rglob("*.md"))
    }


def build_nav(
    pages: Sequence[Page], written: Mapping[str, Mapping[str, Any]], limit: int
) -> list[NavItem]:
    """Home, the annotators' sections and pages, the pipeline's, hand-written pages, about."""
    nav: list[NavItem] = [{"Home": "index.md"}]
    present = {p.path for p in pages}
    nav += [{title: path} for path, title in FIRST if path in present]
    nav += _sections(pages, SECTIONS, limit)
    nav += [{title: path} for path, title in SINGLE if path in present]
    own = [p for p in written if p not in _GENERATED_TOP and not _generated(p)]
    theirs = [p for p in own if audience_of(p, written[p]) == "annotator"]
    pipeline = [p for p in own if audience_of(p, written[p]) == "pipeline"]
    if theirs:
        # One tab for all of them, so a handful of pages does not become a handful of tabs.
        nav.append({"More": _ordered(theirs)})
    # Their pages are reached from each section's index: listing every check code would put
    # ~90 entries into every page's sidebar.
    for_pipeline = _sections(pages, PIPELINE_SECTIONS, 0) + list(_ordered(pipeline))
    if for_pipeline:
        nav.append({PIPELINE: for_pipeline})
    nav.append({"About": "about.md"})
    return nav


def _sections(
    pages: Sequence[Page], sections: Sequence[tuple[str, str]], limit: int
) -> list[NavItem]:
    out: list[NavItem] = []
    for prefix, title in sections:
        items = [p for p in pages if p.path.startswith(prefix)]
        if items:
            out.append({title: _section(items, limit)})
    return out


def _generated(path: str) -> bool:
    prefixes = (prefix for prefix, _ in (*SECTIONS, *PIPELINE_SECTIONS))
    return path.startswith(tuple(prefixes))


def _ordered(paths: list[str]) -> list[NavItem]:
    """Top-level pages first, then those in folders."""
    return [*(p for p in paths if "/" not in p), *(p for p in paths if "/" in p)]


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
