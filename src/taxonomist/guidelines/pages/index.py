"""The start page (with the latest version's changes), the downloads page and the credits
block of the about page."""

from __future__ import annotations

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    HOME,
    Page,
    SiteInputs,
    bullet_list,
    join,
    label_type_path,
    link,
    section,
    table,
)
from taxonomist.guidelines.pages.changes import latest_changes
from taxonomist.guidelines.pages.label_type import used_label_types
from taxonomist.taxonomy.resolved import Taxonomy

INDEX = HOME
# Where a hand-written index.md or about.md wants the generated overview or credits.
OVERVIEW_MARKER = "<!-- taxonomist:overview -->"
CREDITS_MARKER = "<!-- taxonomist:credits -->"
DOWNLOADS = "downloads.md"
ABOUT = "about.md"

HOW_TO_READ = """\
- **Classes** lists every class as a tree. A class page gives its definition, what it
  includes and excludes (with the class to use instead), how to tell it from look-alikes,
  its attributes, and drawn examples of what to do and what not to do.
- **Rules** are the edge-case decisions (depictions, reflections, occlusion, tiny objects).
  Each shows its guidance, do/don't examples, and the check that enforces it.
- **Label types** explain how each kind of label is drawn.
- **Checks** explain every finding `taxonomist check` reports; findings link to these pages.
- Every example on this site is checked by the same rules as your work: a "do" example
  passes the checker, a "don't" example triggers the rule it illustrates."""


def overview(tax: Taxonomy, page: str = INDEX) -> str:
    """What the project labels, the label types in use, how to read the site, the version."""
    labellable = sum(1 for c in tax.classes.values() if c.labellable)
    facts = [
        f"Taxonomy `{tax.name}` version **{mdx.plain(tax.version)}**",
        f"{labellable} classes to label, {len(tax.rules)} rules",
    ]
    if tax.license:
        facts.append(f"licence {mdx.plain(tax.license)}")
    types = [
        f"{link(page, label_type_path(n), f'`{n}`')} ({tax.label_types[n].kind})"
        for n in used_label_types(tax)
    ]
    return join(
        mdx.block(tax.description, tax.thresholds),
        " · ".join(facts),
        section("Label types in use", bullet_list(types)),
        section("Owners", bullet_list(_owner(o) for o in tax.owners)),
        section("How to read this site", HOW_TO_READ),
    )


def _owner(owner: object) -> str:
    if isinstance(owner, str):
        return mdx.plain(owner)
    name = mdx.plain(getattr(owner, "name", ""))
    role = getattr(owner, "role", None)
    return f"{name} ({mdx.plain(role)})" if role else name


def front(tax: Taxonomy, inputs: SiteInputs | None, page: str = INDEX) -> str:
    """The latest version's changes (when the taxonomy has a history), then the overview:
    the generated home page's body, and what a hand-written one's marker becomes."""
    news = latest_changes(inputs, page, tax) if inputs is not None else ""
    return join(news, overview(tax, page))


def start_page(tax: Taxonomy, inputs: SiteInputs | None = None) -> Page:
    return Page(INDEX, tax.title, join(f"# {mdx.plain(tax.title)}", front(tax, inputs)))


def downloads_page(tax: Taxonomy, inputs: SiteInputs) -> Page:
    rows = [
        [link(DOWNLOADS, d.path, f"`{d.path.rsplit('/', 1)[-1]}`"), mdx.plain(d.description)]
        for d in inputs.downloads
    ]
    body = join(
        "# Downloads",
        f"The files behind this site, for version **{mdx.plain(tax.version)}** of `{tax.name}`.",
        table(["File", "What it is"], rows),
    )
    return Page(DOWNLOADS, "Downloads", body)


def credits(tax: Taxonomy) -> str:
    """The taxonomy's own about text and image credit lines."""
    lines = bullet_list(mdx.inline(c) for c in tax.guidelines.credits)
    return join(mdx.block(tax.guidelines.about), section("Image credits", lines))


def about_page(tax: Taxonomy) -> Page:
    return Page(ABOUT, "About", join("# About", credits(tax)))
