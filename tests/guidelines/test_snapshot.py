"""The generated Markdown of the kitchen-sink taxonomy (every construct of the language).

Refresh with ``TAXONOMIST_UPDATE_SNAPSHOTS=1 pytest tests/guidelines/test_snapshot.py``.
Drawings and the checker catalogue are left out: their bytes and contents change for
reasons of their own, and have their own tests.
"""

from __future__ import annotations

from pathlib import Path

from taxonomist.guidelines.common import DrawnExample, SiteInputs
from taxonomist.guidelines.examples import sources
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.model import KeypointLabel
from tests.guidelines.records import example_record
from tests.snapshot import assert_snapshot

KITCHEN_SINK = Path(__file__).parents[1] / "data" / "taxonomies" / "kitchen_sink"


def _inputs() -> tuple[object, SiteInputs]:
    tax = load(KITCHEN_SINK / "kitchen_sink.yaml")
    drawn = []
    for src in sources(tax, KITCHEN_SINK):
        record = example_record(src)
        classes = tuple(dict.fromkeys(o["class"] for o in record.get("objects", [])))
        stem = f"assets/examples/{src.rule}-{src.index}"
        drawn.append(
            DrawnExample(
                src.rule,
                src.index,
                src.example.verdict,
                src.example.caption,
                f"{stem}.jpg",
                f"{stem}.thumb.jpg",
                classes,
            )
        )
    skeletons = {
        name: f"assets/skeletons/{name}.png"
        for name, spec in tax.label_types.items()
        if isinstance(spec, KeypointLabel)
    }
    return tax, SiteInputs(examples=tuple(drawn), skeletons=skeletons)


def test_kitchen_sink_pages_snapshot() -> None:
    tax, inputs = _inputs()
    pages = plan(tax, inputs)  # type: ignore[arg-type]
    text = "".join(f"===== {p.path} | {p.title}\n{p.markdown}" for p in pages)
    assert_snapshot("guidelines/kitchen_sink.md", text)
