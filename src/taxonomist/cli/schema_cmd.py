"""``taxonomist schema``: JSON Schemas (draft 2020-12).

``taxonomist schema TAXONOMY [-o FILE]``: native annotation files for that taxonomy;
``--coco``: COCO instances files restricted to its category ids;
``taxonomist schema --language [-o FILE]``: the taxonomy language itself, for editors
(``--fragment``: files named by ``include:``; ``--translation``: translation files).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from taxonomist.cli._output import write_output
from taxonomist.core.errors import ExitCode, UsageError

TaxonomyArg = Annotated[
    Path | None,
    typer.Argument(
        metavar="[TAXONOMY]", help="Taxonomy YAML or builtin:NAME (not with --language)."
    ),
]
OutputOpt = Annotated[
    Path | None, typer.Option("--output", "-o", help="Write here (default: standard output).")
]
LanguageOpt = Annotated[
    bool, typer.Option("--language", help="The schema of the taxonomy language itself.")
]
FragmentOpt = Annotated[
    bool, typer.Option("--fragment", help="With --language: the schema of include: fragments.")
]
TranslationOpt = Annotated[
    bool,
    typer.Option("--translation", help="With --language: the schema of translation files."),
]
CocoOpt = Annotated[
    bool, typer.Option("--coco", help="A COCO instances schema restricted to the taxonomy.")
]


def register(app: typer.Typer) -> None:
    """Add the ``schema`` command to ``app``."""
    app.command(name="schema")(schema_command)


def schema_command(
    taxonomy: TaxonomyArg = None,
    *,
    output: OutputOpt = None,
    language: LanguageOpt = False,
    fragment: FragmentOpt = False,
    translation: TranslationOpt = False,
    coco: CocoOpt = False,
) -> None:
    """Write a JSON Schema (draft 2020-12): of annotation files for TAXONOMY, or of the
    taxonomy language (--language)."""
    from taxonomist.schema import dump_schema

    parts = {"fragment": fragment, "translation": translation}
    text = dump_schema(_build(taxonomy, language=language, parts=parts, coco=coco))
    write_output(text, output)
    raise typer.Exit(ExitCode.OK)


def _build(
    taxonomy: Path | None, *, language: bool, parts: dict[str, bool], coco: bool
) -> dict[str, Any]:
    if language == (taxonomy is not None):
        raise UsageError("give either a TAXONOMY file or --language (not both)")
    if language:
        if coco:
            raise UsageError("--coco needs a TAXONOMY, not --language")
        from taxonomist.schema.language import language_schema

        if all(parts.values()):
            raise UsageError("give --fragment or --translation, not both")
        return language_schema(**parts)
    for name, given in parts.items():
        if given:
            raise UsageError(f"--{name} goes with --language")
    assert taxonomy is not None
    from taxonomist.schema.annotation import annotation_schema, coco_schema
    from taxonomist.taxonomy import load

    loaded = load(taxonomy)
    return coco_schema(loaded) if coco else annotation_schema(loaded)
