"""The class index, and the neighbours at the foot of each class page.

The index lists every class with its one-line definition. A taxonomy with a hierarchy is
grouped by parent: each top-level class that has kinds heads a group holding its subtree,
and the top-level classes without kinds share a last group (a single root over everything,
like Open Images' "Entity", is listed first and its kinds are grouped instead). A flat
taxonomy is grouped A–Z. Both get an A–Z jump bar and a filter box: each entry carries its
names and synonyms in ``data-filter`` and ``class-index.js`` hides the entries that do not
match. The filter box is ``hidden`` until that script shows it, so without JavaScript the
page is the full list, which reads and links the same.

The order of the entries is *index order*; a class page's previous and next follow it.
"""

from __future__ import annotations

import re
import unicodedata
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    DrawnExample,
    Page,
    SiteInputs,
    class_path,
    code_list,
    join,
    link,
    rel,
    swatch,
)
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

INDEX = "classes/index.md"
# Above this many classes a page lists classes without thumbnails. Thumbnails help while a
# team can learn the classes by sight; past a few dozen the list is looked up, not learnt,
# and the pictures would only weigh it down (and take the quick reference off one sheet).
COMPACT_ABOVE = 60
# The A–Z jump bar from this many classes on; a shorter index is seen at a glance.
JUMP_FROM = 40
# A class page lists its siblings by name up to this many; beyond it, it links the parent.
SIBLINGS_SHOWN = 30
LETTERS = tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
OTHER_INITIAL = "#"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[\"'(\[*_`]?[A-Z0-9])")
_NOT_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True, slots=True)
class Entry:
    cls: TaxonomyClass
    depth: int  # 0 for the group's top classes


@dataclass(frozen=True, slots=True)
class Group:
    """A run of entries under one heading; the lead group (a single root) has none."""

    title: str  # plain text, escaped when written; "" for the lead group
    anchor: str  # the heading's id
    initial: str  # the jump bar letter that leads here, or ""
    entries: tuple[Entry, ...]


def index_page(tax: Taxonomy, inputs: SiteInputs) -> Page:
    return Page(INDEX, "Classes", index_markdown(tax, inputs))


def index_markdown(tax: Taxonomy, inputs: SiteInputs) -> str:
    """The class index page: intro, jump bar, filter box and the groups of entries."""
    found = _of(tax).groups
    thumbs = thumbnails(tax, inputs)
    types = shared_label_types(tax)
    body = [_group(tax, g, thumbs, types is None) for g in found]
    jump = jump_bar(found) if len(tax.classes) >= JUMP_FROM else ""
    return join("# Classes", _intro(tax, types), jump, FILTER_BOX, *body)


def _intro(tax: Taxonomy, types: tuple[str, ...] | None) -> str:
    count = f"{len(tax.classes)} classes"
    if hierarchical(tax):
        how = (
            "grouped by the class they are a kind of (indented classes are kinds of the "
            "class above them)"
        )
    else:
        how = "from A to Z"
    drawn = f" Every class is drawn as {code_list(types)}." if types else ""
    return f"{count}, {how}, each with its colour and the first sentence of its definition.{drawn}"


FILTER_BOX = """\
<div class="tx-filter" hidden>
<label for="tx-filter-input">Filter by name or synonym</label>
<input id="tx-filter-input" type="search" autocomplete="off" spellcheck="false">
<p class="tx-filter-none" role="status" hidden>No class matches.</p>
</div>"""


# --------------------------------------------------------------------------- grouping


def hierarchical(tax: Taxonomy) -> bool:
    """Whether any class is a kind of another."""
    return any(c.parent in tax.classes for c in tax.classes.values())


def groups(tax: Taxonomy) -> list[Group]:
    """The index's groups in order: by parent when the taxonomy has a hierarchy, else A–Z."""
    if not hierarchical(tax):
        return _alphabetical(sorted(tax.classes.values(), key=_sort_key))
    tops = _sorted(c for c in tax.classes.values() if c.parent not in tax.classes)
    found: list[Group] = []
    lead: list[Entry] = []
    while len(tops) == 1 and tops[0].children:
        lead.append(Entry(tops[0], 0))
        tops = _sorted(tax.classes[n] for n in tops[0].children)
    if lead:
        found.append(Group("", "", "", tuple(lead)))
    heads = [c for c in tops if c.children]
    found += [
        Group(c.title, f"kinds-{c.name}", initial(c.title), tuple(_subtree(tax, c, 0)))
        for c in heads
    ]
    alone = [Entry(c, 0) for c in tops if not c.children]
    if alone:
        title = "Other classes" if heads or not lead else f"Kinds of {lead[-1].cls.title}"
        found.append(Group(title, "other-classes", "", tuple(alone)))
    return found


