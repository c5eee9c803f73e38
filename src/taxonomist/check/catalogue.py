"""The catalogue of every code taxonomist reports, for ``taxonomist rules``.

Aggregated from the modules that emit the codes, so the docs cannot drift from the checks:
the format readers' file and structure codes, the interop readers' codes, the codes of the
checks the rule families run (``taxonomist.check.rules.FAMILIES``), and the taxonomy
linter's ``T`` codes (``taxonomist lint``), whose family is prefixed ``taxonomy lint:`` so
that, say, T201's "references" is not read as the checker's R family.
"""

from __future__ import annotations

from dataclasses import replace
from importlib import import_module

from taxonomist.core.codes import CodeDoc

CODE_SOURCES: tuple[str, ...] = (
    "taxonomist.formats.codes",
    "taxonomist.formats._io.codes",
    "taxonomist.formats._io.xml",
    "taxonomist.formats.voc",
    "taxonomist.formats.yolo",
    "taxonomist.formats.yolo.config",
    "taxonomist.formats.yolo.lines",
    "taxonomist.formats.label_studio.results",
    "taxonomist.formats.masks",
    "taxonomist.formats.kitti",
    "taxonomist.formats.class_folders",
    "taxonomist.formats.cityscapes",
    "taxonomist.formats.openimages",
    "taxonomist.formats.labelme_xml.objects",
    "taxonomist.formats.vistas.masks",
    "taxonomist.formats.ade20k.sceneparsing",
    "taxonomist.formats.ade20k.full",
    "taxonomist.formats.datumaro.schema",
    "taxonomist.formats.sagemaker",
    "taxonomist.formats.huggingface",
    "taxonomist.formats.supervisely.objects",
    "taxonomist.formats.darwin",
    "taxonomist.check.limits",
    "taxonomist.check.cross_shard",
)
LINT_SOURCE = "taxonomist.taxonomy.linter.codes"
LINT_PREFIX = "T"


def _reader_codes() -> list[CodeDoc]:
    docs: list[CodeDoc] = []
    for module_name in CODE_SOURCES:
        codes = import_module(module_name).CODES
        docs.extend(codes.values() if isinstance(codes, dict) else codes)
    return docs


def _lint_codes() -> list[CodeDoc]:
    codes: dict[str, CodeDoc] = import_module(LINT_SOURCE).CODES
    return [replace(doc, family=f"taxonomy lint: {doc.family}") for doc in codes.values()]


def check_catalogue() -> dict[str, CodeDoc]:
    """Every code ``taxonomist check`` can report (annotation files), sorted by code."""
    from taxonomist.check.engine import all_checks

    docs = [*_reader_codes(), *(doc for check in all_checks() for doc in check.codes)]
    return dict(sorted((doc.code, doc) for doc in docs))


def catalogue() -> dict[str, CodeDoc]:
    """Every documented code, check and taxonomy lint, sorted by family letter and number."""
    docs = [*check_catalogue().values(), *_lint_codes()]
    return dict(sorted((doc.code, doc) for doc in docs))


def find(key: str) -> CodeDoc | None:
    """A code by its code (``G002``, any case) or its kebab-case name.

    A few lint codes share a name with a check code (``duplicate-key`` is F005 and T007);
    a name finds the check code, the code itself finds either.
    """
    found = catalogue().get(key.strip().upper())
    if found is not None:
        return found
    name = key.strip().lower()
    for docs in (check_catalogue(), catalogue()):
        match = next((d for d in docs.values() if d.name == name), None)
        if match is not None:
            return match
    return None
