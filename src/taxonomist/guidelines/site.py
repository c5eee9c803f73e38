"""Render, build or serve the guideline site of a taxonomy without a project config.

``render_source`` writes the site source (``guidelines.source``): docs, ``mkdocs.yml`` and
``zensical.toml``. ``build_site`` renders it into a temporary folder and builds it with the
engine asked for, mkdocs-material or Zensical. ``serve_site`` serves with live reload through
mkdocs and the plugin. Output folders are replaced only once the work succeeded
(``guidelines.output`` says how, and which folders it refuses to replace).
"""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

import yaml

from taxonomist.core.errors import InvalidInput, TaxonomistError, TaxonomyInvalid, UsageError
from taxonomist.guidelines.output import check_target, publishing
from taxonomist.guidelines.render import Options, RenderedSite, render_languages
from taxonomist.guidelines.source import (
    MKDOCS_CONFIG,
    THEME,
    TRANSLATIONS,
    ZENSICAL_CONFIG,
    write_sources,
)
from taxonomist.taxonomy.resolved import Taxonomy

Engine = Literal["mkdocs", "zensical"]
ENGINES: tuple[Engine, ...] = ("mkdocs", "zensical")


def site_config(taxonomy: Path, docs_dir: Path, site_dir: Path) -> dict[str, Any]:
    """The mkdocs configuration of a generated-only site."""
    return {
        "site_name": taxonomy.stem,  # replaced by the taxonomy's title and version
        "docs_dir": str(docs_dir.resolve()),
        "site_dir": str(site_dir.resolve()),
        "theme": THEME,
        "plugins": [
            "search",
            {"glightbox": {"auto_caption": False}},
            {
                "taxonomist": {
                    "taxonomy": str(taxonomy.resolve()),
                    "root": example_root(taxonomy),
                }
            },
        ],
    }


def example_root(taxonomy: Path) -> str:
    """The folder examples must lie in: the taxonomy's own, widened to take in the bases and
    fragments it reads from elsewhere (a project extending ``../../taxonomies/coco.yaml``
    shows the base's examples; the loader keeps each in its own taxonomy file's folder)."""
    from taxonomist.core.errors import TaxonomyInvalid
    from taxonomist.taxonomy import load

    try:
        files = load(taxonomy).files
    except TaxonomyInvalid:  # the plugin reports the errors when it loads the taxonomy
        files = ()
    return os.path.commonpath([str(p.resolve().parent) for p in (taxonomy, *files)])


def write_config(taxonomy: Path, workdir: Path, site_dir: Path, docs_dir: Path | None) -> Path:
    """Write the temporary ``mkdocs.yml`` (and an empty docs folder when none is given)."""
    _need_taxonomy(taxonomy)
    docs = docs_dir if docs_dir is not None else workdir / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    path = workdir / "mkdocs.yml"
    text = yaml.safe_dump(site_config(taxonomy, docs, site_dir), sort_keys=True)
    path.write_text(text, encoding="utf-8")
    return path


def _need_taxonomy(taxonomy: Path) -> None:
    if not taxonomy.is_file():
        raise UsageError(f"{taxonomy}: no such taxonomy file")


def load_taxonomy(taxonomy: Path) -> Taxonomy:
    """The taxonomy, or ``InvalidInput`` listing its errors with file:line:col."""
    from taxonomist.taxonomy import load

    _need_taxonomy(taxonomy)
    try:
        return load(taxonomy)
    except TaxonomyInvalid as exc:
        lines = "\n".join(f.render() for f in exc.findings)
        raise InvalidInput(f"{exc.message}\n{lines}") from None


def rendered(taxonomy: Path, options: Options | None = None) -> list[RenderedSite]:
    """The rendered site of the taxonomy file in each of its languages, its own first
    (examples inside ``example_root``)."""
    tax = load_taxonomy(taxonomy)
    given = options or Options(Path(example_root(taxonomy)))
    return render_languages(tax, given)


def render_source(
    taxonomy: Path,
    out_dir: Path,
    docs_dir: Path | None = None,
    *,
    clean: bool = False,
    options: Options | None = None,
) -> RenderedSite:
    """Write the site source into ``out_dir``, replaced as a site build replaces its folder."""
    target = out_dir.resolve()
    check_target(target, sources_of(taxonomy, docs_dir), docs_dir, clean=clean)
    sites = rendered(taxonomy, options)
    with publishing(target) as staging:
        write_sources(sites, staging, docs_dir)
    return sites[0]


