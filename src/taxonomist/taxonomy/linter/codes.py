"""Every taxonomy lint code (``T`` + 3 digits), gathered for the catalogue and ``rules``.

T0xx the file and its YAML, T1xx structure, T2xx references, T3xx uniqueness and the id
lock, T4xx keypoints, attributes and label types, T5xx rules and examples, T6xx the built-in
library, T7xx translations, T9xx warnings.
Each code is a constant declared in the module that emits it; this registry only collects
the modules' ``CODES`` tuples, so a code nothing emits cannot be listed.
"""

from __future__ import annotations

from taxonomist.core.codes import CodeDoc
from taxonomist.taxonomy import derive, loader, source, translation_files
from taxonomist.taxonomy import lock as lock_file
from taxonomist.taxonomy.linter import (
    advice,
    context,
    examples,
    lock,
    messages,
    overrides,
    references,
    shapes,
    translations,
    uniqueness,
)

_DECLARED = (
    *source.CODES,
    *messages.CODES,
    *context.CODES,
    *references.CODES,
    *derive.CODES,
    *loader.CODES,
    *shapes.CODES,
    *uniqueness.CODES,
    *lock.CODES,
    *lock_file.CODES,
    *examples.CODES,
    *overrides.CODES,
    *advice.CODES,
    *translation_files.CODES,
    *translations.CODES,
)

CODES: dict[str, CodeDoc] = {doc.code: doc for doc in sorted(_DECLARED, key=lambda d: d.code)}
