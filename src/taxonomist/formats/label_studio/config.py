"""The vocabulary of a Label Studio labeling config (the ``<View>`` XML): which control
tags label regions and with what shape, which give values, and how a config file is parsed.

A result's ``type`` is its control's tag in lower case (``RectangleLabels`` ->
``rectanglelabels``), so the reader of exports and ``taxonomist import label-studio``
both read these tables; ``load_config`` parses a config as safely as the XML readers parse
annotation files and refuses what is no ``<View>``.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from taxonomist.core.findings import Finding
from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.xml import read_xml_root

# Controls whose <Label> values name regions, and the shape of the regions they draw.
SHAPE_CONTROLS = {
    "RectangleLabels": "rectangle",
    "PolygonLabels": "polygon",
    "KeyPointLabels": "keypoint",
    "EllipseLabels": "ellipse",
    "BrushLabels": "brush",
    "PolyLineLabels": "polyline",
}
SHAPE_CONTROL = {shape: tag for tag, shape in SHAPE_CONTROLS.items()}  # the tag drawing each
# Controls whose results carry a value (of a region, or of the whole image), and the key
# of ``result.value`` that holds it.
VALUE_CONTROLS = {
    "Choices": "choices",
    "TextArea": "text",
    "Number": "number",
    "Rating": "rating",
    "Taxonomy": "taxonomy",
    "DateTime": "datetime",
}


def result_type(control: str) -> str:
    """The ``type`` of the results a control tag gives."""
    return control.lower()


def load_config(path: Path) -> tuple[Element | None, list[Finding]]:
    """The ``<View>`` root of the labeling config at ``path``, or None with the findings
    why (unreadable, not well formed, entities, another root)."""
    builder = DatasetBuilder(str(path), "label-studio")
    return read_xml_root(path, builder, "View"), builder.findings
