"""Structure-aware fuzzing of the XML (CVAT, VOC), YOLO and mask readers: whatever a mutated
file holds, ``read_source`` and ``check_dataset`` return findings and never raise, and each
example finishes within the hypothesis deadline.

The mutators are plain functions of a ``random.Random`` (hypothesis hands them a seeded one),
so a long run can drive them without hypothesis: ``TAXONOMIST_FUZZ_EXAMPLES=5000`` raises the
number of examples per reader. Seeds are the readers' valid test files and the real files of
``../shared/corpus``.
"""

from __future__ import annotations

import os
import random
import shutil
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from xml.etree import ElementTree

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from taxonomist.check.engine import check_dataset, read_source
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy

REPO = Path(__file__).resolve().parents[2]
DATA = REPO / "tests" / "data" / "interop"
CORPUS = REPO / ".." / "shared" / "corpus" / "formats"

NUMBERS = (
    *("", " ", "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "1e400", "-1e400"),
    *("1e308", "-1e308", "1.7e308", "-0", "0", "-1", "1e-400", "4294967296", "0x10"),
    *("1_000", "١٢", "²", "٣.٥", "9" * 400, "-" + "9" * 30, "10" + "0" * 30, "true", "1,5"),
)
TEXTS = (
    *("a" * 5000, "../../../etc/passwd", "/", "/dev/zero", "a/../../b", "*?[!", ":", ";"),
    *(",", "1,2", "1,2;", ";;", "1,2,3", "x,y", "1;2", "\u202e", "\u00a0", "\t", "é" * 300),
    *("\x1b[31mred", "con", "~", "$HOME", "{}", "[]", "\\", "%s%n", "a" * 70_000),
)
CONTROL = ("\x00", "\x1b", "\x07", "\x7f", "\ud800")
ENCODINGS = ("x-foo", "utf-16", "utf-32", "latin-1", "ascii", "cp037", "", "UTF-8", "euc-jp")
SETTINGS = settings(
    max_examples=int(os.environ.get("TAXONOMIST_FUZZ_EXAMPLES", "150")),
    deadline=5000,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def hostile_value(rng: random.Random) -> str:
    """A value people and attackers put where a number or a name is due."""
    pool = rng.choice((NUMBERS, NUMBERS, TEXTS, CONTROL))
    return rng.choice(pool)


# -- XML ---------------------------------------------------------------------------------
CVAT_ATTRIBUTES = (
    *("id", "name", "width", "height", "subset", "label", "points", "xtl", "ytl", "xbr"),
    *("ybr", "left", "top", "cx", "cy", "rx", "ry", "frame", "outside", "occluded"),
    *("keyframe", "z_order", "rotation", "group_id", "source", "rle"),
)


def mutate_xml(seed: bytes, rng: random.Random) -> bytes:
    """``seed`` (trusted, well-formed XML) with 1-8 structural mutations: a hostile attribute
    or text value, an element dropped, duplicated or emptied; sometimes a declaration of an
    odd encoding or a cut."""
    root = ElementTree.fromstring(seed)
    for _ in range(rng.randint(1, 8)):
        _mutate_element(root, rng)
    text = ElementTree.tostring(root, encoding="unicode")
    if rng.random() < 0.1:
        text = f'<?xml version="1.0" encoding="{rng.choice(ENCODINGS)}"?>\n{text}'
    data = text.encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.05:
        data = data[: rng.randint(0, len(data))]
    return data


def _mutate_element(root: ElementTree.Element, rng: random.Random) -> None:
    parents = [(parent, child) for parent in root.iter() for child in parent]
    if not parents:
        return
    # shapes and images (elements with attributes) are few among many text elements
    shapes = [pair for pair in parents if pair[1].keys()]
    parent, element = rng.choice(shapes if shapes and rng.random() < 0.7 else parents)
    action = rng.randrange(7)
    if action == 0:
        element.set(rng.choice([*element.keys(), *CVAT_ATTRIBUTES]), hostile_value(rng))
    elif action <= 2 and element.keys():
        element.set(rng.choice(element.keys()), hostile_value(rng))
    elif action == 3:
        element.text = hostile_value(rng)
    elif action == 4:
        parent.remove(element)
    elif action == 5:
        parent.append(element)
    else:
        element.attrib.pop(rng.choice([*element.keys(), "id"]), None)


# -- YOLO --------------------------------------------------------------------------------
def mutate_label_lines(text: bytes, rng: random.Random) -> bytes:
    """Label lines with tokens replaced, added or dropped, lines doubled, dropped or made
    huge, NUL bytes and bytes that are not UTF-8."""
    lines = text.decode("utf-8", errors="replace").splitlines() or ["0 0.5 0.5 0.1 0.1"]
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        tokens = lines[index].split() or ["0"]
        action = rng.randrange(8)
        if action <= 2:
            tokens[rng.randrange(len(tokens))] = rng.choice((*NUMBERS, "1" + "0" * 30))
        elif action == 3:
            tokens.insert(rng.randrange(len(tokens) + 1), hostile_value(rng))
        elif action == 4 and len(tokens) > 1:
            del tokens[rng.randrange(len(tokens))]
        elif action == 5:
            lines.insert(index, lines[index])
        elif action == 6:
            tokens = tokens * rng.choice((2, 3, 1000))
        else:
            tokens = [rng.choice(TEXTS + CONTROL)]
        lines[index] = " ".join(tokens)
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.1:
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + rng.choice((b"\xff\xfe", b"\x00", b"\xc3", b"\r", b"\x0c")) + data[cut:]
    return data


# -- masks -------------------------------------------------------------------------------
# (colour type, bit depths): grey, RGB, palette, grey + alpha, RGBA
PNG_KINDS = ((0, (1, 2, 4, 8, 16)), (2, (8, 16)), (3, (1, 2, 4, 8)), (4, (8, 16)), (6, (8, 16)))
_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def random_png(rng: random.Random) -> bytes:
    """A small PNG of a random colour type, bit depth and size, with random pixels; palette
    PNGs sometimes lack their palette, and some files are cut short or lie about their size."""
    colour, depths = rng.choice(PNG_KINDS)
    depth = rng.choice(depths)
    width, height = rng.randint(1, 12), rng.randint(1, 12)
    row_bytes = (width * _CHANNELS[colour] * depth + 7) // 8
    rows = b"".join(b"\0" + rng.randbytes(row_bytes) for _ in range(height))
    claimed = (width, height) if rng.random() < 0.9 else (rng.randint(1, 40), rng.randint(1, 40))
    png = b"\x89PNG\r\n\x1a\n" + _chunk(
        b"IHDR", struct.pack(">IIBBBBB", *claimed, depth, colour, 0, 0, 0)
    )
    if colour == 3 and rng.random() < 0.8:
        png += _chunk(b"PLTE", rng.randbytes(3 * rng.randint(1, 256)))
    png += _chunk(b"IDAT", zlib.compress(rows)) + _chunk(b"IEND", b"")
    if rng.random() < 0.1:
        png = png[: rng.randrange(len(png))]
    return png


MASK_FOLDERS = (
    ("SegmentationClass", "a.png"),
    ("SegmentationObject", "a.png"),
    ("masks", "a.png"),
    ("gtFine", "a_gtFine_instanceIds.png"),
    ("gtFine", "a_gtFine_labelIds.png"),
)


def mask_folder(root: Path, rng: random.Random) -> Path:
    """A mask folder under ``root`` with one or two random PNGs, sometimes beside an image
    of another size."""
    folder_name, name = rng.choice(MASK_FOLDERS)
    folder = root / folder_name
    folder.mkdir()
    (folder / name).write_bytes(random_png(rng))
    if rng.random() < 0.3:
        (folder / f"b{name}").write_bytes(random_png(rng))
    if rng.random() < 0.5:
        images = root / "JPEGImages"
        images.mkdir()
        stem = name.split("_gtFine")[0].removesuffix(".png")
        (images / f"{stem}.png").write_bytes(random_png(rng))
    return folder


# -- seeds and the run -------------------------------------------------------------------
def _xml_seeds(fmt: str) -> list[Path]:
    folders = [DATA / fmt / "valid", CORPUS / fmt]
    return sorted(p for f in folders if f.is_dir() for p in f.rglob("*.xml"))


def _yolo_seeds() -> list[Path]:
    folders = [DATA / "yolo" / "valid", CORPUS / "yolo"]
    found = {c.parent for f in folders if f.is_dir() for c in f.rglob("*.yaml")}
    found |= {c.parent for f in folders if f.is_dir() for c in f.rglob("obj.names")}
    return sorted(found)


CVAT_SEEDS = _xml_seeds("cvat")
VOC_SEEDS = _xml_seeds("voc")
YOLO_SEEDS = _yolo_seeds()


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load(REPO / "taxonomies" / "demo.yaml")


@contextmanager
def scratch() -> Iterator[Path]:
    """A fresh folder per example (hypothesis runs many examples in one test call)."""
    with tempfile.TemporaryDirectory(prefix="taxonomist-fuzz-") as folder:
        yield Path(folder)


def run_reader(taxonomy: Taxonomy, path: Path, fmt: str) -> None:
    """What ``taxonomist check`` does with one source; any exception fails the example."""
    for dataset in read_source(path, fmt):
        for finding in check_dataset(taxonomy, dataset):
            finding.render()


def xml_case(root: Path, fmt: str, rng: random.Random) -> Path:
    """A mutated CVAT or VOC file under ``root`` (VOC beside a JPEGImages folder)."""
    seed = rng.choice(CVAT_SEEDS if fmt == "cvat" else VOC_SEEDS)
    folder = root / "Annotations"
    folder.mkdir()
    if fmt == "voc" and (seed.parent.parent / "JPEGImages").is_dir():
        shutil.copytree(seed.parent.parent / "JPEGImages", root / "JPEGImages")
    target = folder / "case.xml"
    target.write_bytes(mutate_xml(seed.read_bytes(), rng))
    return target


def yolo_case(root: Path, rng: random.Random) -> Path:
    """A copy of a YOLO dataset with one or two of its label files mutated."""
    target = root / "dataset"
    shutil.copytree(rng.choice(YOLO_SEEDS), target)
    labels = sorted(p for p in target.rglob("*.txt") if p.parent != target)
    for label in rng.sample(labels, min(len(labels), rng.randint(1, 2))):
        label.write_bytes(mutate_label_lines(label.read_bytes(), rng))
    return target


CASES: dict[str, Callable[[Path, random.Random], Path]] = {
    "cvat": lambda root, rng: xml_case(root, "cvat", rng),
    "voc": lambda root, rng: xml_case(root, "voc", rng),
    "yolo": yolo_case,
    "mask": mask_folder,
}


@SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_cvat_mutations_never_escape(taxonomy: Taxonomy, rng: random.Random) -> None:
    with scratch() as root:
        run_reader(taxonomy, CASES["cvat"](root, rng), "cvat")


@SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_voc_mutations_never_escape(taxonomy: Taxonomy, rng: random.Random) -> None:
    with scratch() as root:
        run_reader(taxonomy, CASES["voc"](root, rng), "voc")


@SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_yolo_mutations_never_escape(taxonomy: Taxonomy, rng: random.Random) -> None:
    with scratch() as root:
        run_reader(taxonomy, CASES["yolo"](root, rng), "yolo")


@SETTINGS
@given(rng=st.randoms(use_true_random=False))
def test_random_mask_pngs_never_escape(taxonomy: Taxonomy, rng: random.Random) -> None:
    with scratch() as root:
        run_reader(taxonomy, CASES["mask"](root, rng), "mask")
