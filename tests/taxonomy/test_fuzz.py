"""Arbitrary input never escapes the loader as anything but findings or TaxonomistError."""

from __future__ import annotations

import contextlib
import tempfile
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomist.core.errors import TaxonomistError
from taxonomist.taxonomy import lint, load
from taxonomist.taxonomy.linter.vocabulary import VOCABULARY

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
NAMES = ["person", "cat", "box", "pose", "occlusion", "min-size", "$min_h", "Bad Name", "a"]
KEYS = st.sampled_from([*VOCABULARY, *NAMES, "classes", "rules", "label_types"])
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**40), 2**40),
    st.floats(allow_nan=True),
    st.sampled_from([*NAMES, "box", "keypoints", "enum", "ordinal", "do", "#ff0000", "1.0.0"]),
    st.text(max_size=12),
    st.sampled_from(["a" * 5000, "../" * 50, "/etc/passwd", "x\0y", "~/.ssh/id_rsa", "."]),
)
TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)),
    max_leaves=40,
)


def run(text: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "t.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        findings = lint([path])
        assert all(f.code.startswith("T") for f in findings)
        with contextlib.suppress(TaxonomistError):
            load(path)


@SETTINGS
@given(st.text(max_size=300))
def test_arbitrary_text(text: str) -> None:
    run(text.encode("utf-8", "replace").decode("utf-8"))


@SETTINGS
@given(st.dictionaries(KEYS, TREES, max_size=6))
def test_arbitrary_documents(data: dict[str, Any]) -> None:
    body = {"name": "fuzz", "version": "1.0.0", **data}
    run(yaml.safe_dump(body, allow_unicode=True))


@SETTINGS
@given(
    st.dictionaries(st.sampled_from(NAMES), st.dictionaries(KEYS, TREES, max_size=5), max_size=4)
)
def test_arbitrary_classes_and_rules(entries: dict[str, Any]) -> None:
    body = {
        "name": "fuzz",
        "version": "1.0.0",
        "label_types": {"box": {"kind": "box"}},
        "classes": entries,
        "rules": {"r-1": {"title": "t", "guidance": "g", **next(iter(entries.values()), {})}},
    }
    run(yaml.safe_dump(body, allow_unicode=True))
