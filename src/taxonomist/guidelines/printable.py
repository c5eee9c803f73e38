"""The printable guide: ``downloads/guidelines.pdf``, made from the same pages the site has.

``guide_pdf`` takes the planned pages (docs path, title, Markdown) and the assets they show
(docs path -> bytes of the drawn images) and prints the annotator pages into one A4 PDF,
independent of any site generator:

- each page's Markdown is rendered with Python-Markdown and the extensions the site's pages
  use (attr_list, md_in_html, tables, admonition, toc, pymdownx.details); collapsed blocks
  are printed open;
- a link between two printed pages becomes an anchor inside the PDF, with the page number
  it leads to; a link to a page left out (the checks, the reference) keeps its text only;
- an image must be one of the assets: anything else (another file, a ``data:`` URL, a web
  address) is refused with an error, and the PDF engine is given a fetcher that reads the
  assets mapping and nothing else, so no file is opened and no network is used;
- the print stylesheet (``assets/print/guide.css``, not linked from the site) sets A4, the
  taxonomy's title, version and build date in the running header and footer of every page,
  page numbers and a table of contents; every page of the site starts a new sheet, headings
  stay with what follows them and an example stays with its verdict and caption.

Which pages go in is a predicate over docs paths, ``annotator_page`` by default: everything
except the pages "For the pipeline" (``checks/``, ``reference/``, ``pipeline/``), the
downloads page (which lists this PDF) and the quiz (which needs a browser). A large taxonomy
(more than ``class_pages`` class pages, 150 by default) prints only the class pages that show
examples; the class index lists every class, and the cover says how many pages were left out.
WeasyPrint lays out a few pages a second, so LVIS's 1,203 one-paragraph class pages would
take many minutes and 1,200 sheets of paper.

The engine is WeasyPrint, an optional extra (``pip install 'taxonomist[pdf]'``; on Debian it
needs the Pango libraries, ``apt-get install libpango-1.0-0 libpangoft2-1.0-0``). It is a
Python library that a pip install brings along, it implements CSS Paged Media with margin
boxes (the title, version and date on every page come from the stylesheet, like the rest of
the layout), it runs no JavaScript and it fetches only through the fetcher it is given.
Headless Chromium (Playwright's ``page.pdf``) would need a browser on every machine that
renders the site, which pip cannot install, and it takes the header and footer as an HTML
template of their own rather than from the stylesheet. WeasyPrint missing is a one-line
``UsageError`` with the install hint, never a traceback.

The output is deterministic: the PDF's creation and modification dates are ``built`` and
every anchor is derived from the page paths, so two runs over the same input give the same
bytes (with the same WeasyPrint and fonts).
"""

from __future__ import annotations

import html
import logging
import posixpath
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from importlib import import_module
from importlib.resources import files as package_files
from typing import Any
from urllib.parse import unquote, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from taxonomist.core.errors import InternalError, UnsafeInput, UsageError
from taxonomist.guidelines.common import HOME, Page
from taxonomist.taxonomy.resolved import Taxonomy

PDF_PATH = "downloads/guidelines.pdf"
# The extensions the generated pages are written for (the plugin's, and the details blocks),
# plus fenced code as the site's configurations enable it.
EXTENSIONS = (
    "attr_list",
    "md_in_html",
    "tables",
    "admonition",
    "toc",
    "pymdownx.details",
    "fenced_code",
)
PIPELINE_PREFIXES = ("checks/", "reference/", "pipeline/")
# The dataset page describes the project's files, not how to label: it is not printed.
LEFT_OUT = frozenset({"downloads.md", "quiz.md", "quiz/index.md", "dataset.md"})
CLASSES = "classes/"
CLASS_INDEX = "classes/index.md"
MAX_CLASS_PAGES = 150  # above this, only the class pages that show examples are printed
EXAMPLE_MARK = 'class="tx-example'  # how a page's gallery marks an example (common.gallery)
ASSET_SCHEME = "asset:"  # how an image names its asset for the fetcher
INSTALL_HINT = "pip install 'taxonomist[pdf]'"
PANGO_HINT = (
    "WeasyPrint needs the Pango libraries: on Debian or Ubuntu "
    "apt-get install libpango-1.0-0 libpangoft2-1.0-0"
)
MIME = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".svg": "image/svg+xml",
}
# Attributes through which HTML loads something; only ``img src`` may, and only an asset.
_LOADING = ("src", "srcset", "data", "poster", "background", "xlink:href")
_FRONT_MATTER = re.compile(r"\A---\n.*?\n---\n", re.DOTALL)
_EXTERNAL = ("http", "https", "mailto")

