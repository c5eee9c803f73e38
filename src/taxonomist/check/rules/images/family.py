"""The image-health (I) family's name, and the thresholds a taxonomy tunes its checks with.

A threshold is read by name from the taxonomy's ``thresholds:`` map
(``thresholds: {min_sharpness: {value: 40, unit: count}}``); where the taxonomy does not
define it, the default here applies. ``guidelines/reference/image-health.md`` documents
both, and ``checks: {I006: off}`` turns a code off like any other.
"""

from __future__ import annotations

from taxonomist.taxonomy.resolved import Taxonomy

FAMILY = "images"

# name -> default. Sharpness is the variance of the Laplacian of the grayscale image scaled
# to ANALYSIS_SIDE px on its longer side; brightness is mean luma as a fraction of white.
THRESHOLDS: dict[str, float] = {
    "min_sharpness": 20.0,
    "min_brightness": 0.1,
    "max_brightness": 0.95,
    "near_duplicate_distance": 4.0,
    "min_colour_share": 0.9,
}
ANALYSIS_SIDE = 512


def threshold(taxonomy: Taxonomy, name: str) -> float:
    """The taxonomy's value for threshold ``name``, else its documented default."""
    found = taxonomy.thresholds.get(name)
    return THRESHOLDS[name] if found is None else float(found.value)
