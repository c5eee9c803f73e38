from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy

DATA = Path(__file__).parent / "data"


@pytest.fixture(scope="session")
def sample() -> Taxonomy:
    return load(DATA / "sample.yaml")