log = logging.getLogger(__name__)


def annotator_page(path: str) -> bool:
    """Whether a docs path belongs in the printed guide: not a page for the pipeline, not the
    downloads page, not the quiz."""
    return not path.startswith(PIPELINE_PREFIXES) and path not in LEFT_OUT


def guide_pdf(
    tax: Taxonomy,
    pages: Sequence[Page],
    assets: Mapping[str, bytes | str],
    *,
    built: date,
    include: Callable[[str], bool] = annotator_page,
    class_pages: int = MAX_CLASS_PAGES,
) -> bytes:
    """The printable guide of ``pages`` (those whose docs path ``include`` accepts), as PDF.

    With more than ``class_pages`` class pages, only those showing examples are printed.
    Raises ``UnsafeInput`` when a page shows an image that is not in ``assets`` and
    ``UsageError`` when WeasyPrint is not installed.
    """
    document = guide_html(tax, pages, assets, built=built, include=include, class_pages=class_pages)
    return _print(document, assets)


def guide_html(
    tax: Taxonomy,
    pages: Sequence[Page],
    assets: Mapping[str, bytes | str],
    *,
    built: date,
    include: Callable[[str], bool] = annotator_page,
    class_pages: int = MAX_CLASS_PAGES,
) -> str:
    """The one HTML document that is printed: cover, contents, then every included page."""
    chosen, left_out = _fit([p for p in pages if include(p.path)], class_pages)
    anchors = _anchors(chosen)
    converter = _converter()
    sections = [_section(page, anchors, assets, converter) for page in chosen]
    title = html.escape(tax.title)
    return "\n".join(
        [
            "<!DOCTYPE html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>{title}</title>",
            f'<meta name="dcterms.created" content="{built.isoformat()}">',
            f'<meta name="dcterms.modified" content="{built.isoformat()}">',
            f'<meta name="description" content="Annotation guidelines, version '
            f'{html.escape(tax.version)}">',
            "</head><body>",
            _cover(tax, built, left_out),
            _contents(chosen, anchors),
            *sections,
            "</body></html>",
        ]
    )


def stylesheet() -> str:
    """The print stylesheet (kept out of the site's assets folder, so no web page links it)."""
    return (package_files("taxonomist.guidelines") / "assets" / "print" / "guide.css").read_text(
        encoding="utf-8"
    )


# --------------------------------------------------------------------------- the document


def _fit(pages: list[Page], limit: int) -> tuple[list[Page], int]:
    """The pages to print, and how many class pages were left out: with more than ``limit``
    class pages, those without an example (a definition the class index has too)."""
    members = [p for p in pages if _is_class_page(p.path)]
    if len(members) <= limit:
        return pages, 0
    kept = [p for p in pages if not _is_class_page(p.path) or EXAMPLE_MARK in p.markdown]
    return kept, len(pages) - len(kept)


def _is_class_page(path: str) -> bool:
    return path.startswith(CLASSES) and path != CLASS_INDEX


def _cover(tax: Taxonomy, built: date, left_out: int) -> str:
    meta = f"Version {html.escape(tax.version)} · {built.isoformat()}"
    note = (
        f'<p class="tx-cover-note">{left_out:,} of the {len(tax.classes):,} class pages show '
        "no example and are not printed: the class index lists every class, and the site "
        "has a page for each.</p>\n"
        if left_out
        else ""
    )
    return (
        '<section class="tx-cover">\n'
        '<p class="tx-cover-kind">Annotation guidelines</p>\n'
        f'<h1 class="tx-cover-title">{html.escape(tax.title)}</h1>\n'
        f'<p class="tx-cover-meta">{meta}</p>\n'
        f"<p>Taxonomy <code>{html.escape(tax.name)}</code>, printed on {built.isoformat()} "
        "from the guideline site. Where a printed copy and the site differ, the site is "
        "current.</p>\n"
        f"{note}"
        "</section>"
    )


def _contents(pages: Sequence[Page], anchors: Mapping[str, str]) -> str:
    items = [
        f'<li class="tx-toc-{_level(p.path)}"><a href="#{anchors[p.path]}">'
        f"{html.escape(p.title)}</a></li>"
        for p in pages
    ]
    return '<nav class="tx-toc">\n<h1>Contents</h1>\n<ol>\n' + "\n".join(items) + "\n</ol>\n</nav>"


