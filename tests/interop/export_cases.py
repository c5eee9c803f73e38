"""Shared fixtures of the export tests: the taxonomies every exporter is run on."""

from __future__ import annotations

from pathlib import Path

from taxonomist.interop.export import exporter
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy

TESTS = Path(__file__).parents[1]
STREET = TESTS / "data" / "interop" / "export" / "street.yaml"
KITCHEN_SINK = TESTS / "data" / "taxonomies" / "kitchen_sink" / "kitchen_sink.yaml"
ANSWERS = TESTS / "data" / "interop" / "export" / "answers.yaml"  # attribute uses


def street() -> Taxonomy:
    return load(STREET)


def export(name: str, taxonomy: Taxonomy | None = None) -> str:
    return exporter(name).export(taxonomy or street())
