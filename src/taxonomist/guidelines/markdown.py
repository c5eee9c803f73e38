"""Safe rendering of taxonomy text into the generated pages.

A taxonomy is written by many hands and published to a team's site, so its text is *data*,
never markup the site trusts. Descriptions, definitions and guidance are Markdown: they are
rendered to HTML here and then sanitised with nh3 (an allow-list of tags, attributes and URL
schemes), so ``<script>``, event handlers, ``javascript:`` links, iframes and styles never
reach a page. The result is emitted as a raw HTML block, which mkdocs passes through without
parsing it again (no second Markdown pass can re-activate anything). Short plain strings
(titles, synonyms, captions used as alt text) are escaped, not rendered.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Mapping, Sequence
from importlib import import_module
from typing import Any

import nh3

from taxonomist.taxonomy.model import Threshold, threshold_name
from taxonomist.taxonomy.text import render_thresholds, threshold_value

ALLOWED_TAGS: frozenset[str] = frozenset(
    {
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "code",
        "dd",
        "del",
        "dl",
        "dt",
        "em",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "kbd",
        "li",
        "ol",
        "p",
        "pre",
        "s",
        "span",
        "strong",
        "sub",
        "sup",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
ALLOWED_ATTRIBUTES: dict[str, set[str]] = {"a": {"href", "title"}, "abbr": {"title"}}
URL_SCHEMES: frozenset[str] = frozenset({"http", "https", "mailto"})
# Characters that start Markdown syntax inline; escaped in plain strings so a title cannot
# become a link, an image or emphasis.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~])")
# Markdown syntax characters, written as entities in rendered HTML: a browser decodes them
# back, but a later Markdown pass (a table cell, md_in_html) sees nothing to act on, so
# escaped text like ``\[x\](javascript:...)`` can never turn into a live link.
_INERT = str.maketrans({ch: f"&#{ord(ch)};" for ch in "\\`*_[]()!|~{}<"})


def sanitize(fragment: str) -> str:
    """HTML with everything outside the allow-list removed (scripts, handlers, bad URLs)."""
    return nh3.clean(
        fragment,
        tags=set(ALLOWED_TAGS),
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=set(URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_html(text: str, thresholds: Mapping[str, Threshold] | None = None) -> str:
    """Taxonomy Markdown as sanitised HTML; ``$name`` threshold references get their value."""
    if thresholds:
        text = render_thresholds(text, thresholds, named=True)
    converted: str = _converter().reset().convert(text)
    # Snippet-include syntax is neutralised too, in case the site enables pymdownx.snippets.
    return _inert(sanitize(converted)).strip()


@functools.cache
def _converter() -> Any:
    # One Markdown instance, reset per text: building one costs milliseconds (extension
    # loading), which adds up to seconds over the thousand classes of a large taxonomy.
    return import_module("markdown").Markdown(
        extensions=["sane_lists", "tables", "fenced_code"], output_format="html"
    )


def block(text: str | None, thresholds: Mapping[str, Threshold] | None = None) -> str:
    """A raw HTML block holding rendered taxonomy text, ready to drop into a page."""
    if not text or not text.strip():
        return ""
    body = render_html(text, thresholds)
    # One line per block element and no blank lines, so Markdown sees a single HTML block.
    body = "\n".join(line for line in body.splitlines() if line.strip())
    return f'<div class="tx-text">\n{body}\n</div>'


def inline(text: str | None, thresholds: Mapping[str, Threshold] | None = None) -> str:
    """Rendered taxonomy text for a table cell or list item: one line, no outer paragraph."""
    if not text:
        return ""
    body = render_html(text, thresholds)
    if body.startswith("<p>") and body.endswith("</p>") and body.count("<p>") == 1:
        body = body[3:-4]
    return f'<span class="tx-text">{_one_line(body)}</span>'


def plain(text: str) -> str:
    """A plain string (title, synonym, caption) escaped for Markdown and HTML alike."""
    escaped = html.escape(" ".join(text.split()), quote=True)
    return _MD_SPECIAL.sub(r"\\\1", escaped)


def title_text(text: str, thresholds: Mapping[str, Threshold] | None = None) -> str:
    """A title with ``$name`` threshold references replaced by their values (not escaped)."""
    return render_thresholds(text, thresholds) if thresholds else text


def amount(value: object, thresholds: Mapping[str, Threshold] | None, unit: str = "") -> str:
    """A number from a check, an attribute or a condition as people read it, escaped: a
    ``$name`` reference becomes its threshold's value and unit (``16 px``), a plain number
    is written with ``unit`` (``40 px``). An undefined reference says so (the linter reports
    it) instead of leaving ``$name`` on the page."""
    ref = threshold_name(value)
    if ref is not None:
        found = (thresholds or {}).get(ref)
        return threshold_value(found) if found is not None else f"{attr(ref)} (not defined)"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return f"{number(value)} {attr(unit)}" if unit else number(value)
    return scalar(value)


def number(value: float) -> str:
    """A number as people read it: ``0.5``, ``40``, ``25,000,000`` (not ``2.5e+07``)."""
    if float(value).is_integer() and abs(value) >= 10_000:
        return f"{int(value):,}"
    return f"{value:g}"


def exact(value: float) -> str:
    """A number exactly as the taxonomy gives it, for the pipeline: ``25000000``, ``0.1234567``."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def named_amount(value: object, thresholds: Mapping[str, Threshold] | None, unit: str = "") -> str:
    """A threshold reference as its name in code and its amount, ``min_box_height`` = 16 px
    (parameter tables name the threshold a value comes from); the plain amount otherwise."""
    ref = threshold_name(value)
    shown = amount(value, thresholds, unit)
    return f"`{ref}` = {shown}" if ref is not None else shown


