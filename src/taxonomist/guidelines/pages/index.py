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
from taxonomist.guidelines.pages.attributes import or_list
from taxonomist.guidelines.pages.changes import latest_changes
from taxonomist.guidelines.pages.label_type import (
    NO_ANSWERS,
    choices,
    how_to_answer,
    image_questions,
    question,
    used_label_types,
)
from taxonomist.guidelines.pages.pipeline import pipeline_block
from taxonomist.taxonomy.model import IMAGE_LEVEL_KINDS, BinaryLabel
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
  Each shows its guidance, do/don't examples, and what is checked automatically.
- **Label types** explain how each kind of label is drawn, and what each question about
  the whole image asks.
- **Checks** explain every finding `taxonomist check` reports; findings link to these pages.
- Every example on this site is checked by the same rules as your work: a "do" example
  passes the checker, a "don't" example triggers the rule it illustrates.
- A closed **For the pipeline** box at the end of a page holds what the checker and model
  training read (check names, ids, severities, evaluation settings); you can leave it shut."""
# Bullets for the sections only some taxonomies have.
HOW_TO_READ_MORE = {
    "label_maps": "- **Label maps** show what each class becomes in another class set.",
    "relations": "- **Relations** are the links you draw from one object to another.",
}


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
        if tax.label_types[n].kind not in IMAGE_LEVEL_KINDS
    ]
    return join(
        mdx.block(tax.description, tax.thresholds),
        " · ".join(facts),
        section("For every image, answer", image_questions_list(tax, page)),
        section("Label types in use", bullet_list(types)),
        section("Owners", bullet_list(_owner(o) for o in tax.owners)),
        section("How to read this site", _how_to_read(tax)),
        _pipeline(tax),
    )


def _how_to_read(tax: Taxonomy) -> str:
    more = [text for key, text in HOW_TO_READ_MORE.items() if getattr(tax, key)]
    return "\n".join([HOW_TO_READ, *more])


# How many answers a home-page question names before it points to its page for the rest.
SHOWN_ANSWERS = 12


def image_questions_list(tax: Taxonomy, page: str = INDEX) -> str:
    """Every image-level label type as a numbered question, with how to answer it and the
    answers to choose from (each question's page has their definitions)."""
    items = []
    for i, name in enumerate(image_questions(tax), start=1):
        asked = link(page, label_type_path(name), question(tax, name))
        spec = tax.label_types[name]
        about = (
            "" if isinstance(spec, BinaryLabel) else mdx.inline(spec.description, tax.thresholds)
        )
        said = " ".join(p for p in (about, how_to_answer(tax, name)) if p)
        items.append(f"{i}. **{asked}**: {said}{_answers(tax, name, page)}")
    return "\n".join(items)


def _answers(tax: Taxonomy, name: str, page: str) -> str:
    if isinstance(tax.label_types[name], BinaryLabel):
        return ""
    offered = choices(tax, name)
    names = [mdx.plain(c.title) for c in offered[:SHOWN_ANSWERS]]
    if len(offered) > SHOWN_ANSWERS:
        rest = link(page, label_type_path(name), f"{len(offered) - SHOWN_ANSWERS} more")
        return f" Answers: {', '.join(names)} and {rest}."
    return f" Answers: {or_list(names)}." if names else f" {NO_ANSWERS}"


def _pipeline(tax: Taxonomy) -> str:
    """Id spaces and severity changes of checker codes: for the pipeline."""
    spaces = [
        f"`{name}`"
        + (f": {mdx.inline(s.description, tax.thresholds)}" if s.description else "")
        + (f" (classes left out: {s.ignore_value})" if s.ignore_value is not None else "")
        for name, s in tax.id_spaces.items()
    ]
    overrides = [
        f"`{mdx.attr(code)}` → {o.severity}"
        for code, o in sorted(tax.check_overrides.items())
        if code not in tax.rules
    ]
    return pipeline_block(
        "Id spaces besides `id`:\n\n" + bullet_list(spaces) if spaces else "",
        "Checker severities changed by this taxonomy: " + ", ".join(overrides) if overrides else "",
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
