"""``--report json``: the statistics (and the comparison, with ``--against``) as one JSON
document, keys in a fixed order, so the same data gives the same bytes."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import Any

from taxonomist.quality.stats.drift import Drift
from taxonomist.quality.stats.model import DatasetStats

SCHEMA = "taxonomist-stats/1"
TEST = "chi-square test of homogeneity (scipy.stats.chi2_contingency, no continuity correction)"
AREA_NOTE = (
    "area bins as COCO evaluation's: small < 32², medium < 96², large otherwise; an "
    "object's area is the file's own where it gives one (COCO 'area'), else its box w x h"
)


def stats_dict(stats: DatasetStats) -> dict[str, Any]:
    """The statistics as plain JSON values (thumbnail examples left out)."""
    out = asdict(stats)
    out.pop("examples")
    out["unknown_classes"] = [c.name for c in stats.unknown]
    out["area_note"] = AREA_NOTE
    return out


def render_json(
    stats: DatasetStats, drift: Drift | None = None, against: DatasetStats | None = None
) -> str:
    """The whole JSON report."""
    document: dict[str, Any] = {"schema": SCHEMA, "stats": stats_dict(stats)}
    if drift is not None and against is not None:
        document["against"] = stats_dict(against)
        document["drift"] = asdict(drift)
        document["drift"]["test"] = TEST
    return json.dumps(document, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
