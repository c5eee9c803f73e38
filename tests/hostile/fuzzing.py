"""A reader-agnostic fuzz harness: mutate a seed file, read it, check it, and fail on any
exception that escapes or any example that takes longer than a few seconds.

    seed file (or folder) --copied to tmp--> mutation strategy (bytes -> bytes)
        --> reader(name).read --> check_dataset for each dataset --> touch every location

A ``Seed`` names the reader, the file or folder copied into a fresh workspace (so companion
files such as panoptic PNGs or a YOLO ``data.yaml`` come along) and the file inside it that
is mutated. A mutation strategy is a function from the seed file's bytes to a hypothesis
strategy of new bytes: ``json_mutations`` is structure-aware (it parses the JSON, or each
line of a JSON Lines file, and replaces, deletes, duplicates or re-types a value at a random
pointer), ``byte_mutations`` flips and truncates bytes. Other formats add their own
strategies (XML, YAML, text lines) and reuse ``fuzz_settings`` and ``run_example``.

What counts as an escape: any exception from the reader other than a deliberate
``TaxonomistError`` (not ``InternalError``), any exception from the rules, and a reader
finding of the engine's own "reader failed" code (the safety net caught a bug). The example
budget is ``TAXONOMIST_FUZZ_EXAMPLES`` (a long run sets it to thousands).
"""

from __future__ import annotations

import copy
import json
import math
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from taxonomist.check.engine import check_dataset
from taxonomist.core.errors import InternalError, TaxonomistError
from taxonomist.dataset.model import Dataset
from taxonomist.formats import READERS, reader
from taxonomist.formats.discover import HEAD_BYTES
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy

TAXONOMY = Path(__file__).parents[1] / "data" / "check" / "taxonomies" / "base.yaml"
EXAMPLES_VARIABLE = "TAXONOMIST_FUZZ_EXAMPLES"
BUG_CODES = frozenset({"F030", "F031"})  # the engine's safety net: reader or rules crashed
DEADLINE = timedelta(seconds=5)

Mutation = Callable[[bytes], st.SearchStrategy[bytes]]


@dataclass(frozen=True)
class Seed:
    """A valid input to start from: ``root`` (a file or a folder) is copied whole into the
    workspace; ``target`` is the file inside a folder root that mutations rewrite, and
    ``read`` what the reader is given (the copied root by default)."""

    reader: str
    root: Path
    target: str = ""
    read: str = ""

    def __str__(self) -> str:  # hypothesis prints the seed of a failing example
        return f"{self.reader}:{self.root.name}/{self.target}"


