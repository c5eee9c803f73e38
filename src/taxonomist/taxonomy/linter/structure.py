"""T1xx: the document's structure, checked by the pydantic models, one finding per problem.

Each entry of each section (a class, a rule, a label type, ...) is validated on its own so
that one bad class does not hide the problems of the others; the entries that pass are kept
so the reference checks can still run over them.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from taxonomist.core.findings import Finding
from taxonomist.core.text import shorten
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.linter.messages import UNKNOWN_KEY, errors_to_findings
from taxonomist.taxonomy.linter.vocabulary import SECTION_TYPES, model_fields
from taxonomist.taxonomy.source import NOT_A_MAPPING
from taxonomist.taxonomy.source.document import SourceDoc, location
from taxonomist.taxonomy.translation_files import (
    INVALID_LANGUAGE,
    language_hint,
    valid_language,
    validate_inline,
)

_ADAPTERS: dict[str, TypeAdapter[Any]] = {s: TypeAdapter(t) for s, t in SECTION_TYPES.items()}


def validate_entries(
    section: str, raw: dict[str, Any], src: SourceDoc
) -> tuple[dict[str, Any], list[Finding]]:
    """Validate each entry of a section alone; return the valid ones and the problems."""
    adapter = _ADAPTERS[section]
    good: dict[str, Any] = {}
    findings: list[Finding] = []
    for name, item in raw.items():
        try:
            good[name] = adapter.validate_python(item)
        except ValidationError as exc:
            findings += errors_to_findings(exc, item, src, (section, name))
            salvaged = _salvage(adapter, item, exc)
            if salvaged is not None:
                good[name] = salvaged
    return good, findings


def _salvage(adapter: TypeAdapter[Any], item: Any, exc: ValidationError) -> Any:
    """The entry without its bad keys, so its other references are still checked."""
    current = dict(item) if isinstance(item, dict) else None
    for _ in range(3):
        if current is None:
            return None
        bad = {str(e["loc"][0]) for e in exc.errors(include_url=False) if e["loc"]}
        if not bad & set(current):
            return None
        current = {k: v for k, v in current.items() if k not in bad}
        try:
            return adapter.validate_python(current)
        except ValidationError as again:
            exc = again
    return None


def validate_document(src: SourceDoc, *, fragment: bool) -> tuple[BaseModel | None, list[Finding]]:
    """The document model (entries with errors left out) and every structural finding."""
    data = src.data
    label = src.label
    if not isinstance(data, dict):
        what = "empty" if data is None else f"a {type(data).__name__}"
        if src.findings:
            return None, []
        loc = location(src.pos(""), label, "")
        return None, [NOT_A_MAPPING.finding(f"the document is {what}, not a mapping", loc)]
    stranger = _not_a_taxonomy(data, src, fragment)
    if stranger is not None:
        return None, [stranger]
    top = dict(data)
    findings: list[Finding] = []
    for section in SECTION_TYPES:
        if fragment and section in ("refine", "checks"):
            continue
        if isinstance(top.get(section), dict):
            top[section], problems = validate_entries(section, top[section], src)
            findings += problems
    if fragment:
        return _validate_top(m.Fragment, top, data, src, findings)
    return _with_translations(top, data, src, findings)


def _with_translations(
    top: dict[str, Any], data: dict[str, Any], src: SourceDoc, findings: list[Finding]
) -> tuple[BaseModel | None, list[Finding]]:
    """The document, its ``language`` and ``translations`` read by ``translation_files``
    (which tells a bad tag or an untranslatable field in its own words)."""
    language = top.pop("language", "en")
    translations, problems = validate_inline(top.pop("translations", None), src)
    findings += problems
    if not valid_language(language):
        loc = location(src.pos("/language"), src.label, "/language")
        message = f"{shorten(str(language), 40)!r} is not a language tag"
        hint = language_hint(str(language))
        findings.append(INVALID_LANGUAGE.finding(message, loc, hint=hint))
        language = "en"
    doc, findings = _validate_top(m.TaxonomyDocument, top, data, src, findings)
    if doc is None:
        return None, findings
    return doc.model_copy(update={"language": language, "translations": translations}), findings


_KNOWN_KEYS = model_fields(m.TaxonomyDocument) | model_fields(m.Fragment)


def _not_a_taxonomy(data: dict[str, Any], src: SourceDoc, fragment: bool) -> Finding | None:
    """One finding, quoting nothing, for a mapping none of whose keys the language knows.

    ``include: /etc/shadow`` parses as a mapping of its lines; reporting each as an unknown
    key would print the file's contents, and a file that shares no key with the language is
    not a taxonomy with typos but some other file."""
    if not data or any(key in _KNOWN_KEYS for key in data):
        return None
    what = "fragment" if fragment else "document"
    message = (
        f"not a taxonomy {what}: none of its {len(data)} top-level keys is a key of the "
        "language (its contents are not shown)"
    )
    hint = "include and extends name taxonomy YAML files; check the path"
    return UNKNOWN_KEY.finding(message, location(src.pos(""), src.label, ""), hint=hint)


_PLACEHOLDERS = {"name": "unnamed", "version": "0.0.0"}


def _validate_top(
    model: type[BaseModel],
    top: dict[str, Any],
    data: dict[str, Any],
    src: SourceDoc,
    findings: list[Finding],
) -> tuple[BaseModel | None, list[Finding]]:
    for attempt in range(4):
        try:
            return model.model_validate(top), findings
        except ValidationError as exc:
            if attempt == 0:
                findings += errors_to_findings(exc, data, src, top=model)
            _drop_bad(exc, top)
    return None, findings


def _drop_bad(exc: ValidationError, top: dict[str, Any]) -> None:
    """Remove what failed so the rest can still be checked (placeholders for metadata)."""
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        head = str(loc[0]) if loc else ""
        section = top.get(head)
        if isinstance(section, dict) and len(loc) >= 2 and head in SECTION_TYPES:
            section.pop(str(loc[1]), None)
        elif head in _PLACEHOLDERS and err["type"] != "extra_forbidden":
            top[head] = _PLACEHOLDERS[head]
        else:
            top.pop(head, None)
