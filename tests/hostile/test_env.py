"""A careless environment: read-only places, a full disk, ``-o`` at a folder or under a missing
one, a closed standard output, a reader that goes away, a bug, a SIGTERM in the middle of a
write. Each is the environment's doing, not taxonomist's: exit 2 with one line naming the path
and the reason (a reader of standard output gone away too; 143 for SIGTERM), never a traceback, and
exit 3 only for a real bug, with a file holding its traceback.

Every case runs the real CLI in a subprocess with a timeout. The disk is "full" and the place
"read-only" by patching the system calls in that subprocess (root may write anywhere, and no
test may write to a real device).
"""

from __future__ import annotations

import errno
import json
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.hostile.run import CACHE, DEMO, TIME_BOUND, Run, environment, program, python, taxonomist


def patched(setup: str, *args: str | Path, cwd: Path, **env: str) -> Run:
    """The CLI as a user runs it, after ``setup``: Python run first in the same process (the
    patched system call that plays the environment)."""
    program = f"import sys\n{setup}\nfrom taxonomist.cli import main\nmain()\n"
    return python(["-c", program, *args], cwd=cwd, env=environment(cwd, **env))


def _one_error(run: Run, start: str) -> None:
    """Exit 2, and on standard error one message (its continuation lines indented) and a
    hint."""
    assert run.code == 2, run
    first, *rest = run.err.splitlines()
    assert first.startswith(start), run.err
    assert rest, run.err
    assert rest[-1].startswith("  hint: "), run.err
    assert all(line.startswith("  ") for line in rest), run.err
    assert "Traceback" not in run.err


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "instances.json"
    path.write_text(json.dumps({"images": [], "annotations": [], "categories": []}), "utf-8")
    return path


def _refuse_creating(code: int) -> str:
    """Setup that makes every file creation fail with ``code``, as a read-only or full
    file system does."""
    return f"""
import os
_open = os.open
def _refusing(path, flags, *args, **kwargs):
    if flags & os.O_CREAT:
        raise OSError({code}, os.strerror({code}), str(path))
    return _open(path, flags, *args, **kwargs)
os.open = _refusing
"""


FULL_DISK = f"""
import os
_fdopen = os.fdopen
class _Full:
    def __init__(self, stream): self.stream = stream
    def __enter__(self): return self
    def __exit__(self, *exc): self.stream.close()
    def __iter__(self): return iter(self.stream)
    def __getattr__(self, name): return getattr(self.stream, name)
    def write(self, data): raise OSError({errno.ENOSPC}, os.strerror({errno.ENOSPC}))
os.fdopen = lambda *args, **kwargs: _Full(_fdopen(*args, **kwargs))
"""

WRITERS: dict[str, list[str | Path]] = {
    "check -o": ["check", "-t", DEMO, "instances.json", "-o", "out/report.txt"],
    "check --write-baseline": ["check", "-t", DEMO, "instances.json", "--write-baseline", "b"],
    "export -o": ["export", DEMO, "--to", "yolo", "-o", "out/data.yaml"],
    "schema -o": ["schema", "--language", "-o", "out/schema.json"],
}


@pytest.mark.usefixtures("data")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_read_only_place_is_exit_2_naming_it(tmp_path: Path, writer: str) -> None:
    (tmp_path / "out").mkdir()
    run = patched(_refuse_creating(errno.EROFS), *WRITERS[writer], cwd=tmp_path)
    _one_error(run, "taxonomist: ")
    assert ": Read-only file system" in run.err
    assert "hint: the file system is read-only" in run.err


