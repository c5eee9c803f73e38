"""Fixtures every test area shares: the repository root and the sibling ``../shared``."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[1]
SHARED = REPO_ROOT / ".." / "shared"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's root directory."""
    return REPO_ROOT


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """``../shared`` (corpus, images); tests needing it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The suite never reads or writes the user's cache of taxonomies and drawings."""
    import os

    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("cache"))


@pytest.fixture(autouse=True)
def _pillow_refuses_truncated_images() -> None:
    """Importing WeasyPrint (as the printable guide's tests do directly) sets Pillow's
    process-wide LOAD_TRUNCATED_IMAGES, which would make every later reader accept a cut-short
    image; each test starts with Pillow's default."""
    from PIL import ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
