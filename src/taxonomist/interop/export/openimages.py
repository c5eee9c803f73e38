"""An Open Images class descriptions CSV (``oidv6-class-descriptions.csv``): one
``LabelName,DisplayName`` row per class that keeps its MID in ``external_ids.openimages``
(what ``taxonomist import openimages`` writes), by stable id, under the header row V6 and
later write (Datumaro's exporter writes the same file, ``OpenImagesExporter._save_categories``).
The display name is the class's title, else its name. Deprecated classes are left out; the
abstract ones stay, since Open Images lists its parent classes (Vehicle, Animal) too. CSV
has no comments, so unlike the other exporters the file carries no header comment; the
hierarchy JSON is not written.
"""

from __future__ import annotations

import csv
import io

from taxonomist.core.errors import InvalidInput
from taxonomist.taxonomy.resolved import Taxonomy

SUFFIX = ".csv"
MID_KEY = "openimages"
HEADER = ("LabelName", "DisplayName")


def export(taxonomy: Taxonomy) -> str:
    """The class descriptions CSV text."""
    classes = sorted(
        (
            c
            for c in taxonomy.classes.values()
            if MID_KEY in c.spec.external_ids and not c.deprecated
        ),
        key=lambda c: c.id,
    )
    rows = [(c.spec.external_ids[MID_KEY], c.spec.title or c.name) for c in classes]
    if not rows:
        raise InvalidInput(
            f"{taxonomy.path}: no class has an Open Images MID",
            hint="give each class external_ids: {openimages: /m/...} "
            "(taxonomist import openimages writes them)",
        )
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()
