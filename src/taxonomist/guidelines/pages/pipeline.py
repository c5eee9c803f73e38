"""The collapsed "For the pipeline" block: what a page says for the people who run the
checker and train on the data (check kinds, codes, ids, id spaces, severities, OKS sigmas),
kept out of the annotators' way.

It is a ``pymdownx.details`` block (``??? info``): collapsed until opened, rendered the same
by mkdocs-material and Zensical. Its body is indented Markdown, so only inline taxonomy text
(``markdown.inline``, tables, lists) goes into it, never a raw HTML block.
"""

from __future__ import annotations

TITLE = "For the pipeline"
OPENER = f'??? info "{TITLE}"'


def pipeline_block(*parts: str) -> str:
    """The non-empty ``parts`` in one collapsed block, or nothing when all are empty."""
    body = "\n\n".join(p.strip("\n") for p in parts if p.strip())
    if not body:
        return ""
    indented = "\n".join(f"    {line}" if line.strip() else "" for line in body.splitlines())
    return f"{OPENER}\n\n{indented}\n"
