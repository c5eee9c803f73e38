"""The mkdocs plugin: ``plugins: [taxonomist: {taxonomy: taxonomies/demo.yaml}]``.

On every build it loads the taxonomy, draws and verifies the examples, plans the pages and
adds them to the site as generated files next to the hand-written ones in ``docs_dir``.
Hand-written pages win over generated ones with the same path; a hand-written ``index.md``
or ``about.md`` gets the generated overview or credits where it writes the marker comment.
``mkdocs serve`` also watches the taxonomy files and every example image and annotation.
"""

from __future__ import annotations

import logging
from importlib.resources import files as package_files
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
from taxonomist.guidelines import inputs as site_inputs
from taxonomist.guidelines.checked import CheckedExample, check_example
from taxonomist.guidelines.common import ASSETS, SiteInputs
from taxonomist.guidelines.examples import Drawer, ExampleSource, default_cache_dir, sources
from taxonomist.guidelines.nav import build_nav, hand_written
from taxonomist.guidelines.pages.index import credits, front
from taxonomist.guidelines.plan import plan
from taxonomist.guidelines.references import broken_references
from taxonomist.guidelines.verify import disagreements
from taxonomist.taxonomy.resolved import Taxonomy

log = logging.getLogger("mkdocs.plugins.taxonomist")
OVERVIEW_MARKER = "<!-- taxonomist:overview -->"
CREDITS_MARKER = "<!-- taxonomist:credits -->"
# Generated pages use these; they are part of Python-Markdown and pymdown-extensions.
EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc")


class TaxonomistConfig(Config):  # type: ignore[no-untyped-call]
    taxonomy = opt.Type(str)
    root = opt.Optional(opt.Type(str))  # project root; examples must lie inside it
    cache_dir = opt.Optional(opt.Type(str))
    verify_examples = opt.Type(bool, default=True)
    nav_limit = opt.Type(int, default=150)
    title_in_header = opt.Type(bool, default=True)


