"""Whatever an importer cannot use is exit 2 with one line naming the file and a hint:
never a traceback, never exit 3 ("this is a bug"), never a class made of garbage. Every
importer but YOLO's (tested with its own reader) on inputs no class list is, and each on
the near misses of its own format."""

from __future__ import annotations

from pathlib import Path

import pytest

from taxonomist.cli import main

SOURCES = (
    *("coco", "lvis", "openimages", "cvat", "label-studio", "cityscapes", "imagenet"),
    "dataset",
)
ANYTHING = {
    "empty": b"",
    "json-null": b"null",
    "json-empty-list": b"[]",
    "json-empty-object": b"{}",
    "json-string": b'"x"',
    "binary": bytes(range(256)) * 2,
    "utf-16": "\ufeff{}".encode("utf-16-le"),
}
NEAR_MISSES = {
    "coco-empty-name": ("coco", b'{"categories": [{"id": 1, "name": ""}]}', "/categories/0/name"),
    "lvis-empty-name": ("lvis", b'[{"id": 1, "name": "", "synonyms": []}]', "/0/name"),
    "cvat-xml-empty-name": (
        "cvat",
        b"<annotations><meta><task><labels><label><name></name></label></labels></task></meta>"
        b"</annotations>",
        ":1: unusable label name ''",
    ),
    "cvat-json-empty-name": ("cvat", b'[{"name": "", "type": "rectangle"}]', "#/0: unusable"),
    "cvat-json-attributes": (
        "cvat",
        b'{"labels": [{"name": "a", "attributes": [1]}]}',
        "#/labels/0/attributes",
    ),
    "cvat-json-attributes-text": ("cvat", b'[{"name": "a", "attributes": "x"}]', "#/0/attributes"),
    "label-studio-empty-label": (
        "label-studio",
        b'<View><RectangleLabels name="x"><Label value=""/></RectangleLabels></View>',
        "defines no labels",
    ),
    "cityscapes-blank": ("cityscapes", b"\n\n", "no labels found"),
    "imagenet-synset-without-wnid": ("imagenet", b"n01440764 tench\ngoldfish\n", ":2:1: a synset"),
    "imagenet-pair-without-wnid": ("imagenet", b'{"0": ["tench", "x"]}', "class 0 is neither"),
    "imagenet-repeated-number": ("imagenet", b'{"0": "a", "00": "b"}', "not a class number"),
}


def _import(tmp_path: Path, source: str, data: bytes, capsys: pytest.CaptureFixture[str]) -> str:
    path = tmp_path / "input"
    path.write_bytes(data)
    out = tmp_path / "out.yaml"
    with pytest.raises(SystemExit) as stop:
        main(["import", source, str(path), "-o", str(out)])
    err = capsys.readouterr().err
    assert stop.value.code == 2, err
    assert err.startswith(f"taxonomist: {path}"), err
    assert "hint:" in err and "Traceback" not in err
    assert not out.exists()
    return err


@pytest.mark.parametrize("source", SOURCES)
@pytest.mark.parametrize("case", list(ANYTHING))
def test_no_class_list_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str, case: str
) -> None:
    _import(tmp_path, source, ANYTHING[case], capsys)


@pytest.mark.parametrize("case", list(NEAR_MISSES))
def test_near_misses_are_exit_2_at_their_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    source, data, place = NEAR_MISSES[case]
    assert place in _import(tmp_path, source, data, capsys)


@pytest.mark.parametrize("source", SOURCES)
def test_a_directory_is_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], source: str
) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["import", source, str(tmp_path), "-o", str(tmp_path / "out.yaml")])
    err = capsys.readouterr().err
    assert stop.value.code == 2, err
    assert "hint:" in err
