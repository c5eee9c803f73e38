"""Hostile and careless input to the XML (CVAT, VOC), YOLO and mask readers and to the CVAT
and Cityscapes importers: each attack that once ended the run with exit 3 (or hung) now gives
its own finding, or a one-line refusal naming the place, within a time bound.

The CLI runs in a subprocess with a timeout, so a regression fails instead of hanging; the
other attacks go through ``read_source`` and ``check_dataset``, what ``taxonomist check``
runs for each file.
"""

from __future__ import annotations

import errno
import os
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from taxonomist.check.engine import check_dataset, read_source
from taxonomist.core.findings import Finding
from taxonomist.formats.cvat.meta import LabelSpec
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.hostile.run import DEMO, Run, taxonomist


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load(DEMO)


def check_cli(cwd: Path, path: Path) -> Run:
    return taxonomist("check", "-t", DEMO, path, cwd=cwd)


def findings(taxonomy: Taxonomy, path: Path, fmt: str) -> list[Finding]:
    """What ``taxonomist check`` finds in ``path`` before selection: reader and rules."""
    return [f for d in read_source(path, fmt) for f in check_dataset(taxonomy, d)]


def codes(found: list[Finding]) -> set[str]:
    return {f.code for f in found}


def message(found: list[Finding], code: str) -> str:
    return next(f.message for f in found if f.code == code)


# -- CVAT ----------------------------------------------------------------------------------
def cvat(tmp_path: Path, shapes: str, meta: str = "", image: str = 'id="0"') -> Path:
    path = tmp_path / "ann.xml"
    path.write_text(
        f'<annotations><version>1.1</version><meta>{meta}</meta>\n<image {image} name="a.jpg" '
        f'width="10" height="10">\n{shapes}\n</image></annotations>\n',
        encoding="utf-8",
    )
    return path


def test_an_empty_cvat_polygon_is_s001_not_a_crash(tmp_path: Path) -> None:
    result = check_cli(tmp_path, cvat(tmp_path, '<polygon label="car" points=""/>'))
    assert result.code == 1, result.err
    assert "S001" in result.out
    assert "<polygon> has no points" in result.out


@pytest.mark.parametrize(
    ("points", "code", "words"),
    [
        ("nan,1;2,3;4,5", "S002", "is not 'x,y'"),
        ("1,inf;2,3;4,5", "S002", "is not 'x,y'"),
        ("1e400,1;2,3;4,5", "S008", "out of range"),
        ("-1e308,1;1e308,3;4,5", "S008", "out of range"),
        ("١,1;2,3;4,5", "S002", "is not 'x,y'"),
    ],
)
def test_cvat_points_that_are_no_usable_numbers(
    taxonomy: Taxonomy, tmp_path: Path, points: str, code: str, words: str
) -> None:
    found = findings(taxonomy, cvat(tmp_path, f'<polygon label="car" points="{points}"/>'), "cvat")
    assert words in message(found, code)
    assert (found[0].location.line, found[0].location.column) == (3, 1)


def test_huge_cvat_box_corners_are_s008(tmp_path: Path) -> None:
    shape = '<box label="car" xtl="-1e308" ytl="0" xbr="1e308" ybr="3"/>'
    result = check_cli(tmp_path, cvat(tmp_path, shape))
    assert result.code == 1, result.err
    assert "S008  attribute xbr ('1e308') is out of range" in result.out


def test_an_unknown_xml_encoding_is_f040(tmp_path: Path) -> None:
    path = tmp_path / "ann.xml"
    path.write_text(
        '<?xml version="1.0" encoding="x-foo"?>\n<annotations><version>1.1</version>'
        "</annotations>\n",
        encoding="utf-8",
    )
    result = check_cli(tmp_path, path)
    assert result.code == 1, result.err
    assert "1:1" in result.out
    assert "F040  the XML declaration names an encoding the parser cannot read ('x-foo')" in (
        result.out
    )


