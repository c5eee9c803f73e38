"""Structure-aware fuzzing of the Open Images reader on the shared harness
(``tests.hostile.fuzzing``): whatever a mutated CSV or mask holds, reading and checking the
dataset lets no exception escape, and each example finishes within the harness's deadline.

CSV rows get cells replaced by hostile values (the numbers, names and control characters of
``test_fuzz_other``), cells added or dropped, stray quotes, rows doubled, dropped or made
huge, and bytes that are not UTF-8, mirroring ``test_fuzz_other.mutate_label_lines`` with
commas for spaces; masks are replaced by ``test_fuzz_other.random_png``. Seeds are each
annotation CSV of the valid datasets (the whole folder read) and their masks.
``python -m tests.hostile.test_fuzz_openimages N`` runs N examples and prints every
distinct escape.
"""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given

from tests.hostile.fuzzing import Seed, fuzz_settings, run_example, seeded
from tests.hostile.test_fuzz_other import (
    CONTROL,
    NUMBERS,
    PNG_MUTATIONS,
    TEXTS,
    hostile_value,
    randomly,
)

VALID = Path(__file__).parents[1] / "data" / "interop" / "openimages" / "valid"
QUOTES = ('"', '""', '"a,b"', 'x"y', '"\n"', "\r")


def mutate_csv_rows(text: bytes, rng: random.Random) -> bytes:
    """CSV rows with cells replaced, added or dropped, quotes put in, rows doubled, dropped
    or made huge, the header too; NUL bytes and bytes that are not UTF-8."""
    lines = text.decode("utf-8", errors="replace").splitlines() or ["ImageID,LabelName"]
    for _ in range(rng.randint(1, 4)):
        index = rng.randrange(len(lines))
        cells = lines[index].split(",")
        action = rng.randrange(9)
        if action <= 2:
            cells[rng.randrange(len(cells))] = rng.choice((*NUMBERS, "-1", "2", "0.5"))
        elif action == 3:
            cells.insert(rng.randrange(len(cells) + 1), hostile_value(rng))
        elif action == 4 and len(cells) > 1:
            del cells[rng.randrange(len(cells))]
        elif action == 5:
            lines.insert(index, lines[index])
        elif action == 6:
            cells = cells * rng.choice((2, 3, 1000))
        elif action == 7:
            cells[rng.randrange(len(cells))] = rng.choice(QUOTES + CONTROL)
        else:
            cells = [rng.choice(TEXTS + CONTROL)]
        lines[index] = ",".join(cells)
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    if rng.random() < 0.1:
        cut = rng.randrange(len(data) + 1)
        data = data[:cut] + rng.choice((b"\xff\xfe", b"\x00", b"\xc3", b"\r", b"\x0c")) + data[cut:]
    return data


CSV_MUTATIONS = randomly(mutate_csv_rows)


def _seeds(suffix: str) -> list[Seed]:
    """One seed per file of ``suffix`` in each valid dataset folder; the folder is read (a
    lone CSV, panlabel's, is read itself)."""
    seeds = []
    for root in (VALID / "datumaro" / "v6", VALID / "oidv7", VALID / "panlabel"):
        for file in sorted(root.rglob(f"*{suffix}")):
            seeds.append(Seed("openimages", root, file.relative_to(root).as_posix()))
    return seeds


CSVS = _seeds(".csv")
MASKS = [s for s in _seeds(".png") if s.target.startswith("masks/")]
READERS = {"openimages": (CSVS, CSV_MUTATIONS), "openimages-masks": (MASKS, PNG_MUTATIONS)}


@fuzz_settings(200)
@given(example=seeded(CSVS, CSV_MUTATIONS))
def test_openimages_csv_mutations_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


@fuzz_settings(100)
@given(example=seeded(MASKS, PNG_MUTATIONS))
def test_random_openimages_masks_never_escape(tmp_path: Path, example: tuple[Seed, bytes]) -> None:
    run_example(*example, tmp_path)


def main() -> None:
    """``python -m tests.hostile.test_fuzz_openimages N``: N examples, every distinct escape."""
    import sys
    import tempfile

    from tests.hostile.fuzzing import collect_escapes

    examples = int(sys.argv[1])
    for name, (seeds, mutation) in READERS.items():
        with tempfile.TemporaryDirectory() as tmp:
            escapes = collect_escapes(seeds, mutation, examples, Path(tmp))
        for key, example in sorted(escapes.items()):
            print(f"{name}: {key}\n    {example}")
        print(f"{name}: {examples} examples, {len(escapes)} distinct escapes")


if __name__ == "__main__":
    main()
