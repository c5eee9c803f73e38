"""``taxonomist stats``: what a set of annotation files holds, counted against a taxonomy.

    paths --discover/read_source--> datasets (one part at a time) --make_context-->
    Accumulator (counts over one label space and fixed bins) --> DatasetStats
    --> report_json | report_html | the command line's tables | the guideline site

``drift.compare`` sets two results side by side (``--against``).
"""

from __future__ import annotations

from taxonomist.quality.stats.drift import Drift, compare
from taxonomist.quality.stats.model import DatasetStats
from taxonomist.quality.stats.run import compute_stats

__all__ = ["DatasetStats", "Drift", "compare", "compute_stats"]
