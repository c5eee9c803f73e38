"""Each format's rewriter on the scenario's files: what moves, what stays, what is listed."""

from __future__ import annotations

import gc
import json
from pathlib import Path

from taxonomist.interop.migrate import REWRITERS, coco, native, yolo
from taxonomist.interop.migrate.base import Plan
from taxonomist.interop.migrate.plan import describe


def _json(result_bytes: bytes) -> dict:  # type: ignore[type-arg]
    return json.loads(result_bytes)


def test_registry_names_the_check_formats() -> None:
    assert set(REWRITERS) == {"native", "coco", "yolo", "label-studio", "cvat"}


def test_describe_lists_every_fate_value_map_keypoint_and_yolo_number(plan: Plan) -> None:
    lines = describe(plan)
    assert "  mission_patch -> mission_emblem (renamed, id 1006)" in lines
    assert "  rocket -> launch_vehicle (merged, id 1007)" in lines
    assert any(x.startswith("  helmet: split into space_helmet, hard_hat (no rule") for x in lines)
    assert "  depiction: screen -> display" in lines
    assert "  8 saucer -> 4 saucer" in lines
    assert "  4 flag -> (no slot: objects go to the re-annotation list)" in lines


def test_coco_categories_ids_attributes_keypoints(files: Path, plan: Plan) -> None:
    result = coco.rewrite(files / "coco.json", plan)
    ((_, data),) = result.outputs
    doc = _json(data)
    cats = {c["id"]: c["name"] for c in doc["categories"]}
    assert cats == {
        1: "person", 17: "cat", 1008: "flag_cloth", 1009: "flag_picture", 1002: "helmet",
        1010: "space_helmet", 1011: "hard_hat", 1007: "launch_vehicle", 1006: "mission_emblem",
    }  # fmt: skip
    by_id = {a["id"]: a for a in doc["annotations"]}
    assert [by_id[i]["category_id"] for i in (3, 4, 5, 6, 7, 8, 9)] == [
        1008, 1009, 1009, 1002, 1007, 1007, 1006,
    ]  # fmt: skip
    assert by_id[2]["attributes"] == {"depiction": "display"}
    assert by_id[1]["keypoints"][-3:] == [0, 0, 0] and by_id[1]["num_keypoints"] == 5
    assert doc["categories"][0]["keypoints"][-1] == "neck"
    assert doc["info"] == {
        "description": "scenario at 1.0.0",
        "taxonomy": {"name": "space-and-kitchen", "version": "2.0.0"},
    }
    assert [(r.object, r.old_class, r.kept) for r in result.reannotate] == [("6", "helmet", True)]
    assert data.startswith(b'{\n  "info"')  # the file's 2-space layout and key order


def test_coco_compact_file_stays_compact(tmp_path: Path, plan: Plan) -> None:
    path = tmp_path / "c.json"
    path.write_bytes(b'{"categories":[{"id":1006,"name":"mission_patch"}],"annotations":[]}')
    ((_, data),) = coco.rewrite(path, plan).outputs
    assert data == (
        b'{"categories":[{"id":1006,"name":"mission_emblem"}],"annotations":[],'
        b'"info":{"taxonomy":{"name":"space-and-kitchen","version":"2.0.0"}}}'
    )


