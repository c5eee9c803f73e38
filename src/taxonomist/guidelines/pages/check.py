"""One page per checker code, rendered from the code's own documentation (``CodeDoc``)."""

from __future__ import annotations

from itertools import groupby

from taxonomist.core.codes import CodeDoc
from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    Page,
    SiteInputs,
    bullet_list,
    check_path,
    join,
    link,
    rule_path,
    section,
    table,
)
from taxonomist.taxonomy.resolved import Taxonomy

INDEX = "checks/index.md"


def check_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    """The code index and a page per code, ordered by code."""
    docs = sorted(inputs.checks, key=lambda d: d.code)
    pages = [Page(INDEX, "Checks", _index(docs))]
    pages += [_page(tax, doc) for doc in docs]
    return pages


def _index(docs: list[CodeDoc]) -> str:
    parts = [
        "# Checks",
        "Every code `taxonomist check` reports, by family. Each finding links to its page.",
    ]
    for family, group in groupby(
        sorted(docs, key=lambda d: (d.family, d.code)), lambda d: d.family
    ):
        rows = [
            [
                link(INDEX, check_path(d.code), f"`{d.code}`"),
                f"`{d.name}`",
                mdx.cell(mdx.plain(d.summary)),
            ]
            for d in group
        ]
        parts.append(
            section(mdx.plain(family.capitalize()), table(["Code", "Name", "Finds"], rows))
        )
    return join(*parts)


def _page(tax: Taxonomy, doc: CodeDoc) -> Page:
    path = check_path(doc.code)
    body = join(
        f"# {doc.code} {mdx.plain(doc.name)}",
        f"Family **{mdx.plain(doc.family)}** · default severity **{doc.severity.label}**",
        section("What it finds", mdx.block(doc.summary)),
        section("Why it matters", mdx.block(doc.why)),
        section("Example that triggers it", _code(doc.bad)),
        section("Corrected", _code(doc.good)),
        section("Rules of this taxonomy checked this way", _rules(tax, doc, path)),
    )
    return Page(path, f"{doc.code} {doc.name}", body)


def _rules(tax: Taxonomy, doc: CodeDoc, page: str) -> str:
    # Taxonomy rule checks report under X codes named after the check kind.
    if not doc.code.startswith("X"):
        return ""
    using = [r for r in tax.rules.values() if r.rule.check and r.rule.check.name == doc.name]
    titles = [mdx.title_text(r.rule.title, tax.thresholds) for r in using]
    return bullet_list(
        f"{link(page, rule_path(r.id), mdx.plain(t))} (`{r.id}`)"
        for r, t in zip(using, titles, strict=True)
    )


def _code(text: str) -> str:
    if not text.strip():
        return ""
    fence = "`" * max(3, _longest_backtick_run(text) + 1)
    return f"{fence}\n{text.rstrip()}\n{fence}"


def _longest_backtick_run(text: str) -> int:
    longest = run = 0
    for ch in text:
        run = run + 1 if ch == "`" else 0
        longest = max(longest, run)
    return longest
