"""Structure-aware fuzzing of the XML (CVAT, VOC), YOLO and mask readers on the shared
harness (``tests.hostile.fuzzing``): whatever a mutated file holds, reading and checking it
lets no exception escape, and each example finishes within the harness's deadline.

CVAT and VOC files get hostile attribute and element values (numbers, names, control
characters) and elements dropped or doubled, sometimes an odd encoding declared; YOLO label
lines get tokens replaced, added or dropped and bytes that are not UTF-8; masks are replaced
by random PNGs of every colour type and bit depth, some without their palette, cut short or
lying about their size. The mutators are plain functions of a ``random.Random`` (hypothesis
hands them a seeded one). Seeds are the readers' valid test files and the real files of
``../shared/corpus``; ``TAXONOMIST_FUZZ_EXAMPLES`` raises the budget, and
``python -m tests.hostile.test_fuzz_other N`` runs N examples per reader and prints every
distinct escape.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.fuzzing import Mutation, Seed, fuzz_settings, run_example, seeded

TESTS = Path(__file__).parents[1]
INTEROP = TESTS / "data" / "interop"
CORPUS = TESTS.parent / ".." / "shared" / "corpus" / "formats"

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


def randomly(mutate: Callable[[bytes, random.Random], bytes]) -> Mutation:
    """A harness mutation from a mutator of (seed bytes, random generator)."""

    def mutation(raw: bytes) -> st.SearchStrategy[bytes]:
        return st.randoms(use_true_random=False).map(lambda rng: mutate(raw, rng))

    return mutation


XML_MUTATIONS = randomly(mutate_xml)
LINE_MUTATIONS = randomly(mutate_label_lines)
PNG_MUTATIONS = randomly(lambda _, rng: random_png(rng))


# -- seeds -------------------------------------------------------------------------------
def _xml_files(fmt: str) -> list[Path]:
    folders = [INTEROP / fmt / "valid", CORPUS / fmt]
    return sorted(p for f in folders if f.is_dir() for p in f.rglob("*.xml"))


def _voc_seed(path: Path) -> Seed:
    """The VOC dataset folder (its JPEGImages come along), the XML file mutated and read."""
    inside = path.relative_to(path.parents[1]).as_posix()
    return Seed("voc", path.parents[1], inside, inside)


def _yolo_seeds() -> list[Seed]:
    """One seed per label file of each YOLO dataset (the folder holding data.yaml or
    obj.names), the whole dataset read."""
    folders = [INTEROP / "yolo" / "valid", CORPUS / "yolo"]
    configs = [
        c for f in folders if f.is_dir() for c in (*f.rglob("*.yaml"), *f.rglob("obj.names"))
    ]
    seeds = []
    for root in sorted({c.parent for c in configs}):
        for label in sorted(root.rglob("*.txt")):
            if label.parent != root:
                seeds.append(Seed("yolo", root, label.relative_to(root).as_posix()))
    return seeds


def _mask_seeds() -> list[Seed]:
    """Each mask folder layout: VOC class and object masks beside JPEGImages, a masks/
    folder beside images/; the mask folder read (Cityscapes: test_fuzz_cityscapes)."""
    valid = INTEROP / "mask" / "valid"
    layouts = [
        ("voc_dataset1", "SegmentationClass/2007_000001.png"),
        ("voc_dataset1", "SegmentationObject/2007_000001.png"),
        ("gray", "masks/street.png"),
    ]
    return [Seed("mask", valid / root, png, png.split("/")[0]) for root, png in layouts]


CVAT = [Seed("cvat", path) for path in _xml_files("cvat")]
VOC = [_voc_seed(path) for path in _xml_files("voc")]
YOLO = _yolo_seeds()
MASKS = _mask_seeds()
READERS: dict[str, tuple[list[Seed], Mutation]] = {
    "cvat": (CVAT, XML_MUTATIONS),
    "voc": (VOC, XML_MUTATIONS),
    "yolo": (YOLO, LINE_MUTATIONS),
    "mask": (MASKS, PNG_MUTATIONS),
}


@fuzz_settings(150)
@given(example=seeded(CVAT, XML_MUTATIONS))
def test_cvat_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings(150)
@given(example=seeded(VOC, XML_MUTATIONS))
def test_voc_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings(150)
@given(example=seeded(YOLO, LINE_MUTATIONS))
def test_yolo_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings(150)
@given(example=seeded(MASKS, PNG_MUTATIONS))
def test_random_mask_pngs_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


def main() -> None:
    """``python -m tests.hostile.test_fuzz_other N [READER...]``: N examples per reader,
    every distinct escape printed."""
    import sys
    import tempfile

    from tests.hostile.fuzzing import collect_escapes

    examples, names = int(sys.argv[1]), sys.argv[2:] or list(READERS)
    for name in names:
        seeds, mutation = READERS[name]
        with tempfile.TemporaryDirectory() as tmp:
            escapes = collect_escapes(seeds, mutation, examples, Path(tmp))
        for key, example in sorted(escapes.items()):
            print(f"{name}: {key}\n    {example}")
        print(f"{name}: {examples} examples, {len(escapes)} distinct escapes")


if __name__ == "__main__":
    main()