def share(value: object, thresholds: Mapping[str, Threshold] | None) -> str:
    """A fraction (``0.9``, or a ``fraction`` threshold) as a percentage: ``90%``."""
    ref = threshold_name(value)
    found = (thresholds or {}).get(ref) if ref is not None else None
    if found is not None and found.unit not in ("fraction", "percent"):
        return threshold_value(found)
    number = found.value if found is not None else value
    if not isinstance(number, int | float) or isinstance(number, bool):
        return amount(value, thresholds)
    percent = number if found is not None and found.unit == "percent" else number * 100
    return f"{percent:g}%"


def front_matter(
    title: str, search: Mapping[str, object] | None = None, tags: Sequence[str] = ()
) -> str:
    """YAML front matter giving a page its title as escaped HTML.

    mkdocs-material prints a page's meta title into ``<title>`` as it is, but passes any other
    title (from the nav or the first heading) through Jinja's ``striptags`` filter, which
    un-escapes it: a taxonomy title holding ``</title><script>`` would end the element and run.
    An escaped meta title keeps it text, whatever filter the theme applies elsewhere.
    Control characters, which YAML will not read and no browser shows, are left out.
    ``search`` is the page's search entry (``boost``, ``exclude``); ``tags`` are its keywords,
    which mkdocs-material's search weighs far above the text. They are search terms, not a
    tag index: ``hide: [tags]`` keeps Zensical from listing them at the page's foot.
    """
    escaped = html.escape(" ".join(title.split()), quote=True)
    safe = "".join(ch for ch in escaped if ch.isprintable())
    entries = "".join(f"  {k}: {json.dumps(v)}\n" for k, v in sorted((search or {}).items()))
    searched = f"search:\n{entries}" if entries else ""
    keywords = (
        f'hide: ["tags"]\ntags: {json.dumps(list(tags), ensure_ascii=False)}\n' if tags else ""
    )
    return f"---\ntitle: {json.dumps(safe, ensure_ascii=False)}\n{searched}{keywords}---\n\n"


def attr(text: str) -> str:
    """A plain string escaped for an HTML attribute value or image alt text."""
    return html.escape(" ".join(text.split()), quote=True).replace("[", "(").replace("]", ")")


def scalar(value: object) -> str:
    """A YAML scalar as the author wrote it (``true``, not ``True``), escaped for HTML."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    return attr(str(value))


def cell(text: str) -> str:
    """Already-safe text made safe for a Markdown table cell (no pipes, no newlines)."""
    return _one_line(text).replace("|", "&#124;")


def _inert(fragment: str) -> str:
    """Entity-encode Markdown syntax in text and attribute values, leaving tags intact."""
    parts = re.split(r"(<[^>]*>)", fragment)
    return "".join(_inert_tag(p) if p.startswith("<") else p.translate(_INERT) for p in parts)


def _inert_tag(tag: str) -> str:
    # Only attribute values can hold these characters; names and tag names cannot.
    return re.sub(r'"[^"]*"', lambda m: m.group(0).translate(_INERT), tag)


def _one_line(text: str) -> str:
    return " ".join(text.split())
