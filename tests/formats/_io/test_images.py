"""Image headers and the guarded pixel load: decodes are budgeted in bytes by mode, and
only regular files are opened."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from PIL import Image

from taxonomist.formats._io.images import Header, load_pixels, read_header, too_large


def _png(tmp_path: Path, mode: str, size: tuple[int, int] = (100, 50)) -> Path:
    path = tmp_path / f"{mode.replace(';', '_')}.png"
    Image.new(mode, size).save(path)
    return path


@pytest.mark.parametrize(("mode", "per_pixel"), [("P", 1), ("L", 1), ("I;16", 2), ("RGB", 3)])
def test_the_budget_counts_decoded_bytes_by_mode(tmp_path: Path, mode: str, per_pixel: int) -> None:
    path = _png(tmp_path, mode)
    need = 100 * 50 * per_pixel
    header, pixels = load_pixels(path, budget=need)
    assert header.ok and pixels is not None and pixels.shape[:2] == (50, 100)
    header, pixels = load_pixels(path, budget=need - 1)
    assert (header.problem, pixels) == ("too-large", None)
    assert (header.width, header.height) == (100, 50)  # the header is kept for the message


def test_rgba_costs_four_bytes_a_pixel(tmp_path: Path) -> None:
    header = read_header(_png(tmp_path, "RGBA"))
    assert header.decoded_bytes == 100 * 50 * 4


def test_a_mode_converted_to_rgb_costs_both_copies() -> None:
    assert Header(10, 10, "LA").decoded_bytes == 10 * 10 * (2 + 3)


def test_the_refusal_says_size_mode_and_budget() -> None:
    reason = too_large(Header(9459, 9459, "RGB"))
    assert reason == "9459 x 9459 RGB: decoding needs 256 MiB, more than the 64 MiB limit"


def test_a_fifo_named_like_a_mask_is_refused_not_waited_on(tmp_path: Path) -> None:
    fifo = tmp_path / "mask.png"
    os.mkfifo(fifo)
    header, pixels = load_pixels(fifo)
    assert (header.problem, pixels) == ("unreadable: not a regular file: a FIFO (named pipe)", None)


def test_a_missing_image_is_missing(tmp_path: Path) -> None:
    assert read_header(tmp_path / "nothing.png").problem == "missing"