def test_a_multi_byte_xml_encoding_is_f040(taxonomy: Taxonomy, tmp_path: Path) -> None:
    path = tmp_path / "a.xml"
    path.write_text('<?xml version="1.0" encoding="euc-jp"?>\n<annotation/>\n', encoding="utf-8")
    assert "'euc-jp'" in message(findings(taxonomy, path, "voc"), "F040")


@pytest.mark.parametrize("image_id", ["²", "9" * 5000])
def test_a_cvat_image_id_int_cannot_read_is_kept_as_text(
    taxonomy: Taxonomy, tmp_path: Path, image_id: str
) -> None:
    shape = '<box label="cat" xtl="1" ytl="1" xbr="3" ybr="3"/>'
    (dataset,) = read_source(cvat(tmp_path, shape, image=f'id="{image_id}"'), "cvat")
    assert dataset.images.ids == [image_id]
    check_dataset(taxonomy, dataset)


def test_a_cvat_start_frame_of_1e400_is_no_crash(taxonomy: Taxonomy, tmp_path: Path) -> None:
    meta = "<task><start_frame>1e400</start_frame><original_size><width>nan</width>"
    meta += "<height>1e400</height></original_size></task>"
    path = cvat(tmp_path, '<box label="cat" xtl="1" ytl="1" xbr="3" ybr="3"/>', meta)
    (dataset,) = read_source(path, "cvat")
    assert dataset.findings == []  # an unusable size is an unknown one; start_frame is unused
    check_dataset(taxonomy, dataset)


def test_cvat_track_frames_that_are_no_whole_numbers(taxonomy: Taxonomy, tmp_path: Path) -> None:
    path = tmp_path / "video.xml"
    box = 'outside="0" xtl="1" ytl="1" xbr="2" ybr="2"'
    path.write_text(
        '<annotations><version>1.1</version><track id="0" label="cat">\n'
        f'<box frame="1e30" {box}/>\n<box frame="1.5" {box}/>\n<box frame="2" {box}/>\n'
        "</track></annotations>\n",
        encoding="utf-8",
    )
    (dataset,) = read_source(path, "cvat")
    assert dataset.images.ids == ["frame_000002"]
    found = dataset.findings
    assert [(f.code, f.location.line) for f in found] == [("S008", 2), ("S002", 3)]
    assert "is not a whole number" in found[1].message


def test_a_skeleton_edge_with_a_5000_digit_node_id_is_dropped() -> None:
    svg = f'<line data-node-from="{"9" * 5000}" data-node-to="1"></line>'
    svg += '<line data-node-from="1" data-node-to="2"></line>'
    spec = LabelSpec("hand", None, svg=svg, sublabels=["thumb", "wrist"])
    assert spec.edges() == [("thumb", "wrist")]