@pytest.mark.usefixtures("data")
@pytest.mark.parametrize("writer", WRITERS)
def test_a_full_disk_is_exit_2_naming_the_place(tmp_path: Path, writer: str) -> None:
    (tmp_path / "out").mkdir()
    run = patched(FULL_DISK, *WRITERS[writer], cwd=tmp_path)
    _one_error(run, "taxonomist: ")
    assert ": No space left on device" in run.err
    assert "hint: the disk is full" in run.err
    leftovers = [p.name for p in (tmp_path / "out").rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []


def test_a_full_disk_behind_standard_output_is_exit_2(tmp_path: Path) -> None:
    full_stdout = f"""
import os
class _Full:
    encoding = "utf-8"
    def write(self, text): raise OSError({errno.ENOSPC}, os.strerror({errno.ENOSPC}))
    def flush(self): pass
    def isatty(self): return False
sys.stdout = _Full()
"""
    run = patched(full_stdout, "schema", "--language", cwd=tmp_path)
    _one_error(run, "taxonomist: cannot write standard output: No space left on device")


@pytest.mark.usefixtures("data")
@pytest.mark.parametrize(
    ("args", "start"),
    [
        (["check", "-t", DEMO, "instances.json", "-o", "."], "taxonomist: cannot write .: Is a"),
        (["check", "-t", DEMO, "instances.json", "-o", "nope/r.txt"], "taxonomist: cannot write"),
        (["export", DEMO, "--to", "yolo", "-o", "."], "taxonomist: cannot write .: Is a"),
        (["guidelines", "build", DEMO, "-o", "instances.json"], "taxonomist: "),
    ],
    ids=["check -o folder", "check -o missing parent", "export -o folder", "site -o file"],
)
def test_an_output_that_cannot_be_one_is_exit_2(
    tmp_path: Path, args: list[str | Path], start: str
) -> None:
    _one_error(taxonomist(*args, cwd=tmp_path), start)


def _closed_stdout(tmp_path: Path, *args: str | Path) -> Run:
    """The CLI run with its standard output closed, as ``taxonomist ... >&-`` does."""
    command = [sys.executable, "-m", "taxonomist", *args]
    return program(["sh", "-c", 'exec "$@" >&-', "sh", *command], cwd=tmp_path)


@pytest.mark.usefixtures("data")
@pytest.mark.parametrize(
    "args",
    [["check", "-t", DEMO, "instances.json"], ["--version"], ["lint", DEMO], ["rules"]],
    ids=["check", "version", "lint", "rules"],
)
def test_a_closed_standard_output_is_exit_2(tmp_path: Path, args: list[str | Path]) -> None:
    run = _closed_stdout(tmp_path, *args)
    _one_error(run, "taxonomist: cannot write standard output: it is closed")


@pytest.mark.usefixtures("data")
def test_a_closed_standard_output_is_no_matter_with_o(tmp_path: Path) -> None:
    run = _closed_stdout(tmp_path, "check", "-t", DEMO, "instances.json", "-o", "r.txt")
    assert (run.code, run.err) == (0, "")
    assert (tmp_path / "r.txt").read_text(encoding="utf-8").startswith("No findings.")


@pytest.mark.usefixtures("data")
@pytest.mark.parametrize(
    "args",
    [["schema", "--language"], ["check", "-t", DEMO, "instances.json"], ["lint", DEMO]],
    ids=["schema", "check", "lint"],
)
@pytest.mark.parametrize("exit_style", ["hard", "clean"])
def test_a_reader_gone_away_is_one_line_and_exit_2(
    tmp_path: Path, args: list[str | Path], exit_style: str
) -> None:
    """``taxonomist ... | head -1``: exit 2 (the output is incomplete, so no verdict) and one
    line saying so, never Python's "Exception ignored ... BrokenPipeError"."""
    extra = {"TAXONOMIST_CLEAN_EXIT": "1"} if exit_style == "clean" else {}
    process = subprocess.Popen(
        [sys.executable, "-m", "taxonomist", *map(str, args)],
        cwd=tmp_path,
        env=environment(tmp_path, **extra),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()  # the reader is gone before the first write
    _out, err = process.communicate(timeout=TIME_BOUND)
    lines = err.decode().splitlines()
    assert process.returncode == 2, lines
    assert lines[0] == "taxonomist: cannot write standard output: Broken pipe"
    assert len(lines) == 2 and lines[1].startswith("  hint: ")


def _many_findings(tmp_path: Path, files: int = 10, boxes: int = 1000) -> None:
    """``files`` COCO files of ``boxes`` boxes outside their image each: a long report."""
    for index in range(files):
        annotations = [
            {"id": i, "image_id": 1, "category_id": 1, "bbox": [500, 500, 10, 10]}
            for i in range(1, boxes + 1)
        ]
        document = {
            "images": [{"id": 1, "file_name": "a.jpg", "width": 10, "height": 10}],
            "annotations": annotations,
            "categories": [{"id": 1, "name": "person"}],
        }
        (tmp_path / f"part{index}.json").write_text(json.dumps(document), encoding="utf-8")


def test_head_on_a_long_report(tmp_path: Path) -> None:
    """``check ... | head -1`` for real: whether the write that outlives ``head`` is refused
    (EPIPE: exit 2 and the one line) or absorbed by the kernel (exit 1 for the findings)
    depends on the kernel and timing; never a Python warning or traceback."""
    _many_findings(tmp_path)
    check = f"{sys.executable} -m taxonomist check -t {DEMO} part*.json"
    run = program(["bash", "-c", f"set -o pipefail; {check} | head -1"], cwd=tmp_path)
    assert run.out == "part0.json\n"
    assert run.code in {2, 1}
    if run.code == 2:
        assert run.err.startswith("taxonomist: cannot write standard output: Broken pipe")
    assert "Exception ignored" not in run.err and "Traceback" not in run.err


BUG = """
import taxonomist.cli.rules_cmd as rules
def _broken(app):
    raise KeyError("a \\x1b[31mbug\\x1b[0m " + "x" * 5000)
rules.register = _broken
"""


def test_a_bug_is_exit_3_with_one_line_and_a_private_traceback_file(tmp_path: Path) -> None:
    run = patched(BUG, "rules", cwd=tmp_path)
    assert run.code == 3, run
    assert "Traceback" not in run.err
    assert "\x1b" not in run.err
    first, hint = run.err.splitlines()
    assert first.startswith("taxonomist: internal error: KeyError: ")
    assert len(first) < 600  # the 5000-character message is shortened
    assert hint.startswith("  hint: this is a bug in taxonomist; please report it")
    saved = Path(hint.split("the traceback is in ")[1].rstrip(")"))
    assert saved.is_relative_to(tmp_path / CACHE)
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    assert "Traceback (most recent call last)" in saved.read_text(encoding="utf-8")
    assert "_broken" in saved.read_text(encoding="utf-8")


def test_a_bug_with_debug_prints_the_traceback(tmp_path: Path) -> None:
    run = patched(BUG, "rules", cwd=tmp_path, TAXONOMIST_DEBUG="1")
    assert run.code == 3
    assert "Traceback (most recent call last)" in run.err


SLOW_WRITE = """
import os, time
_fdopen = os.fdopen
class _Slow:
    def __init__(self, stream): self.stream = stream
    def __enter__(self): return self
    def __exit__(self, *exc): self.stream.close()
    def fileno(self): return self.stream.fileno()
    def write(self, data):
        self.stream.write(data[: len(data) // 2])
        self.stream.flush()
        sys.stderr.write("half written\\n")
        sys.stderr.flush()
        time.sleep(50)
        return self.stream.write(data[len(data) // 2 :])
os.fdopen = lambda *args, **kwargs: _Slow(_fdopen(*args, **kwargs))
"""


def test_sigterm_during_a_write_leaves_no_temporary_file(tmp_path: Path) -> None:
    program = f"import sys\n{SLOW_WRITE}\nfrom taxonomist.cli import main\nmain()\n"
    process = subprocess.Popen(
        [sys.executable, "-c", program, "schema", "--language", "-o", "schema.json"],
        cwd=tmp_path,
        env=environment(tmp_path),
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stderr is not None
    assert process.stderr.readline() == "half written\n"
    assert [p.name for p in tmp_path.glob(".schema.json.*.tmp")] != []  # mid-write
    process.send_signal(signal.SIGTERM)
    started = time.monotonic()
    _out, err = process.communicate(timeout=TIME_BOUND)
    assert time.monotonic() - started < 10
    assert process.returncode == 143
    assert err == "taxonomist: terminated\n"
    assert [p.name for p in tmp_path.iterdir() if p.name != CACHE] == []