def _level(path: str) -> int:
    """1 for the home page, top-level pages and section indexes; 2 for the pages in a section."""
    return 1 if "/" not in path or path.endswith("/index.md") else 2


def _anchors(pages: Sequence[Page]) -> dict[str, str]:
    """An element id per page, from its docs path, unique by its position."""
    out = {}
    for i, page in enumerate(pages, 1):
        slug = re.sub(r"[^a-z0-9]+", "-", page.path.removesuffix(".md").lower()).strip("-")
        out[page.path] = f"p{i}-{slug or 'page'}"
    return out


def _section(
    page: Page, anchors: Mapping[str, str], assets: Mapping[str, bytes | str], converter: Any
) -> str:
    body: str = converter.reset().convert(_FRONT_MATTER.sub("", page.markdown, count=1))
    kind = f"tx-level-{_level(page.path)}" + (" tx-home" if page.path == HOME else "")
    tree = LexborHTMLParser(
        f'<section class="tx-page {kind}" id="{anchors[page.path]}">{body}</section>'
    )
    root = tree.css_first("section.tx-page")
    if root is None:  # the parser always keeps the wrapper it was given
        raise InternalError(f"{page.path}: the printed page lost its wrapper")
    _Rewriter(page.path, anchors, assets).apply(root)
    return root.html or ""


def _converter() -> Any:
    # Python-Markdown has no type hints; one instance is reset per page.
    return import_module("markdown").Markdown(extensions=list(EXTENSIONS), output_format="html")


# Elements that run, load or ask for input: nothing of them belongs on paper.
_DROPPED = (
    "script, noscript, style, link, meta, base, iframe, object, embed, video, audio, source, "
    "track, template, form, input, button, select, textarea"
)


@dataclass(frozen=True)
class _Rewriter:
    """Makes one rendered page printable: ids made unique in the document, links between
    printed pages turned into anchors, images resolved to assets, collapsed blocks opened."""

    path: str
    anchors: Mapping[str, str]
    assets: Mapping[str, bytes | str]

    def apply(self, root: LexborNode) -> None:
        for node in root.css(_DROPPED):
            node.decompose()
        prefix = self.anchors[self.path]
        for node in root.css("[id]"):
            if node.attrs.get("id") != prefix:
                node.attrs["id"] = f"{prefix}--{node.attrs.get('id')}"
        for node in root.css("details"):
            node.attrs["open"] = "open"
        for node in root.css("img"):
            self._image(node)
        for node in root.css("a"):
            self._link(node)
        for node in root.css("*"):
            _disarm(node)

    def _image(self, img: LexborNode) -> None:
        src = img.attrs.get("src") or ""
        # A thumbnail that opens the full drawing prints the full drawing: paper has the
        # resolution the screen's thumbnail does not.
        parent = img.parent
        full = parent.attrs.get("href") if parent is not None and parent.tag == "a" else None
        if full and _is_image(self._docs_path(full) or "", self.assets):
            src = full
        target = self._docs_path(src)
        if target is None or target not in self.assets:
            raise UnsafeInput(
                f"{self.path}: the image {src!r} is not one of the site's assets; the "
                "printable guide embeds only those and fetches nothing",
                hint="show drawings the renderer made (docs paths under assets/), not files "
                "or web addresses",
            )
        img.attrs["src"] = ASSET_SCHEME + target
        for name in ("srcset", "loading", "sizes"):
            if name in img.attrs:
                del img.attrs[name]

    def _link(self, a: LexborNode) -> None:
        href = a.attrs.get("href")
        for name in ("rel", "target", "download", "ping"):
            if name in a.attrs:
                del a.attrs[name]
        if href is None:
            return
        parts = urlsplit(href)
        if parts.scheme in _EXTERNAL:
            return
        if not parts.scheme and not parts.netloc and not parts.path:
            a.attrs["href"] = self._anchor(self.path, parts.fragment)
            return
        target = self._docs_path(href)
        page = _page_of(target, self.anchors) if target is not None else None
        if page is None:
            a.unwrap()  # a file, an asset or a page left out of the print: its text stays
            return
        a.attrs["href"] = self._anchor(page, parts.fragment)
        a.attrs["class"] = "tx-xref"

    def _anchor(self, page: str, fragment: str) -> str:
        base = self.anchors[page]
        return f"#{base}--{fragment}" if fragment else f"#{base}"

    def _docs_path(self, url: str) -> str | None:
        """The docs path a relative URL on this page names, or None for any other URL."""
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            return None
        joined = posixpath.join(posixpath.dirname(self.path), unquote(parts.path))
        target = posixpath.normpath(joined)
        return None if target.startswith("../") or target == ".." else target


