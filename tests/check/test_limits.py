"""The cap on findings (``--max-findings``): per code per file, after the taxonomy's severity
overrides, ``--select``/``--ignore`` and the baseline; exact counts beyond it; bounded memory."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from taxonomist.check import run_check
from taxonomist.check.baseline import fingerprints
from taxonomist.check.engine import Selection
from taxonomist.check.limits import TOO_MANY_FINDINGS, Gate
from taxonomist.core.findings import Finding, Location, Report, Severity
from taxonomist.core.limits import counted, file_finding, streaming
from taxonomist.formats._io.builder import DatasetBuilder, Place
from taxonomist.formats.codes import MISSING_FIELD

from .build import taxonomy_from

CLASSES: dict[str, Any] = {"classes": {"car": {"id": 1}}}
EMPTY_RECORDS = 25  # each ``{}`` annotation: S001 x3 (id, image_id, category_id), R002, R003


def _coco(tmp_path: Path, count: int = EMPTY_RECORDS, name: str = "a.json") -> Path:
    doc = {
        "images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}],
        "annotations": [{} for _ in range(count)],
        "categories": [{"id": 1, "name": "car"}],
    }
    path = tmp_path / name
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


def _markers(report: Report) -> dict[str, str]:
    return {o.code: o.marker.message for o in report.omitted}


def test_the_cap_lists_the_first_and_counts_the_rest_exactly(tmp_path: Path) -> None:
    tax = taxonomy_from(CLASSES, tmp_path)
    path = _coco(tmp_path)
    capped = run_check(tax, path, max_findings=10)
    uncapped = run_check(tax, path, max_findings=0)
    listed = Counter(f.code for f in capped.findings)
    assert listed == {"S001": 10, "R002": 10, "R003": 10, "F010": 3}
    assert _markers(capped) == {
        "S001": "and 65 more S001 findings in this file (--max-findings 10)",
        "R002": "and 15 more R002 findings in this file (--max-findings 10)",
        "R003": "and 15 more R003 findings in this file (--max-findings 10)",
    }
    marker = next(f for f in capped.findings if f.code == TOO_MANY_FINDINGS.code)
    assert marker.location == Location(file=str(path)) and marker.severity is Severity.ERROR
    assert (
        capped.summary.by_code == uncapped.summary.by_code == {"R002": 25, "R003": 25, "S001": 75}
    )
    assert capped.summary.by_severity == uncapped.summary.by_severity
    assert (capped.summary.total, capped.summary.omitted) == (125, 95)
    assert capped.failed() and uncapped.failed()


def test_the_cap_is_per_file(tmp_path: Path) -> None:
    tax = taxonomy_from(CLASSES, tmp_path)
    paths = [_coco(tmp_path, 4, "a.json"), _coco(tmp_path, 2, "b.json")]
    report = run_check(tax, paths, max_findings=3, select=["R002"])
    assert sorted((o.file, o.total) for o in report.omitted) == [(str(paths[0]), 1)]
    assert [f.location.file for f in report.findings].count(str(paths[1])) == 2


def test_no_cap_lists_everything(tmp_path: Path) -> None:
    report = run_check(taxonomy_from(CLASSES, tmp_path), _coco(tmp_path), max_findings=0)
    assert len(report.findings) == 125
    assert report.omitted == () and report.summary.omitted == 0


def test_a_negative_cap_is_refused(tmp_path: Path) -> None:
    from taxonomist.core.errors import UsageError

    with pytest.raises(UsageError, match="max_findings"):
        run_check(taxonomy_from(CLASSES, tmp_path), _coco(tmp_path), max_findings=-1)


def test_ignored_findings_do_not_use_up_the_cap(tmp_path: Path) -> None:
    tax = taxonomy_from(CLASSES, tmp_path)
    report = run_check(tax, _coco(tmp_path), max_findings=10, ignore=["S001", "R003"])
    assert Counter(f.code for f in report.findings) == {"R002": 10, "F010": 1}
    assert report.summary.by_code == {"R002": 25}
    selected = run_check(tax, _coco(tmp_path), max_findings=30, select=["R"])
    assert selected.omitted == () and selected.summary.by_code == {"R002": 25, "R003": 25}


def test_overrides_apply_before_the_cap(tmp_path: Path) -> None:
    spec = {**CLASSES, "checks": {"S001": {"severity": "warning"}, "R003": {"severity": "off"}}}
    report = run_check(taxonomy_from(spec, tmp_path), _coco(tmp_path), max_findings=10)
    (s001,) = [o for o in report.omitted if o.code == "S001"]
    assert s001.marker.severity is Severity.WARNING and s001.counts == ((Severity.WARNING, 65),)
    assert "R003" not in report.summary.by_code
    assert report.summary.by_severity == {"error": 25, "warning": 75, "info": 0}


def test_baseline_findings_do_not_use_up_the_cap(tmp_path: Path) -> None:
    tax = taxonomy_from(CLASSES, tmp_path)
    path = _coco(tmp_path)
    every = run_check(tax, path, max_findings=0).findings
    old = [f for f in every if f.code == "S001"][:30] + [f for f in every if f.code == "R002"]
    report = run_check(tax, path, max_findings=10, baseline=fingerprints(old))
    assert report.summary.by_code == {"R003": 25, "S001": 45}
    assert _markers(report) == {
        "S001": "and 35 more S001 findings in this file (--max-findings 10)",
        "R003": "and 15 more R003 findings in this file (--max-findings 10)",
    }
    excused = {f.fingerprint() for f in old}
    assert not any(f.fingerprint() in excused for f in report.findings)


def test_recorded_fingerprints_count_the_findings_over_the_cap(tmp_path: Path) -> None:
    tax = taxonomy_from(CLASSES, tmp_path)
    path = _coco(tmp_path)
    recorded: Counter[str] = Counter()
    run_check(tax, path, max_findings=10, fingerprints=recorded)
    assert recorded == fingerprints(run_check(tax, path, max_findings=0).findings)
    assert run_check(tax, path, max_findings=10, baseline=recorded).findings == ()


def test_findings_beyond_the_cap_are_not_located(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Locating (line and column from a JSON pointer) is what a finding costs; a run that
    would only count a finding leaves it out."""
    from taxonomist.dataset.model import Dataset

    calls = Counter[str]()
    original = Dataset.object_location

    def spy(self: Dataset, row: int) -> Location:
        calls["object"] += 1
        return original(self, row)

    monkeypatch.setattr(Dataset, "object_location", spy)
    run_check(taxonomy_from(CLASSES, tmp_path), _coco(tmp_path), max_findings=10)
    assert calls["object"] == 20  # R002 and R003: 10 each, not 25


