"""When ``taxonomist check`` draws its progress bar: on a terminal only, never with
``--quiet``, at once for big input (a single big file too), else once the run is slow."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from taxonomist.cli import _progress, build_app
from taxonomist.cli._progress import BIG_INPUT_BYTES, SLOW_SECONDS, delay, for_check, named_bytes
from taxonomist.cli.errors import run_guarded

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    ("terminal", "quiet", "drawn"),
    [(True, False, True), (True, True, False), (False, False, False), (False, True, False)],
)
def test_a_bar_only_on_a_terminal_without_quiet(terminal: bool, quiet: bool, drawn: bool) -> None:
    assert _progress.wanted(terminal=terminal, quiet=quiet) is drawn
    bar = for_check([], terminal=terminal, quiet=quiet)
    assert (bar is not None) is drawn
    if bar is not None:
        bar.stop()


def test_one_big_file_draws_at_once_and_small_input_once_slow(tmp_path: Path) -> None:
    big = tmp_path / "instances.json"
    with big.open("wb") as out:
        out.truncate(BIG_INPUT_BYTES + 1)  # sparse: big without writing 50 MB
    small = tmp_path / "small.json"
    small.write_text("{}", encoding="utf-8")
    assert named_bytes([str(big)]) == BIG_INPUT_BYTES + 1
    assert delay(named_bytes([str(big)])) == 0.0
    assert delay(named_bytes([str(small), str(tmp_path)])) == SLOW_SECONDS
    assert named_bytes([str(tmp_path / "*.json"), str(tmp_path / "missing.json")]) == 0


def test_nothing_is_printed_when_stderr_is_not_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "a.json"
    data.write_text(json.dumps({"images": [], "annotations": [], "categories": []}), "utf-8")
    taxonomy = str(ROOT / "taxonomies" / "demo.yaml")
    code = run_guarded(build_app, ["check", "-t", taxonomy, str(data)])
    assert code == 0
    assert capsys.readouterr().err == ""
