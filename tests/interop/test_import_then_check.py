"""The property a CI gate needs from ``taxonomist import``: import a dataset's own class
list, check that dataset against the result, and get no error and no R008 (a name matched
only by another spelling) for a name the importer wrote. Run through the real commands,
for every dataset of ``../shared/corpus`` that carries a class list (skipped where the
corpus is absent) and every valid fixture of the suite. YOLO has tests of its own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import main
from tests.formats.cases import DATA, SHARED

FIXTURES = DATA.parent / "formats"
LS = "label_studio/label_studio_sdk"
# id: (importer, class list, annotation paths; none means the class list itself)
Case = tuple[str, str, tuple[str, ...]]
CORPUS: dict[str, Case] = {
    **{
        f"coco-{stem}": ("coco", f"coco/datumaro_coco/annotations/{stem}.json", ())
        for stem in (
            "instances_train",
            "instances_val",
            "labels_train",
            "labels_val",
            "panoptic_train",
            "panoptic_val",
            "person_keypoints_train",
            "person_keypoints_val",
            "stuff_train",
            "stuff_val",
        )
    },
    "cvat-task": ("cvat", "cvat/datumaro_cvat/for_images/export_task/train.xml", ()),
    "cvat-project": ("cvat", "cvat/datumaro_cvat/for_images/export_project/annotations.xml", ()),
    "cvat-video": ("cvat", "cvat/datumaro_cvat/for_video/annotations.xml", ()),
    **{
        f"ls-{project}": (
            "label-studio",
            f"{LS}/{project}_project/{config}.xml",
            (f"{LS}/{project}_project/{data}.json",),
        )
        for project, config, data in (
            ("yolo", "label_config", "data"),
            ("json_min", "label_config", "data"),
            ("coco", "label_config", "data"),
            ("keypoints", "label_config_keypoints", "data_keypoints"),
        )
    },
}


def _own(corpus_path: str) -> str:
    return corpus_path.replace("label_studio/", "label_studio/valid/", 1)


OWN: dict[str, Case] = {
    **{
        f"cvat-{p.stem}": ("cvat", str(p.relative_to(DATA)), ())
        for p in sorted((DATA / "cvat" / "valid").rglob("*.xml"))
    },
    **{
        f"fixture-{key}": (source, _own(class_list), tuple(map(_own, paths)))
        for key, (source, class_list, paths) in CORPUS.items()
        if key.startswith("ls-")  # the suite holds copies of these
    },
    "coco-panoptic": ("coco", "../formats/coco/panoptic/valid.json", ()),
    **{
        f"ls-{name}": (
            "label-studio",
            f"import/label_studio_project/{name}.json",
            (_own(f"{LS}/json_min_project/data.json"),),
        )
        for name in ("project", "parsed_label_config", "parsed_only")
    },
}


def import_then_check(
    tmp_path: Path, source: str, class_list: Path, paths: list[Path]
) -> list[str]:
    """The errors and R008 infos of ``check`` after ``import``, as the CLI reports them."""
    taxonomy, report = tmp_path / "taxonomy.yaml", tmp_path / "report.json"
    with pytest.raises(SystemExit) as stop:
        main(["import", source, str(class_list), "-o", str(taxonomy)])
    assert stop.value.code in (0, None)
    # the fixtures' images are placeholders (dark, copied between splits): labels only
    args = ["check", "-t", str(taxonomy), *map(str, paths), "--report", "json", "-o", str(report)]
    args.append("--no-images")
    with pytest.raises(SystemExit):
        main(args)
    findings = json.loads(report.read_text())["findings"]
    return [
        f"{f['code']} {f['message']}"
        for f in findings
        if f["severity"] == "error" or f["code"] == "R008"
    ]


@pytest.mark.corpus
@pytest.mark.parametrize("case", list(CORPUS))
def test_corpus_checks_clean_against_its_imported_class_list(tmp_path: Path, case: str) -> None:
    source, class_list, paths = CORPUS[case]
    if not (SHARED / class_list).exists():
        pytest.skip("../shared/corpus is absent")
    files = [SHARED / p for p in paths or (class_list,)]
    assert import_then_check(tmp_path, source, SHARED / class_list, files) == []


@pytest.mark.parametrize("case", list(OWN))
def test_fixture_checks_clean_against_its_imported_class_list(tmp_path: Path, case: str) -> None:
    source, class_list, paths = OWN[case]
    files = [DATA / p for p in paths or (class_list,)]
    assert import_then_check(tmp_path, source, DATA / class_list, files) == []