class TaxonomistPlugin(BasePlugin[TaxonomistConfig]):  # type: ignore[no-untyped-call]
    """Generates the guideline pages of a taxonomy into an mkdocs site."""

    def __init__(self) -> None:
        self.taxonomy: Taxonomy | None = None
        self.inputs: SiteInputs | None = None  # what the pages were planned from
        self.examples: list[ExampleSource] = []
        self.project_root = Path.cwd()
        self.makes_nav = False  # the project's mkdocs.yml has no nav: the plugin makes it

    # -- configuration -----------------------------------------------------------------
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        base = Path(config.config_file_path or "mkdocs.yml").resolve().parent
        self.project_root = Path(self.config.root).resolve() if self.config.root else base
        tax = self._load(base / self.config.taxonomy)
        self.taxonomy = tax
        _refuse_markup_tooltips(config, tax)
        if self.config.title_in_header:
            # Escaped once, and marked so: themes print it raw in the header and through
            # ``| e`` in attributes, which must not escape it a second time ("&amp;amp;").
            config.site_name = Markup.escape(f"{tax.title} · v{tax.version}")
        for name in EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if not _has_fences(config.markdown_extensions):
            config.markdown_extensions.append("fenced_code")
        for path in _own_assets():
            links = config.extra_css if path.endswith(".css") else config.extra_javascript
            if path not in links:
                links.append(path)
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
        tax = self._tax()
        try:
            inputs, assets = self._inputs(tax)
        except TaxonomistError as exc:
            raise PluginError(f"taxonomist: {exc}") from None
        for path, data in sorted(assets.items()):
            _add(files, config, path, data)
        self.inputs = inputs
        pages = plan(tax, inputs)
        for page in pages:
            if files.get_file_from_path(page.path) is None:
                _add(files, config, page.path, page.source)
        if self.makes_nav:
            config.nav = build_nav(
                pages, hand_written(Path(config.docs_dir)), self.config.nav_limit
            )
        return files

    def _inputs(self, tax: Taxonomy) -> tuple[SiteInputs, dict[str, bytes | str]]:
        problems = broken_references(tax)
        if problems:
            raise PluginError("taxonomist: broken references\n" + "\n".join(problems))
        self.examples = sources(tax, self.project_root)
        checked = self._verified(tax)
        cache = Path(self.config.cache_dir) if self.config.cache_dir else default_cache_dir()
        drawer = Drawer(tax, cache)
        drawn = tuple(drawer.example(*pair) for pair in zip(self.examples, checked, strict=True))
        skeletons = drawer.skeletons()
        downloads = site_inputs.downloads(tax)
        changes, history_note = site_inputs.changes(tax)
        assets: dict[str, bytes | str] = dict(drawer.assets)
        assets.update({d.path: data for d, data in downloads})
        assets.update(_own_assets())
        log.info("taxonomist: %d examples (%d drawn, rest cached)", len(drawn), drawer.drawn)
        inputs = SiteInputs(
            drawn,
            skeletons,
            site_inputs.catalogue(),
            tuple(d for d, _ in downloads),
            changes,
            history_note,
        )
        return inputs, assets

    def _verified(self, tax: Taxonomy) -> list[CheckedExample | None]:
        """Each example read and checked once, its verdict held against the findings; the
        checked dataset is then what is drawn. Unverified examples are not read here, only
        when their drawing is not in the cache."""
        if not self.config.verify_examples:
            return [None] * len(self.examples)
        checked = [check_example(tax, src.annotation) for src in self.examples]
        mismatches = disagreements(self.examples, checked)
        if mismatches:
            raise PluginError(
                "taxonomist: examples disagree with the checker\n" + "\n".join(mismatches)
            )
        return list(checked)

    def on_page_markdown(
        self, markdown: str, *, page: MkPage, config: MkDocsConfig, files: Files
    ) -> str:
        if OVERVIEW_MARKER not in markdown and CREDITS_MARKER not in markdown:
            return markdown
        tax = self._tax()
        path = page.file.src_uri
        markdown = markdown.replace(OVERVIEW_MARKER, front(tax, self.inputs, path))
        return markdown.replace(CREDITS_MARKER, credits(tax))

    # -- templates -----------------------------------------------------------------------
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Themes print titles through ``striptags`` (mkdocs-material's ``<title>``), which
        # un-escapes what it keeps: escaped taxonomy text would turn back into markup there.
        env.filters["striptags"] = text_of
        return env

    # -- live reload ---------------------------------------------------------------------
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        tax = self._tax()
        watched = {str(p.resolve()) for p in tax.files}
        # Folders, not files: an example added later is picked up without a restart.
        for src in self.examples:
            watched.add(str(src.image.parent))
            watched.add(str(src.annotation.parent))
        for path in sorted(watched):
            server.watch(path)
        return server

    def _tax(self) -> Taxonomy:
        if self.taxonomy is None:
            raise PluginError("taxonomist: the taxonomy was not loaded (on_config did not run)")
        return self.taxonomy


def _refuse_markup_tooltips(config: MkDocsConfig, tax: Taxonomy) -> None:
    """mkdocs-material's improved tooltips (``content.tooltips``) give a shortened nav or
    header title a tooltip made by inserting its text as HTML, so a title that reads as
    markup would run on the site; refuse that pairing instead of publishing it."""
    if "content.tooltips" not in (config.theme.get("features") or []):
        return
    groups = (tax.classes.values(), tax.label_types.values(), tax.rules.values())
    titles = [tax.title, *(str(getattr(item, "title", "") or "") for g in groups for item in g)]
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


def _own_assets() -> dict[str, str]:
    """The stylesheets and scripts in the package's ``assets`` folder, by docs path; every
    page links them all (each script acts only on the page it is written for)."""
    folder = package_files("taxonomist.guidelines") / "assets"
    found = sorted(p.name for p in folder.iterdir() if p.name.endswith((".css", ".js")))
    return {f"{ASSETS}/{name}": (folder / name).read_text(encoding="utf-8") for name in found}
