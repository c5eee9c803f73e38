"""The site output folder: the marker, the swap and its failure paths, SIGTERM handling."""

from __future__ import annotations

import errno
import json
import os
import signal
import threading
from pathlib import Path

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.guidelines import output
from taxonomist.guidelines.output import MARKER, Terminated, publishing, written_by_build


def _old_site(tmp_path: Path) -> Path:
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    (site / MARKER).write_text(output.marker_text(["index.html"]))
    return site


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".taxonomist-" in p.name)


def test_a_published_site_lists_what_it_wrote(tmp_path: Path) -> None:
    target = tmp_path / "out" / "site"  # the missing parent is made
    with publishing(target) as staging:
        (staging / "a").mkdir()
        (staging / "a" / "page.html").write_text("new")
    assert (target / "a" / "page.html").read_text() == "new"
    marker = json.loads((target / MARKER).read_text())
    assert marker["tool"] == "taxonomist" and marker["files"] == ["a/page.html"]
    assert written_by_build(target) == {"a/page.html"}
    assert _leftovers(target.parent) == []


def test_an_exception_in_the_build_keeps_the_old_site(tmp_path: Path) -> None:
    site = _old_site(tmp_path)
    with pytest.raises(RuntimeError), publishing(site) as staging:
        (staging / "index.html").write_text("half")
        raise RuntimeError("the build failed")
    assert (site / "index.html").read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_a_failed_rename_puts_the_old_site_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _old_site(tmp_path)
    real = Path.rename

    def rename(self: Path, target: Path) -> Path:
        if ".taxonomist-new-" in self.name:
            raise OSError(errno.EXDEV, "Invalid cross-device link")
        return real(self, target)

    monkeypatch.setattr(Path, "rename", rename)
    with (
        pytest.raises(InvalidInput, match=r"site: cannot write the site: Invalid cross-device"),
        publishing(site) as staging,
    ):
        (staging / "index.html").write_text("new")
    assert (site / "index.html").read_text() == "old"
    assert _leftovers(tmp_path) == []


def test_a_full_disk_is_an_input_error_that_keeps_the_old_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _old_site(tmp_path)

    def full(*args: object, **kwargs: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")

    with (
        pytest.raises(InvalidInput, match="cannot write the site: No space left on device"),
        publishing(site) as staging,
    ):
        (staging / "index.html").write_text("new")
        monkeypatch.setattr(Path, "write_text", full)
    assert (site / "index.html").read_bytes() == b"old"
    assert _leftovers(tmp_path) == []


def test_an_unwritable_parent_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def denied(*args: object, **kwargs: object) -> str:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(output.tempfile, "mkdtemp", denied)
    with (
        pytest.raises(InvalidInput, match=r"site: cannot write the site: Permission denied"),
        publishing(tmp_path / "site"),
    ):
        pass


def test_sigterm_during_the_build_cleans_up(tmp_path: Path) -> None:
    site = _old_site(tmp_path)
    with (
        pytest.raises(Terminated, match=r"the site was not built; .* is as it was"),
        publishing(site) as staging,
    ):
        (staging / "index.html").write_text("new")
        os.kill(os.getpid(), signal.SIGTERM)
    assert (site / "index.html").read_text() == "old"
    assert _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # the handler is put back


def test_sigterm_during_the_swap_waits_for_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _old_site(tmp_path)
    real = output._swap

    def interrupted(new: Path, target: Path) -> None:
        os.kill(os.getpid(), signal.SIGTERM)
        real(new, target)

    monkeypatch.setattr(output, "_swap", interrupted)
    with (
        pytest.raises(Terminated, match="after the new site was put in"),
        publishing(site) as staging,
    ):
        (staging / "index.html").write_text("new")
    assert (site / "index.html").read_text() == "new"
    assert _leftovers(tmp_path) == []


def test_outside_the_main_thread_sigterm_is_left_alone(tmp_path: Path) -> None:
    seen: list[object] = []

    def publish() -> None:
        with publishing(tmp_path / "site"):
            seen.append(signal.getsignal(signal.SIGTERM))

    worker = threading.Thread(target=publish)
    worker.start()
    worker.join()
    assert seen == [signal.SIG_DFL]
    assert (tmp_path / "site" / MARKER).is_file()


@pytest.mark.parametrize(
    "content",
    [
        '{"tool": "other", "files": []}',
        "[1, 2]",
        "not json",
        '{"tool": "taxonomist", "files": "x"}',
    ],
)
def test_a_foreign_or_broken_marker(tmp_path: Path, content: str) -> None:
    (tmp_path / MARKER).write_text(content)
    expected = set() if "taxonomist" in content else None
    assert written_by_build(tmp_path) == expected


def test_an_oversized_marker_is_not_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / MARKER).write_text(output.marker_text(["a" * 100]))
    assert written_by_build(tmp_path) == {"a" * 100}
    monkeypatch.setattr(output, "_MARKER_LIMIT", 64)
    assert written_by_build(tmp_path) is None


def test_a_marker_that_is_a_fifo_or_a_link_is_not_opened(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / MARKER)  # opening it would block for ever
    assert written_by_build(tmp_path) is None
    linked = tmp_path / "linked"
    linked.mkdir()
    (tmp_path / "real").write_text(output.marker_text([]))
    (linked / MARKER).symlink_to(tmp_path / "real")
    assert written_by_build(linked) is None


def test_files_in_counts_links_and_leaves_out_the_marker(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f").write_text("x")
    (tmp_path / "to-d").symlink_to(tmp_path / "d")
    (tmp_path / MARKER).write_text("{}")
    assert output.files_in(tmp_path) == {"d/f", "to-d"}
