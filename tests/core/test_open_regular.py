"""``open_regular`` / ``read_regular``: the one way inputs are opened, refusing at once what
is not a regular file (a FIFO would block for ever, ``/dev/zero`` never ends)."""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

import pytest

from taxonomist.core.files import (
    FileTooLarge,
    NotRegularFile,
    open_regular,
    read_regular,
    read_regular_text,
)


def test_a_regular_file_is_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "a.json"
    path.write_bytes(b'{"a": 1}')
    assert read_regular(path) == b'{"a": 1}'
    assert read_regular_text(path) == '{"a": 1}'


def test_a_fifo_without_a_writer_is_refused_at_once(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_regular(fifo)
        except OSError as exc:
            outcome.append(exc)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert not reader.is_alive(), "reading a FIFO blocked"
    [error] = outcome
    assert isinstance(error, NotRegularFile)
    assert error.strerror == "not a regular file: a FIFO (named pipe)"


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading(device: str) -> None:
    with pytest.raises(NotRegularFile, match="a character device"):
        read_regular(Path(device))  # only read: devices are never written


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(NotRegularFile, match="a directory"):
        open_regular(tmp_path)


def test_a_symlink_to_a_regular_file_is_followed(tmp_path: Path) -> None:
    (tmp_path / "real.txt").write_text("x")
    (tmp_path / "link.txt").symlink_to(tmp_path / "real.txt")
    assert read_regular(tmp_path / "link.txt") == b"x"


def test_an_opened_file_reads_blocking_again(tmp_path: Path) -> None:
    import fcntl

    path = tmp_path / "a.txt"
    path.write_text("x")
    with open_regular(path) as handle:
        assert not fcntl.fcntl(handle.fileno(), fcntl.F_GETFL) & os.O_NONBLOCK


def test_a_limit_refuses_a_longer_file_and_a_head_cuts_it(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"x" * 101)
    with pytest.raises(FileTooLarge) as caught:
        read_regular(path, 100)
    assert (caught.value.size, caught.value.limit) == (101, 100)
    assert read_regular(path, 10, head=True) == b"x" * 10
    assert read_regular(path, 101) == b"x" * 101


def test_a_missing_file_is_an_ordinary_os_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        read_regular(tmp_path / "missing")


def test_a_fifo_is_not_even_opened_so_a_waiting_writer_stays_waiting(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: os.close(os.open(fifo, os.O_WRONLY)), daemon=True)
    writer.start()
    time.sleep(0.2)  # let the writer reach its open
    with pytest.raises(NotRegularFile):
        read_regular(fifo)
    writer.join(timeout=0.5)
    assert writer.is_alive(), "refusing the FIFO opened it and released its writer"
    os.close(os.open(fifo, os.O_RDONLY | os.O_NONBLOCK))  # release the writer ourselves
    writer.join(timeout=10)
