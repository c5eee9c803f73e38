"""The catalogue of every code ``taxonomist check`` can report, for ``taxonomist rules``.

Aggregated from the modules that emit the codes, so the docs cannot drift from the checks:
the format readers' file and structure codes, the interop readers' codes where installed,
and the rule families (``taxonomist.check.rules.FAMILIES``).
"""

from __future__ import annotations

from importlib import import_module

from taxonomist.core.codes import CodeDoc

CODE_SOURCES: tuple[str, ...] = (
    "taxonomist.formats.codes",
    "taxonomist.formats.interop_codes",
)


def _reader_codes() -> list[CodeDoc]:
    docs: list[CodeDoc] = []
    for module_name in CODE_SOURCES:
        try:
            module = import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        codes = module.CODES
        docs.extend(codes.values() if isinstance(codes, dict) else codes)
    return docs


def catalogue() -> dict[str, CodeDoc]:
    """Every documented code, sorted by family letter and number."""
    from taxonomist.check.engine import all_rules
    from taxonomist.check.rules.edge_cases import CHECK_CODES

    docs = [*_reader_codes(), *(rule.doc for rule in all_rules()), *CHECK_CODES.values()]
    return dict(sorted((doc.code, doc) for doc in docs))


def find(key: str) -> CodeDoc | None:
    """A code by its code (``G002``, any case) or its kebab-case name."""
    docs = catalogue()
    found = docs.get(key.strip().upper())
    if found is not None:
        return found
    return next((d for d in docs.values() if d.name == key.strip().lower()), None)
