"""A diff as people read it: text lines for a terminal, Markdown for a pull-request comment,
release notes and the guideline site's changes page, and JSON for programs.

Markdown is one function for all three readers; ``link`` lets the site point each change at
the page of the class or rule it concerns.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from taxonomist.taxonomy.change.model import MAJOR, MINOR, PATCH, Change, TaxonomyDiff
from taxonomist.taxonomy.history import shown
from taxonomist.taxonomy.resolved import SourcePos, Taxonomy

GROUPS = ("classes", "attributes", "label types", "rules", "ids", "other")
GROUP_TITLES = {
    "classes": "Classes",
    "attributes": "Attributes",
    "label types": "Label types and keypoints",
    "rules": "Rules and thresholds",
    "ids": "Ids and class numbers",
    "other": "Other",
}
LEVEL_WORDS = {MAJOR: "breaking", MINOR: "minor", PATCH: "patch"}
Link = Callable[[Change], str | None]


def verdict(d: TaxonomyDiff) -> str:
    """One line on the version: whether it moved as far as the changes need."""
    need, moved = d.required_bump, d.actual_bump
    span = f"{d.old_version} -> {d.new_version}"
    if moved == "downgrade":
        return f"version {span} goes backwards: a new version must be later than the old one"
    if need == "none":
        return f"version {span}: no changes"
    if moved == "pre-release":
        return f"version {span} stays within one release (pre-releases): ok"
    if d.version_ok:
        return f"version {span} is a {moved} bump; the changes need {need}: ok"
    what = moved if moved in ("none", "downgrade") else f"a {moved} bump"
    return (
        f"version {span} is {what}, but the changes need a {need} bump: "
        f"make it {d.suggested_version} or later"
    )


def headline(d: TaxonomyDiff) -> str:
    counts = d.counts()
    parts = [f"{counts[lv]} {LEVEL_WORDS[lv]}" for lv in (MAJOR, MINOR, PATCH) if counts[lv]]
    total = len(d.changes)
    detail = f" ({', '.join(parts)})" if parts else ""
    plural = "s" * (total != 1)
    return f"{d.new_name} {d.old_version} -> {d.new_version}: {total} change{plural}{detail}"


def text(d: TaxonomyDiff, old: Taxonomy, new: Taxonomy) -> str:
    """``file:line:col: LEVEL kind: summary`` lines with the reason under each, a headline
    first and the version verdict last."""
    lines = [headline(d)]
    for change in d.changes:
        lines.append(
            f"{_where(change, old, new)}: {change.level.upper()} {change.kind}: {change.summary}"
        )
        lines.append(f"    why: {change.reason}")
    lines.append(verdict(d))
    return "\n".join(lines) + "\n"


def _where(change: Change, old: Taxonomy, new: Taxonomy) -> str:
    for taxonomy in (new, old):
        found = taxonomy.position(change.pointer) or _nearest(taxonomy, change.pointer)
        if found is not None:
            # a cached taxonomy remembers the path it was first loaded by: show it as typed here
            return f"{shown(found.file)}:{found.line}:{found.column}"
    return f"{new.path}#{change.pointer}"


def _nearest(taxonomy: Taxonomy, pointer: str) -> SourcePos | None:
    current = pointer
    while "/" in current:
        current = current.rsplit("/", 1)[0]
        if current and taxonomy.position(current) is not None:
            return taxonomy.position(current)
    return None


def as_json(d: TaxonomyDiff) -> str:
    document = {
        "old": {"name": d.old_name, "version": d.old_version},
        "new": {"name": d.new_name, "version": d.new_version},
        "breaking": d.breaking,
        "required_bump": d.required_bump,
        "actual_bump": d.actual_bump,
        "version_ok": d.version_ok,
        "suggested_version": d.suggested_version,
        "counts": d.counts(),
        "changes": [c.as_dict() for c in d.changes],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def markdown(
    diffs: Sequence[TaxonomyDiff],
    *,
    link: Link | None = None,
    level: int = 2,
    verdicts: bool = True,
) -> str:
    """Each diff as a section (newest first, as given): its headline, then the changes by
    group, breaking ones first and marked in words."""
    return "\n".join(_section(d, link, level, verdicts) for d in diffs)


def _section(d: TaxonomyDiff, link: Link | None, level: int, verdicts: bool) -> str:
    hashes = "#" * level
    out = [f"{hashes} {d.new_version} (from {d.old_version})", ""]
    counts = d.counts()
    if not d.changes:
        return "\n".join([*out, "No changes.", ""])
    if counts[MAJOR]:
        out += [
            f"**{counts[MAJOR]} breaking change{'s' * (counts[MAJOR] != 1)}**: files labelled "
            f"under {d.old_version} need `taxonomist migrate` or a second look.",
            "",
        ]
    for group in GROUPS:
        picked = sorted((c for c in d.changes if c.group == group), key=_rank)
        if picked:
            out += [f"{hashes}# {GROUP_TITLES[group]}", "", *(_item(c, link) for c in picked), ""]
    if verdicts and not d.version_ok:
        out += [f"> **Version:** {verdict(d)}", ""]
    return "\n".join(out)


def _rank(change: Change) -> int:
    return (MAJOR, MINOR, PATCH).index(change.level)


def _item(change: Change, link: Link | None) -> str:
    mark = "**Breaking:** " if change.breaking else ""
    target = link(change) if link is not None else None
    more = f" ([{_link_text(change)}]({target}))" if target else ""
    return f"- {mark}{inline(change.summary)}{more} — _{_plain(change.reason)}_"


def _link_text(change: Change) -> str:
    if change.rules:
        return "rule"
    return "class" if change.classes else "details"


def inline(text: str) -> str:
    """A change's sentence as Markdown: its `code` spans (names, values) kept, everything
    else escaped so that a title from the taxonomy cannot become markup, a link or HTML:
    ``<``, ``>`` and ``&`` as entities (CommonMark and Python-Markdown both show them as
    written), ``\\ * _ [ ]`` backslash-escaped."""
    parts = _one_line(text).split("`")
    for i in range(0, len(parts), 2):  # outside code spans
        parts[i] = _plain(parts[i])
    return "`".join(parts) if len(parts) % 2 else _plain(text)


def _one_line(text: str) -> str:
    return text.replace("\r\n", " ").replace("\r", " ").replace("\n", " ")


def _plain(text: str) -> str:
    text = _one_line(text)  # a line break in a title must not start a heading or list
    for ch in "\\*_[]":
        text = text.replace(ch, "\\" + ch)
    return _entities(text)


def _entities(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
