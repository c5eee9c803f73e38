"""Build or serve a guideline site for a taxonomy without a project ``mkdocs.yml``.

A temporary mkdocs configuration names the theme (mkdocs-material with tabs, search and a
light/dark toggle), the lightbox and this plugin; hand-written pages are optional. A build
goes to a folder of its own first and replaces the output folder only once it succeeded
(``guidelines.output`` says how, and which folders it refuses to replace).
"""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path
from typing import Any

import yaml

from taxonomist.core.errors import InvalidInput, TaxonomistError, UsageError
from taxonomist.guidelines.output import check_target, publishing

THEME: dict[str, Any] = {
    "name": "material",
    "font": False,  # no web fonts: the site works offline and loads nothing from elsewhere
    "features": ["navigation.tabs", "navigation.indexes", "navigation.top", "search.suggest"],
    "palette": [
        {
            "media": "(prefers-color-scheme: light)",
            "scheme": "default",
            "toggle": {"icon": "material/brightness-7", "name": "Switch to dark mode"},
        },
        {
            "media": "(prefers-color-scheme: dark)",
            "scheme": "slate",
            "toggle": {"icon": "material/brightness-4", "name": "Switch to light mode"},
        },
    ],
}


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


def build_site(
    taxonomy: Path, site_dir: Path, docs_dir: Path | None = None, *, clean: bool = False
) -> None:
    """Build the site and put it in ``site_dir`` (strict: any warning fails the build).

    ``site_dir`` is replaced only when it is new, empty or a previous site build, or when
    ``clean`` says to; a failed build leaves it as it was."""
    _need_taxonomy(taxonomy)
    target = site_dir.resolve()
    check_target(target, sources_of(taxonomy, docs_dir), docs_dir, clean=clean)
    with publishing(target) as staging:
        _build(taxonomy, staging, docs_dir)


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


def _build(taxonomy: Path, site_dir: Path, docs_dir: Path | None) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from mkdocs.exceptions import MkDocsException

    problems = _Collect()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(problems)
    with tempfile.TemporaryDirectory(prefix="taxonomist-site-") as tmp:
        config_file = write_config(taxonomy, Path(tmp), site_dir, docs_dir)
        try:
            config = load_config(str(config_file), strict=True)
            config.plugins.on_startup(command="build", dirty=False)
            try:
                build(config)
            finally:
                config.plugins.on_shutdown()
        except MkDocsException as exc:
            detail = "\n".join(problems.messages) or str(exc)
            raise InvalidInput(f"guideline site for {taxonomy} not built:\n{detail}") from None
        finally:
            logger.removeHandler(problems)


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
