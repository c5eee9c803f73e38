"""Published agreement figures, shown beside results as context: never a threshold.

One literal table: (when it applies, the text shown). ``mask``: objects matched by mask IoU;
``semantic``: a side holds semantic masks. Boxes get none: no sourced repeated-annotation
figure for boxes was found to quote."""

from __future__ import annotations

from collections.abc import Collection

REFERENCES: tuple[tuple[str, str], ...] = (
    (
        "mask",
        "published: LVIS repeated-annotation mask IoU 0.85, expert vs expert 0.90–0.96 "
        "(Gupta et al., LVIS, CVPR 2019)",
    ),
    ("semantic", "published: Cityscapes: 96 % pixel agreement (Cordts et al. 2016)"),
)


def references_for(situations: Collection[str]) -> tuple[str, ...]:
    """The figures that apply to a run in these situations, in table order."""
    return tuple(text for when, text in REFERENCES if when in situations)
