"""Where a dataset's image files are, and whether the image checks run on it.

``--images DIR`` names the root: an image's file name is looked up under it as written
(``DIR/train/0001.jpg``), then by its last part (``DIR/0001.jpg``); the checks always run,
and each image not found is an I001 error. Without it, the images are looked for beside the
annotation file (its folder, then an ``images/`` folder there), and the checks run only
when one of the first images is found that way (a missing one is then an I001 warning: the
folder may hold a sample). ``--no-images`` turns them off. An absolute file name is used
as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

PROBE = 10  # images looked for before auto-detection gives up on a dataset


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """A run's choice: the root given by ``--images`` (None: look beside each file)."""

    root: str | None = None

    @property
    def given(self) -> bool:
        return self.root is not None

    @classmethod
    def of(cls, images: str | Path | bool | None) -> ImageSettings | None:
        """``run_check``'s ``images``: a folder, None or True (look beside), False (off)."""
        if images is False:
            return None
        if images is None or images is True:
            return cls()
        return cls(str(images))


def bases(settings: ImageSettings, source: str) -> tuple[Path, ...]:
    """The folders file names are relative to, in the order they are tried."""
    if settings.root is not None:
        return (Path(settings.root),)
    path = Path(source)
    folder = path if path.is_dir() else path.parent
    return (folder, folder / "images")


def is_image_name(name: str) -> bool:
    """Whether ``name`` names an image file by its suffix (one Pillow opens): some formats
    name the annotation file itself, or a video frame, where an image row has no file."""
    from PIL import Image

    return bool(name) and Path(name).suffix.lower() in Image.registered_extensions()


def locate(name: str, roots: Sequence[Path]) -> Path | None:
    """The file ``name`` under the first root that has it (as written, then its last part)."""
    if not name:
        return None
    path = Path(name)
    if path.is_absolute():
        return path if path.is_file() else None
    tails = (path,) if len(path.parts) == 1 else (path, Path(path.name))
    for root in roots:
        for tail in tails:
            candidate = root / tail
            if candidate.is_file():
                return candidate
    return None


def found_beside(names: Sequence[str], roots: Sequence[Path]) -> bool:
    """Whether one of the first named images is there: the sign the images came along."""
    named = [n for n in names if is_image_name(n)][:PROBE]
    return any(locate(n, roots) is not None for n in named)
