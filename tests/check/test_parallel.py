"""``taxonomist check --jobs N``: a process pool gives the serial run's report exactly (same
findings, order, cap, fingerprints), a crash or a dead worker costs one file and is reported,
and ``--sharded`` compares ids across the shards the same way in every run."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check, scale
from taxonomist.check.scale import Item, on_pool, workers_for
from taxonomist.check.shard import check_source
from taxonomist.cli.errors import run_guarded
from taxonomist.formats import coco

from .shards import (
    BROKEN,
    COCO_TAXONOMY,
    CRASH_NAME,
    KILLER_NAME,
    coco_shard,
    coco_taxonomy,
    codes_by_file,
    crashing_read,
    dies_on_killer,
    job_for,
    mixed_inputs,
    reader_crashes_in_worker,
    rule_crashes_in_worker,
)


def _run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from taxonomist.cli import build_app

    code = run_guarded(build_app, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_two_processes_report_what_the_serial_run_does(tmp_path: Path) -> None:
    taxonomy, paths = coco_taxonomy(), mixed_inputs(tmp_path)
    # a cap of 2 makes F010 markers; the fingerprints are what --write-baseline stores
    serial_prints: Counter[str] = Counter()
    serial = run_check(taxonomy, paths, max_findings=2, fingerprints=serial_prints)
    pool_prints: Counter[str] = Counter()
    pooled = run_check(taxonomy, paths, max_findings=2, fingerprints=pool_prints, jobs=2)
    assert pooled == serial
    assert pool_prints == serial_prints
    codes = {f.code for f in serial.findings}
    assert {"F010", "G002", "R002"} <= codes  # the shards' faults, capped
    assert ("broken.json", "F002") in codes_by_file(serial.findings)  # unreadable: reported


def test_a_baseline_excuses_the_same_findings_in_a_pool(tmp_path: Path) -> None:
    taxonomy, paths = coco_taxonomy(), mixed_inputs(tmp_path)
    recorded: Counter[str] = Counter()
    full = run_check(taxonomy, paths, fingerprints=recorded)
    half = Counter(dict(list(recorded.items())[::2]))
    serial = run_check(taxonomy, paths, baseline=half, max_findings=1)
    pooled = run_check(taxonomy, paths, baseline=half, max_findings=1, jobs=2)
    assert pooled == serial
    assert len(serial.findings) < len(full.findings)


def test_progress_advances_once_per_source_in_order(tmp_path: Path) -> None:
    paths = mixed_inputs(tmp_path)
    seen: list[tuple[int, int]] = []
    announced: list[str] = []
    report = run_check(
        coco_taxonomy(),
        paths,
        jobs=2,
        progress=lambda done, total: seen.append((done, total)),
        on_source=lambda path, fmt, why: announced.append(path),
    )
    total = len(report.files)
    assert seen == [(n, total) for n in range(1, total + 1)]
    assert announced == list(report.files)


def test_sharded_findings_are_the_same_serial_and_pooled(tmp_path: Path) -> None:
    taxonomy = coco_taxonomy()
    paths = [coco_shard(tmp_path / f"s{i}.json", 1 + 2 * i, 3, 1 + 4 * i) for i in range(3)]
    serial = run_check(taxonomy, paths, sharded=True)
    pooled = run_check(taxonomy, paths, sharded=True, jobs=2)
    assert pooled == serial
    found = codes_by_file(serial.findings)
    # each shard reuses two annotation ids and one image of the one before it
    assert found[("s1.json", "R012")] == 2 and found[("s2.json", "R012")] == 2
    assert found[("s1.json", "R013")] == 1 and found[("s0.json", "R013")] == 0
    first = next(f for f in serial.findings if f.code == "R012")
    assert first.location.file == str(paths[1]) and str(paths[0]) in first.message
    assert first.location.annotation_id == "5"
    # each shard's last car has an undeclared category: no class to count it under
    assert serial.objects_by_class == (("person", 9), ("car", 6))


def test_without_sharded_files_may_share_ids(tmp_path: Path) -> None:
    paths = [coco_shard(tmp_path / f"s{i}.json", 1, 3, 1) for i in range(2)]
    report = run_check(coco_taxonomy(), paths, jobs=2)
    assert not {"R012", "R013"} & {f.code for f in report.findings}
    assert report.objects_by_class == ()


def _items(paths: list[Path]) -> list[Item]:
    return [Item(str(p), "coco", "test") for p in paths]


def test_a_reader_crash_in_a_worker_is_that_files_f030(tmp_path: Path) -> None:
    crash = coco_shard(tmp_path / CRASH_NAME, 1, 2, 1)
    other = coco_shard(tmp_path / "other.json", 1, 2, 1)
    job = job_for(coco_taxonomy())
    results = dict(on_pool(job, _items([crash, other]), 2, run=reader_crashes_in_worker))
    (failed,) = results[0].shipment.findings
    assert failed.code == "F030" and "ValueError: boom in the reader" in failed.message
    assert results[1] == check_source(job, str(other), "coco")  # the other file: checked


def test_a_rule_crash_in_a_worker_keeps_what_was_found_before_it(tmp_path: Path) -> None:
    crash = coco_shard(tmp_path / CRASH_NAME, 1, 2, 1)
    job = job_for(coco_taxonomy())
    ((_, result),) = on_pool(job, _items([crash]), 1, run=rule_crashes_in_worker)
    codes = {f.code for f in result.shipment.findings}
    assert {"F031", "G002", "R002"} <= codes


def test_a_crash_reads_the_same_serial_and_in_a_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    crash = coco_shard(tmp_path / CRASH_NAME, 1, 2, 1)
    job = job_for(coco_taxonomy())
    ((_, pooled),) = on_pool(job, _items([crash]), 1, run=reader_crashes_in_worker)
    monkeypatch.setattr(coco, "read", crashing_read)
    assert check_source(job, str(crash), "coco") == pooled


def test_a_killed_worker_is_f030_for_its_file_and_the_others_are_checked(
    tmp_path: Path,
) -> None:
    paths = [coco_shard(tmp_path / f"a{i}.json", 1, 2, 1) for i in range(3)]
    killer = coco_shard(tmp_path / KILLER_NAME, 1, 2, 1)
    paths.insert(1, killer)
    job = job_for(coco_taxonomy())
    results = dict(on_pool(job, _items(paths), 2, run=dies_on_killer))
    assert sorted(results) == [0, 1, 2, 3]
    (stopped,) = results[1].shipment.findings
    assert stopped.code == "F030" and stopped.location.file == str(killer)
    assert "stopped" in stopped.message
    for index in (0, 2, 3):
        assert results[index] == check_source(job, str(paths[index]), "coco")


def test_jobs_auto_is_one_per_core_up_to_one_per_source(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(scale, "cores", lambda: 4)
    assert workers_for("auto", 10) == 4
    assert workers_for("auto", 3) == 3
    assert workers_for("auto", 1) == 1
    assert workers_for(16, 10) == 4  # never more workers than cores
    assert workers_for(2, 10) == 2


def test_the_cli_takes_jobs_and_refuses_nonsense(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [str(coco_shard(tmp_path / f"s{i}.json", 1, 2, 1)) for i in range(2)]
    base = ["check", "-t", str(COCO_TAXONOMY), *paths, "--report", "json"]
    code, serial, _ = _run([*base, "--jobs", "1"], capsys)
    assert code == 1
    assert _run([*base, "--jobs", "2"], capsys)[:2] == (1, serial)
    code, _, err = _run([*base, "--jobs", "0"], capsys)
    assert code == 2 and "--jobs" in err and "Traceback" not in err
    code, out, _ = _run([*base, "--jobs", "2", "--sharded"], capsys)
    summary: dict[str, Any] = json.loads(out)["summary"]
    assert summary["by_code"]["R012"] == 4 and summary["objects_by_class"]["person"] == 4


def test_rules_lists_the_cross_shard_codes(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["rules"], capsys)
    assert code == 0
    assert "R012" in out and "annotation-id-in-earlier-shard" in out
    assert "R013" in out and "image-in-earlier-shard" in out


def test_memory_urls_are_read_and_named_as_given(tmp_path: Path) -> None:
    fsspec = pytest.importorskip("fsspec")
    local = [coco_shard(tmp_path / f"s{i}.json", 1 + 2 * i, 3, 1 + 4 * i) for i in range(2)]
    fs = fsspec.filesystem("memory")
    for path in local:
        fs.pipe(f"/taxonomist-test/{path.name}", path.read_bytes())
    fs.pipe("/taxonomist-test/broken.json", BROKEN.encode())
    try:
        report = run_check(coco_taxonomy(), ["memory://taxonomist-test/*.json"], sharded=True)
        serial = run_check(coco_taxonomy(), local, sharded=True)
    finally:
        fs.rm("/taxonomist-test", recursive=True)
    files = [Path(f).name for f in report.files]
    assert files == ["broken.json", "s0.json", "s1.json"]
    assert all(f.startswith("memory://") for f in report.files)
    assert {f.location.file for f in report.findings} == set(report.files)
    named = Counter((Path(f.location.file).name, f.code, f.message.split(" in ")[0])
                    for f in report.findings if f.location.file != report.files[0])  # fmt: skip
    expected = Counter((Path(f.location.file).name, f.code, f.message.split(" in ")[0])
                       for f in serial.findings)  # fmt: skip
    assert named == expected
    assert ("broken.json", "F002") in codes_by_file(report.findings)
