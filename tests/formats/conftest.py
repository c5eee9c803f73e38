from __future__ import annotations

from pathlib import Path

import pytest

CORPUS = Path(__file__).parents[2] / ".." / "shared" / "corpus"
DATA = Path(__file__).parents[1] / "data" / "formats"


@pytest.fixture
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip("../shared/corpus is not present")
    return CORPUS.resolve()
