"""Rule families, one module each. ``FAMILIES`` lists them in the order they run."""

from __future__ import annotations

FAMILIES: tuple[str, ...] = (
    "taxonomist.check.rules.references",
    "taxonomist.check.rules.geometry",
    "taxonomist.check.rules.keypoints",
    "taxonomist.check.rules.labels",
    "taxonomist.check.rules.taxonomy_rules",
    "taxonomist.check.rules.edge_cases",
    "taxonomist.check.rules.images",
)
