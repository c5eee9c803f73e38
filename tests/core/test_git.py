"""Reading a revision's files: what an archive from git may hold before it is written out."""

from __future__ import annotations

import tarfile

import pytest

from taxonomist.core.errors import InvalidInput
from taxonomist.core.git import _check_member


def _member(name: str, kind: bytes = tarfile.REGTYPE, link: str = "") -> tarfile.TarInfo:
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info


@pytest.mark.parametrize(
    "member",
    [
        _member("taxonomy.yaml"),
        _member("taxonomies", tarfile.DIRTYPE),
        _member("taxonomies/coco.yaml", tarfile.SYMTYPE, "../shared/coco.yaml"),
    ],
    ids=["file", "folder", "link-inside"],
)
def test_what_a_repository_holds_is_accepted(member: tarfile.TarInfo) -> None:
    _check_member(member)


@pytest.mark.parametrize(
    ("member", "words"),
    [
        (_member("/etc/passwd"), "unsafe path"),
        (_member("../outside.yaml"), "unsafe path"),
        (_member("taxonomies/t.yaml", tarfile.SYMTYPE, "../../../etc/passwd"), "link out"),
        (_member("t.yaml", tarfile.SYMTYPE, "/etc/passwd"), "link out"),
        (_member("fifo", tarfile.FIFOTYPE), "special file"),
        (_member("dev", tarfile.CHRTYPE), "special file"),
    ],
    ids=["absolute", "dot-dot", "link-up", "link-absolute", "fifo", "device"],
)
def test_what_could_write_outside_or_block_is_refused(member: tarfile.TarInfo, words: str) -> None:
    with pytest.raises(InvalidInput, match=words):
        _check_member(member)
