"""One benchmark run: the commands it measures and the series and scores it collects.

Shared by ``run.py`` (which drives the run) and ``tables.py`` (which writes its Markdown).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import orjson
from harness import Series, run_process
from score import Score, score_findings, score_indices

HERE = Path(__file__).parent
ROOT = HERE.parent
OUT = HERE / "out"
TAXONOMY = ROOT / "taxonomies" / "coco.yaml"
TAXONOMIST = Path(sys.executable).parent / "taxonomist"


def check_cmd(file: Path) -> list[str]:
    return [str(TAXONOMIST), "check", "-t", str(TAXONOMY), str(file), "--report", "json"]


def peer_cmd(subject: str, file: Path, schema: Path | None) -> list[str]:
    cmd = [sys.executable, str(HERE / "measure.py"), subject, str(file)]
    return [*cmd, str(schema)] if schema else cmd


class Bench:
    """Collects series and scores for one run."""

    def __init__(self, repeats: int, timeout: float, budget: float) -> None:
        self.repeats = repeats
        self.timeout = timeout
        self.budget = budget
        self.series: dict[tuple[str, str], Series] = {}
        self.scores: dict[tuple[str, str], Score] = {}
        self.notes: list[str] = []
        OUT.mkdir(parents=True, exist_ok=True)

    def over_budget(self, key: tuple[str, str]) -> bool:
        """A series whose runs already took ``budget`` seconds gets no more (fewer repeats)."""
        series = self.series.get(key)
        return series is not None and sum(s.wall for s in series.samples) > self.budget

    def measure(self, key: tuple[str, str], cmd: list[str]) -> tuple[int, bytes]:
        series = self.series.setdefault(key, Series(label=key[0]))
        out = OUT / f"{key[0]}-{key[1]}.out".replace(" ", "_")
        sample = run_process(cmd, out, timeout=self.timeout, cwd=ROOT)
        series.samples.append(sample)
        stdout = out.read_bytes()
        if sample.timed_out:
            series.note = f"timed out after {self.timeout:.0f} s"
        elif sample.returncode not in (0, 1):
            err = out.with_suffix(out.suffix + ".stderr").read_text(errors="replace")
            series.note = f"exit {sample.returncode}: {err.strip().splitlines()[-1:]}"
        return sample.returncode, stdout

    def peer(self, subject: str, size: str, file: Path, schema: Path | None, manifest: Any) -> None:
        code, stdout = self.measure((subject, size), peer_cmd(subject, file, schema))
        if code != 0 or not stdout.strip():
            return
        result = orjson.loads(stdout)
        self.series[(subject, size)].op_seconds.append(result["op_seconds"])
        if "annotation_indices" in result:
            score = score_indices(result["annotation_indices"], result["other_errors"], manifest)
            self.scores[(subject, size)] = score

    def check(self, size: str, file: Path, manifest: Any, key: str = "taxonomist check") -> None:
        code, stdout = self.measure((key, size), check_cmd(file))
        if code in (0, 1) and stdout.strip():
            try:
                report = orjson.loads(stdout)
            except orjson.JSONDecodeError:
                self.series[(key, size)].note = "output is not JSON"
                return
            # The clean copy is scored against no faults: every error on it is a false one.
            faults = manifest if manifest is not None else {"faults": []}
            self.scores[(key, size)] = score_findings(report["findings"], faults)
