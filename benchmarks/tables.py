"""The benchmark's Markdown: the side-by-side table, startup times, and what the scores say."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench import Bench
    from harness import Series
    from score import Score

BEGIN, END = "<!-- results:begin -->", "<!-- results:end -->"
ORDER = ("floor", "orjson", "jsonschema-rs", "jsonschema", "taxonomist check")
LABELS = {
    "floor": "`orjson.loads`, collector off (floor)",
    "orjson": "`orjson.loads` as is",
    "jsonschema-rs": "`jsonschema-rs` (parse + validate)",
    "jsonschema": "`jsonschema` (parse + validate)",
    "taxonomist check": "`taxonomist check --report json`",
}
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
    kinds = ", ".join(score.kinds_found) or "none"
    return f"{score.summary()} ({kinds})"


def size_rows(bench: Bench, size: str) -> list[str]:
    floor = bench.series.get(("floor", size))
    orjson = bench.series.get(("orjson", size))
    rows = []
    for subject in ORDER:
        series = bench.series.get((subject, size))
        if series is None or not series.samples:
            if subject == "jsonschema":
                rows.append(extrapolated(bench, size))
            continue
        rows.append(row(series, size, floor, orjson, bench.scores.get((subject, size))))
    return [r for r in rows if r]


def row(
    series: Series, size: str, floor: Series | None, orjson: Series | None, score: Score | None
) -> str:
    wall = series.wall
    note = f" ({series.note})" if series.note else ""
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


def extrapolated(bench: Bench, size: str) -> str:
    """jsonschema at 1M from its 100k cost over the floor, scaled by the annotation count."""
    small = bench.series.get(("jsonschema", "100k"))
    floor_small, floor = bench.series.get(("floor", "100k")), bench.series.get(("floor", size))
    if size == "100k" or not (small and small.wall and floor_small and floor):
        return ""
    if floor_small.wall is None or floor.wall is None:
        return ""
    scale = {"1m": 10}[size]
    wall = floor.wall + scale * (small.wall - floor_small.wall)
    cells = (
        LABELS["jsonschema"] + " **extrapolated**",
        f"{size}: floor + {scale} × (100k − floor 100k)",
        f"≈ {wall:.0f}",
        "–",
        "–",
        ratio(wall, floor.wall),
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
    for (subject, size), score in sorted(bench.scores.items()):
        if not subject.startswith("taxonomist"):
            continue
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
            lines.append(
                f"  - false errors: {dict(score.false_errors)}; e.g. {score.false_examples}"
            )
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


def _jsonschema_wall(bench: Bench, size: str) -> float | None:
    measured = _wall(bench, "jsonschema", size)
    if measured is not None:
        return measured
    floor, small, floor_small = (
        _wall(bench, "floor", size),
        _wall(bench, "jsonschema", "100k"),
        _wall(bench, "floor", "100k"),
    )
    if floor is None or small is None or floor_small is None or size != "1m":
        return None
    return floor + 10 * (small - floor_small)


def _verdict(value: float | None, limit: float, *, at_most: bool = True) -> str:
    if value is None:
        return "not measured"
    met = value <= limit if at_most else value >= limit
    return f"{value:.2f} ({'met' if met else 'NOT met'})"


def targets(bench: Bench, size: str) -> list[str]:
    """The issue's targets for `taxonomist check`, against what this run measured."""
    check, floor = _wall(bench, "taxonomist check", size), _wall(bench, "floor", size)
    rss, orjson_rss = _rss(bench, "taxonomist check", size), _rss(bench, "orjson", size)
    slow = _jsonschema_wall(bench, size)
    version = _wall(bench, "taxonomist --version", "-")
    tiny = _wall(bench, "taxonomist check, 10 annotations", "-")
    rows = [
        ("check wall ÷ floor wall", check / floor if check and floor else None, 1.5, True),
        ("check peak RSS ÷ orjson's", rss / orjson_rss if rss and orjson_rss else None, 0.8, True),
        ("jsonschema wall ÷ check wall", slow / check if slow and check else None, 50.0, False),
        ("`taxonomist --version` wall (s)", version, 0.3, True),
        ("check of 10 annotations wall (s)", tiny, 0.3, True),
    ]  # fmt: skip
    lines = [f"Targets on the {size} file:", "", "| Target | Limit | Measured |", "|---|--:|--:|"]
    for name, value, limit, at_most in rows:
        limit_text = f"{'≤' if at_most else '≥'} {limit:g}"
        lines.append(f"| {name} | {limit_text} | {_verdict(value, limit, at_most=at_most)} |")
    return [*lines, ""]


def markdown(bench: Bench, args: argparse.Namespace, machine: str) -> str:
    lines = [f"Measured on {machine}; medians of fresh processes; all on the file with faults."]
    lines += ["", HEADER]
    for size in args.sizes:
        lines += size_rows(bench, size)
    lines += ["", *startup_table(bench), ""]
    lines += targets(bench, args.sizes[-1])
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
