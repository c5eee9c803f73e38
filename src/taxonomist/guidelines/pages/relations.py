"""Relations between objects (a rider *on* a bicycle): one page listing them all, and the
lines the class pages at both ends give each relation."""

from __future__ import annotations

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    class_path,
    join,
    link,
    table,
)
from taxonomist.guidelines.pages.attributes import or_list
from taxonomist.taxonomy.model import Relation
from taxonomist.taxonomy.resolved import Taxonomy, TaxonomyClass

PAGE = "relations/index.md"


def relation_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    """The relations page; none when the taxonomy has no relations."""
    if not tax.relations:
        return []
    rows = [
        [
            f"**{name}**",
            _classes(tax, PAGE, spec.subject),
            _classes(tax, PAGE, spec.object),
            mdx.cell(_terms(tax, spec)),
            mdx.cell(mdx.inline(spec.description, tax.thresholds)),
        ]
        for name, spec in tax.relations.items()
    ]
    intro = (
        "Links you draw from one object to another in the same image: from each object of "
        "the first classes (or their kinds) to the object it relates to."
    )
    body = join(
        "# Relations",
        intro,
        table(["Relation", "From", "To", "How many", "Meaning"], rows),
    )
    return [Page(PAGE, "Relations", body)]


def _classes(tax: Taxonomy, page: str, names: list[str]) -> str:
    return or_list(
        link(page, class_path(n), mdx.plain(tax.classes[n].title)) if n in tax.classes else f"`{n}`"
        for n in names
    )


def _terms(tax: Taxonomy, spec: Relation) -> str:
    """How many links of this relation each subject has, in words."""
    subject = _classes_plain(tax, spec.subject)
    if spec.required and spec.max_per_subject == 1:
        return f"exactly one per {subject}"
    parts = ["at least one per " + subject] if spec.required else []
    if spec.max_per_subject is not None:
        parts.append(f"at most {spec.max_per_subject} per {subject}")
    return "; ".join(parts) or "any number, none included"


def _classes_plain(tax: Taxonomy, names: list[str]) -> str:
    return or_list(mdx.plain(tax.classes[n].title) if n in tax.classes else f"`{n}`" for n in names)


def _through(tax: Taxonomy, cls: TaxonomyClass, names: list[str]) -> str | None:
    """The class of ``names`` that ``cls`` is (itself, or its nearest ancestor), or None."""
    if cls.name in names:
        return cls.name
    return next((a for a in cls.ancestors if a in names), None)


def class_relations(tax: Taxonomy, cls: TaxonomyClass, page: str) -> str:
    """The relations a class page shows: those it links to and those it is linked from."""
    lines = []
    for name, spec in tax.relations.items():
        meaning = mdx.inline(spec.description, tax.thresholds)
        suffix = f": {meaning}" if meaning else ""
        subject = _through(tax, cls, spec.subject)
        if subject is not None:
            notes = [_terms(tax, spec), _via(tax, cls, subject, page)]
            line = f"**{name}**: link it to {_a(tax, page, spec.object)}{suffix}"
            lines.append(f"{line} ({'; '.join(n for n in notes if n)})")
        obj = _through(tax, cls, spec.object)
        if obj is not None:
            via = _via(tax, cls, obj, page)
            line = f"**{name}**: {_a(tax, page, spec.subject)} links to it{suffix}"
            lines.append(f"{line} ({via})" if via else line)
    if not lines:
        return ""
    return join(bullet_list(lines), f"See {link(page, PAGE, 'all relations')}.")


def _a(tax: Taxonomy, page: str, names: list[str]) -> str:
    return "a " + _classes(tax, page, names)


def _via(tax: Taxonomy, cls: TaxonomyClass, via: str, page: str) -> str:
    if via == cls.name:
        return ""
    return "as a kind of " + link(page, class_path(via), mdx.plain(tax.classes[via].title))
