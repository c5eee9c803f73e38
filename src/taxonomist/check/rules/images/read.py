"""Reading image files: the header (size, EXIF orientation) without decoding, then the
pixels, scaled down as they are decoded, measured, and let go.

``read_all`` reads files on a bounded thread pool (Pillow releases the GIL while it decodes)
and submits them in a window of ``2 x workers``, so at most ``workers`` images are decoded
and a few more files' bytes are held at any time, whatever the dataset's size. What comes
back per file (``ImageFacts``) is a few numbers, never pixels.
"""

from __future__ import annotations

import hashlib
import io
import struct
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from taxonomist.check.rules.images.family import ANALYSIS_SIDE

if TYPE_CHECKING:  # Pillow and the measures load with the first image, not with the checker
    from PIL.Image import Image

    from taxonomist.check.rules.images.measures import Measures

ORIENTATION_TAG = 0x0112
MAX_THREADS = 4  # decoding is memory- and I/O-bound past a few threads
# What a cut-off or corrupt file raises while Pillow decodes it (ValueError, SyntaxError and
# struct.error come from broken chunk headers in PNG, GIF and TIFF).
# Pillow's DecompressionBombError is a subclass of none of these: ``_decode_errors`` adds it.
DECODE_ERRORS: tuple[type[BaseException], ...] = (
    OSError,
    ValueError,
    SyntaxError,
    EOFError,
    IndexError,
    struct.error,
)


def _decode_errors() -> tuple[type[BaseException], ...]:
    from PIL import Image as PilImage

    return (*DECODE_ERRORS, PilImage.DecompressionBombError)


class Decoding:
    """How many images are decoded (pixels in memory) at once, and the most there were:
    the bound ``read_all`` promises, counted where it matters rather than inferred."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.now = 0
        self.peak = 0

    def enter(self) -> None:
        with self._lock:
            self.now += 1
            self.peak = max(self.peak, self.now)

    def leave(self) -> None:
        with self._lock:
            self.now -= 1


DECODING = Decoding()


@dataclass(frozen=True, slots=True)
class ImageFacts:
    """What one image file says about itself; ``problem`` is set when it could not be read
    (``kind`` "unreadable": no image at all; "truncated": the pixels do not decode)."""

    path: str
    width: int = 0
    height: int = 0
    orientation: int = 1
    digest: str = ""
    measures: Measures | None = None
    kind: str = ""
    problem: str = ""


def read_one(path: str, decode: bool) -> ImageFacts:
    """The facts of the image at ``path``; reading never raises for a bad file."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return ImageFacts(path, kind="unreadable", problem=f"cannot be read ({exc.strerror})")
    digest = hashlib.blake2b(data, digest_size=16).hexdigest()
    from PIL import Image as PilImage
    from PIL import UnidentifiedImageError

    try:
        image = PilImage.open(io.BytesIO(data))
    except UnidentifiedImageError:
        return ImageFacts(path, digest=digest, kind="unreadable", problem=_unknown(data))
    except _decode_errors() as exc:
        return ImageFacts(path, digest=digest, kind="unreadable", problem=_why(exc))
    with image:
        width, height = image.size
        orientation = _orientation(image)
        header = ImageFacts(path, width, height, orientation, digest)
        if not decode:
            return header
        return _decoded(image, header)


def _decoded(image: Image, header: ImageFacts) -> ImageFacts:
    """``header`` with the measures of the decoded pixels, or the reason they failed."""
    from taxonomist.check.rules.images.measures import measure

    DECODING.enter()
    try:
        if image.format == "JPEG":  # decodes at 1/2, 1/4 or 1/8 scale straight away
            image.draft(image.mode, (ANALYSIS_SIDE, ANALYSIS_SIDE))
        image.load()
        measures = measure(image)
    except _decode_errors() as exc:
        return replace(header, kind="truncated", problem=_why(exc))
    finally:
        image.close()  # the pixels go now, not when the collector (paused in a run) runs
        DECODING.leave()
    return replace(header, measures=measures)


def _orientation(image: Image) -> int:
    """The EXIF orientation (1..8; 1 where there is none or it is out of range)."""
    try:
        value = image.getexif().get(ORIENTATION_TAG, 1)
    except _decode_errors():  # a broken EXIF block: the pixels' own checks will tell
        return 1
    return value if isinstance(value, int) and 1 <= value <= 8 else 1


def _unknown(data: bytes) -> str:
    """Why Pillow knows no format for ``data``: empty, or what it starts with."""
    if not data:
        return "the file is empty"
    start = data[:8].decode("ascii", "replace")
    shown = "".join(c if c.isprintable() else "." for c in start)
    return f"not an image Pillow can read (it starts with {shown!r})"


def _why(exc: BaseException) -> str:
    text = str(exc).strip() or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def read_all(
    paths: Iterable[str], decode: bool, workers: int | None = None
) -> Iterator[ImageFacts]:
    """``read_one`` of each path, in order, on a bounded pool of threads."""
    count = workers or _threads()
    if count <= 1:
        yield from (read_one(p, decode) for p in paths)
        return
    with ThreadPoolExecutor(count, thread_name_prefix="taxonomist-image") as pool:
        yield from _windowed(pool.submit, paths, decode, 2 * count)


def _windowed(
    submit: Callable[..., Future[ImageFacts]], paths: Iterable[str], decode: bool, window: int
) -> Iterator[ImageFacts]:
    """Results in order, never more than ``window`` files submitted and not yet taken."""
    pending: deque[Future[ImageFacts]] = deque()
    for path in paths:
        pending.append(submit(read_one, path, decode))
        if len(pending) >= window:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


def _threads() -> int:
    from taxonomist.check.scale import cores

    return max(1, min(MAX_THREADS, cores()))  # min(4, the cores this process may use)
