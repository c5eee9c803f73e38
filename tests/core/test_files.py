"""``write_atomic``: the one writer of output files. It replaces regular files atomically,
writes through what must not be replaced (devices, pipes), follows links, creates files with
the umask's mode, and says "cannot write PATH: reason" for every failure."""

from __future__ import annotations

import errno
import os
import stat
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.core.files import write_atomic
from tests.devices import private_device


@pytest.fixture
def umask_027() -> Iterator[None]:
    old = os.umask(0o027)
    try:
        yield
    finally:
        os.umask(old)


def test_replaces_a_regular_file_and_leaves_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    write_atomic(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]


def test_a_fifo_is_written_through_never_replaced(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()), daemon=True)
    reader.start()
    write_atomic(fifo, "through the pipe\n")
    reader.join(timeout=10)
    assert received == [b"through the pipe\n"]
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pipe"]


def test_a_character_device_is_written_through(tmp_path: Path) -> None:
    null = private_device(tmp_path, "null", 3)
    link = tmp_path / "link"
    link.symlink_to(null)
    write_atomic(link, "discarded")
    write_atomic(null, "discarded")
    assert stat.S_ISCHR(null.stat().st_mode)
    assert link.is_symlink()


def test_a_symlink_is_followed_and_kept(tmp_path: Path) -> None:
    real = tmp_path / "real" / "report.txt"
    real.parent.mkdir()
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(real)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.txt", "real"]


@pytest.mark.usefixtures("umask_027")
def test_a_new_file_gets_the_umask_mode(tmp_path: Path) -> None:
    target = tmp_path / "new.txt"
    write_atomic(target, "x")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


@pytest.mark.usefixtures("umask_027")
def test_a_replaced_file_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "kept.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o604)
    write_atomic(target, "new")
    assert stat.S_IMODE(target.stat().st_mode) == 0o604


def _refused(path: Path) -> str:
    with pytest.raises(InvalidInput) as caught:
        write_atomic(path, "x")
    return str(caught.value)


def test_a_missing_folder_is_invalid_input(tmp_path: Path) -> None:
    message = _refused(tmp_path / "missing" / "out.txt")
    assert message.startswith(f"cannot write {tmp_path / 'missing' / 'out.txt'}: ")
    assert "hint: the folder does not exist" in message


def test_a_directory_is_invalid_input(tmp_path: Path) -> None:
    assert "hint: name a file, not a folder" in _refused(tmp_path)


def test_a_full_disk_is_invalid_input(tmp_path: Path) -> None:
    full = private_device(tmp_path, "full", 7)
    assert _refused(full).startswith(f"cannot write {full}: No space left on device")
    assert stat.S_ISCHR(full.stat().st_mode)


def test_a_read_only_place_is_invalid_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_args: object) -> int:
        raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "open", refuse)  # root may write anywhere; the kernel says no here
    message = _refused(tmp_path / "out.txt")
    assert message.startswith(f"cannot write {tmp_path / 'out.txt'}: Permission denied")
    assert list(tmp_path.iterdir()) == []


def test_a_full_disk_on_the_atomic_path_keeps_the_old_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")

    def full(*_args: object) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "replace", full)
    assert "hint: the disk is full" in _refused(target)
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.txt"]
