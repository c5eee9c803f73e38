"""Images made to order for the image-health tests, from a small recipe (a dict).

A recipe names what the picture is and what is wrong with it, so a case file can say
``{blur: 6}`` or ``{truncate: 0.4}`` instead of shipping binary fixtures:

* ``size`` [w, h] (default 96 x 72), ``seed`` (the picture: coloured blocks with hard edges,
  so a clean one is sharp and two seeds never look alike), ``grey`` (saved as mode L);
* ``blur`` (GaussianBlur radius), ``exposure`` ("dark" or "light");
* ``exif_orientation`` (written with ``Image.Exif``), ``copy_of`` (the same bytes as another
  file), ``near_of`` (another file's picture resized to 90 % and re-encoded as JPEG);
* ``truncate`` (keep this share of the encoded bytes), ``text`` (not an image at all).

The format follows the file's suffix.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
from PIL import Image, ImageFilter

DEFAULT_SIZE = (96, 72)
BLOCK = 8  # px per block: edges every 8 px keep the Laplacian busy


def picture(seed: int, size: tuple[int, int] = DEFAULT_SIZE) -> Image.Image:
    """Coloured blocks of ``BLOCK`` px, seeded: sharp, colourful, mid-bright."""
    rng = np.random.default_rng(seed)
    grid = rng.integers(40, 216, size=(size[1] // BLOCK + 1, size[0] // BLOCK + 1, 3))
    small = Image.fromarray(grid.astype(np.uint8), "RGB")
    big = small.resize((small.width * BLOCK, small.height * BLOCK), Image.Resampling.NEAREST)
    return big.crop((0, 0, *size))


def make(folder: Path, name: str, recipe: dict[str, Any]) -> Path:
    """Write the image ``name`` under ``folder`` as ``recipe`` says; its path."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if "text" in recipe:
        path.write_text(recipe["text"], encoding="utf-8")
    elif "copy_of" in recipe:
        path.write_bytes((folder / recipe["copy_of"]).read_bytes())
    else:
        path.write_bytes(_encoded(folder, path, recipe))
    return path


def make_all(folder: Path, recipes: dict[str, dict[str, Any]]) -> None:
    """Every image of a case, in order (a copy names an image made before it)."""
    for name, recipe in recipes.items():
        make(folder, name, recipe or {})


def _encoded(folder: Path, path: Path, recipe: dict[str, Any]) -> bytes:
    image = _pixels(folder, recipe)
    out = io.BytesIO()
    options: dict[str, Any] = {"format": _format(path)}
    if "exif_orientation" in recipe:
        exif = Image.Exif()
        exif[0x0112] = int(recipe["exif_orientation"])
        options["exif"] = exif.tobytes()
    if options["format"] == "JPEG":
        options["quality"] = recipe.get("quality", 92)
    image.save(out, **options)
    data = out.getvalue()
    if "truncate" in recipe:
        data = data[: int(len(data) * float(recipe["truncate"]))]
    return data


def _pixels(folder: Path, recipe: dict[str, Any]) -> Image.Image:
    if "near_of" in recipe:
        with Image.open(folder / recipe["near_of"]) as original:
            base = original.convert("RGB")
        size = (round(base.width * 0.9), round(base.height * 0.9))
        return base.resize(size, Image.Resampling.BILINEAR)
    size = tuple(recipe.get("size", DEFAULT_SIZE))
    image = picture(int(recipe.get("seed", 0)), (int(size[0]), int(size[1])))
    if "blur" in recipe:
        image = image.filter(ImageFilter.GaussianBlur(float(recipe["blur"])))
    exposure = recipe.get("exposure")
    if exposure == "dark":
        image = image.point(lambda v: v * 0.08)
    elif exposure == "light":
        image = image.point(lambda v: 255 - (255 - v) * 0.04)
    return image.convert("L") if recipe.get("grey") else image


def _format(path: Path) -> str:
    return {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}[path.suffix.lower()]
