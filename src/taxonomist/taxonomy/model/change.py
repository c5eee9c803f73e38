"""How a taxonomy says what changed since its previous version: the split of a class, the
attribute values that map onto new ones, and where the previous versions are kept.

``taxonomist diff`` reads these to classify a change, ``taxonomist migrate`` to rewrite
annotation files, and the guideline site's changes page to tell annotators.
"""

from __future__ import annotations

from pydantic import Field

from taxonomist.taxonomy.model.base import Doc, Name, Scalar
from taxonomist.taxonomy.model.conditions import Condition


class SplitTarget(Doc):
    """One class a deprecated class was split into, and when an old object becomes it."""

    class_: Name = Field(alias="class")
    when: Condition | None = Field(
        None,
        description="Objects of the old class for which this holds become this class; "
        "without it, annotators decide (the object goes to the re-annotation list).",
    )


class Migration(Doc):
    """An attribute value that was renamed or removed, and the value old objects get."""

    attribute: Name
    from_: Scalar = Field(alias="from", description="The value as old files write it.")
    to: Scalar | None = Field(
        description="The value in this version; null: the value is dropped (re-annotate)."
    )
