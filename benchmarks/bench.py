"""One benchmark run: the commands it measures and the series and scores it collects.

Shared by ``run.py`` (which drives the run) and ``tables.py`` (which writes its Markdown).
Every command runs as a fresh process under ``harness.run_process``, bounded by a timeout
and a memory limit; a run that hits either is recorded as such ("timeout", "killed at N
GiB") and its subject is not run again on that file.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import orjson
from harness import Sample, Series, run_process
from score import Score, merge, score_findings, score_indices, score_tool

HERE = Path(__file__).parent
ROOT = HERE.parent
OUT = HERE / "out"
TAXONOMY = ROOT / "taxonomies" / "coco.yaml"
TAXONOMIST = Path(sys.executable).parent / "taxonomist"
# Subjects run by measure.py with this environment's Python, and with the peers' one.
OURS = ("floor", "orjson", "jsonschema-rs", "jsonschema")
TOOLS = ("pycocotools", "hotcoco", "datumaro")
CLI = ("panlabel",)
PEERS = (*OURS, *TOOLS, *CLI)
UNAVAILABLE = b"No such option"


def check_cmd(*paths: Path, extra: Iterable[str] = ()) -> list[str]:
    # Every finding listed (the default lists 1,000 per code per file: 10M has 2,000).
    return [str(TAXONOMIST), "check", "-t", str(TAXONOMY), *map(str, paths), "--report",
            "json", "--max-findings", "0", *extra]  # fmt: skip


_EXCEPTION = re.compile(r"^[\w.]*(?:Error|Exception)\b.*$", re.MULTILINE)


def _cause(stderr: bytes) -> str:
    """The first exception a traceback names (in a chain, the cause comes first), else the
    last line."""
    text = stderr.decode(errors="replace").strip()
    found = _EXCEPTION.search(text)
    if found:
        return found.group(0)
    return (text.splitlines() or [""])[-1]


class Bench:
    """Collects series and scores for one run."""

    def __init__(
        self, repeats: int, timeout: float, budget: float, mem_limit_mb: float, peers: Path | None
    ) -> None:
        self.repeats = repeats
        self.timeout = timeout
        self.budget = budget
        self.mem_limit_mb = mem_limit_mb
        self.peers = peers
        self.series: dict[tuple[str, str], Series] = {}
        self.scores: dict[tuple[str, str], Score] = {}
        # digest and count of each taxonomist run's findings, to compare runs of the same files
        self.findings: dict[tuple[str, str], tuple[str, int]] = {}
        self.versions: dict[str, str] = {}
        self.notes: list[str] = []
        OUT.mkdir(parents=True, exist_ok=True)

    def done(self, key: tuple[str, str]) -> bool:
        """No more runs: the series failed (timeout, memory, unavailable) or took its budget."""
        series = self.series.get(key)
        if series is None:
            return False
        return series.stopped or sum(s.wall for s in series.samples) > self.budget

    def measure(
        self, key: tuple[str, str], cmd: list[str], exits: tuple[int, ...] = (0, 1)
    ) -> tuple[Sample, bytes]:
        """One fresh process of ``cmd``; a sample only when it exits with one of ``exits``
        (1 is a checker's "found faults"; ``measure.py`` exits 1 only when it failed)."""
        series = self.series.setdefault(key, Series(label=key[0]))
        out = OUT / f"{key[0]}-{key[1]}.out".replace(" ", "_").replace("/", "_")
        sample = run_process(
            cmd, out, timeout=self.timeout, cwd=ROOT, mem_limit_mb=self.mem_limit_mb
        )
        stdout = out.read_bytes()
        stderr = out.with_suffix(out.suffix + ".stderr").read_bytes()
        if sample.failed:
            series.failure, series.stopped, series.failed_wall = sample.failed, True, sample.wall
        elif sample.returncode == 2 and UNAVAILABLE in stderr:
            series.failure, series.stopped = "n/a (" + _option(stderr) + ")", True
        elif sample.returncode not in exits:
            series.failure = f"exit {sample.returncode}: {_cause(stderr)[:160]}"
            series.stopped = True
        else:
            series.samples.append(sample)
        return sample, stdout

    def ok(self, sample: Sample, stdout: bytes) -> bool:
        return not sample.failed and sample.returncode in (0, 1) and bool(stdout.strip())

    def peer(self, subject: str, size: str, file: Path, schema: Path | None, manifest: Any) -> None:
        key = (subject, size)
        exits = (0, 1) if subject in CLI else (0,)
        sample, stdout = self.measure(key, self.peer_cmd(subject, file, schema), exits)
        if not self.ok(sample, stdout):
            return
        if subject in CLI:
            self.scores[key] = score_tool(panlabel_findings(stdout), manifest)
            return
        result = orjson.loads(stdout)
        self.series[key].op_seconds.append(result["op_seconds"])
        if "annotation_indices" in result:
            self.scores[key] = score_indices(
                result["annotation_indices"], result["other_errors"], manifest
            )
        elif "findings" in result and subject != "pycocotools":  # it checks nothing: no score
            self.scores[key] = score_tool(result, manifest)

    def peer_cmd(self, subject: str, file: Path, schema: Path | None) -> list[str]:
        if subject == "panlabel":
            assert self.peers is not None
            panlabel = str(self.peers / "bin" / "panlabel")
            return [panlabel, "validate", "--format", "coco", "--output-format", "json", str(file)]
        python = sys.executable if subject in OURS else str(self.peers_python)
        cmd = [python, str(HERE / "measure.py"), subject, str(file)]
        return [*cmd, str(schema)] if schema and subject in OURS else cmd

    @property
    def peers_python(self) -> Path:
        assert self.peers is not None
        return self.peers / "bin" / "python"

    def check(
        self,
        key: tuple[str, str],
        paths: list[Path],
        manifests: dict[str, Any],
        extra: Iterable[str] = (),
    ) -> None:
        """``taxonomist check``, scored per file against the manifest of that file's name."""
        sample, stdout = self.measure(key, check_cmd(*paths, extra=extra))
        if not self.ok(sample, stdout):
            return
        try:
            report = orjson.loads(stdout)
        except orjson.JSONDecodeError:
            self.series[key].note = "output is not JSON"
            return
        by_file: dict[str, list[dict[str, Any]]] = {name: [] for name in manifests}
        for finding in report["findings"]:
            by_file.setdefault(Path(finding.get("file") or "").name, []).append(finding)
        # A file without a manifest (the clean copy) is scored against no faults.
        none: dict[str, Any] = {"faults": []}
        self.scores[key] = merge(
            [score_findings(found, manifests.get(name, none)) for name, found in by_file.items()]
        )
        self.findings[key] = digest(report["findings"])


def digest(findings: list[dict[str, Any]]) -> tuple[str, int]:
    """What a run found, independent of order: (file name, code, pointer, annotation) sorted."""
    fields = ("code", "pointer", "annotation_id")
    rows = sorted(
        "\t".join([Path(f.get("file") or "").name, *(str(f.get(k)) for k in fields)])
        for f in findings
    )
    return hashlib.sha256("\n".join(rows).encode()).hexdigest()[:16], len(rows)


def panlabel_findings(stdout: bytes) -> dict[str, Any]:
    """panlabel's JSON report in ``measure.py``'s shape: issues on annotations by their id."""
    issues = orjson.loads(stdout).get("issues", [])
    placed, unplaced = [], {}
    for issue in issues:
        context = issue.get("context") or {}
        if context.get("type") == "annotation" and context.get("id") is not None:
            placed.append({"code": issue["code"], "name": "", "severity": issue["severity"],
                           "message": issue["message"], "annotation_id": str(context["id"]),
                           "pointer": None})  # fmt: skip
        else:
            key = f"{issue['severity']} {issue['code']}"
            unplaced[key] = unplaced.get(key, 0) + 1
    return {"findings": placed, "unplaced": unplaced}


def _option(stderr: bytes) -> str:
    """``no --scheduler`` from "No such option: --scheduler (...)"."""
    text = stderr.decode(errors="replace")
    tail = text.partition("No such option:")[2].split()
    return f"no {tail[0]}" if tail else "option missing"