def build_site(
    taxonomy: Path,
    site_dir: Path,
    docs_dir: Path | None = None,
    *,
    clean: bool = False,
    engine: Engine = "mkdocs",
    options: Options | None = None,
) -> RenderedSite:
    """Build the site with ``engine`` and put it in ``site_dir`` (strict: any warning fails
    the build).

    ``site_dir`` is replaced only when it is new, empty or a previous site build, or when
    ``clean`` says to; a failed build leaves it as it was."""
    if engine not in ENGINES:
        raise UsageError(f"unknown engine {engine!r}", hint="use mkdocs or zensical")
    target = site_dir.resolve()
    check_target(target, sources_of(taxonomy, docs_dir), docs_dir, clean=clean)
    try:
        sites = rendered(taxonomy, options)
        with (
            publishing(target) as staging,
            tempfile.TemporaryDirectory(prefix="taxonomist-source-") as tmp,
        ):
            write_sources(sites, Path(tmp), docs_dir)
            BUILDERS[engine](Path(tmp), staging)
            for site in sites[1:]:
                tag = site.taxonomy.language
                (staging / tag).mkdir()
                BUILDERS[engine](Path(tmp) / TRANSLATIONS / tag, staging / tag)
    except InvalidInput as exc:
        raise InvalidInput(f"guideline site for {taxonomy} not built:\n{exc}") from None
    return sites[0]


def build_mkdocs(source: Path, site_dir: Path) -> None:
    """Build a rendered source with mkdocs-material into ``site_dir``."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    problems = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(problems)
    try:
        config = load_config(str(source / MKDOCS_CONFIG), site_dir=str(site_dir), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    except MkDocsException as exc:
        raise InvalidInput("\n".join(problems.messages) or str(exc)) from None
    finally:
        logger.removeHandler(problems)


def build_zensical(source: Path, site_dir: Path) -> None:
    """Build a rendered source with Zensical (strict) and move the result to ``site_dir``.
    Zensical writes only inside its project folder, so it builds into ``source/site``."""
    try:
        import zensical  # noqa: F401
    except ImportError:
        raise UsageError(
            "the zensical engine is not installed",
            hint="pip install 'taxonomist[zensical]', or build with --engine mkdocs",
        ) from None
    command = [sys.executable, "-m", "zensical", "build", "-f", ZENSICAL_CONFIG, "--strict"]
    done = subprocess.run(command, cwd=source, capture_output=True, text=True, check=False)
    built = source / "site"
    if done.returncode != 0 or not (built / "index.html").is_file():
        output = (done.stderr or done.stdout).strip().splitlines()
        detail = "\n".join(output[-20:]) or f"zensical exited with {done.returncode}"
        raise InvalidInput(detail)
    for item in sorted(built.iterdir()):
        shutil.move(str(item), site_dir / item.name)


BUILDERS: dict[Engine, Callable[[Path, Path], None]] = {
    "mkdocs": build_mkdocs,
    "zensical": build_zensical,
}


def sources_of(taxonomy: Path, docs_dir: Path | None) -> list[Path]:
    """What a build reads (taxonomy files, docs, example files): the site must not hold them."""
    from taxonomist.taxonomy import load

    found = [taxonomy, *([docs_dir] if docs_dir is not None else [])]
    try:
        tax = load(taxonomy)
    except TaxonomistError:  # the build stops on it, before anything is replaced
        return found
    found += tax.files
    for rule in tax.rules.values():
        found += [rule.base_dir / p for ex in rule.rule.examples for p in (ex.image, ex.annotation)]
    return found


class _Collect(logging.Handler):
    """Keeps mkdocs' warnings and errors, which say why a strict build stopped."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def serve_site(taxonomy: Path, address: str, docs_dir: Path | None = None) -> None:
    """Serve the site with live reload until interrupted."""
    from mkdocs.commands.serve import serve

    with tempfile.TemporaryDirectory(prefix="taxonomist-serve-") as tmp:
        config_file = write_config(taxonomy, Path(tmp), Path(tmp) / "site", docs_dir)
        serve(config_file=str(config_file), dev_addr=address, livereload=True)
