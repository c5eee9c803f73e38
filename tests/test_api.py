"""The Python API: ``taxonomist.check`` is the function, however often it is called and
whatever has imported the checker subpackage of the same name."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

import taxonomist

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "taxonomies" / "demo.yaml"
ANNOTATIONS = ROOT / "examples" / "demo" / "annotations.json"


def test_check_is_the_function_after_the_subpackage_is_imported() -> None:
    import taxonomist.check.engine  # binds the subpackage on the package, as any import does

    first = taxonomist.check(DEMO, [ANNOTATIONS])
    second = taxonomist.check(DEMO, ANNOTATIONS)
    assert first.findings == second.findings
    assert taxonomist.load_taxonomy(DEMO).name


def test_check_works_twice_in_a_fresh_process() -> None:
    script = (
        "import taxonomist\n"
        f"taxonomist.check({str(DEMO)!r}, [{str(ANNOTATIONS)!r}])\n"
        f"print(taxonomist.check({str(DEMO)!r}, [{str(ANNOTATIONS)!r}]).failed())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == "False\n"


def test_the_subpackage_stays_importable() -> None:
    from taxonomist.check import engine, run_check

    assert engine.__name__ == "taxonomist.check.engine"
    assert sys.modules["taxonomist.check"].run_check is run_check


def test_assigning_anything_else_is_refused() -> None:
    with pytest.raises(AttributeError, match=r"patch taxonomist\.api"):
        taxonomist.check = print  # type: ignore[assignment]
