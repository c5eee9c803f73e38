"""The taxonomy-change scenario end to end, from the command line as a project lead runs it:
the demo project goes from 1.0.0 to 2.0.0 (tests/data/change/scenario: a rename, a merge, a
split an attribute decides, a split nobody can decide, a value renamed, a keypoint added).

``diff`` classifies each change; ``migrate`` rewrites a COCO file, a YOLO dataset, a Label
Studio export and a CVAT file, whose results check with no error against 2.0.0, and lists
the undecidable objects; the site's changes page shows each change; the lock refuses an id
taken by another class. Every step is a real process: no in-process shortcut hides a bug."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

SCENARIO = Path(__file__).resolve().parent / "data" / "change" / "scenario"
V1, V2 = SCENARIO / "v1.yaml", SCENARIO / "v2.yaml"


def cli(*args: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TAXONOMIST_NO_CACHE": "1"}
    command = [sys.executable, "-m", "taxonomist", *map(str, args)]
    return subprocess.run(command, capture_output=True, text=True, cwd=cwd, env=env, check=False)


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files labelled under 1.0.0, in a folder of their own."""
    root = tmp_path_factory.mktemp("project")
    shutil.copytree(SCENARIO / "files", root / "data")
    shutil.copytree(SCENARIO / "label_studio", root / "data" / "label_studio")
    shutil.copytree(SCENARIO / "cvat", root / "data" / "cvat")
    return root


def test_diff_classifies_each_change() -> None:
    done = cli("diff", V1, V2, "--report", "json", "--check-version")
    assert done.returncode == 0, done.stderr
    found = {
        (c["kind"], c.get("old"), c.get("new"), c["breaking"])
        for c in json.loads(done.stdout)["changes"]
    }
    assert ("class-renamed", "mission_patch", "mission_emblem", True) in found
    assert ("class-merged", "space_shuttle", "launch_vehicle", False) in found
    assert ("class-merged", "rocket", "launch_vehicle", False) in found
    assert ("class-split", "flag", "flag_cloth flag_picture", False) in found
    assert ("class-split", "helmet", "space_helmet hard_hat", False) in found
    assert ("attribute-value-renamed", "screen", "display", True) in found
    assert ("keypoints-added", None, "neck", True) in found


@pytest.fixture(scope="module")
def migrated(project: Path) -> tuple[Path, subprocess.CompletedProcess[str]]:
    out = project / "migrated"
    data = project / "data"
    sources = [
        data / "coco.json",
        data / "yolo",
        data / "label_studio" / "tasks.json",
        data / "cvat" / "annotations.xml",
    ]
    return out, cli("migrate", "--from", V1, "--to", V2, *sources, "-o", out)


def test_migrate_reports_no_new_error(
    migrated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    _, done = migrated
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.rstrip().endswith("0 new errors")


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("coco.json", "coco"),
        ("yolo", "yolo"),
        ("label_studio/tasks.json", "label-studio"),
        ("cvat/annotations.xml", "cvat"),
    ],
)
def test_every_migrated_format_checks_without_errors_against_2_0(
    migrated: tuple[Path, subprocess.CompletedProcess[str]], path: str, fmt: str
) -> None:
    out, _ = migrated
    before = cli(
        "check",
        "-t",
        V1,
        "--format",
        fmt,
        "--fail-on",
        "error",
        SCENARIO / ("files/" + path if fmt in ("coco", "yolo") else path),
    )
    assert before.returncode == 0, before.stdout  # the file was clean under 1.0.0
    after = cli(
        "check",
        "-t",
        V2,
        "--format",
        fmt,
        "--fail-on",
        "error",
        out / path,
        "--report",
        "json",
        "--no-images",  # the scenario's images are placeholders: the labels are what changed
    )
    assert after.returncode == 0, after.stdout
    errors = [f for f in json.loads(after.stdout)["findings"] if f["severity"] == "error"]
    assert errors == []


def test_undecidable_objects_are_listed_never_guessed(
    migrated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, _ = migrated
    rows = json.loads((out / "reannotate.json").read_text())["objects"]
    listed = {(Path(r["file"]).name, r["old_class"]) for r in rows}
    assert {
        ("coco.json", "helmet"),
        ("tasks.json", "helmet"),
        ("annotations.xml", "helmet"),
    } <= listed
    assert all(
        set(r["candidates"].split() if isinstance(r["candidates"], str) else r["candidates"])
        == {"space_helmet", "hard_hat"}
        for r in rows
        if r["old_class"] == "helmet"
    )
    yolo = [r for r in rows if "yolo" in r["file"]]
    assert {r["old_class"] for r in yolo} == {
        "flag",
        "helmet",
    }  # YOLO has no attribute to decide by
    assert all(r["kept"] is False or r["kept"] == "no" for r in yolo)
    assert all(r["original"] for r in yolo)  # the line taken out is kept here
    assert (
        (out / "reannotate.csv")
        .read_text()
        .splitlines()[0]
        .startswith("file,image,object,old_class")
    )


def test_decided_objects_become_their_new_class(
    migrated: tuple[Path, subprocess.CompletedProcess[str]],
) -> None:
    out, _ = migrated
    coco = json.loads((out / "coco.json").read_text())
    names = {c["id"]: c["name"] for c in coco["categories"]}
    used = [names[a["category_id"]] for a in coco["annotations"]]
    assert "mission_patch" not in used and "mission_emblem" in used
    assert {"flag_cloth", "flag_picture", "launch_vehicle"} <= set(used)
    assert not {"space_shuttle", "rocket", "flag"} & set(used)
    assert coco["info"]["taxonomy"] == {"name": "space-and-kitchen", "version": "2.0.0"}
    depictions = {a.get("attributes", {}).get("depiction") for a in coco["annotations"]}
    assert "screen" not in depictions and "display" in depictions


def test_changes_page_shows_each_change(tmp_path: Path) -> None:
    site = tmp_path / "site"
    done = cli("guidelines", "build", V2, "-o", site)
    assert done.returncode == 0, done.stderr
    page = (site / "changes" / "index.html").read_text()
    for words in (
        "mission_patch",
        "mission_emblem",
        "launch_vehicle",
        "flag_cloth",
        "space_helmet",
        "neck",
        "display",
        "Breaking",
    ):
        assert words in page, words
    flag = (site / "classes" / "flag" / "index.html").read_text()
    assert "Split into" in flag and "flag_cloth" in flag


def test_the_lock_refuses_an_id_taken_by_another_class(tmp_path: Path) -> None:
    taxonomy = tmp_path / "taxonomy.yaml"
    shutil.copy(V1, taxonomy)
    assert cli("lock", taxonomy).returncode == 0
    assert cli("lint", taxonomy).returncode == 0
    text = taxonomy.read_text()
    # saucer (1005) moves to a new id and cat takes its old one: an id reuse
    taxonomy.write_text(text.replace("id: 1005", "id: 1205").replace("id: 17\n", "id: 1005\n"))
    done = cli("lint", taxonomy)
    assert done.returncode == 1
    assert "T306" in done.stdout
    refused = cli("lock", taxonomy)
    assert refused.returncode == 1
