"""The full example in the native-format documentation page is valid against the schema of
the taxonomy it describes, so the page cannot drift from the format."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from taxonomist.schema.annotation import annotation_schema
from taxonomist.taxonomy import load

REPO = Path(__file__).parents[2]
PAGE = REPO / "guidelines" / "reference" / "native-format.md"
EXAMPLE = re.compile(r"<!-- native-format-example -->\s*```json\n(.*?)```", re.DOTALL)


def test_documented_example_is_valid() -> None:
    match = EXAMPLE.search(PAGE.read_text(encoding="utf-8"))
    assert match is not None, "the page lost its marked example"
    example = json.loads(match.group(1))
    schema = annotation_schema(load(REPO / "tests" / "data" / "schema" / "fixture.yaml"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schema).iter_errors(example)]
    assert errors == []
    record = example["images"][0]
    assert jsonschema.Draft202012Validator(schema).is_valid(record)
