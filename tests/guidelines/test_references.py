from __future__ import annotations

import dataclasses

from taxonomist.guidelines.references import broken_references
from taxonomist.taxonomy.model import Exclude
from taxonomist.taxonomy.resolved import Taxonomy


def test_sample_has_no_broken_references(sample: Taxonomy) -> None:
    assert broken_references(sample) == []


def test_broken_exclude_names_the_taxonomy_file_and_line(sample: Taxonomy) -> None:
    person = sample.classes["person"]
    spec = person.spec.model_copy(update={"excludes": [Exclude(text="Ghosts", use="ghost")]})
    classes = dict(sample.classes) | {"person": dataclasses.replace(person, spec=spec)}
    broken = dataclasses.replace(sample, classes=classes, _by_id={}, _by_key={})
    [message] = broken_references(broken)
    assert message.endswith("sample.yaml:37:42: exclude names unknown class 'ghost'")
