"""The "Dataset" page (what the site's configured annotation files hold, with plots) and
the "In the dataset" section of each class page (how many, how big, example thumbnails).

Plots are inline SVG written as raw HTML blocks: Markdown passes them through on either
site engine, and the page needs no script. The text comes from the same tables as the
command's reports (``quality.stats.tables``), escaped here for Markdown."""

from __future__ import annotations

from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    DATASET,
    DatasetInputs,
    Page,
    SiteInputs,
    class_path,
    join,
    link,
    rel,
    section,
)
from taxonomist.quality.stats import plots, tables
from taxonomist.quality.stats.bins import SIZE_EDGES
from taxonomist.quality.stats.model import AREA_BINS, ClassStats, DatasetStats, Histogram
from taxonomist.quality.tables import Table
from taxonomist.taxonomy.resolved import Taxonomy

# The command's tables the page shows, beside its own class table with links.
PAGE_TABLES = frozenset(
    {
        "Overview",
        "Files not read",
        "Not in the taxonomy",
        "Classes never used",
        "Objects per image",
        "Attribute values",
        "Classes seen together",
        "Image sizes",
        "Keypoint visibility",
    }
)


# Inline, so every site keeps its stylesheet list: matplotlib draws dark text on a clear
# ground, so a plot sits on white in a dark theme too.
PLOT_STYLE = "background:#fff;border-radius:4px;padding:.4rem;margin:1rem 0"
THUMBS_STYLE = "display:flex;flex-wrap:wrap;gap:.5rem;align-items:flex-end"


def figure(svg: str, caption: str = "") -> str:
    """An SVG plot as a raw HTML block: one paragraph for Markdown (no blank line inside)."""
    body = "\n".join(line for line in svg.splitlines() if line.strip())
    cap = f"<figcaption>{mdx.plain(caption)}</figcaption>" if caption else ""
    return f'<figure class="tx-plot" style="{PLOT_STYLE}">\n{body}\n{cap}</figure>'


def markdown_table(table: Table) -> str:
    """A stats table as a Markdown table, every cell escaped, its note under it."""
    head = "| " + " | ".join(mdx.cell(mdx.plain(h)) or " " for h in table.header) + " |"
    align = "|" + "".join("---:|" if n else "---|" for n in table.numeric)
    rows = ["| " + " | ".join(_cell(c) for c in row) + " |" for row in table.rows]
    note = f"\n\n{mdx.plain(table.note)}" if table.note else ""
    return "\n".join([head, align, *rows]) + note


def _cell(value: object) -> str:
    return f"{value:,}" if isinstance(value, int) else mdx.cell(mdx.plain(str(value)))


def dataset_page(tax: Taxonomy, inputs: SiteInputs) -> Page:
    """The page of the whole dataset; ``inputs.dataset`` must be set."""
    given = inputs.dataset
    assert given is not None
    stats = given.stats
    body = join("# Dataset", _intro(stats), _plots(stats), _tables(tax, given))
    return Page(DATASET, "Dataset", body)


def _intro(stats: DatasetStats) -> str:
    files = ", ".join(f"`{mdx.attr(f)}`" for f in stats.files)
    return (
        f"What the annotation files of this project hold ({files}): {stats.images:,} images, "
        f"{stats.objects:,} objects, counted against this taxonomy by `taxonomist stats`."
    )


def _plots(stats: DatasetStats) -> str:
    if not stats.objects:
        return ""
    return section(
        "Plots",
        "\n\n".join(
            [
                figure(plots.classes(stats)),
                figure(plots.per_image(stats)),
                figure(plots.binned(stats.size, title="Object size", xlabel="√area (pixels)")),
                figure(plots.binned(stats.aspect, title="Box aspect", xlabel="width / height")),
            ]
        ),
    )


