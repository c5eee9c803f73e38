"""What changed, for annotators: the changes page, the short "Changes" notes on class and rule
pages, and the latest version's list on the home page.

Pure functions of the diffs between consecutive versions (newest first, in
``SiteInputs.changes``); the plugin reads the earlier versions (``taxonomy.history``) and
diffs them. The changes page's text is ``changes_markdown``: the same Markdown as
``taxonomist diff --format markdown`` (``taxonomy.change.render.markdown``), with the
taxonomy's own words in it escaped, since names, values and titles reach a browser here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    class_path,
    join,
    rel,
    rule_path,
    section,
)
from taxonomist.taxonomy.change import Change, TaxonomyDiff
from taxonomist.taxonomy.change.render import inline, markdown
from taxonomist.taxonomy.resolved import Taxonomy

CHANGES = "changes.md"
TITLE = "What changed"
LATEST_SHOWN = 6  # changes of the latest version listed on the home page
CLASSES, IDS = "classes", "ids"  # change groups
CLASS_ADDED = "class-added"
Link = Callable[[Change], str | None]
_CODE = re.compile(r"(`[^`\n]*`)")
_MARKUP = re.compile(r"([\\*_\[\]])")


def changes_markdown(diffs: Sequence[TaxonomyDiff], link: Link | None = None) -> str:
    """Each diff as a ``##`` section, newest first: its changes grouped (classes,
    attributes, label types, rules, ids, other), breaking ones first and marked
    **Breaking:** in words; ``link`` gives the page each change points at (or None)."""
    return markdown(diffs, link=link, level=2, verdicts=False)


def changes_page(tax: Taxonomy, inputs: SiteInputs) -> Page:
    intro = (
        f"Every version of `{tax.name}`, newest first, and what changed since the one "
        "before it. A change marked **Breaking** means work labelled under the older "
        "version may no longer be right: the project lead migrates such files "
        "(`taxonomist migrate`) or asks for a second look."
    )
    note = f"> **Note:** {mdx.plain(inputs.history_note)}" if inputs.history_note else ""
    body = join(
        f"# {TITLE}", intro, changes_markdown(inputs.changes, site_link(tax, CHANGES)), note
    )
    return Page(CHANGES, TITLE, body)


def site_link(tax: Taxonomy, page: str) -> Link:
    """The page of the rule or class a change concerns, relative to ``page``, when this
    version of the site has one."""

    def link(change: Change) -> str | None:
        target = _target(tax, change)
        return None if target is None else rel(page, target)

    return link


def _target(tax: Taxonomy, change: Change) -> str | None:
    rule = next((r for r in change.rules if r in tax.rules), None)
    if rule is not None:
        return rule_path(rule)
    named = (change.new,) if change.group == CLASSES and change.new else ()
    cls = next((c for c in (*named, *change.classes) if c in tax.classes), None)
    return None if cls is None else class_path(cls)


def safe_text(text: str) -> str:
    """A change's sentence with its code spans kept and the rest escaped (as the changes
    page and ``taxonomist diff --format markdown`` write it)."""
    return inline(text)


def _escape_text(text: str) -> str:
    return inline(text.replace("`", "'"))


# --------------------------------------------------------------------------- home page


def latest_changes(inputs: SiteInputs, page: str, tax: Taxonomy) -> str:
    """The latest version's changes as a short list (breaking first) linking to the page."""
    if not inputs.changes:
        return ""
    latest = inputs.changes[0]
    link = site_link(tax, page)
    shown = [c for c in latest.changes if c.group != IDS]  # numbering: on the full page
    ordered = sorted(shown, key=lambda c: not c.breaking)
    items = [_short_item(c, link) for c in ordered[:LATEST_SHOWN]]
    more = len(latest.changes) - len(items)
    everything = f"[All changes{f' ({more} more)' if more > 0 else ''}]({rel(page, CHANGES)})"
    title = f"New in {_escape_text(latest.new_version)} (from {_escape_text(latest.old_version)})"
    body = bullet_list(items) if items else "No changes."
    return section(title, join(body, everything))


