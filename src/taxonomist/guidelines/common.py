"""What every page kind shares: the page value, site inputs, links, swatches and galleries.

Paths here are *docs paths* (``classes/person.md``), the names mkdocs gives source files.
Links between generated pages are written as relative links to ``.md`` files so mkdocs
resolves them for either URL style and ``--strict`` fails on a broken one.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from taxonomist.core.codes import CodeDoc
from taxonomist.guidelines.audience import search_meta
from taxonomist.guidelines.markdown import attr, front_matter, inline, plain
from taxonomist.quality.stats.model import DatasetStats
from taxonomist.taxonomy.change.model import TaxonomyDiff

ASSETS = "assets/taxonomist"
HOME = "index.md"


@dataclass(frozen=True, slots=True)
class Page:
    """One generated page: where it goes, its title and its Markdown."""

    path: str
    title: str
    markdown: str
    keywords: tuple[str, ...] = ()  # search keywords (front-matter tags)

    @property
    def source(self) -> str:
        """The file the engine reads: the title (safe in ``<title>``) and search weight as
        front matter, then the Markdown. The home page has none: its ``<title>`` is the site
        name alone."""
        if self.path == HOME:
            return self.markdown
        return front_matter(self.title, search_meta(self.path), self.keywords) + self.markdown


@dataclass(frozen=True, slots=True)
class DrawnExample:
    """An example image drawn with its annotation, as the site shows it."""

    rule: str
    index: int
    verdict: str  # "do" or "dont"
    caption: str
    image: str  # docs path of the web-sized drawing
    thumb: str  # docs path of the thumbnail
    classes: tuple[str, ...] = ()  # classes the annotation shows
    marks: tuple[str, ...] = ()  # a Don't's faults, as numbered on its drawing
    plain: str = ""  # docs path of ``image`` drawn without verdict badge or marks (the quiz's)


@dataclass(frozen=True, slots=True)
class Download:
    path: str  # docs path of the file
    title: str
    description: str


@dataclass(frozen=True)
class DatasetInputs:
    """The statistics of the site's configured annotation files (``stats:``), and the
    thumbnails cropped from their images (class -> docs paths; none where no image file
    was found, ``images_note`` says why)."""

    stats: DatasetStats
    thumbnails: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    images_note: str = ""
    assets: Mapping[str, bytes] = field(default_factory=dict)  # the thumbnails' PNGs


@dataclass(frozen=True)
class SiteInputs:
    """Everything a page needs besides the taxonomy (worked out by the plugin)."""

    examples: tuple[DrawnExample, ...] = ()
    skeletons: Mapping[str, str] = field(default_factory=dict)  # label type -> docs path
    checks: tuple[CodeDoc, ...] = ()
    downloads: tuple[Download, ...] = ()
    changes: tuple[TaxonomyDiff, ...] = ()  # version to version, newest first
    history_note: str = ""  # why the history ends where it does, when it ends early
    dataset: DatasetInputs | None = None  # with ``stats:`` files configured


DATASET = "dataset.md"


def class_path(name: str) -> str:
    return f"classes/{name}.md"


def rule_path(rule_id: str) -> str:
    return f"rules/{rule_id}.md"


def check_path(code: str) -> str:
    return f"checks/{code}.md"


def label_type_path(name: str) -> str:
    return f"label-types/{name}.md"


def rel(from_page: str, target: str) -> str:
    """The relative link from one docs path to another."""
    return posixpath.relpath(target, posixpath.dirname(from_page) or ".")


def link(from_page: str, target: str, text: str) -> str:
    return f"[{text}]({rel(from_page, target)})"


def swatch(color: str) -> str:
    # The colour comes from the language's #rrggbb pattern, so it is safe in a style value.
    return f'<span class="tx-swatch" style="background:{color}" title="{color}"></span>'


def code_list(names: Iterable[str]) -> str:
    return ", ".join(f"`{n}`" for n in names)


VERDICTS = {"do": ("✓", "Do"), "dont": ("✗", "Don't")}  # icon and word of each verdict


def gallery(page: str, examples: Iterable[DrawnExample], group: str) -> str:
    """A grid of thumbnails that open the full drawing in the lightbox, each with its
    verdict as a badge (icon and word) in its caption and in the lightbox's."""
    items = [_gallery_item(page, ex, group) for ex in examples]
    if not items:
        return ""
    return '<div class="tx-gallery" markdown>\n\n' + "\n\n".join(items) + "\n\n</div>"


def verdict_badge(verdict: str) -> str:
    """The verdict as a badge: an icon and a word, never colour alone."""
    icon, word = VERDICTS.get(verdict, ("", verdict))
    return (
        f'<span class="tx-verdict tx-verdict-{attr(verdict)}">'
        f'<span class="tx-verdict-icon" aria-hidden="true">{icon}</span> {word}</span>'
    )


def _gallery_item(page: str, ex: DrawnExample, group: str) -> str:
    word = VERDICTS.get(ex.verdict, ("", ex.verdict))[1]
    thumb = f"![{word}: {attr(ex.caption)}]({rel(page, ex.thumb)})"
    # glightbox shows data-title and data-description as HTML: they hold escaped HTML made
    # only of our markup and taxonomy text rendered (sanitised) by markdown.py.
    lightbox = (
        f'.glightbox data-gallery="{attr(group)}" '
        f'data-title="{_html_attr(verdict_badge(ex.verdict))}" '
        f'data-description="{_html_attr(_lightbox_caption(ex))}"'
    )
    full = f"{rel(page, ex.image)}){{ {lightbox} }}"
    rule = link(page, rule_path(ex.rule), f"`{ex.rule}`")
    return (
        f'<figure class="tx-example tx-{ex.verdict}" markdown>\n\n[{thumb}]({full}\n\n'
        f"<figcaption markdown>{verdict_badge(ex.verdict)} {inline(ex.caption)} ({rule})"
        "</figcaption>\n\n</figure>"
    )


# Characters Markdown's inline syntax acts on, written as entities in an attribute list's
# values: the browser reads the same value, but no emphasis or link can start inside it.
_MARKDOWN_INERT = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*_[]()!|~{}"})


def _html_attr(fragment: str) -> str:
    """An HTML fragment as the value of an attribute written in an attribute list."""
    return attr(fragment).translate(_MARKDOWN_INERT)


def _lightbox_caption(ex: DrawnExample) -> str:
    """The lightbox's caption: the example's caption, its rule, and a Don't's faults as
    numbered on the drawing."""
    marks = "".join(f"<li>{inline(plain(m))}</li>" for m in ex.marks)
    faults = f'<ol class="tx-marks">{marks}</ol>' if marks else ""
    rule = f'<span class="tx-lightbox-rule">rule <code>{attr(ex.rule)}</code></span>'
    return f'<div class="tx-lightbox">{inline(ex.caption)} {rule}{faults}</div>'


def bullet_list(lines: Iterable[str]) -> str:
    return "\n".join(f"- {line}" for line in lines)


def section(title: str, body: str) -> str:
    """A ``##`` section, or nothing when the body is empty."""
    return f"## {title}\n\n{body.strip()}\n" if body.strip() else ""


def join(*parts: str) -> str:
    """Page parts separated by blank lines, empty parts dropped, one trailing newline."""
    return "\n\n".join(p.strip("\n") for p in parts if p.strip()) + "\n"


def table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    head = list(header)
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines) if len(lines) > 2 else ""