def _page_of(target: str, anchors: Mapping[str, str]) -> str | None:
    for candidate in (target, f"{target}.md", f"{target}/index.md"):
        if candidate in anchors:
            return candidate
    return None


def _is_image(path: str, assets: Mapping[str, bytes | str]) -> bool:
    return path in assets and posixpath.splitext(path)[1].lower() in MIME


def _disarm(node: LexborNode) -> None:
    """No attribute left that would load something: only images load, and only assets."""
    for name in _LOADING:
        if name in node.attrs and not (node.tag == "img" and name == "src"):
            del node.attrs[name]
    if node.tag != "a" and "href" in node.attrs:
        del node.attrs["href"]
    style = node.attrs.get("style")
    if style is not None and "url(" in style.lower():
        del node.attrs["style"]


# --------------------------------------------------------------------------- printing


def _print(document: str, assets: Mapping[str, bytes | str]) -> bytes:
    weasy = _weasyprint()
    refused: list[str] = []
    fetcher = _fetcher(weasy, assets, refused)
    with _weasyprint_log() as problems:
        css = weasy.CSS(string=stylesheet(), url_fetcher=fetcher)
        pdf = weasy.HTML(string=document, url_fetcher=fetcher).write_pdf(stylesheets=[css])
    if refused:
        raise UnsafeInput(
            f"the printable guide asked for {refused[0]!r}, which is not one of the site's "
            "assets; nothing else is read",
            hint="show drawings the renderer made (docs paths under assets/)",
        )
    if problems:
        raise InternalError(f"the printable guide could not be printed: {problems[0]}")
    return bytes(pdf)


def _weasyprint() -> Any:
    """WeasyPrint, imported without its side effect on Pillow: it sets
    ``ImageFile.LOAD_TRUNCATED_IMAGES`` for the whole process, after which every reader
    would take a truncated mask PNG for a whole one (a silent pass); the flag is put back."""
    from PIL import ImageFile

    before = ImageFile.LOAD_TRUNCATED_IMAGES
    try:
        return import_module("weasyprint")
    except ImportError:
        raise UsageError(
            "the printable guide (PDF) needs WeasyPrint, which is not installed",
            hint=INSTALL_HINT,
        ) from None
    except OSError as exc:  # cffi could not open Pango or one of its libraries
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise UsageError(
            f"WeasyPrint is installed but cannot load its libraries ({first})", hint=PANGO_HINT
        ) from None
    finally:
        ImageFile.LOAD_TRUNCATED_IMAGES = before


def _fetcher(weasy: Any, assets: Mapping[str, bytes | str], refused: list[str]) -> Any:
    """WeasyPrint's URL fetcher, answering from ``assets`` only: no file, no network."""
    response = weasy.urls.URLFetcherResponse

    def fetch(self: Any, url: str, headers: object = None) -> Any:
        path = unquote(url.removeprefix(ASSET_SCHEME)) if url.startswith(ASSET_SCHEME) else ""
        data = assets.get(path) if path else None
        if data is None:
            refused.append(url)
            raise ValueError(f"{url!r} is not one of the site's assets")
        body = data.encode("utf-8") if isinstance(data, str) else data
        return response(url, body=body, headers={"Content-Type": _mime(path)})

    return type("AssetFetcher", (weasy.urls.URLFetcher,), {"fetch": fetch})()


def _mime(path: str) -> str:
    return MIME.get(posixpath.splitext(path)[1].lower(), "application/octet-stream")


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.errors: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            self.errors.append(message)
        else:
            log.debug("weasyprint: %s", message)


@contextmanager
def _weasyprint_log() -> Iterator[list[str]]:
    """WeasyPrint's errors (a resource it could not use) while printing, collected."""
    logger = logging.getLogger("weasyprint")
    handler = _Collect()
    logger.addHandler(handler)
    try:
        yield handler.errors
    finally:
        logger.removeHandler(handler)
