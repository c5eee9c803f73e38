"""The cyclic garbage collector paused for bulk work (decoding a file, building columns).

The collector would otherwise re-scan every container built so far each time a generation
fills up, which costs several times the parse itself on big files; readers and the checker
make big columns, not cycles.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector for a bulk load (restores its previous state)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
