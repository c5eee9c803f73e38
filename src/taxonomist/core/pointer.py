"""JSON pointers (RFC 6901): the one place a path into a document is written or split.

Findings name a place in a JSON, YAML or XML-derived document by pointer
(``/annotations/3/bbox``); readers, the taxonomy loader and the locators all build and take
them apart here, so ``~`` and ``/`` inside keys are escaped the same way everywhere.
"""

from __future__ import annotations


def escape(token: object) -> str:
    """One reference token: ``~`` becomes ``~0`` and ``/`` becomes ``~1``."""
    return str(token).replace("~", "~0").replace("/", "~1")


def pointer(*tokens: object) -> str:
    """The pointer of ``tokens`` (``pointer("images", 3) == "/images/3"``)."""
    return "".join("/" + escape(t) for t in tokens)


def split(ptr: str) -> list[str]:
    """The tokens of ``ptr`` (``split("/a~1b/0") == ["a/b", "0"]``), inverse of ``pointer``."""
    if not ptr:
        return []
    return [t.replace("~1", "/").replace("~0", "~") for t in ptr[1:].split("/")]