def _short_item(change: Change, link: Link) -> str:
    mark = "**Breaking:** " if change.breaking else ""
    target = link(change)
    more = f" ([{_page_word(change)}]({target}))" if target else ""
    return f"{mark}{safe_text(change.summary)}{more}"


def _page_word(change: Change) -> str:
    return "rule" if change.rules else "class" if change.classes else "details"


# --------------------------------------------------------------------------- class, rule


def class_changes(tax: Taxonomy, inputs: SiteInputs, name: str, page: str) -> str:
    """The "Changes" section of a class page: one line per change to this class, newest
    version first. Rule changes are on the rule's page, id numbering is for tools, and a
    class new in a version has no other news from it than where it came from."""
    notes = [
        _marked(c, _class_note(tax, c, name, d.new_version, page))
        for d in inputs.changes
        for c in _about_class(d, name)
    ]
    return _changes_section(notes, page)


def _about_class(d: TaxonomyDiff, name: str) -> list[Change]:
    mine = [c for c in d.for_class(name) if not c.rules and c.group != IDS]
    if any(c.kind == CLASS_ADDED and c.new == name for c in mine):
        return [c for c in mine if c.group == CLASSES]
    return mine


def rule_changes(inputs: SiteInputs, rule_id: str, page: str) -> str:
    """The "Changes" section of a rule page."""
    notes = [
        _marked(c, _rule_note(c, d.new_version))
        for d in inputs.changes
        for c in d.for_rule(rule_id)
    ]
    return _changes_section(notes, page)


def _changes_section(notes: list[str], page: str) -> str:
    if not notes:
        return ""
    more = f"[What changed in each version]({rel(page, CHANGES)})"
    return section("Changes", join(bullet_list(dict.fromkeys(notes)), more))


def _marked(change: Change, note: str) -> str:
    return f"**Breaking:** {note}" if change.breaking else note


def _class_note(tax: Taxonomy, change: Change, name: str, version: str, page: str) -> str:
    v = _escape_text(version)
    other = _other_class(tax, page)
    kind, old, new = change.kind, change.old or "", change.new or ""
    if kind == CLASS_ADDED and name == new:
        return f"New in {v}."
    if kind == "class-renamed" and name == new:
        return f"Renamed from `{old}` in {v}."
    if kind in ("class-merged", "class-deprecated") and new and name == new:
        return f"{other(old)} was merged into this class in {v}."
    if kind in ("class-merged", "class-deprecated") and new and name == old:
        return f"Merged into {other(new)} in {v}."
    if kind == "class-split" and name == old:
        return f"Split into {_names(new.split(), other)} in {v}."
    if kind == "class-split":
        return f"Takes in part of {other(old)}, which was split in {v}."
    if kind == "class-definition-changed":
        return f"Definition changed in {v}."
    return f"In {v}: {safe_text(change.summary)}"


def _rule_note(change: Change, version: str) -> str:
    v = _escape_text(version)
    words = {
        "rule-added": f"New in {v}.",
        "rule-guidance-changed": f"Guidance changed in {v}.",
        "rule-check-changed": f"How it is checked changed in {v}.",
        "rule-scope-changed": f"What it applies to changed in {v}.",
        "rule-severity-changed": f"Severity changed in {v}.",
    }
    return words.get(change.kind, f"In {v}: {safe_text(change.summary)}")


def _other_class(tax: Taxonomy, page: str) -> Callable[[str], str]:
    def shown(name: str) -> str:
        if name in tax.classes:
            return f"[`{name}`]({rel(page, class_path(name))})"
        return f"`{name}`"

    return shown


def _names(names: Sequence[str], shown: Callable[[str], str]) -> str:
    items = [shown(n) for n in names]
    if len(items) < 3:
        return " and ".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]
