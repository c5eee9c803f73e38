"""The benchmark's Markdown: the side-by-side table, the sharded runs, startup times, the
targets and what the scores say."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench import Bench
    from harness import Series
    from score import Score

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
ORDER = ("floor", "orjson", "jsonschema-rs", "jsonschema", "pycocotools", "hotcoco", "datumaro",
         "panlabel", "taxonomist check", "taxonomist check (clean copy)")  # fmt: skip
LABELS = {
    "floor": "`orjson.loads`, collector off (floor)",
    "orjson": "`orjson.loads` as is",
    "jsonschema-rs": "`jsonschema-rs` (parse + validate)",
    "jsonschema": "`jsonschema` (parse + validate)",
    "pycocotools": "pycocotools `COCO(path)` (load + index, no checks)",
    "hotcoco": "hotcoco `COCO(path).healthcheck()`",
    "datumaro": "Datumaro `import_from` + `DetectionValidator`",
    "panlabel": "`panlabel validate --format coco`",
    "taxonomist check": "`taxonomist check --report json`",
    "taxonomist check (clean copy)": "`taxonomist check --report json`, clean copy",
}
COUNTS = {"100k": 100_000, "1m": 1_000_000, "10m": 10_000_000}
HEADER = (
    "| Subject | File | Wall median (s) | In-process (s) | Peak RSS (MB) | Wall ÷ floor "
    "| RSS ÷ orjson | Injected faults found |\n|---|---|--:|--:|--:|--:|--:|---|"
)


def fmt(value: float | None, digits: int = 2) -> str:
    return "–" if value is None else f"{value:.{digits}f}"


def ratio(a: float | None, b: float | None) -> str:
    return "–" if a is None or b is None or b == 0 else f"{a / b:.2f}×"


def found(score: Score | None) -> str:
    if score is None:
        return "–"
    if not score.expected:  # a clean file: every error is a false one
        return f"{sum(score.false_errors.values())} false errors"
    kinds = ", ".join(score.kinds_found) or "none"
    return f"{score.summary()} ({kinds})"


def size_rows(bench: Bench, size: str) -> list[str]:
    floor = bench.series.get(("floor", size))
    orjson = bench.series.get(("orjson", size))
    rows = []
    for subject in ORDER:
        series = bench.series.get((subject, size))
        if series is None or not series.samples:
            if subject == "jsonschema" and not (series and series.failure):
                rows.append(extrapolated(bench, size) or no_extrapolation(size))
            elif series is not None:
                rows.append(failed_row(series, size))
            elif bench.versions.get(subject, "").startswith("did not install"):
                rows.append(f"| {LABELS[subject]} | {size} | {bench.versions[subject]} |"
                            + " – |" * 5)  # fmt: skip
            continue
        rows.append(row(series, size, floor, orjson, bench.scores.get((subject, size))))
    return [r for r in rows if r]


def failed_row(series: Series, size: str) -> str:
    """A subject that did not fit: why, instead of a time."""
    why = series.failure or series.note or "no run"
    cells = (LABELS.get(series.label, series.label), size, f"**{why}**", "–", "–", "–", "–", "–")
    return "| " + " | ".join(cells) + " |"


def row(
    series: Series, size: str, floor: Series | None, orjson: Series | None, score: Score | None
) -> str:
    wall = series.wall
    why = [series.note, f"a later run: {series.failure}" if series.failure else ""]
    note = f" ({'; '.join(w for w in why if w)})" if any(why) else ""
    cells = (
        LABELS.get(series.label, series.label) + note,
        f"{size}, {len(series.samples)} runs",
        fmt(wall),
        fmt(series.op),
        fmt(series.rss_mb, 0),
        ratio(wall, floor.wall if floor else None),
        ratio(series.rss_mb, orjson.rss_mb if orjson else None),
        found(score),
    )
    return "| " + " | ".join(cells) + " |"


def extrapolated_wall(bench: Bench, size: str) -> float | None:
    """jsonschema at ``size`` from its 100k cost over the floor, scaled by the annotations."""
    small = _wall(bench, "jsonschema", "100k")
    floor_small, floor = _wall(bench, "floor", "100k"), _wall(bench, "floor", size)
    if size == "100k" or small is None or floor_small is None or floor is None:
        return None
    return floor + COUNTS[size] // COUNTS["100k"] * (small - floor_small)


def no_extrapolation(size: str) -> str:
    if size == "100k":
        return ""
    why = "**not run**: extrapolated from the floor at the same size, which did not fit"
    return f"| {LABELS['jsonschema']} | {size} | {why} |" + " – |" * 5


def extrapolated(bench: Bench, size: str) -> str:
    """The row of jsonschema extrapolated to ``size``."""
    wall, floor = extrapolated_wall(bench, size), _wall(bench, "floor", size)
    if wall is None or floor is None:
        return ""
    scale = COUNTS[size] // COUNTS["100k"]
    cells = (
        LABELS["jsonschema"] + " **extrapolated**",
        f"{size}: floor + {scale} × (100k − floor 100k)",
        f"≈ {wall:.0f}",
        "–",
        "–",
        ratio(wall, floor),
        "–",
        found(bench.scores.get(("jsonschema", "100k"))) + " (at 100k)",
    )
    return "| " + " | ".join(cells) + " |"


def startup_table(bench: Bench) -> list[str]:
    lines = ["| Command | Wall median (s) | Peak RSS (MB) |", "|---|--:|--:|"]
    for (label, size), series in bench.series.items():
        if size == "-":
            note = f" ({series.note})" if series.note else ""
            lines.append(f"| `{label}`{note} | {fmt(series.wall, 3)} | {fmt(series.rss_mb, 0)} |")
    return lines


def score_notes(bench: Bench) -> list[str]:
    lines = []
    for (subject, size), score in bench.scores.items():
        if "clean" in subject:
            errors = sum(score.false_errors.values())
            lines.append(f"- `{subject}` on {size}: {errors} errors.")
        else:
            lines.append(f"- `{subject}` on {size}: {score.summary()}.")
        for kind, codes in score.codes.items():
            lines.append(f"  - {kind}: {score.found[kind]}/{score.expected[kind]}, reported as "
                         + ", ".join(f"{c} ×{n}" for c, n in codes.most_common()))  # fmt: skip
        if score.extra_at_faults:
            extra = ", ".join(f"{c} ×{n}" for c, n in score.extra_at_faults.most_common())
            lines.append(f"  - further findings at faulty annotations: {extra}")
        if score.false_errors:
            examples = f"; e.g. {score.false_examples}" if score.false_examples else ""
            lines.append(f"  - false errors: {dict(score.false_errors)}{examples}")
        if score.non_errors_at_faults:
            lines.append(
                f"  - warnings/info at faulty annotations: {dict(score.non_errors_at_faults)}"
            )
        if score.non_errors:
            lines.append(f"  - warnings/info elsewhere: {dict(score.non_errors)}")
    return lines


def _wall(bench: Bench, subject: str, size: str) -> float | None:
    series = bench.series.get((subject, size))
    return series.wall if series else None


def _rss(bench: Bench, subject: str, size: str) -> float | None:
    series = bench.series.get((subject, size))
    return series.rss_mb if series else None


def _verdict(value: float | None, limit: float, *, at_most: bool = True) -> str:
    if value is None:
        return "not measured"
    met = value <= limit if at_most else value >= limit
    return f"{value:.2f} ({'met' if met else 'NOT met'})"


def _over(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def targets(bench: Bench, size: str) -> list[str]:
    """The issue's targets for `taxonomist check`, against what this run measured."""
    check = _wall(bench, "taxonomist check", size)
    big, big_rss = _wall(bench, "taxonomist check", "10m"), _rss(bench, "taxonomist check", "10m")
    one_m = _wall(bench, "taxonomist check", "1m")
    rows: list[tuple[str, float | None, float, bool] | tuple[str, str]] = [
        (f"{size}: check wall ÷ floor wall", _over(check, _wall(bench, "floor", size)), 1.0, True),
        (f"{size}: check wall ÷ panlabel wall", _over(check, _wall(bench, "panlabel", size)),
         1.0, True),
        (f"{size} (stretch): check wall ÷ hotcoco wall",
         _over(check, _wall(bench, "hotcoco", size)), 1.0, True),
        (f"{size}: check peak RSS ÷ orjson's",
         _over(_rss(bench, "taxonomist check", size), _rss(bench, "orjson", size)), 0.3, True),
        ("10m: check completes, peak RSS (GiB)", big_rss / 1024 if big_rss else None, 4.0, True),
        ("check wall(10m) ÷ wall(1m)", _over(big, one_m), 11.0, True),
        ("check of 10 annotations wall (s)", _wall(bench, "taxonomist check, 10 annotations", "-"),
         0.25, True),
        ("`taxonomist --version` wall (s)", _wall(bench, "taxonomist --version", "-"), 0.05, True),
    ]  # fmt: skip
    for name, label in same_findings(bench):
        rows.append((f"{name}: same findings as one process", label))
    lines = [f"Targets (from the issue; the speed ones on the {size} file):", "",
             "| Target | Limit | Measured |", "|---|--:|--:|"]  # fmt: skip
    for item in rows:
        if len(item) == 2:
            lines.append(f"| {item[0]} | same | {item[1]} |")
            continue
        name, value, limit, at_most = item
        limit_text = f"{'≤' if at_most else '≥'} {limit:g}"
        lines.append(f"| {name} | {limit_text} | {_verdict(value, limit, at_most=at_most)} |")
    return [*lines, ""]


