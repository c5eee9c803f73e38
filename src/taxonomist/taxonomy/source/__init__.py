"""Safe, position-aware YAML: plain data plus the ``line:col`` of every JSON pointer.

PyYAML's composer gives a node tree with marks; we build the Python values ourselves from
it so that we can (a) remember where every value was written, (b) report duplicate keys
(YAML silently keeps the last), (c) refuse non-string keys and unsafe tags, and (d) stop
alias bombs and deep nesting after a bounded amount of work. Nothing here raises for bad
input: problems come back as findings.

Here: reading a file within bounds (``read_source``) and parsing text (``parse_text``, with a
streaming pre-pass that refuses deep nesting before the recursive composer runs). The values
are built in ``source.builder``; the parsed file is a ``source.document.SourceDoc``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from taxonomist.core.codes import CodeDoc
from taxonomist.core.files import FileTooLarge, NotRegularFile, read_regular_text
from taxonomist.core.findings import Finding, Location
from taxonomist.taxonomy.resolved import SourcePos
from taxonomist.taxonomy.source.builder import (
    DUPLICATE_KEY,
    MAX_DEPTH,
    MAX_NODES,
    NON_STRING_KEY,
    YAML_SYNTAX,
    YAML_TAG,
    YAML_TOO_DEEP,
    YAML_TOO_LARGE,
    Builder,
    Stop,
)
from taxonomist.taxonomy.source.document import SourceDoc, location

FILE_UNREADABLE = CodeDoc(
    code="T001",
    name="file-unreadable",
    family="file",
    summary="The taxonomy file cannot be read.",
    why="Nothing else can be checked.",
    bad="(missing file)",
    good="an existing UTF-8 file",
)

FILE_TOO_LARGE = CodeDoc(
    code="T002",
    name="file-too-large",
    family="file",
    summary="The file is larger than 20 MB.",
    why="Huge inputs are refused rather than exhausting memory.",
    bad="(a 50 MB file)",
    good="split it with include:",
)

NOT_A_MAPPING = CodeDoc(
    code="T101",
    name="not-a-mapping",
    family="structure",
    summary="The document is not a mapping.",
    why="A taxonomy is a mapping of sections.",
    bad="- person",
    good="name: demo\nversion: 1.0.0",
)

CODES: tuple[CodeDoc, ...] = (
    FILE_UNREADABLE,
    FILE_TOO_LARGE,
    YAML_SYNTAX,
    YAML_TOO_LARGE,
    YAML_TOO_DEEP,
    YAML_TAG,
    DUPLICATE_KEY,
    NON_STRING_KEY,
    NOT_A_MAPPING,
)

MAX_BYTES = 20 * 1024 * 1024
PREPASS_CHARS = 1024 * 1024

_Loader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _events_ok(text: str, doc: SourceDoc, file: str) -> bool:
    """A cheap, non-recursive pass: refuse deep nesting before the recursive composer runs."""
    depth = 0
    for events, event in enumerate(_events(text), 1):
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            mark = event.start_mark
            if depth > MAX_DEPTH and mark is not None:
                pos = SourcePos(file, mark.line + 1, mark.column + 1)
                doc.findings.append(
                    YAML_TOO_DEEP.finding(
                        f"nesting deeper than {MAX_DEPTH} levels", location(pos, file)
                    )
                )
                return False
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1
        if events > MAX_NODES * 2:
            doc.findings.append(
                YAML_TOO_LARGE.finding(
                    f"document has more than {MAX_NODES:,} values", Location(file=file)
                )
            )
            return False
    return True


def _events(text: str) -> Iterator[yaml.Event]:
    return yaml.parse(text, Loader=_Loader)


def _syntax_finding(exc: yaml.YAMLError, file: str) -> Finding:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"YAML syntax: {problem}" + (f" ({context})" if context else "")
    code, hint = YAML_SYNTAX, "check indentation, colons and quotes"
    if "nesting depth" in str(problem):  # libyaml's own limit, reported as a syntax error
        # the same words as the pure-Python loader's pre-pass, whichever loader is installed
        code, message = YAML_TOO_DEEP, f"nesting deeper than {MAX_DEPTH} levels"
        hint = "flatten the document"
    if mark is None:
        return code.finding(message, Location(file=file), hint=hint)
    loc = Location(file=file, line=mark.line + 1, column=mark.column + 1)
    return code.finding(message, loc, hint=hint)


def parse_text(
    text: str, path: Path, file: str | None = None, *, scalar_keys: bool = False
) -> SourceDoc:
    """Parse YAML ``text``; ``doc.data`` is None when the document was refused.

    Taxonomies allow only string keys (T008); ``scalar_keys`` accepts numbers and the other
    plain scalars as keys too, for files of other tools (a YOLO ``names: {0: person}``)."""
    label = file if file is not None else str(path)
    doc = SourceDoc(path=path, label=label)
    try:
        # libyaml refuses nesting past 1000 levels itself and composes without Python
        # recursion; the pure-Python composer recurses, so it needs the streaming pre-pass.
        # Large files get it too, so that millions of values are refused before composing.
        prepass = _Loader is yaml.SafeLoader or len(text) > PREPASS_CHARS
        if prepass and not _events_ok(text, doc, label):
            return doc
        node = yaml.compose(text, Loader=_Loader)
    except yaml.YAMLError as exc:
        doc.findings.append(_syntax_finding(exc, label))
        return doc
    except RecursionError:
        message = f"nesting deeper than {MAX_DEPTH} levels"
        doc.findings.append(YAML_TOO_DEEP.finding(message, Location(file=label)))
        return doc
    if node is None:
        doc.data = None
        doc.findings.append(NOT_A_MAPPING.finding("the file is empty", Location(file=label)))
        return doc
    try:
        doc.data = Builder(doc, label, scalar_keys=scalar_keys).build(node, "", 0)
    except Stop:
        doc.data = None
    return doc


def read_source(path: Path, file: str | None = None, *, scalar_keys: bool = False) -> SourceDoc:
    """Read and parse one YAML file; unreadable, huge or non-UTF-8 files become findings.

    Every YAML file taxonomist reads comes through here (taxonomies, YOLO ``data.yaml``,
    importer inputs), so all are bounded alike: regular files only, 20 MB, 200,000 values
    after aliases, 100 levels of nesting."""
    label = file if file is not None else str(path)
    doc = SourceDoc(path=path, label=label)
    try:
        text = read_regular_text(path, MAX_BYTES)  # a FIFO would block, /dev/zero never ends
    except NotRegularFile as exc:
        message = f"not a regular file: {exc.kind}"
        doc.findings.append(FILE_UNREADABLE.finding(message, Location(file=label)))
        return doc
    except FileTooLarge as exc:
        message = f"file is {exc.size / 1e6:.1f} MB; YAML files are limited to 20 MB"
        doc.findings.append(FILE_TOO_LARGE.finding(message, Location(file=label)))
        return doc
    except UnicodeDecodeError as exc:
        message = f"file is not UTF-8 text (byte {exc.start})"
        doc.findings.append(FILE_UNREADABLE.finding(message, Location(file=label)))
        return doc
    except OSError as exc:
        message = f"cannot read the file: {exc.strerror or exc}"
        doc.findings.append(FILE_UNREADABLE.finding(message, Location(file=label)))
        return doc
    return parse_text(text, path, label, scalar_keys=scalar_keys)
