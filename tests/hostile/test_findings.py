"""A file that makes hundreds of thousands of findings: they are capped per code per file
(``--max-findings``) and counted, not kept, so the run finishes in bounded memory and its
summary and exit code are exact. Each attack runs the CLI in a subprocess with a timeout,
so a regression fails instead of hanging the suite."""

from __future__ import annotations

from pathlib import Path

from tests.hostile.run import DEMO, taxonomist

RECORDS = 100_000  # a CI-sized cut of the 10 million that once grew to 15.6 GB


def _empty_records(tmp_path: Path) -> Path:
    """A COCO file of ``{}`` annotations: each lacks id, image_id and category_id (3 S001),
    so its category (R002) and image (R003) are missing too; R006 flags the one category."""
    path = tmp_path / "empty-records.json"
    records = ",".join(["{}"] * RECORDS)
    path.write_text(
        '{"images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}], '
        f'"annotations": [{records}], "categories": [{{"id": 1, "name": "car"}}]}}',
        encoding="utf-8",
    )
    return path


def test_a_hundred_thousand_empty_records_are_capped_and_counted(tmp_path: Path) -> None:
    done = taxonomist("check", "-q", "-t", DEMO, _empty_records(tmp_path), cwd=tmp_path)
    assert done.code == 1, done.err
    assert "F010  and 299000 more S001 findings in this file (--max-findings 1000)" in done.out
    assert "F010  and 99000 more R002 findings in this file (--max-findings 1000)" in done.out
    total = "500001 findings (500001 errors, 0 warnings, 0 info) in 1 file"
    assert done.out.endswith(f"{total}; 497000 not listed (over --max-findings)\n")
    assert done.out.count("\n") < 10_000  # listed: 1000 a code, not 500001
    assert done.err == ""
