"""The quick reference: every class and every rule on one page, printable as one A4 sheet.

Each class shows its colour, a thumbnail of its first Do example, the first sentence of its
definition and its look-alikes (``versus``, either way round); each rule topic lists its
rule titles and the thresholds those rules use, with value and unit. ``quick-reference.css``
lays it out: cards on screen, three columns of small type on an A4 page in print.

A taxonomy with more than ``COMPACT_ABOVE`` classes gets one line per class and no
thumbnails: it is looked up, not learnt by sight, and would not fit a sheet either way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    DrawnExample,
    Page,
    SiteInputs,
    bullet_list,
    class_path,
    join,
    link,
    rule_path,
    swatch,
)
from taxonomist.guidelines.pages.class_index import (
    COMPACT_ABOVE,
    Group,
    first_do,
    groups,
    hierarchical,
    one_line,
    thumbnail,
)
from taxonomist.guidelines.pages.rule import rule_thresholds
from taxonomist.taxonomy.model import Threshold
from taxonomist.taxonomy.resolved import ResolvedRule, Taxonomy, TaxonomyClass
from taxonomist.taxonomy.text import threshold_value

Alike = Mapping[str, Sequence[TaxonomyClass]]
PATH = "quick-reference.md"
TITLE = "Quick reference"
UNTOPICAL = "Other rules"


def quick_reference_page(tax: Taxonomy, inputs: SiteInputs) -> Page:
    compact = len(tax.classes) > COMPACT_ABOVE
    body = join(
        f"# {TITLE}",
        _intro(tax, compact),
        "## Classes",
        _classes(tax, inputs, compact),
        "## Rules and thresholds by topic" if tax.rules or tax.thresholds else "",
        _topics(tax),
    )
    # One wrapper, so the print stylesheet can lay out this page and no other.
    return Page(PATH, TITLE, f'<div class="tx-qr" markdown>\n\n{body}\n</div>\n')


def _intro(tax: Taxonomy, compact: bool) -> str:
    facts = (
        f"**{mdx.plain(tax.title)}**, version {mdx.plain(tax.version)}: "
        f"{len(tax.classes)} classes, {len(tax.rules)} rules."
    )
    how = (
        "One line per class; print this page to take it along."
        if compact
        else "Print this page for a one-sheet summary to keep beside you."
    )
    return f'<p class="tx-qr-intro" markdown>{facts} {how}</p>'


# --------------------------------------------------------------------------- classes


def _classes(tax: Taxonomy, inputs: SiteInputs, compact: bool) -> str:
    kind = "tx-qr-classes tx-qr-compact" if compact else "tx-qr-classes"
    alike = look_alikes(tax)
    parts = [_class_group(tax, g, inputs, compact, alike) for g in _groups(tax)]
    body = "\n\n".join(parts)  # the page is not searched (audience.UNSEARCHED)
    return f'<div class="{kind}" markdown>\n\n{body}\n\n</div>'


def _groups(tax: Taxonomy) -> list[Group]:
    found = groups(tax)
    if hierarchical(tax):
        return found
    # The A–Z groups of a flat taxonomy: one list in that order reads as well, in less room.
    return [Group("", "", "", tuple(e for g in found for e in g.entries))]


def _class_group(
    tax: Taxonomy, group: Group, inputs: SiteInputs, compact: bool, alike: Alike
) -> str:
    lines = bullet_list(
        _class_line(tax, e.cls, inputs, compact, alike.get(e.cls.name, ())) for e in group.entries
    )
    return join(f"### {mdx.plain(group.title)}" if group.title else "", lines)


def _class_line(
    tax: Taxonomy,
    cls: TaxonomyClass,
    inputs: SiteInputs,
    compact: bool,
    alike: Sequence[TaxonomyClass],
) -> str:
    name = link(PATH, class_path(cls.name), mdx.plain(cls.title))
    line = f"{swatch(cls.color)} **{name}**"
    flags = [f for f, on in (("abstract", cls.abstract), ("deprecated", cls.deprecated)) if on]
    if flags:
        line += " " + " ".join(f"*{f}*" for f in flags)
    definition = one_line(tax, cls)
    if definition:
        line += f" — {definition}"
    if alike:
        names = ", ".join(link(PATH, class_path(c.name), mdx.plain(c.title)) for c in alike)
        line += f" · *vs* {names}"
    thumb = None if compact else first_do(tax, cls, inputs.examples)
    return f"{_thumb(thumb)}{line}"


def _thumb(example: DrawnExample | None) -> str:
    return "" if example is None else thumbnail(PATH, example) + " "


def look_alikes(tax: Taxonomy) -> Alike:
    """For each class, the classes ``versus`` pairs it with in either direction: its own
    first, then those naming it, without repeats."""
    pairs: dict[str, dict[str, None]] = {}
    for cls in tax.classes.values():
        for v in cls.versus:
            pairs.setdefault(cls.name, {})[v.other] = None
    for cls in tax.classes.values():
        for v in cls.versus:
            pairs.setdefault(v.other, {})[cls.name] = None
    return {
        name: tuple(tax.classes[n] for n in others if n in tax.classes and n != name)
        for name, others in pairs.items()
    }


# --------------------------------------------------------------------------- rules


def _topics(tax: Taxonomy) -> str:
    by_topic = rules_by_topic(tax)
    used: set[str] = set()
    blocks = []
    for topic, rules in by_topic.items():
        names = list(dict.fromkeys(n for r in rules for n in rule_thresholds(tax, r)))
        used.update(names)
        blocks.append(_topic(tax, topic, rules, names))
    rest = [n for n in tax.thresholds if n not in used]
    if rest:
        blocks.append(join("### Other thresholds", _thresholds(tax, rest)))
    return f'<div class="tx-qr-rules" markdown>\n\n{join(*blocks)}\n</div>' if blocks else ""


def _topic(tax: Taxonomy, topic: str, rules: list[ResolvedRule], names: list[str]) -> str:
    titles = bullet_list(
        link(PATH, rule_path(r.id), mdx.plain(mdx.title_text(r.rule.title, tax.thresholds)))
        for r in rules
    )
    limits = f"Thresholds: {_thresholds(tax, names)}" if names else ""
    return join(f"### {mdx.plain(topic)}", titles, limits)


def rules_by_topic(tax: Taxonomy) -> dict[str, list[ResolvedRule]]:
    """Rules grouped by topic in the taxonomy's order; rules without one come last.

    Topics that differ only in case or spacing are one topic, titled as first written."""
    titled: dict[str, str] = {}
    found: dict[str, list[ResolvedRule]] = {}
    loose: list[ResolvedRule] = []
    for rule in tax.rules.values():
        topic = " ".join((rule.rule.topic or "").split())
        if not topic:
            loose.append(rule)
            continue
        title = titled.setdefault(topic.casefold(), topic[:1].upper() + topic[1:])
        found.setdefault(title, []).append(rule)
    if loose:
        found.setdefault(UNTOPICAL, []).extend(loose)
    return found


def _thresholds(tax: Taxonomy, names: Iterable[str]) -> str:
    return " · ".join(f"`{n}` {_value(tax.thresholds[n])}" for n in names)


def _value(threshold: Threshold) -> str:
    """``**16 px**``; a unit the value is written without is named after it: ``**0.5**
    (fraction)``."""
    shown = threshold_value(threshold)
    named = shown.endswith(threshold.unit) or threshold.unit == "percent"
    return f"**{shown}**" if named else f"**{shown}** ({threshold.unit})"