def _alphabetical(ordered: Sequence[TaxonomyClass]) -> list[Group]:
    by_letter: dict[str, list[Entry]] = {}
    for cls in ordered:
        by_letter.setdefault(initial(cls.title), []).append(Entry(cls, 0))
    return [
        Group(letter, _letter_anchor(letter), letter, tuple(entries))
        for letter, entries in sorted(by_letter.items(), key=lambda kv: _letter_rank(kv[0]))
    ]


def _subtree(tax: Taxonomy, cls: TaxonomyClass, depth: int) -> Iterator[Entry]:
    yield Entry(cls, depth)
    for child in _sorted(tax.classes[n] for n in cls.children):
        yield from _subtree(tax, child, depth + 1)


def _sorted(classes: Iterable[TaxonomyClass]) -> list[TaxonomyClass]:
    return sorted(classes, key=_sort_key)


def _sort_key(cls: TaxonomyClass) -> tuple[str, str]:
    return (_fold(cls.title), cls.name)


def _fold(text: str) -> str:
    """Text without accents and case, for sorting and initials ("Éclair" files under E)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def initial(title: str) -> str:
    """The jump bar letter a title files under: A–Z, or ``#`` for digits and the rest."""
    first = next((ch for ch in _fold(title) if ch.isalnum()), "")
    upper = first.upper()
    return upper if upper in LETTERS else OTHER_INITIAL


def _letter_anchor(letter: str) -> str:
    return "az-other" if letter == OTHER_INITIAL else f"az-{letter.lower()}"


def _letter_rank(letter: str) -> int:
    return LETTERS.index(letter) if letter in LETTERS else len(LETTERS)


def jump_bar(found: Sequence[Group]) -> str:
    """A–Z links to the first group filed under each letter; letters with none are greyed."""
    first: dict[str, str] = {}
    for group in found:
        if group.initial:
            first.setdefault(group.initial, group.anchor)
    if not first:
        return ""
    letters = [*LETTERS, *([OTHER_INITIAL] if OTHER_INITIAL in first else [])]
    items = [
        f'<a href="#{first[x]}">{x}</a>' if x in first else f'<span aria-hidden="true">{x}</span>'
        for x in letters
    ]
    return f'<nav class="tx-az" aria-label="Jump to letter">{" ".join(items)}</nav>'


# --------------------------------------------------------------------------- entries


def _group(tax: Taxonomy, group: Group, thumbs: dict[str, DrawnExample], types: bool) -> str:
    lines = "\n".join(_entry(tax, e, thumbs, types) for e in group.entries)
    heading = f"## {mdx.plain(group.title)} {{ #{group.anchor} }}\n\n" if group.title else ""
    # Every class page is in the search index; a second hit per class here would only push
    # the class pages down.
    kind = "tx-index-group tx-index-thumbs" if thumbs else "tx-index-group"
    return f'<div class="{kind}" data-search-exclude markdown>\n\n{heading}{lines}\n\n</div>'


def _entry(tax: Taxonomy, entry: Entry, thumbs: dict[str, DrawnExample], types: bool) -> str:
    cls = entry.cls
    indent = "    " * entry.depth
    line = f"{swatch(cls.color)} {link(INDEX, class_path(cls.name), mdx.plain(cls.title))}"
    found = thumbs.get(cls.name)
    if found is not None:
        line = thumbnail(INDEX, found) + " " + line
    flags = [f for f, on in (("abstract", cls.abstract), ("deprecated", cls.deprecated)) if on]
    if flags:
        line += " " + " ".join(f"*{f}*" for f in flags)
    definition = one_line(tax, cls)
    if definition:
        line += f" — {definition}"
    meta = [f"id {cls.id}", *([code_list(cls.label_types)] if types and cls.label_types else [])]
    line += f' <span class="tx-meta">{" · ".join(meta)}</span>'
    return f'{indent}- {line}\n{indent}{{: data-filter="{filter_text(cls)}" }}'


def one_line(tax: Taxonomy, cls: TaxonomyClass) -> str:
    """The first sentence of the class's definition, rendered and escaped ("" when none)."""
    known = _of(tax).definitions.get(cls.name)
    return known if known is not None else _render_one_line(tax, cls)


def _render_one_line(tax: Taxonomy, cls: TaxonomyClass) -> str:
    if not cls.spec.definition:
        return ""
    return mdx.inline(first_sentence(cls.spec.definition), tax.thresholds)


def first_sentence(text: str) -> str:
    """The first sentence of the first paragraph of ``text``, on one line."""
    paragraph = " ".join(text.strip().split("\n\n", 1)[0].split())
    return _SENTENCE_END.split(paragraph, maxsplit=1)[0]