@pytest.mark.parametrize("fmt", ["cvat", "voc"])
def test_xml_nested_200000_levels_deep_is_f041(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "ann.xml"
    inner = "<box>" * 200_000 + "</box>" * 200_000
    root = "annotations" if fmt == "cvat" else "annotation"
    path.write_text(f"<{root}><version>1.1</version>{inner}</{root}>", encoding="utf-8")
    result = check_cli(tmp_path, path)  # ElementPath recursed per level: RecursionError, exit 3
    assert result.code == 1, result.err
    assert "F041  elements are nested more than 256 levels deep; the file is refused" in (
        result.out
    )


# -- VOC -----------------------------------------------------------------------------------
def voc(tmp_path: Path, *, filename: str = "a.jpg", xmin: str = "1", width: str = "20") -> Path:
    path = tmp_path / "Annotations" / "a.xml"
    path.parent.mkdir()
    path.write_text(
        f"<annotation>\n<filename>{filename}</filename>\n"
        f"<size><width>{width}</width><height>10</height></size>\n"
        f"<object><name>cat</name>\n<bndbox><xmin>{xmin}</xmin><ymin>1</ymin>"
        "<xmax>5</xmax><ymax>5</ymax></bndbox></object>\n</annotation>\n",
        encoding="utf-8",
    )
    return path


def test_a_5000_character_voc_filename_is_s021(tmp_path: Path) -> None:
    path = voc(tmp_path, filename="a" * 5000 + ".jpg", width="")
    (tmp_path / "JPEGImages").mkdir()  # the size is missing: the reader looks for the image
    result = check_cli(tmp_path, path)
    assert result.code == 1, result.err
    assert "2:1" in result.out
    assert "S021  <filename> is 5004 characters long; no file can have that name" in result.out


@pytest.mark.parametrize(
    ("xmin", "code", "words"),
    [
        ("1e400", "S008", "'1e400' is out of range"),
        ("99999999999999999999999999999", "S008", "'99999999999999999999999999999' is out of"),
        ("nan", "S002", "'nan' is not finite"),
        ("-Infinity", "S002", "'-Infinity' is not finite"),
        ("١٢", "S002", "'١٢' is not a number"),
        ("1_000", "S002", "'1_000' is not a number"),
    ],
)
def test_voc_corners_that_are_no_usable_numbers(
    taxonomy: Taxonomy, tmp_path: Path, xmin: str, code: str, words: str
) -> None:
    found = findings(taxonomy, voc(tmp_path, xmin=xmin), "voc")
    assert f"<xmin> {words}" in message(found, code)


def test_a_voc_size_of_1e400_is_s008(taxonomy: Taxonomy, tmp_path: Path) -> None:
    found = findings(taxonomy, voc(tmp_path, width="1e400"), "voc")
    assert message(found, "S008") == "<size> needs numeric <width> and <height>"


# -- YOLO ----------------------------------------------------------------------------------
def yolo(tmp_path: Path, lines: bytes) -> Path:
    (tmp_path / "images").mkdir()
    (tmp_path / "labels").mkdir()
    Image.new("RGB", (64, 48)).save(tmp_path / "images" / "a.jpg")
    (tmp_path / "data.yaml").write_text("train: images\nnames: [person, cat]\n", encoding="utf-8")
    (tmp_path / "labels" / "a.txt").write_bytes(lines)
    return tmp_path


@pytest.mark.parametrize(
    ("line", "code", "words"),
    [
        (b"0 nan 0.5 0.1 0.1", "Y103", "value 2 ('nan') is not finite"),
        (b"0 0.5 inf 0.1 0.1", "Y103", "value 3 ('inf') is not finite"),
        (b"0 0.5 0.5 1e400 0.1", "S008", "value 4 ('1e400') is out of range"),
        ("١ 0.5 0.5 0.1 0.1".encode(), "Y103", "value 1 ('١') is not a number"),
        ("0 0.5 0.5 0.1 ²".encode(), "Y103", "value 5 ('²') is not a number"),
        (b"1" + b"0" * 30 + b" 0.5 0.5 0.1 0.1", "S008", "value 1 ('1000"),
        (b"0 0.5\x00 0.5 0.1 0.1", "Y103", "value 2 ('0.5\\x00') is not a number"),
    ],
)
def test_yolo_values_that_are_no_usable_numbers(
    taxonomy: Taxonomy, tmp_path: Path, line: bytes, code: str, words: str
) -> None:
    found = findings(taxonomy, yolo(tmp_path, line + b"\n"), "yolo")
    assert message(found, code).startswith(words)


def test_a_yolo_label_file_that_is_not_utf8_is_f004(tmp_path: Path) -> None:
    result = check_cli(tmp_path, yolo(tmp_path, b"0 0.5 0.5 0.1 0.1\n0 0.5 0.5\xff 0.1 0.1\n"))
    assert result.code == 1, result.err
    assert "2:10" in result.out
    assert "F004  the label file is not UTF-8 (byte 0xff)" in result.out


def test_a_yolo_line_of_three_million_values_finishes(tmp_path: Path) -> None:
    odd = b"0" + b" 0.5" * 3_000_001 + b"\n"  # an odd count of values: no polygon
    result = check_cli(tmp_path, yolo(tmp_path, odd))
    assert result.code == 1, result.err
    assert "Y103  the line has 3000002 values" in result.out


def test_a_label_file_whose_image_name_would_be_too_long(tmp_path: Path) -> None:
    label = tmp_path / "labels" / ("a" * 251 + ".txt")  # 256 bytes with ".jpeg"
    label.parent.mkdir()
    label.write_text("0 0.5 0.5 0.1 0.1\n", encoding="utf-8")
    result = check_cli(tmp_path, label)
    assert result.code == 1, result.err
    assert "F103  no image found for this label file" in result.out


# -- masks ---------------------------------------------------------------------------------
def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png(width: int, height: int, depth: int, colour: int, rows: bytes, *, palette: bool) -> bytes:
    """A PNG written chunk by chunk: modes Pillow will not write (a palette PNG without its
    palette, 16-bit RGB)."""
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    plte = _chunk(b"PLTE", bytes(range(48))) if palette else b""
    body = _chunk(b"IHDR", header) + plte + _chunk(b"IDAT", zlib.compress(rows))
    return b"\x89PNG\r\n\x1a\n" + body + _chunk(b"IEND", b"")


def mask(
    tmp_path: Path, data: bytes, folder: str = "SegmentationClass", name: str = "a.png"
) -> Path:
    (tmp_path / folder).mkdir()
    (tmp_path / folder / name).write_bytes(data)
    return tmp_path / folder


def test_an_8_bit_cityscapes_instance_mask_is_s023(tmp_path: Path) -> None:
    folder = tmp_path / "gtFine"
    folder.mkdir()
    pixels = np.array([[7, 26], [26, 0]], np.uint8)
    Image.fromarray(pixels).save(folder / "a_gtFine_instanceIds.png")
    result = check_cli(tmp_path, folder)
    assert result.code == 1, result.err
    assert "S023  the instance mask has 8-bit pixels, too few for instance ids" in result.out


MASK_MODES = [
    ("1-bit", png(8, 1, 1, 0, b"\0\x0f", palette=False), [0, 1], None),
    ("palette without PLTE", png(2, 1, 8, 3, b"\0\x01\x02", palette=False), [1, 2], None),
    ("4-bit palette", png(2, 1, 4, 3, b"\0\x12", palette=True), [1, 2], None),
    ("16-bit grey", png(1, 1, 16, 0, b"\0\x30\x39", palette=False), [12345], None),
    ("grey + alpha", png(1, 1, 8, 4, b"\0\x05\xff", palette=False), None, "S022"),
    ("16-bit RGB", png(1, 1, 16, 2, b"\0" + b"\x12\x34" * 3, palette=False), None, "S022"),
    ("cut short", png(64, 64, 8, 0, b"\0" * 65 * 64, palette=False)[:50], None, "F104"),
]


@pytest.mark.parametrize(
    ("name", "data", "values", "code"), MASK_MODES, ids=[case[0] for case in MASK_MODES]
)
def test_mask_pngs_of_odd_modes(
    taxonomy: Taxonomy,
    tmp_path: Path,
    *,
    name: str,
    data: bytes,
    values: list[int] | None,
    code: str | None,
) -> None:
    folder = mask(tmp_path, data)
    (dataset,) = read_source(folder, "mask")
    found = check_dataset(taxonomy, dataset)
    assert dataset.images.masks.values.get(0) == values, name
    if code is not None:
        assert code in codes(found), name


def test_a_mask_whose_image_name_would_be_too_long(taxonomy: Taxonomy, tmp_path: Path) -> None:
    folder = tmp_path / "masks"
    folder.mkdir()
    (tmp_path / "images").mkdir()  # where the reader looks for a.jpeg, a name of 256 bytes
    Image.fromarray(np.full((2, 2), 3, np.uint8)).save(folder / ("a" * 251 + ".png"))
    (dataset,) = read_source(folder, "mask")
    assert dataset.images.masks.values == {0: [3]}
    check_dataset(taxonomy, dataset)


# -- walks -------------------------------------------------------------------------------
@pytest.mark.parametrize("error", [errno.EIO, errno.EACCES])
@pytest.mark.parametrize("fmt", ["mask", "yolo"])
def test_an_unreadable_subfolder_is_f001_and_the_rest_is_read(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fmt: str, error: int
) -> None:
    root = tmp_path / ("masks" if fmt == "mask" else "labels")
    (root / "sub").mkdir(parents=True)
    if fmt == "mask":
        Image.fromarray(np.zeros((2, 2), np.uint8)).save(root / "a.png")
    else:
        (root / "a.txt").write_text("0 0.5 0.5 0.1 0.1\n", encoding="utf-8")
    listing = os.scandir

    def scandir(path: str) -> object:  # as root, chmod 000 would not stop the listing
        if str(path).endswith("sub"):
            raise OSError(error, os.strerror(error), str(path))
        return listing(path)

    monkeypatch.setattr(os, "scandir", scandir)
    (dataset,) = read_source(root if fmt == "mask" else tmp_path, fmt)
    assert len(dataset.images) == 1
    (finding,) = [f for f in dataset.findings if f.code == "F001"]
    assert finding.location.file == str(root / "sub")
    assert finding.message.startswith(f"cannot list the folder: {os.strerror(error)}")


def test_a_link_to_the_root_folder_is_not_walked(tmp_path: Path) -> None:
    folder = tmp_path / "masks"
    folder.mkdir()
    Image.fromarray(np.zeros((2, 2), np.uint8)).save(folder / "a.png")
    (folder / "everything").symlink_to("/")
    result = check_cli(tmp_path, folder)
    assert result.code == 1, result.err
    assert "in 1 file" in result.out
    assert "everything" not in result.out


# -- importers -----------------------------------------------------------------------------
def test_cvat_sublabels_that_are_no_list_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    path.write_text('[{"name": "hand", "type": "skeleton", "sublabels": 5}]', encoding="utf-8")
    result = taxonomist("import", "cvat", path, cwd=tmp_path)
    assert result.code == 2, result.err
    assert "labels.json#/0/sublabels: sublabels must be a list of objects" in result.err
    assert "Traceback" not in result.err


def test_cvat_attribute_values_that_are_no_list_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.json"
    attribute = '{"name": "a", "input_type": "radio", "values": 5}'
    path.write_text(f'[{{"name": "car", "attributes": [{attribute}]}}]', encoding="utf-8")
    result = taxonomist("import", "cvat", path, cwd=tmp_path)
    assert result.code == 2, result.err
    assert "labels.json#/0/attributes/0/values: values must be a list" in result.err


@pytest.mark.parametrize(
    "label",
    [
        "Label('car', 1, 2, 'vehicle', 1, True, False, (1e400, 0, 0))",
        "Label('car', 1e400, 2, 'vehicle', 1, True, False, (1, 0, 0))",
        "Label('car', 1, 2, 'vehicle', 1, True, False, ('a', 'b', 'c'))",
        "Label('car', 1, 2, 'vehicle', 1, True, False, ([1], [2], [3]))",
    ],
)
def test_cityscapes_rows_with_unusable_numbers_are_refused(tmp_path: Path, label: str) -> None:
    path = tmp_path / "labels.py"
    path.write_text(f"labels = [\n    {label},\n]\n", encoding="utf-8")
    result = taxonomist("import", "cityscapes", path, cwd=tmp_path)
    assert result.code == 2, result.err
    assert "labels.py:2: unusable label row" in result.err


def test_a_long_line_of_cityscapes_labels_is_read_in_linear_time(tmp_path: Path) -> None:
    path = tmp_path / "labels.py"
    path.write_text("Label(" * 200_000 + "\n", encoding="utf-8")
    result = taxonomist(
        "import", "cityscapes", path, cwd=tmp_path
    )  # quadratic: minutes; the timeout fails it
    assert result.code == 2, result.err
    assert "no labels found" in result.err


def test_a_cityscapes_csv_field_over_the_csv_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "labels.csv"
    header = "name,id,trainId,category,categoryId,hasInstances,ignoreInEval,color\n"
    row = 'bus,2,2,vehicle,1,True,False,"(1,2,3)"\n'
    path.write_text(header + row + row.replace("(1,2,3)", "x" * 200_000), encoding="utf-8")
    result = taxonomist("import", "cityscapes", path, cwd=tmp_path)
    assert result.code == 2, result.err
    assert "labels.csv:3: not a label table: field larger than field limit" in result.err
