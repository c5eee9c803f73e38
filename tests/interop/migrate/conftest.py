"""The change scenario (tests/data/change/scenario: v1.yaml -> v2.yaml) and its files."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from taxonomist.interop.migrate.base import Plan
from taxonomist.interop.migrate.plan import make_plan
from taxonomist.taxonomy import load

SCENARIO = Path(__file__).resolve().parents[2] / "data" / "change" / "scenario"
FILES = SCENARIO / "files"


@pytest.fixture(scope="session")
def plan() -> Plan:
    return make_plan(load(SCENARIO / "v1.yaml"), load(SCENARIO / "v2.yaml"))


@pytest.fixture
def files(tmp_path: Path) -> Path:
    """A private copy of the scenario's files (tests may write beside them)."""
    copy = tmp_path / "files"
    shutil.copytree(FILES, copy)
    return copy