def _tables(tax: Taxonomy, given: DatasetInputs) -> str:
    stats = given.stats
    parts = [section("Classes", _class_table(tax, stats))]
    for table in tables.all_tables(stats):
        if table.title in PAGE_TABLES:
            parts.append(section(table.title, markdown_table(table)))
    if given.images_note:
        parts.append(f"Thumbnails on the class pages: {mdx.plain(given.images_note)}")
    return join(*parts)


def _class_table(tax: Taxonomy, stats: DatasetStats) -> str:
    header = (
        "| Class | Objects | Images | With subclasses | Small | Medium | Large |\n"
        "|---|---:|---:|---:|---:|---:|---:|"
    )
    rows = [
        f"| {_class_link(tax, c)} | {c.objects:,} | {c.images:,} | {c.subtree:,} | "
        + " | ".join(f"{n:,}" for n in c.area_bins)
        + " |"
        for c in sorted(stats.classes, key=lambda c: (-c.subtree, c.name))
        if c.known and c.subtree
    ]
    note = "Area bins as COCO evaluation's: small < 32², medium < 96², large otherwise."
    return "\n".join([header, *rows]) + "\n\n" + note


def _class_link(tax: Taxonomy, c: ClassStats) -> str:
    title = mdx.plain(tax.classes[c.name].title) if c.name in tax.classes else mdx.plain(c.name)
    return link(DATASET, class_path(c.name), title)


# --------------------------------------------------------------------------- class pages


def class_dataset_section(name: str, page: str, inputs: SiteInputs) -> str:
    """How many objects of the class the dataset holds, how big they are, and thumbnails."""
    given = inputs.dataset
    if given is None:
        return ""
    found = next((c for c in given.stats.classes if c.name == name and c.known), None)
    if found is None or not found.subtree:
        whole = link(page, DATASET, "the dataset")
        return section("In the dataset", f"No object of this class in {whole}.")
    body = join(
        _numbers(found, given.stats, page), _size_plot(found), _thumbnails(found, given, page)
    )
    return section("In the dataset", body)


def _numbers(found: ClassStats, stats: DatasetStats, page: str) -> str:
    whole = link(page, DATASET, "the dataset")
    share = tables.percent(found.objects, stats.objects)
    objects, images = _count(found.objects, "object"), _count(found.images, "image")
    lines = [f"{objects} ({share} of {whole}) in {images}."]
    if found.subtree != found.objects:
        lines.append(f"With its kinds: {found.subtree:,} objects.")
    if found.objects:
        bins = ", ".join(f"{n:,} {b}" for b, n in zip(AREA_BINS, found.area_bins, strict=True))
        size = f"{tables.number(found.mean_width, 0)} x {tables.number(found.mean_height, 0)}"
        lines.append(f"By area: {bins} (COCO's bins). Mean box: {size} pixels.")
    return "\n\n".join(lines)


def _count(number: int, noun: str) -> str:
    return f"**{number:,}** {noun}{'' if number == 1 else 's'}"


def _size_plot(found: ClassStats) -> str:
    if not found.objects:
        return ""
    sizes = Histogram(tuple(SIZE_EDGES.tolist()), found.size_counts)
    title = f"Size of {found.name}"
    return figure(plots.binned(sizes, title=title, xlabel="√area (pixels)", height=2.4))


def _thumbnails(found: ClassStats, given: DatasetInputs, page: str) -> str:
    paths = given.thumbnails.get(found.name, ())
    if not paths:
        return f"No thumbnails: {mdx.plain(given.images_note)}" if given.images_note else ""
    alt = mdx.attr(found.name)
    items = [f"![{alt} {i + 1}]({rel(page, p)}){{ .tx-thumb }}" for i, p in enumerate(paths)]
    first = "The first objects of the class in the files, cropped from their images:"
    grid = f'<div class="tx-thumbs" style="{THUMBS_STYLE}" markdown>'
    return f"{first}\n\n{grid}\n\n" + " ".join(items) + "\n\n</div>"
