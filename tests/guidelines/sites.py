"""Build guideline sites for tests: the repository's demo site and small test taxonomies."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]


def _build(config: dict[str, Any], workdir: Path) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    workdir.mkdir(parents=True, exist_ok=True)
    config_file = workdir / "mkdocs.yml"
    config_file.write_text(yaml.safe_dump(config), encoding="utf-8")
    cfg = load_config(str(config_file), strict=True)
    cfg.plugins.on_startup(command="build", dirty=False)
    try:
        build(cfg)
    finally:
        cfg.plugins.on_shutdown()
    return Path(cfg.site_dir)


def _taxonomist_options(config: dict[str, Any]) -> dict[str, Any]:
    for item in config["plugins"]:
        if isinstance(item, dict) and "taxonomist" in item:
            options: dict[str, Any] = item["taxonomist"]
            return options
    raise AssertionError("mkdocs.yml does not name the taxonomist plugin")


def build_demo(workdir: Path, *, verify: bool, pdf: bool = False) -> Path:
    """The repository's own site (mkdocs.yml at the root), built into ``workdir/site``."""
    config = yaml.safe_load((REPO / "mkdocs.yml").read_text(encoding="utf-8"))
    config["docs_dir"] = str(REPO / config.get("docs_dir", "docs"))
    config["site_dir"] = str(workdir / "site")
    options = _taxonomist_options(config)
    options["taxonomy"] = str(REPO / options["taxonomy"])
    options["root"] = str(REPO)
    options["stats"] = [str(REPO / path) for path in options.get("stats", [])]
    options["verify_examples"] = verify
    options["cache_dir"] = str(workdir / "cache")
    options["pdf"] = pdf  # printing the guide takes ~15 s; the tests that read it ask for it
    return _build(config, workdir)


def build_taxonomy_site(taxonomy: Path, workdir: Path, *, verify: bool = False) -> Path:
    """A generated-only site for ``taxonomy`` (the configuration ``guidelines build`` uses)."""
    from taxonomist.guidelines.site import site_config

    (workdir / "docs").mkdir(parents=True, exist_ok=True)
    config = site_config(taxonomy, workdir / "docs", workdir / "site")
    options = _taxonomist_options(config)
    options["verify_examples"] = verify
    options["cache_dir"] = str(workdir / "cache")
    return _build(config, workdir)