# ------------------------------------------------------------------------------ the gate


def _finding(severity: Severity, n: int, file: str = "a.json") -> Finding:
    return MISSING_FIELD.finding(
        f"n {n}", Location(file=file, pointer=f"/x/{n}"), severity=severity
    )


def _gate(tmp_path: Path, limit: int, **options: Any) -> Gate:
    return Gate(taxonomy_from(CLASSES, tmp_path), Selection(), limit=limit, **options)


def test_the_marker_has_the_worst_severity_it_stands_for(tmp_path: Path) -> None:
    gate = _gate(tmp_path, 2)
    severities = [Severity.INFO, Severity.INFO, Severity.INFO, Severity.ERROR, Severity.WARNING]
    for n, severity in enumerate(severities):
        gate.admit(_finding(severity, n))
    (omitted,) = gate.omitted()
    assert omitted.counts == ((Severity.ERROR, 1), (Severity.WARNING, 1), (Severity.INFO, 1))
    assert omitted.marker.severity is Severity.ERROR
    report = Report(findings=gate.listed(), files=("a.json",), omitted=gate.omitted())
    assert report.summary.by_severity == {"error": 1, "warning": 1, "info": 3}
    assert report.failed(Severity.ERROR)  # as uncapped, though only info findings are listed


def test_the_sink_keeps_a_bounded_number_of_a_million_findings(tmp_path: Path) -> None:
    gate = _gate(tmp_path, 1000)
    made = 0
    with streaming(gate):
        for n in range(1_000_000):
            if not counted("a.json", MISSING_FIELD):
                made += 1
                file_finding([], _finding(Severity.ERROR, n))
    assert len(gate.findings) == made == 1000
    assert gate.omitted()[0].total == 999_000


