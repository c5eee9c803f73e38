"""Who a page is for, and how search weighs it.

Annotators read the home page, the quick reference, classes, rules, label types, changes and
the quiz; the check-code pages and the language reference are for whoever runs the pipeline.
Pipeline pages get their own nav section and are left out of search (both engines read
``search: exclude``; Zensical reads no boost), so a natural query ("pedestrian",
"occlusion") finds the class or rule, and a big site's search index stays small. So is the
quick reference, a digest of the class and rule pages. A hand-written page says it is for
the pipeline with ``audience: pipeline`` in its front matter.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import yaml

Audience = Literal["annotator", "pipeline"]
PIPELINE_PREFIXES = ("checks/",)
# What an annotator searches for most: class and rule pages first, then label types.
BOOSTS: tuple[tuple[str, float], ...] = (
    ("classes/index.md", 1.0),
    ("rules/index.md", 1.0),
    ("classes/", 4.0),
    ("rules/", 4.0),
    ("label-types/", 2.0),
)


# Annotator pages left out of search all the same: every line of the quick reference repeats
# a class or rule page, and its short headings ("Occlusion") would outrank the rule itself.
UNSEARCHED = ("quick-reference.md",)


def audience_of(path: str, meta: Mapping[str, Any] | None = None) -> Audience:
    """A generated page's audience by its docs path; a hand-written one's by its meta."""
    if meta is not None and meta.get("audience") == "pipeline":
        return "pipeline"
    return "pipeline" if path.startswith(PIPELINE_PREFIXES) else "annotator"


def search_meta(path: str, meta: Mapping[str, Any] | None = None) -> dict[str, Any] | None:
    """The ``search`` front-matter entry a page should have (``exclude`` for pipeline
    pages, a ``boost`` for the pages annotators look for most), or None to leave it as it
    is: a page's own ``search`` entry wins."""
    given = meta or {}
    if "search" in given:
        return None
    if audience_of(path, given) == "pipeline" or path in UNSEARCHED:
        return {"exclude": True}
    weight = next((value for prefix, value in BOOSTS if path.startswith(prefix)), None)
    return {"boost": weight} if weight is not None else None


def front_matter(text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter of a Markdown page (empty when it has none) and the body."""
    if not text.startswith("---\n"):
        return {}, text
    end = text.find("\n---\n", 3)
    if end < 0:
        return {}, text
    try:
        meta = yaml.safe_load(text[4:end])
    except yaml.YAMLError:
        return {}, text  # the engine reports it when it reads the page
    return (meta if isinstance(meta, dict) else {}), text[end + 5 :]
