"""The raw image record of an example, for tests about what the example files contain."""

from __future__ import annotations

import json
from typing import Any

from taxonomist.guidelines.examples import ExampleSource


def example_record(src: ExampleSource) -> dict[str, Any]:
    """The example image's record in its native annotation file (the file's only one)."""
    images = json.loads(src.annotation.read_text(encoding="utf-8"))["images"]
    named = [r for r in images if r.get("file") == src.image.name]
    record: dict[str, Any] = (named or images)[0]
    return record
