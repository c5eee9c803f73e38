"""The vocabulary of a Label Studio labeling config (the ``<View>`` XML): which control
tags label regions and with what shape, which give values, and how a config file is parsed.

A result's ``type`` is its control's tag in lower case (``RectangleLabels`` ->
``rectanglelabels``), so the reader of exports and ``taxonomist import label-studio``
both read these tables; ``load_config`` parses a config as safely as the XML readers parse
annotation files and refuses what is no ``<View>``, and ``parse_config`` does the same for
a config held as text (the ``label_config`` of a Label Studio project's JSON).
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

from taxonomist.core.findings import Finding
from taxonomist.formats._io.builder import DatasetBuilder
from taxonomist.formats._io.xml import parse_xml, place_of, read_xml_root
from taxonomist.formats.codes import WRONG_TOP_LEVEL_SHAPE

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


def parse_config(data: bytes, source: str) -> tuple[Element | None, list[Finding]]:
    """The ``<View>`` root of a labeling config given as bytes (see ``load_config``)."""
    builder = DatasetBuilder(source, "label-studio")
    loaded = parse_xml(data, source)
    builder.findings += loaded.findings
    root = loaded.root
    if root is not None and root.tag != "View":
        message = f"the root element is <{root.tag}>, not <View>"
        builder.report(WRONG_TOP_LEVEL_SHAPE, message, place_of(root, source))
        return None, builder.findings
    return root, builder.findings
