"""Attacks that already failed safely, kept as cases so they keep failing safely: taxonomy YAML
bombs, XML bombs and external entities, PNG headers claiming huge sizes, ``extends``/``include``
at devices or in cycles, example paths outside the project, and ``-o`` output that a kill -9
never leaves half-written.

Each runs the real CLI in a subprocess with a timeout, so a regression that hangs fails here
instead of stalling CI.
"""

from __future__ import annotations

import json
import signal
import struct
import subprocess
import sys
import time
import zlib
from pathlib import Path

import pytest

from tests.hostile import run as harness
from tests.hostile.run import CACHE, DEMO, TIME_BOUND, Run, environment


def taxonomist(*args: str | Path, cwd: Path) -> Run:
    """The CLI as a user runs it; none of these attacks may end in a traceback."""
    run = harness.taxonomist(*args, cwd=cwd)
    assert "Traceback" not in run.err, run.err
    return run


def _alias_bomb(levels: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]")
    return "\n".join(lines) + "\n"


def test_taxonomy_alias_bomb_is_refused(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text("name: bomb\nversion: 1.0.0\n" + _alias_bomb(), encoding="utf-8")
    run = taxonomist("lint", bomb, cwd=tmp_path)
    assert run.code == 1
    assert "T004" in run.out + run.err


def test_taxonomy_deep_nesting_is_refused(tmp_path: Path) -> None:
    deep = tmp_path / "deep.yaml"
    deep.write_text("name: deep\nclasses: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    run = taxonomist("lint", deep, cwd=tmp_path)
    assert run.code == 1
    assert "T005" in run.out + run.err


XML_BOMB = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<annotation><filename>&lol3;</filename></annotation>
"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE annotations [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<annotations><version>1.1</version>
<image id="0" name="&secret;" width="10" height="10"/></annotations>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE annotation SYSTEM "evil.dtd">
<annotation><filename>&planted;</filename></annotation>
"""


@pytest.mark.parametrize(
    "text",
    [XML_BOMB, XXE, EXTERNAL_DTD],
    ids=["billion-laughs", "external-entity", "external-dtd"],
)
def test_xml_entities_are_refused_and_never_expanded(tmp_path: Path, text: str) -> None:
    (tmp_path / "ann.xml").write_text(text, encoding="utf-8")
    (tmp_path / "evil.dtd").write_text('<!ENTITY planted "PLANTED">\n', encoding="utf-8")
    run = taxonomist("check", "-t", DEMO, "ann.xml", cwd=tmp_path)
    assert run.code == 1
    assert "F101" in run.out or "F100" in run.out
    assert "root:" not in run.out + run.err
    assert "lollollol" not in run.out and "PLANTED" not in run.out


def _png_header(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` x ``height`` and whose data is one empty row."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00"))
        + chunk(b"IEND", b"")
    )


def test_png_header_claiming_a_huge_size_is_not_decoded(tmp_path: Path) -> None:
    (tmp_path / "huge.png").write_bytes(_png_header(1_000_000, 1_000_000))
    run = taxonomist("check", "-t", DEMO, "--format", "mask", "huge.png", cwd=tmp_path)
    assert run.code == 1
    assert "F009" in run.out


def _taxonomy(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.yaml"
    path.write_text(f"name: t\nversion: 1.0.0\n{body}", encoding="utf-8")
    return path


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("key", ["extends", "include"])
def test_extends_or_include_at_a_device_is_not_read(tmp_path: Path, key: str) -> None:
    value = "/dev/zero" if key == "extends" else "[/dev/zero]"
    run = taxonomist("lint", _taxonomy(tmp_path, f"{key}: {value}\n"), cwd=tmp_path)
    assert run.code == 1
    assert "not a regular file" in run.out


def test_extends_cycle_is_a_finding(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("name: a\nversion: 1.0.0\nextends: b.yaml\n")
    (tmp_path / "b.yaml").write_text("name: b\nversion: 1.0.0\nextends: a.yaml\n")
    run = taxonomist("lint", tmp_path / "a.yaml", cwd=tmp_path)
    assert run.code == 1
    assert "cycle" in run.out.lower()


def test_example_outside_the_project_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    body = (
        "classes:\n  cat: {id: 1, definition: A cat.}\n"
        "rules:\n  r:\n    title: t\n    guidance: g\n    examples:\n"
        "      - {image: ../../../../etc/hostname, annotation: ../../../../etc/passwd,"
        " verdict: do, caption: c}\n"
    )
    run = taxonomist("lint", _taxonomy(project, body), cwd=project)
    assert run.code == 1
    assert "root:" not in run.out + run.err
    assert "outside" in run.out


def test_kill_9_never_leaves_half_an_output(tmp_path: Path) -> None:
    """``schema -o`` killed at staggered moments leaves the previous file whole or the new one
    whole: the write is a temp file renamed into place."""
    out = tmp_path / "schema.json"
    out.write_text('{"previous": true}\n', encoding="utf-8")
    args = [sys.executable, "-m", "taxonomist", "schema", str(DEMO), "-o", str(out)]
    env = environment(tmp_path)
    for step in range(12):
        child = subprocess.Popen(
            args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(0.05 * step)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=TIME_BOUND)
        document = json.loads(out.read_text(encoding="utf-8"))
        assert document == {"previous": True} or "$schema" in document
    leftovers = [p.name for p in tmp_path.iterdir() if p.name not in {"schema.json", CACHE}]
    assert leftovers == [] or all(p.startswith(".") for p in leftovers)
