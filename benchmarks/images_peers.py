"""The peer of ``taxonomist check --images``, run from the peers' environment by
``images.py``: ``python benchmarks/images_peers.py FOLDER OUT.json``.

cleanvision (``Imagelab(data_path=FOLDER).find_issues``) looks for the issue kinds the image
checks have: blurry, dark, light, exact and near duplicates, grayscale and odd size. It
writes, per issue kind, the file names it flagged (duplicates: every member of a set).
It has no check for a cut-short file and stops on one, so Pillow is told to load them.
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from pathlib import Path

KINDS = ("blurry", "dark", "light", "exact_duplicates", "near_duplicates", "grayscale", "odd_size")


def cleanvision_issues(folder: Path) -> dict[str, list[str]]:
    from cleanvision import Imagelab
    from PIL import ImageFile

    # cleanvision stops the whole run on the first cut-short file ("OSError: image file is
    # truncated"); Pillow's process-wide switch lets it finish (its pool forks this process)
    ImageFile.LOAD_TRUNCATED_IMAGES = True

    with contextlib.redirect_stdout(io.StringIO()):
        lab = Imagelab(data_path=str(folder), verbose=False)
        lab.find_issues({kind: {} for kind in KINDS}, verbose=False)
    issues = lab.issues
    found = {}
    for kind in KINDS:
        column = f"is_{kind}_issue"
        flagged = issues.index[issues[column]] if column in issues else []
        found[kind] = sorted(Path(str(p)).name for p in flagged)
    return found


if __name__ == "__main__":
    folder, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.write_text(json.dumps(cleanvision_issues(folder)), encoding="utf-8")