def same_findings(bench: Bench) -> list[tuple[str, str]]:
    """Each sharded run's findings against the one-process run's over the same shards."""
    result = []
    for (name, size), series in bench.series.items():
        if "shards" not in size or name == "taxonomist check, one process":
            continue
        base = bench.findings.get(("taxonomist check, one process", size))
        mine = bench.findings.get((name, size))
        if series.failure:
            verdict = series.failure
        elif base is None or mine is None:
            verdict = "not measured"
        else:
            same = "met" if mine == base else "NOT met"
            verdict = f"{mine[1]:,} vs {base[1]:,} findings, digest {mine[0]} vs {base[0]} ({same})"
        result.append((f"`{name}` ({size})", verdict))
    return result


def shard_table(bench: Bench) -> list[str]:
    """The same annotations in shards: one process, worker processes, the Dask scheduler."""
    rows = [(k, s) for k, s in bench.series.items() if "shards" in k[1]]
    if not rows:
        return []
    # against one process on one file of as many annotations ("10m in 20 shards" -> "10m")
    whole = {k[1]: _wall(bench, "taxonomist check", k[1].split()[0]) for k, _ in rows}
    lines = [
        "| Run | Shards | Wall median (s) | Peak RSS, all processes (MB) | Wall ÷ one file "
        "| Injected faults found |",
        "|---|---|--:|--:|--:|---|",
    ]
    for (name, size), series in rows:
        wall = fmt(series.wall) if series.samples else f"**{series.failure or series.note}**"
        cells = (f"`{name} DIR`", f"{size}, {len(series.samples)} runs", wall,
                 fmt(series.rss_mb, 0), ratio(series.wall, whole[size]),
                 found(bench.scores.get((name, size))))  # fmt: skip
        lines.append("| " + " | ".join(cells) + " |")
    return [*lines, ""]


def markdown(bench: Bench, args: argparse.Namespace, machine: str) -> str:
    lines = [
        f"Measured on {machine}; medians of fresh processes; all on the file with faults "
        f"unless said; each process limited to {bench.timeout:.0f} s and "
        f"{bench.mem_limit_mb / 1024:.0f} GiB of resident memory (all its processes)."
    ]
    if bench.versions:
        peers = ", ".join(f"{k} {v}" for k, v in bench.versions.items())
        lines += ["", f"Peers: {peers}."]
    lines += ["", HEADER]
    for size in args.sizes:
        lines += size_rows(bench, size)
    lines += ["", *shard_table(bench), *startup_table(bench), ""]
    lines += targets(bench, "1m" if "1m" in args.sizes else args.sizes[-1])
    notes = score_notes(bench)
    notes += [f"- {note}" for note in bench.notes]
    if notes:
        lines += ["Scores and notes:", "", *notes, ""]
    return "\n".join(lines)


def write_readme(path: Path, text: str) -> None:
    """Replace the results section between the markers, atomically."""
    readme = path.read_text(encoding="utf-8")
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    updated = f"{head}{BEGIN}\n{text}\n{END}{tail}"
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(updated, encoding="utf-8")
    tmp.replace(path)
