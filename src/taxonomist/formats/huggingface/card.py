"""The class names of a Hugging Face dataset card: the ``README.md`` YAML front matter's
``dataset_info.features``, where a ``class_label`` feature lists ``names`` (``{'0': cat}``
or a list). The names of the ``objects`` column's categories and of an image-level ``label``
column are looked up by the feature they sit under. Read by the ImageFolder reader and by
``taxonomist import huggingface``.

Source: the Hugging Face ``datasets`` documentation, "Create an image dataset" (ImageFolder,
``metadata.jsonl``, object detection ``objects`` with ``bbox`` and ``categories``) and the
dataset card specification (``dataset_info`` ``features`` with ``class_label`` ``names``).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from taxonomist.core.files import read_regular_text
from taxonomist.core.findings import Finding

CARD = "README.md"
CARD_LIMIT = 4 * 1024 * 1024
FENCE = "---"
MAX_CLASSES = 100_000  # a names table with an id beyond this is not a class list


@dataclass(slots=True)
class Card:
    """Class names by top-level feature (``objects``, ``label``...), and what went wrong."""

    path: Path | None = None
    names: dict[str, list[str]] = field(default_factory=dict)
    findings: list[Finding] = field(default_factory=list)

    def for_feature(self, feature: str) -> list[str] | None:
        return self.names.get(feature)


def find_card(folder: Path) -> Path | None:
    """The card of an ImageFolder: ``README.md`` in the metadata's folder or the one above
    it (a split folder such as ``train/`` holds only images and metadata)."""
    for candidate in (folder / CARD, folder.parent / CARD):
        if candidate.is_file():
            return candidate
    return None


def read_card(path: Path) -> Card:
    """The class names a card's front matter declares (none when it has no front matter)."""
    card = Card(path)
    try:
        text = read_regular_text(path, CARD_LIMIT)
    except (OSError, UnicodeDecodeError):
        return card  # a card is documentation: without it the ids stay numbers
    front = _front_matter(text)
    if front is None:
        return card
    # Imported here: the YAML loader is needed only when a card is present, and the
    # huggingface reader is imported to sniff every JSON file a check is given.
    from taxonomist.taxonomy.source import parse_text

    doc = parse_text(front, path, str(path), scalar_keys=True)
    card.findings = [f.with_location(line=(f.location.line or 0) + 1) for f in doc.findings]
    info = doc.data.get("dataset_info") if isinstance(doc.data, dict) else None
    for config in info if isinstance(info, list) else [info]:
        features = config.get("features") if isinstance(config, dict) else None
        if isinstance(features, dict):  # the older mapping form: name -> feature
            features = [{"name": k, **v} for k, v in features.items() if isinstance(v, dict)]
        for feature in features if isinstance(features, list) else ():
            if isinstance(feature, dict) and isinstance(feature.get("name"), str):
                names = _class_names(feature)
                if names is not None:
                    card.names.setdefault(feature["name"], names)
    return card


def _front_matter(text: str) -> str | None:
    lines = text.lstrip("\ufeff").splitlines()
    if not lines or lines[0].strip() != FENCE:
        return None
    for index, line in enumerate(lines[1:], 1):
        if line.strip() == FENCE:
            return "\n".join(lines[1:index])
    return None


def _class_names(node: Any, depth: int = 0) -> list[str] | None:
    """The first ``class_label.names`` anywhere under ``node``, as a list by index."""
    if depth > 20:
        return None
    if isinstance(node, dict):
        label = node.get("class_label")
        if isinstance(label, dict) and "names" in label:
            return _names(label["names"])
        children = list(node.values())
    elif isinstance(node, list):
        children = node
    else:
        return None
    for child in children:
        found = _class_names(child, depth + 1)
        if found is not None:
            return found
    return None


def _names(raw: Any) -> list[str] | None:
    if isinstance(raw, list):
        return [str(n) for n in raw]
    if not isinstance(raw, dict):
        return None
    indexed = {int(k): str(v) for k, v in raw.items() if _index_text(str(k))}
    if not indexed or max(indexed) > MAX_CLASSES:
        return None
    return [indexed.get(i, "") for i in range(max(indexed) + 1)]


def _index_text(text: str) -> bool:
    """A class index written as text ("0", "12"; not "²", nor a thousand digits)."""
    return text.strip().isdecimal() and len(text.strip()) <= 12
