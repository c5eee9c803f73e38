"""JSON Schemas generated from taxonomies.

``language``: the schema of the taxonomy language itself (for editors and the YAML language
server). ``annotation``: the schema of native annotation files for one taxonomy, and a COCO
instances schema restricted to its category ids. ``dump_schema`` gives the canonical text
(sorted keys, two-space indent, final newline) so generated files are byte-stable.
"""

from __future__ import annotations

import json
from typing import Any


def dump_schema(schema: dict[str, Any]) -> str:
    """Canonical JSON text of a schema: sorted keys, no timestamps, newline at the end."""
    return json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