def test_coco_rewrite_runs_no_garbage_collection(tmp_path: Path, plan: Plan) -> None:
    # A big file is millions of containers without cycles: each collection would rescan them
    # all (most of a 1M-annotation rewrite's time); the collector is paused, then restored.
    anns = [
        {"id": i, "image_id": 1, "category_id": 1006, "bbox": [1, 2, 3, 4]} for i in range(5000)
    ]
    path = tmp_path / "big.json"
    cats = [{"id": 1006, "name": "mission_patch"}]
    path.write_text(json.dumps({"categories": cats, "annotations": anns}))
    collections: list[str] = []

    def seen(phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            collections.append(phase)

    gc.callbacks.append(seen)
    try:
        result = coco.rewrite(path, plan)
    finally:
        gc.callbacks.remove(seen)
    assert collections == []
    assert gc.isenabled()
    assert result.counts == {"class renamed": 5000}


def test_native_classes_values_lists_and_stamp(files: Path, plan: Plan) -> None:
    result = native.rewrite(files / "native.json", plan)
    doc = _json(result.outputs[0][1])
    assert (doc["taxonomy"], doc["taxonomy_version"]) == ("space-and-kitchen", "2.0.0")
    objects = doc["images"][0]["objects"]
    assert [o["class"] for o in objects] == [
        "person", "flag_cloth", "flag_picture", "helmet", "launch_vehicle", "launch_vehicle",
        "mission_emblem",
    ]  # fmt: skip
    assert objects[2]["attributes"] == {"depiction": "display"}
    assert objects[0]["shapes"]["pose"][-3:] == [0, 0, 0]
    assert [r.old_class for r in result.reannotate] == ["helmet"]


def test_native_jsonl_unchanged_records_keep_their_bytes(tmp_path: Path, plan: Plan) -> None:
    path = tmp_path / "a.jsonl"
    same = b'{"id": "a",  "objects": [{"class": "cat", "box": [1, 2, 3, 4]}]}'
    path.write_bytes(same + b'\n{"id":"b","objects":[{"class":"rocket","box":[1,2,3,4]}]}\n')
    data = native.rewrite(path, plan).outputs[0][1]
    assert data.split(b"\n")[0] == same
    assert b'"class":"launch_vehicle"' in data.split(b"\n")[1]


def test_yolo_lines_and_data_yaml(files: Path, plan: Plan) -> None:
    result = yolo.rewrite(files / "yolo", plan)
    out = dict(result.outputs)
    assert out[Path("labels/a.txt")] == (
        b"1 0.25 0.25 0.2 0.2\n6 0.3 0.7 0.2 0.3\n6 0.6 0.7 0.2 0.3\n5 0.85 0.5 0.1 0.15\n"
    )
    described = out[Path("data.yaml")].decode()
    assert described.startswith("# scenario YOLO dataset at 1.0.0\npath: .\n")
    assert "nc: 11\n" in described and "  6: launch vehicle\n  7: flag cloth\n" in described
    rows = [(r.object, r.old_class, r.kept, r.original) for r in result.reannotate]
    assert rows == [
        ("line 2", "flag", False, "4 0.5 0.5 0.1 0.2"),
        ("line 3", "helmet", False, "5 0.7 0.2 0.1 0.15"),
    ]


def test_yolo_only_the_class_token_changes(tmp_path: Path, plan: Plan) -> None:
    (tmp_path / "labels").mkdir()
    (tmp_path / "data.yaml").write_text(
        "path: .\ntrain: images\nnames: [person, cat, cup, spoon, flag, helmet, space shuttle, "
        "rocket, saucer, mission patch]\n"
    )
    (tmp_path / "labels" / "x.txt").write_bytes(b"  8\t0.50  0.5 0.1 0.1\r\n0 .1 .1 .1 .1")
    out = dict(yolo.rewrite(tmp_path, plan).outputs)
    assert out[Path("labels/x.txt")] == b"  4\t0.50  0.5 0.1 0.1\r\n0 .1 .1 .1 .1"
    assert (
        "names: [person, cat, cup, spoon, saucer, mission emblem,"
        in out[Path("data.yaml")].decode()
    )


def test_yolo_pose_columns_follow_the_new_order(tmp_path: Path, plan: Plan) -> None:
    (tmp_path / "labels").mkdir()
    names = "".join(f"  {i}: {n}\n" for i, n in enumerate(["person", "cat", "cup", "spoon",
        "flag", "helmet", "space shuttle", "rocket", "saucer", "mission patch"]))  # fmt: skip
    (tmp_path / "data.yaml").write_text(
        f"path: .\ntrain: images\nkpt_shape: [5, 3]\nflip_idx: [0, 2, 1, 4, 3]\nnames:\n{names}"
    )
    line = b"0 .5 .5 .2 .2 " + b" ".join(f".{i} .{i} 2".encode() for i in range(1, 6)) + b"\n"
    (tmp_path / "labels" / "p.txt").write_bytes(line)
    out = dict(yolo.rewrite(tmp_path, plan).outputs)
    assert out[Path("labels/p.txt")] == line[:-1] + b" 0 0 0\n"
    described = out[Path("data.yaml")].decode()
    assert "kpt_shape: [6, 3]\n" in described and "flip_idx: [0, 2, 1, 4, 3, 5]\n" in described


def test_integers_beyond_64_bits_survive_a_rewrite(tmp_path: Path) -> None:
    from taxonomist.interop.migrate import jsonio

    data = b'{"id": 123456789012345678901234567890, "n": -9999999999999999999, "f": 0.1}\n'
    value = jsonio.decode(data, tmp_path / "x.json")
    assert value["id"] == 123456789012345678901234567890 and value["n"] == -9999999999999999999
    assert jsonio.encode(value, jsonio.style(data), tmp_path / "x.json") == data


def test_coco_refuses_an_unknown_category_holding_a_new_class_id(files: Path, plan: Plan) -> None:
    import pytest

    from taxonomist.core.errors import InvalidInput

    path = files / "coco.json"
    doc = json.loads(path.read_bytes())
    doc["categories"].append({"id": 1007, "name": "unicorn"})  # 1007 is launch_vehicle in 2.0.0
    path.write_text(json.dumps(doc))
    with pytest.raises(InvalidInput, match="would both be category 1007"):
        coco.rewrite(path, plan)


def test_coco_split_targets_keep_the_split_category_s_own_keys(files: Path, plan: Plan) -> None:
    path = files / "coco.json"
    doc = json.loads(path.read_bytes())
    for cat in doc["categories"]:
        if cat["name"] == "flag":
            cat["color"] = [1, 2, 3]
    path.write_text(json.dumps(doc))
    ((_, data),) = coco.rewrite(path, plan).outputs
    targets = [c for c in _json(data)["categories"] if c["name"] in ("flag_cloth", "flag_picture")]
    assert [c["color"] for c in targets] == [[1, 2, 3], [1, 2, 3]]


def test_yolo_refuses_names_the_old_version_does_not_know(files: Path, plan: Plan) -> None:
    import pytest

    from taxonomist.core.errors import InvalidInput

    config = files / "yolo" / "data.yaml"
    config.write_text(config.read_text().replace("mission patch", "zeppelin"))
    with pytest.raises(
        InvalidInput, match=r"'zeppelin' is not a class of space-and-kitchen 1\.0\.0"
    ):
        yolo.rewrite(files / "yolo", plan)


def test_a_crlf_file_stays_crlf(files: Path, plan: Plan) -> None:
    path = files / "coco.json"
    text = json.dumps(json.loads(path.read_bytes()), indent=2).replace("\n", "\r\n") + "\r\n"
    path.write_bytes(text.encode())
    ((_, data),) = coco.rewrite(path, plan).outputs
    assert data.count(b"\r\n") == data.count(b"\n") > 10
    lines = files / "a.jsonl"
    records = [
        json.dumps(img) for img in json.loads((files / "native.json").read_bytes())["images"]
    ]
    lines.write_bytes(("\r\n".join(records) + "\r\n").encode())
    ((_, body),) = native.rewrite(lines, plan).outputs
    assert body.count(b"\r\n") == body.count(b"\n") == len(records)