def filter_text(cls: TaxonomyClass) -> str:
    """What the filter box matches: the name, title and synonyms, lower-cased, with ``_``,
    ``-`` and other punctuation read as spaces (``spray_can`` is "spray can"). Letters,
    digits and spaces only, so it is safe in an attribute as it stands."""
    phrases = (cls.name, cls.title, *cls.spec.synonyms)
    words = (" ".join(_NOT_WORD.sub(" ", p.lower()).split()) for p in phrases)
    return mdx.attr(" ".join(dict.fromkeys(w for w in words if w)))


def shared_label_types(tax: Taxonomy) -> tuple[str, ...] | None:
    """The label types when every class has the same ones (said once, not on every line)."""
    found = {c.label_types for c in tax.classes.values()}
    return next(iter(found)) if len(found) == 1 and next(iter(found)) else None


def thumbnails(tax: Taxonomy, inputs: SiteInputs) -> dict[str, DrawnExample]:
    """Each class's first Do example (none in a large taxonomy: see ``COMPACT_ABOVE``)."""
    if len(tax.classes) > COMPACT_ABOVE:
        return {}
    found = {}
    for cls in tax.classes.values():
        first = first_do(tax, cls, inputs.examples)
        if first is not None:
            found[cls.name] = first
    return found


def first_do(
    tax: Taxonomy, cls: TaxonomyClass, examples: Iterable[DrawnExample]
) -> DrawnExample | None:
    """The first Do example showing the class, preferring those of rules about it (as the
    class page's gallery does: a photo often shows several classes)."""
    showing = [e for e in examples if e.verdict == "do" and cls.name in e.classes]
    about = [e for e in showing if e.rule in tax.rules and cls.name in tax.rules[e.rule].classes]
    return next(iter(about or showing), None)


def thumbnail(page: str, example: DrawnExample) -> str:
    """A small lazy-loaded thumbnail, left out of the lightbox (``off-glb``): the class page
    has the gallery and the full drawings."""
    alt = f"Do: {mdx.attr(example.caption)}"
    return f'![{alt}]({rel(page, example.thumb)}){{ .tx-thumb .off-glb loading="lazy" }}'


# --------------------------------------------------------------------------- neighbours


@dataclass(frozen=True, slots=True)
class _Known:
    """What the index, the quick reference and every class page's neighbours share."""

    groups: tuple[Group, ...]
    names: tuple[str, ...]  # index order
    position: dict[str, int]
    definitions: dict[str, str]  # one-line definitions, rendered


_known: dict[int, tuple[weakref.ref[Taxonomy], _Known]] = {}


def _of(tax: Taxonomy) -> _Known:
    # Worked out once per taxonomy, not once per class page: a thousand class pages each
    # asking for the index order would sort the classes a thousand times.
    held = _known.get(id(tax))
    if held is not None and held[0]() is tax:
        return held[1]
    found = tuple(groups(tax))
    names = tuple(e.cls.name for g in found for e in g.entries)
    definitions = {c.name: _render_one_line(tax, c) for c in tax.classes.values()}
    known = _Known(found, names, {n: i for i, n in enumerate(names)}, definitions)
    key = id(tax)
    _known[key] = (weakref.ref(tax, lambda _: _known.pop(key, None)), known)
    return known


def index_order(tax: Taxonomy) -> tuple[str, ...]:
    """Every class name in the order the index lists them."""
    return _of(tax).names


def neighbours(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    """The foot of a class page: the other kinds of its parent, and the previous and next
    class in index order (Markdown; "" for the only class of a taxonomy)."""
    lines = [_siblings(tax, cls, page), _previous_next(tax, cls, page)]
    body = "\n\n".join(line for line in lines if line)
    if not body:
        return ""
    # Links to other pages, not text of this one: kept out of the search index.
    return f'<div class="tx-neighbours" data-search-exclude markdown>\n\n{body}\n\n</div>'


def _siblings(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    parent = tax.classes.get(cls.parent or "")
    if parent is None:
        return ""
    others = _sorted(tax.classes[n] for n in parent.children if n != cls.name)
    if not others:
        return ""
    up = link(page, class_path(parent.name), mdx.plain(parent.title))
    if len(others) > SIBLINGS_SHOWN:
        return f"One of {len(others) + 1} kinds of {up}."
    names = ", ".join(link(page, class_path(o.name), mdx.plain(o.title)) for o in others)
    return f"Other kinds of {up}: {names}"


def _previous_next(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    order = _of(tax)
    at = order.position.get(cls.name)
    if at is None or len(order.names) < 2:
        return ""
    parts = []
    if at > 0:
        before = tax.classes[order.names[at - 1]]
        parts.append(f"← Previous: {link(page, class_path(before.name), mdx.plain(before.title))}")
    parts.append(link(page, INDEX, "All classes"))
    if at + 1 < len(order.names):
        after = tax.classes[order.names[at + 1]]
        parts.append(f"Next: {link(page, class_path(after.name), mdx.plain(after.title))} →")
    return " · ".join(parts)