def fuzz_settings(default_examples: int = 200) -> settings:
    """Deterministic (``derandomize``), no example database, a per-example deadline; the
    budget is raised for a long run by ``TAXONOMIST_FUZZ_EXAMPLES``."""
    return settings(
        max_examples=int(os.environ.get(EXAMPLES_VARIABLE, default_examples)),
        deadline=DEADLINE,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


@cache
def fuzz_taxonomy() -> Taxonomy:
    """The taxonomy every example is checked against (loaded once: loading is the slow part)."""
    return load(TAXONOMY)


def workspace(seed: Seed, tmp: Path) -> tuple[Path, Path]:
    """Copy the seed into ``tmp`` (fresh per example); return (file to mutate, path to read)."""
    destination = tmp / "work"
    if destination.exists():
        shutil.rmtree(destination)
    destination.mkdir(parents=True)
    copied = destination / seed.root.name
    if seed.root.is_dir():
        shutil.copytree(seed.root, copied)
    else:
        shutil.copyfile(seed.root, copied)
    target = copied / seed.target if seed.target else copied
    return target, (copied / seed.read if seed.read else copied)


def seed_bytes(seed: Seed) -> bytes:
    return (seed.root / seed.target if seed.target else seed.root).read_bytes()


def run_example(seed: Seed, data: bytes, tmp: Path) -> list[Dataset]:
    """Write ``data`` over the seed's target in a fresh workspace, read and check it; raise
    ``AssertionError`` if the reader or the rules let an exception escape."""
    target, path = workspace(seed, tmp)
    target.write_bytes(data)
    _sniff_all(path)
    try:
        datasets = reader(seed.reader).read(path)
    except InternalError:
        raise
    except TaxonomistError:
        return []  # a deliberate stop: read_source turns it into an F001 finding
    for dataset in datasets:
        findings = check_dataset(fuzz_taxonomy(), dataset)
        _touch(dataset)
        caught = [f.render() for f in findings if f.code in BUG_CODES]
        assert not caught, caught
    return datasets


def _sniff_all(path: Path) -> None:
    """Every reader sniffs the input (discovery does, before any reader is chosen)."""
    head = path.read_bytes()[:HEAD_BYTES] if path.is_file() else b""
    for name in READERS:
        reader(name).sniff(path, head)


def _touch(dataset: Dataset) -> None:
    """What reporters and rules touch: every location, every column length."""
    for row in range(len(dataset.objects)):
        dataset.object_location(row)
    for row in range(len(dataset.images)):
        dataset.image_location(row)
    for finding in dataset.findings:
        finding.render()


# --- structure-aware JSON mutations ---------------------------------------------------------


def _nested(depth: int) -> Any:
    value: Any = 1
    for _ in range(depth):
        value = [value]
    return value


HOSTILE: tuple[Any, ...] = (
    None,
    True,
    False,
    0,
    -1,
    -0.0,
    1.5,
    2**31,
    2**63,
    2**64 + 1,
    -(2**63) - 1,
    10**400,
    1e308,
    -1e308,
    math.nan,
    math.inf,
    -math.inf,
    "",
    "١٢",
    "²",
    "1",
    "x" * 10_000,
    "\x00",
    "a\x00b.png",
    "\x1b[31mred\x1b]0;title\x07",
    "line\nforged",
    "../../../../etc/passwd",
    "/etc/passwd",
    [],
    {},
    [[]],
    [None],
    ["x"],
    [1, 2, 3],
    [math.nan, 1, 2, 3],
    {"": None},
    {"size": [1, 1], "counts": "!"},
    _nested(200),
)
HOSTILE_VALUES = st.sampled_from(HOSTILE) | st.integers() | st.text(max_size=6)


def _pointers(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found.extend(_pointers(child, (*prefix, key)))
    elif isinstance(value, list):
        for index, child in enumerate(value[:50]):  # a long list: its head is enough
            found.extend(_pointers(child, (*prefix, index)))
    return found


def _retype(value: Any, how: int) -> Any:
    """The same value in another JSON type: wrapped in a list or object, or as a string."""
    return ([value], {"value": value}, json.dumps(value) if how == 2 else str(value))[how % 3]


def _apply(doc: Any, pointer: tuple[Any, ...], action: str, value: Any) -> Any:
    if not pointer:
        return copy.deepcopy(value) if action == "replace" else _retype(doc, 0)
    parent = doc
    for key in pointer[:-1]:
        parent = parent[key]
    key = pointer[-1]
    if action == "delete":
        del parent[key]
    elif action == "duplicate" and isinstance(parent, list):
        parent.insert(key, json.loads(json.dumps(parent[key])))
    elif action == "retype":
        parent[key] = _retype(parent[key], value if isinstance(value, int) else 0)
    elif action == "rename" and isinstance(parent, dict):
        parent[value if isinstance(value, str) else str(value)] = parent.pop(key)
    else:
        parent[key] = copy.deepcopy(value)  # a shared HOSTILE list must never be mutated later
    return doc


ACTIONS = ("replace", "replace", "replace", "delete", "duplicate", "retype", "rename")


@st.composite
def _mutated_doc(draw: st.DrawFn, doc: Any) -> Any:
    doc = json.loads(json.dumps(doc))
    for _ in range(draw(st.integers(1, 3))):
        pointers = _pointers(doc)
        pointer = draw(st.sampled_from(pointers))
        action = draw(st.sampled_from(ACTIONS))
        value = draw(st.integers(0, 2) if action == "retype" else HOSTILE_VALUES)
        doc = _apply(doc, pointer, action, value)
    return doc


def _dump(doc: Any) -> str:
    return json.dumps(doc, allow_nan=True, ensure_ascii=False)


def json_mutations(raw: bytes) -> st.SearchStrategy[bytes]:
    """Structure-aware mutations of a JSON document or a JSON Lines file (one line chosen)."""
    text = raw.decode("utf-8-sig")
    try:
        doc = json.loads(text)
    except json.JSONDecodeError:  # JSON Lines: mutate the list of lines as one document
        lines = [json.loads(line) for line in text.splitlines() if line.strip()]
        return _mutated_doc(lines).map(
            lambda docs: (
                "\n".join(_dump(d) for d in docs).encode()
                if isinstance(docs, list)
                else _dump(docs).encode()
            )
        )
    return _mutated_doc(doc).map(lambda d: _dump(d).encode())


def byte_mutations(raw: bytes) -> st.SearchStrategy[bytes]:
    """A few bytes overwritten, then perhaps truncated."""

    @st.composite
    def mutate(draw: st.DrawFn) -> bytes:
        data = bytearray(raw)
        for _ in range(draw(st.integers(0, 4))):
            data[draw(st.integers(0, len(data) - 1))] = draw(st.integers(0, 255))
        cut = draw(st.integers(0, len(data)))
        return bytes(data[:cut] if draw(st.booleans()) else data)

    return mutate()


def mixed_mutations(raw: bytes) -> st.SearchStrategy[bytes]:
    """Mostly structure-aware, sometimes raw bytes."""
    return json_mutations(raw) | json_mutations(raw) | json_mutations(raw) | byte_mutations(raw)


def seeded(seeds: list[Seed], mutation: Mutation) -> st.SearchStrategy[tuple[Seed, bytes]]:
    """A seed drawn from ``seeds`` and one mutation of its bytes."""
    strategies = {seed: mutation(seed_bytes(seed)) for seed in seeds}
    return st.sampled_from(seeds).flatmap(lambda s: strategies[s].map(lambda b: (s, b)))


# --- long runs: collect every distinct escape instead of stopping at the first ----------------


def collect_escapes(
    seeds: list[Seed], mutation: Mutation, examples: int, tmp: Path
) -> dict[str, str]:
    """Run ``examples`` mutations and return each distinct escape (exception type and the
    innermost taxonomist frame that raised it) with one input that triggers it."""
    import traceback
    import warnings

    from hypothesis import given

    escapes: dict[str, str] = {}

    @settings(max_examples=examples, deadline=None, database=None, derandomize=False)
    @given(example=seeded(seeds, mutation))
    def run(example: tuple[Seed, bytes]) -> None:
        seed, data = example
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error")  # as under pytest: a RuntimeWarning is a bug
                run_example(seed, data, tmp)
        except Exception as exc:  # every escape is recorded, none stops the run
            frames = [
                f for f in traceback.extract_tb(exc.__traceback__) if "taxonomist" in f.filename
            ]
            where = (
                f"{frames[-1].filename.split('src/')[-1]}:{frames[-1].lineno}" if frames else "?"
            )
            key = f"{type(exc).__name__} at {where}"
            escapes.setdefault(key, f"{seed}: {str(exc)[:200]} :: {data[:300]!r}")

    run()
    return escapes


def main() -> None:
    """``python -m tests.hostile.fuzzing MODULE.SEEDS N``: a long run over a seed list of a
    test module (e.g. ``tests.hostile.test_fuzz_json.COCO 5000``), escapes printed."""
    import sys
    import tempfile
    from importlib import import_module

    module, _, name = sys.argv[1].rpartition(".")
    seeds = getattr(import_module(module), name)
    with tempfile.TemporaryDirectory() as tmp:
        escapes = collect_escapes(seeds, mixed_mutations, int(sys.argv[2]), Path(tmp))
    for key, example in sorted(escapes.items()):
        print(f"{key}\n    {example}")
    print(f"{len(escapes)} distinct escapes")


if __name__ == "__main__":
    main()
