"""One page per checker code, rendered from the code's own documentation (``CodeDoc``)."""

from __future__ import annotations

from itertools import groupby

from taxonomist.core.codes import CodeDoc
from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import Page, SiteInputs, check_path, join, link, section, table

INDEX = "checks/index.md"


def check_pages(inputs: SiteInputs) -> list[Page]:
    """The code index and a page per code, ordered by code."""
    docs = sorted(inputs.checks, key=lambda d: d.code)
    pages = [Page(INDEX, "Checks", _index(docs))]
    pages += [_page(doc) for doc in docs]
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


def _page(doc: CodeDoc) -> Page:
    body = join(
        f"# {doc.code} {mdx.plain(doc.name)}",
        f"Family **{mdx.plain(doc.family)}** · default severity **{doc.severity.label}**",
        section("What it finds", mdx.block(doc.summary)),
        section("Why it matters", mdx.block(doc.why)),
        section("Example that triggers it", _code(doc.bad)),
        section("Corrected", _code(doc.good)),
    )
    return Page(check_path(doc.code), f"{doc.code} {doc.name}", body)


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