def test_a_reader_under_a_run_files_findings_into_the_sink(tmp_path: Path) -> None:
    gate = _gate(tmp_path, 5)
    builder = DatasetBuilder("a.txt", "yolo")
    with streaming(gate):
        for line in range(1, 101):
            builder.report(MISSING_FIELD, "no class", Place("a.txt", line=line))
    assert builder.findings == []  # nothing held by the reader
    assert [f.location.line for f in gate.findings] == [1, 2, 3, 4, 5]
    assert gate.omitted()[0].total == 95
    alone = DatasetBuilder("a.txt", "yolo")  # outside a run: the reader's own list, as before
    alone.report(MISSING_FIELD, "no class", Place("a.txt", line=1))
    assert len(alone.findings) == 1


def test_findings_are_located_in_full_while_a_baseline_or_a_record_needs_them(
    tmp_path: Path,
) -> None:
    excusing = _gate(tmp_path, 1, baseline=Counter({"not-yet-seen": 1}))
    recording = _gate(tmp_path, 1, record=Counter())
    plain = _gate(tmp_path, 1)
    for gate in (excusing, recording, plain):
        gate.admit(_finding(Severity.ERROR, 0))
    assert not excusing.counts_only("a.json", "S001")
    assert not recording.counts_only("a.json", "S001")
    assert plain.counts_only("a.json", "S001") and not plain.counts_only("b.json", "S001")


# ------------------------------------------------------------------------------ the CLI


def _cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    from taxonomist.cli import build_app
    from taxonomist.cli.errors import run_guarded

    code = run_guarded(build_app, args)
    out = capsys.readouterr()
    return code, out.out, out.err


def test_max_findings_option(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy_from(CLASSES, tmp_path)  # writes taxonomy.yaml
    args = ["check", "-q", "-t", str(taxonomy), str(_coco(tmp_path))]
    code, out, _ = _cli([*args, "--max-findings", "10"], capsys)
    assert code == 1
    assert "F010  and 65 more S001 findings in this file (--max-findings 10)" in out
    total = "125 findings (125 errors, 0 warnings, 0 info) in 1 file"
    assert out.endswith(f"{total}; 95 not listed (over --max-findings)\n")
    code, out, _ = _cli([*args, "--max-findings", "0"], capsys)
    assert code == 1 and "F010" not in out and out.endswith("in 1 file\n")
    code, _, err = _cli([*args, "--max-findings", "-1"], capsys)
    assert code == 2 and "--max-findings" in err


def test_a_written_baseline_holds_every_finding_not_only_those_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy_from(CLASSES, tmp_path)
    baseline = tmp_path / "baseline.json"
    args = ["check", "-q", "-t", str(taxonomy), str(_coco(tmp_path)), "--max-findings", "10"]
    code, _, err = _cli([*args, "--write-baseline", str(baseline)], capsys)
    assert code == 0 and "wrote 125 findings to the baseline" in err
    stored = json.loads(baseline.read_text(encoding="utf-8"))["fingerprints"]
    assert sum(stored.values()) == 125
    code, out, _ = _cli([*args, "--baseline", str(baseline)], capsys)
    assert code == 0 and out.startswith("No findings.")
