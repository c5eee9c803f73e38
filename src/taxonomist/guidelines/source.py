"""A rendered site as a site source: the docs folder and a configuration for each engine.

``docs/`` holds every generated page and file and the hand-written pages merged in (theirs
win; the overview and credits markers filled in; pipeline pages weighed down in search).
``mkdocs.yml`` builds it with mkdocs-material (the taxonomist plugin only keeps the theme
printing taxonomy text safely); ``zensical.toml`` builds it with Zensical, which runs no
MkDocs plugins and needs none here. Both name the same theme, nav, extensions and assets.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from taxonomist.guidelines.audience import front_matter, search_meta
from taxonomist.guidelines.nav import NavItem, build_nav
from taxonomist.guidelines.pages.index import CREDITS_MARKER, OVERVIEW_MARKER, credits, front
from taxonomist.guidelines.render import Content, RenderedSite

# Generated pages use these; they are part of Python-Markdown and pymdown-extensions, which
# both engines render with.
EXTENSIONS = ("attr_list", "md_in_html", "tables", "admonition", "toc", "pymdownx.details")
# Search splits words on these, ``_`` included, so ``spray_can`` is found by "spray" (the
# separator Zensical uses by default; mkdocs-material's own keeps ``_`` inside words).
SEPARATOR = r'[\s\-_,:!=\[\]()"`/]+|\.(?!\d)'
NAV_LIMIT = 150
THEME: dict[str, Any] = {
    "name": "material",
    "font": False,  # no web fonts: the site works offline and loads nothing from elsewhere
    "features": [
        "navigation.tabs",
        "navigation.indexes",
        "navigation.top",
        "search.suggest",
        "search.highlight",
    ],
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
MKDOCS_CONFIG = "mkdocs.yml"
ZENSICAL_CONFIG = "zensical.toml"
DOCS = "docs"
LIGHTBOX = "assets/taxonomist/lightbox"
TRANSLATIONS = "translations"  # each translation's source, in a folder by language tag


def docs_files(site: RenderedSite, docs_dir: Path | None) -> dict[str, Content]:
    """Every file of the docs folder by docs path: generated, then hand-written over it."""
    out = site.files()
    out.update(lightbox_files())
    for path, data in hand_written_files(docs_dir).items():
        out[path] = _merged(site, path, data) if path.endswith(".md") else data
    return out


def hand_written_files(docs_dir: Path | None) -> dict[str, bytes]:
    """The files under ``docs_dir`` by docs path (hidden files and links left out)."""
    if docs_dir is None or not docs_dir.is_dir():
        return {}
    found: dict[str, bytes] = {}
    for item in sorted(docs_dir.rglob("*")):
        rel = item.relative_to(docs_dir)
        if item.is_symlink() or not item.is_file() or any(p.startswith(".") for p in rel.parts):
            continue
        found[rel.as_posix()] = item.read_bytes()
    return found


def _merged(site: RenderedSite, path: str, data: bytes) -> str:
    text = data.decode("utf-8")
    tax = site.taxonomy
    text = text.replace(OVERVIEW_MARKER, front(tax, site.inputs, path))
    text = text.replace(CREDITS_MARKER, credits(tax))
    meta, body = front_matter(text)
    search = search_meta(path, meta)
    if search is None:
        return text
    return "---\n" + yaml.safe_dump({**meta, "search": search}, sort_keys=True) + "---\n" + body


def nav(site: RenderedSite, docs: Mapping[str, Content]) -> list[NavItem]:
    """The nav of the source: generated sections, then the hand-written pages."""
    generated = {page.path for page in site.pages}
    written = {
        path: front_matter(data if isinstance(data, str) else data.decode("utf-8"))[0]
        for path, data in docs.items()
        if path.endswith(".md") and path not in generated
    }
    return build_nav(site.pages, written, NAV_LIMIT)


def nav_titles(items: Iterable[Any]) -> list[str]:
    """Every title in a nav, as text (nav titles are written escaped)."""
    out: list[str] = []
    for item in items:
        if isinstance(item, dict):
            for title, value in item.items():
                out.append(html.unescape(str(title)))
                if isinstance(value, list):
                    out += nav_titles(value)
        elif isinstance(item, list):
            out += nav_titles(item)
    return out


def engine_config(site: RenderedSite, navigation: list[NavItem]) -> dict[str, Any]:
    """The configuration both engines read (paths relative to the source folder)."""
    config: dict[str, Any] = {
        "site_name": site.name,
        "docs_dir": DOCS,
        "site_dir": "site",
        "use_directory_urls": True,
        "theme": {**THEME, "language": site.taxonomy.language},
        "markdown_extensions": [*EXTENSIONS, "pymdownx.superfences"],
        "extra_css": list(site.styles),
        "extra_javascript": list(site.scripts),
        "nav": navigation,
    }
    if site.languages:
        config["extra"] = {"alternate": alternates(site)}
    return config


def alternates(site: RenderedSite) -> list[dict[str, str]]:
    """The theme's language switcher: the source language's site at the root, each
    translation's in ``<tag>/`` beside it (links relative to the site's root)."""
    source, *translations = site.languages
    here = site.taxonomy.language
    up = "" if here == source else "../"
    out = [{"name": language_name(source), "link": up or "./", "lang": source}]
    for tag in translations:
        out.append({"name": language_name(tag), "link": f"{up}{tag}/", "lang": tag})
    return out


def language_name(tag: str) -> str:
    """A language's name in itself (``Deutsch``), from Babel's CLDR data, else the tag."""
    from babel import Locale, UnknownLocaleError

    try:
        name = Locale.parse(tag.replace("-", "_")).get_display_name()
    except (UnknownLocaleError, ValueError):
        return tag
    return name[:1].upper() + name[1:] if name else tag


def mkdocs_config(site: RenderedSite, navigation: list[NavItem]) -> dict[str, Any]:
    config = engine_config(site, navigation)
    config["strict"] = True
    config["plugins"] = [
        {"search": {"separator": SEPARATOR}},
        {"glightbox": {"auto_caption": False}},
        "taxonomist",
    ]
    return config


def lightbox_files() -> dict[str, Content]:
    """GLightbox (MIT, with its licence), as the mkdocs-glightbox package ships it. Zensical
    fetches GLightbox from unpkg.com unless the page has loaded it already, so its config
    names this copy: the site loads nothing from other hosts and works offline."""
    from importlib.resources import files as package_files

    folder = package_files("mkdocs_glightbox") / "glightbox"
    return {
        f"{LIGHTBOX}/{name}": (folder / name).read_bytes()
        for name in ("glightbox.min.js", "glightbox.min.css", "LICENSE.md")
    }


def zensical_config(site: RenderedSite, navigation: list[NavItem]) -> dict[str, Any]:
    config = engine_config(site, navigation)
    config["extra_css"] = [f"{LIGHTBOX}/glightbox.min.css", *config["extra_css"]]
    config["extra_javascript"] = [f"{LIGHTBOX}/glightbox.min.js", *config["extra_javascript"]]
    # Zensical prints the site name raw into the header and ``aria-label`` attributes (and
    # escaped only in ``title``): it is written escaped, so it stays text everywhere, at the
    # price of entity text in that one tooltip for a name holding ``<``, ``&`` or quotes.
    config["site_name"] = html.escape(site.name, quote=True)
    config["plugins"] = {
        "search": {"separator": SEPARATOR},
        "glightbox": {"auto_caption": False},
    }
    return {"project": config}


def write_sources(sites: Sequence[RenderedSite], out: Path, docs_dir: Path | None) -> None:
    """Write the source of each language's site: the first (the taxonomy's own language)
    into ``out``, each translation's into ``out/translations/<tag>``."""
    first, *translations = sites
    write_source(first, out, docs_dir)
    for site in translations:
        folder = out / TRANSLATIONS / site.taxonomy.language
        folder.mkdir(parents=True)
        write_source(site, folder, docs_dir)


def write_source(site: RenderedSite, out: Path, docs_dir: Path | None) -> None:
    """Write the site source into the empty folder ``out``."""
    import tomli_w

    docs = docs_files(site, docs_dir)
    for path, data in sorted(docs.items()):
        target = out / DOCS / path
        target.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, str):
            target.write_text(data, encoding="utf-8")
        else:
            target.write_bytes(data)
    navigation = nav(site, docs)
    header = "# Written by taxonomist guidelines render; rebuild it rather than edit it.\n"
    mkdocs_text = yaml.safe_dump(
        mkdocs_config(site, navigation), sort_keys=False, allow_unicode=True
    )
    (out / MKDOCS_CONFIG).write_text(header + mkdocs_text, encoding="utf-8")
    toml_text = tomli_w.dumps(zensical_config(site, navigation))
    (out / ZENSICAL_CONFIG).write_text(header + toml_text, encoding="utf-8")
