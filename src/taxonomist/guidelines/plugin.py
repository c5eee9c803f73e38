"""The mkdocs plugin, a thin adapter over ``guidelines.render``.

``plugins: [taxonomist: {taxonomy: taxonomies/demo.yaml}]`` renders the taxonomy's site on
every build and adds its pages and files next to the hand-written ones in ``docs_dir``.
Hand-written pages win over generated ones with the same path; a hand-written ``index.md``
or ``about.md`` gets the generated overview or credits where it writes the marker comment.
``mkdocs serve`` also watches the taxonomy files and every example image and annotation.

Without ``taxonomy`` the plugin serves a source that ``taxonomist guidelines render`` wrote:
the pages are in ``docs_dir`` already, and it only makes the theme print the taxonomy's text
safely (the site name escaped once, titles through an escaping ``striptags``).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from markupsafe import Markup
from mkdocs.config import config_options as opt
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page as MkPage

from taxonomist.core.errors import TaxonomistError, TaxonomyInvalid
from taxonomist.guidelines.audience import search_meta
from taxonomist.guidelines.examples import sources
from taxonomist.guidelines.nav import build_nav, hand_written
from taxonomist.guidelines.pages.index import CREDITS_MARKER, OVERVIEW_MARKER, credits, front
from taxonomist.guidelines.render import Options, RenderedSite, render
from taxonomist.guidelines.source import EXTENSIONS, nav_titles
from taxonomist.taxonomy.resolved import Taxonomy

log = logging.getLogger("mkdocs.plugins.taxonomist")


class TaxonomistConfig(Config):  # type: ignore[no-untyped-call]
    taxonomy = opt.Optional(opt.Type(str))  # none: a rendered source
    root = opt.Optional(opt.Type(str))  # project root; examples must lie inside it
    cache_dir = opt.Optional(opt.Type(str))
    verify_examples = opt.Type(bool, default=True)
    nav_limit = opt.Type(int, default=150)
    title_in_header = opt.Type(bool, default=True)
    pdf = opt.Type(bool, default=False)  # also print downloads/guidelines.pdf
    stats = opt.ListOfItems(opt.Type(str), default=[])  # annotation files: the dataset page
    stats_images = opt.Optional(opt.Type(str))  # their image files, if not beside them


class TaxonomistPlugin(BasePlugin[TaxonomistConfig]):  # type: ignore[no-untyped-call]
    """Generates the guideline pages of a taxonomy into an mkdocs site."""

    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.site: RenderedSite | None = None  # the rendered site of this build
        self.project_root = Path.cwd()
        self.config_dir = Path.cwd()  # stats files are relative to the mkdocs.yml
        self.makes_nav = False  # the project's mkdocs.yml has no nav: the plugin makes it

    # -- configuration -----------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        if self.config.taxonomy is None:
            _refuse_markup_tooltips(config, nav_titles(config.nav or []))
            config.site_name = Markup.escape(config.site_name)
            return config
        base = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.project_root = Path(self.config.root).resolve() if self.config.root else base
        self.config_dir = base
        tax = self._load(base / self.config.taxonomy)
        self.taxonomy = tax
        _refuse_markup_tooltips(config, _titles(tax))
        if self.config.title_in_header:
            # Escaped once, and marked so: themes print it raw in the header and through
            # ``| e`` in attributes, which must not escape it a second time ("&amp;amp;").
            config.site_name = Markup.escape(f"{tax.title} · v{tax.version}")
        for name in EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if not _has_fences(config.markdown_extensions):
            config.markdown_extensions.append("fenced_code")
        # The nav is made from the page plan in ``on_files``, once the plan exists; mkdocs
        # reads ``config.nav`` only after that event.
        self.makes_nav = config.nav is None
        return config

    def _load(self, path: Path) -> Taxonomy:
        from taxonomist.taxonomy import load

        try:
            return load(path)
        except TaxonomyInvalid as exc:
            lines = "\n".join(f.render() for f in exc.findings)
            raise PluginError(f"taxonomist: {exc.message}\n{lines}") from None
        except TaxonomistError as exc:
            raise PluginError(f"taxonomist: {exc}") from None

    # -- pages and assets ----------------------------------------------------------------
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files:
        if self.taxonomy is None:  # a rendered source: its pages are already in docs_dir
            return files
        options = Options(
            self.project_root,
            _path(self.config.cache_dir),
            self.config.verify_examples,
            pdf=self.config.pdf,
            stats=tuple(self.config_dir / p for p in self.config.stats),
            stats_images=self.config_dir / self.config.stats_images
            if self.config.stats_images
            else None,
        )
        try:
            site = render(self.taxonomy, options)
        except TaxonomistError as exc:
            raise PluginError(f"taxonomist: {exc}") from None
        self.site = site
        for path, data in sorted(site.assets.items()):
            _add(files, config, path, data)
        for page in site.pages:
            if files.get_file_from_path(page.path) is None:
                _add(files, config, page.path, page.source)
        for path in site.styles:
            if path not in config.extra_css:
                config.extra_css.append(path)
        for path in site.scripts:
            if path not in config.extra_javascript:
                config.extra_javascript.append(path)
        if self.makes_nav:
            config.nav = build_nav(
                site.pages, hand_written(Path(config.docs_dir)), self.config.nav_limit
            )
        return files

    def on_page_markdown(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str:
        meta = search_meta(page.file.src_uri, page.meta)
        if meta is not None:
            page.meta["search"] = meta
        if self.taxonomy is None:
            return markdown
        if OVERVIEW_MARKER not in markdown and CREDITS_MARKER not in markdown:
            return markdown
        tax = self.taxonomy
        path = page.file.src_uri
        inputs = self.site.inputs if self.site is not None else None
        markdown = markdown.replace(OVERVIEW_MARKER, front(tax, inputs, path))
        return markdown.replace(CREDITS_MARKER, credits(tax))

    # -- templates -----------------------------------------------------------------------
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Themes print titles through ``striptags`` (mkdocs-material's ``<title>``), which
        # un-escapes what it keeps: escaped taxonomy text would turn back into markup there.
        env.filters["striptags"] = text_of
        return env

    # -- live reload ---------------------------------------------------------------------
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        if self.taxonomy is None:
            return server
        watched = {str(p.resolve()) for p in self.taxonomy.files}
        examples = (
            self.site.examples
            if self.site is not None
            else sources(self.taxonomy, self.project_root)
        )
        # Folders, not files: an example added later is picked up without a restart.
        for src in examples:
            watched.add(str(src.image.parent))
            watched.add(str(src.annotation.parent))
        for path in sorted(watched):
            server.watch(path)
        return server


def _titles(tax: Taxonomy) -> list[str]:
    groups = (tax.classes.values(), tax.label_types.values(), tax.rules.values())
    return [tax.title, *(str(getattr(item, "title", "") or "") for g in groups for item in g)]


def _refuse_markup_tooltips(config: MkDocsConfig, titles: list[str]) -> None:
    """mkdocs-material's improved tooltips (``content.tooltips``) give a shortened nav or
    header title a tooltip made by inserting its text as HTML, so a title that reads as
    markup would run on the site; refuse that pairing instead of publishing it."""
    if "content.tooltips" not in (config.theme.get("features") or []):
        return
    markup = next((title for title in titles if "<" in title), None)
    if markup is not None:
        raise PluginError(
            f"taxonomist: the title {markup!r} would run as markup in the theme's improved "
            "tooltips (theme feature content.tooltips inserts a shortened title as HTML); "
            "remove that feature or the '<' from the title"
        )


def text_of(value: object) -> Markup:
    """Jinja's ``striptags`` whose result stays escaped: the text of an HTML fragment, safe
    to print into any element or attribute (Jinja's own returns it un-escaped)."""
    return Markup.escape(Markup(str(value)).striptags())


def _add(files: Files, config: MkDocsConfig, path: str, content: str | bytes) -> None:
    existing = files.get_file_from_path(path)
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, path, content=content))


def _has_fences(extensions: list[str]) -> bool:
    return any(e in ("fenced_code", "pymdownx.superfences") for e in extensions)


def _path(value: str | None) -> Path | None:
    return Path(value) if value else None
