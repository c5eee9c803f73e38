"""The whole guideline site of a taxonomy, rendered once and independent of any generator.

``render`` loads nothing itself: given a taxonomy it checks the references, draws and
verifies the examples, works out the other inputs (checker catalogue, downloads, earlier
versions), plans the pages and collects every file the site needs (docs path → bytes or
text). The mkdocs plugin adds those files to an mkdocs build; ``guidelines.source`` writes
them out as a site source folder with a configuration for mkdocs-material and one for
Zensical, which runs no MkDocs plugins.
"""

from __future__ import annotations

import dataclasses
import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib.resources import files as package_files
from pathlib import Path

from taxonomist.core.errors import InvalidInput
from taxonomist.guidelines import inputs as site_inputs
from taxonomist.guidelines.checked import CheckedExample, check_example
from taxonomist.guidelines.common import ASSETS, DatasetInputs, Download, Page, SiteInputs
from taxonomist.guidelines.examples import Drawer, ExampleSource, default_cache_dir, sources
from taxonomist.guidelines.plan import plan
from taxonomist.guidelines.references import broken_references
from taxonomist.guidelines.verify import disagreements
from taxonomist.taxonomy.resolved import Taxonomy

log = logging.getLogger("taxonomist.guidelines")
PDF_DOWNLOAD = Download(
    f"{site_inputs.DOWNLOADS_DIR}/guidelines.pdf",
    "guidelines.pdf",
    "These guidelines as one printable A4 document (the annotators' pages, with the examples).",
)
Content = bytes | str


@dataclass(frozen=True)
class Options:
    """How a site is rendered: where examples may lie, the drawing cache, verification."""

    root: Path  # examples must lie inside it
    cache_dir: Path | None = None  # None: the user's cache folder
    verify_examples: bool = True
    pdf: bool = False  # also print downloads/guidelines.pdf (needs taxonomist[pdf])
    built: date | None = None  # the date printed on the guide: SOURCE_DATE_EPOCH, else today
    stats: tuple[Path, ...] = ()  # annotation files for the dataset page
    stats_images: Path | None = None  # where their image files are, if not beside them


@dataclass(frozen=True)
class RenderedSite:
    """Every generated page and file of a site, and what they were made from."""

    taxonomy: Taxonomy
    pages: tuple[Page, ...]
    assets: Mapping[str, Content]  # docs path -> content (drawings, downloads, CSS, JS)
    inputs: SiteInputs
    examples: tuple[ExampleSource, ...] = ()
    drawn: int = 0  # examples drawn, the rest read from the cache
    styles: tuple[str, ...] = field(default=())  # docs paths of the stylesheets, in order
    scripts: tuple[str, ...] = field(default=())  # docs paths of the scripts, in order
    languages: tuple[str, ...] = ()  # every language the site is built in, source first

    @property
    def name(self) -> str:
        """The site's name: the taxonomy's title and version (plain text, not escaped)."""
        return f"{self.taxonomy.title} · v{self.taxonomy.version}"

    def files(self) -> dict[str, Content]:
        """Every generated file by docs path: the pages' sources and the assets."""
        out: dict[str, Content] = dict(self.assets)
        out.update({page.path: page.source for page in self.pages})
        return out


def render_languages(tax: Taxonomy, options: Options) -> list[RenderedSite]:
    """The site in the taxonomy's own language, then one per translation (its text where
    the translation gives it, the source text elsewhere)."""
    from taxonomist.taxonomy.translations import languages, localized

    tags = languages(tax)
    if len(tags) == 1:
        return [render(tax, options)]
    return [
        dataclasses.replace(render(localized(tax, tag), options), languages=tags) for tag in tags
    ]


def render(tax: Taxonomy, options: Options) -> RenderedSite:
    """The site of ``tax``. Raises ``InvalidInput`` for broken references or examples that
    disagree with the checker, ``UnsafeInput`` for example files outside ``options.root``."""
    problems = broken_references(tax)
    if problems:
        raise InvalidInput("broken references\n" + "\n".join(problems))
    examples = sources(tax, options.root)
    checked = _verified(tax, examples, options.verify_examples)
    drawer = Drawer(tax, options.cache_dir or default_cache_dir())
    drawn = tuple(drawer.example(*pair) for pair in zip(examples, checked, strict=True))
    skeletons = drawer.skeletons()
    downloads = site_inputs.downloads(tax)
    printed = (PDF_DOWNLOAD,) if options.pdf else ()
    changes, history_note = site_inputs.changes(tax)
    assets: dict[str, Content] = dict(drawer.assets)
    assets.update({d.path: data for d, data in downloads})
    styles, scripts = _package_assets(assets)
    log.info("taxonomist: %d examples (%d drawn, rest cached)", len(drawn), drawer.drawn)
    dataset = _dataset(tax, options)
    if dataset is not None:
        assets.update(dataset.assets)
    inputs = SiteInputs(
        drawn,
        skeletons,
        site_inputs.catalogue(),
        (*(d for d, _ in downloads), *printed),
        changes,
        history_note,
        dataset,
    )
    pages = tuple(plan(tax, inputs))
    if options.pdf:
        assets[PDF_DOWNLOAD.path] = _guide(tax, pages, assets, options.built or build_date())
    return RenderedSite(
        tax,
        pages,
        assets,
        inputs,
        tuple(examples),
        drawer.drawn,
        styles,
        scripts,
    )


def _dataset(tax: Taxonomy, options: Options) -> DatasetInputs | None:
    if not options.stats:
        return None
    from taxonomist.guidelines.dataset import dataset_inputs

    return dataset_inputs(tax, options.stats, options.stats_images, options.root)


def _guide(
    tax: Taxonomy, pages: tuple[Page, ...], assets: Mapping[str, Content], built: date
) -> bytes:
    from taxonomist.guidelines.printable import guide_pdf

    return guide_pdf(tax, pages, assets, built=built)


def build_date() -> date:
    """The date a build prints: ``SOURCE_DATE_EPOCH`` (reproducible builds), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC).date()
    return date.today()


def _verified(
    tax: Taxonomy, examples: list[ExampleSource], verify: bool
) -> list[CheckedExample | None]:
    """Each example read and checked once, its verdict held against the findings; the
    checked dataset is then what is drawn. Unverified examples are not read here, only
    when their drawing is not in the cache."""
    if not verify:
        return [None] * len(examples)
    checked = [check_example(tax, src.annotation) for src in examples]
    mismatches = disagreements(examples, checked)
    if mismatches:
        raise InvalidInput("examples disagree with the checker\n" + "\n".join(mismatches))
    return list(checked)


def _package_assets(assets: dict[str, Content]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Add the package's stylesheets and scripts (``guidelines/assets/*.css|js``, by name)
    to ``assets``; return their docs paths. Sub-folders hold files for other uses (print)."""
    folder = package_files("taxonomist.guidelines") / "assets"
    styles: list[str] = []
    scripts: list[str] = []
    for item in sorted(folder.iterdir(), key=lambda f: f.name):
        kind = styles if item.name.endswith(".css") else scripts
        if item.is_file() and item.name.endswith((".css", ".js")):
            path = f"{ASSETS}/{item.name}"
            assets[path] = item.read_text(encoding="utf-8")
            kind.append(path)
    return tuple(styles), tuple(scripts)
