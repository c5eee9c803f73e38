"""The page plan: taxonomy in, the list of pages (path, title, Markdown) out.

A pure function, so the whole site's text is tested without mkdocs, files or images:
the plugin works out the inputs that need I/O (drawn examples, skeleton images, the
checker catalogue, downloads, the diffs of the earlier versions) and hands them in as
``SiteInputs``.
"""

from __future__ import annotations

from dataclasses import replace

from taxonomist.guidelines.common import Page, SiteInputs
from taxonomist.guidelines.keywords import page_keywords
from taxonomist.guidelines.pages.changes import changes_page
from taxonomist.guidelines.pages.check import check_pages
from taxonomist.guidelines.pages.classes import class_pages
from taxonomist.guidelines.pages.dataset import dataset_page
from taxonomist.guidelines.pages.index import about_page, downloads_page, start_page
from taxonomist.guidelines.pages.label_maps import label_map_pages
from taxonomist.guidelines.pages.label_type import label_type_pages
from taxonomist.guidelines.pages.quick_reference import quick_reference_page
from taxonomist.guidelines.pages.quiz import quiz_pages
from taxonomist.guidelines.pages.relations import relation_pages
from taxonomist.guidelines.pages.rule import rule_pages
from taxonomist.guidelines.pages.tools import tool_pages
from taxonomist.taxonomy.resolved import Taxonomy


def plan(tax: Taxonomy, inputs: SiteInputs | None = None) -> list[Page]:
    """Every generated page, in navigation order; paths are unique."""
    given = inputs if inputs is not None else SiteInputs()
    pages = [start_page(tax, given)]
    pages.append(quick_reference_page(tax, given))
    pages += class_pages(tax, given)
    pages += rule_pages(tax, given)
    pages += label_type_pages(tax, given)
    pages += label_map_pages(tax, given)
    pages += relation_pages(tax, given)
    pages += tool_pages(tax, given)
    pages += quiz_pages(tax, given)
    if given.dataset is not None:
        pages.append(dataset_page(tax, given))
    if given.checks:
        pages += check_pages(tax, given)
    if given.changes:
        pages.append(changes_page(tax, given))
    if given.downloads:
        pages.append(downloads_page(tax, given))
    pages.append(about_page(tax))
    found = page_keywords(tax)
    return [replace(p, keywords=found[p.path]) if p.path in found else p for p in pages]
