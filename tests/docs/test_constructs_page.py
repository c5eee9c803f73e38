"""The constructs reference page cannot drift from the language.

``guidelines/reference/constructs.md`` says, for each of the 22 constructs of the design,
how the taxonomy language writes it and which codes enforce it. Every YAML example on it
must lint without errors, every code it names must exist, its summary table must agree
with its sections, and the annotation files given in ``<!-- check: ... -->`` comments must
give exactly the codes the page claims (so "not checked" claims break when checks arrive).
"""

from __future__ import annotations

import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from taxonomist.check import run_check
from taxonomist.check.catalogue import catalogue
from taxonomist.core.findings import Finding, Severity
from taxonomist.taxonomy import lint, load
from taxonomist.taxonomy.linter.codes import CODES as LINT_CODES

REPO = Path(__file__).parents[2]
PAGE = REPO / "guidelines" / "reference" / "constructs.md"
DESIGN = REPO / ".." / "shared" / "DESIGN.md"
FIXTURES = Path(__file__).parents[1] / "data" / "constructs"

HEADING = re.compile(r"^## (\d+)\. (.+)$", re.M)
BLOCK = re.compile(r"(?:<!-- file: (\S+) -->\n)?```yaml\n(.*?)```", re.S)
PROBE = re.compile(
    r"\*\*Annotation file\*\* \(`taxonomist check` finds exactly: ([A-Z0-9, ]+|nothing)\):\n\n"
    r"```json\n(.*?)```",
    re.S,
)
WRONG = re.compile(r"\*\*Passes lint, though wrong\*\*[^\n]*\n\n```yaml\n(.*?)```", re.S)
CODE = re.compile(r"\b[A-Z]\d{3}\b")
FIELD = re.compile(
    r"^\*\*(Expressible|How|Lint|Check|Site|Not checked):\*\*(.*?)(?=\n\n|\Z)", re.M | re.S
)
EXPRESSIBLE = ("yes", "partly", "guidance only")


@dataclass
class Snippet:
    section: int
    text: str
    file: str | None  # written under this name for other snippets to use (extends)


@dataclass
class Section:
    number: int
    title: str
    body: str
    fields: dict[str, str] = field(default_factory=dict)


def _text() -> str:
    return PAGE.read_text(encoding="utf-8")


def _sections() -> list[Section]:
    text = _text().split("\n## Summary", 1)[0]
    heads = list(HEADING.finditer(text))
    found = []
    for head, after in zip(heads, [*heads[1:], None], strict=True):
        body = text[head.end() : after.start() if after else len(text)]
        fields = {m.group(1): " ".join(m.group(2).split()) for m in FIELD.finditer(body)}
        found.append(Section(int(head.group(1)), head.group(2), body, fields))
    return found


def _snippets() -> list[Snippet]:
    return [
        Snippet(s.number, m.group(2), m.group(1))
        for s in _sections()
        for m in BLOCK.finditer(s.body)
    ]


def _probes() -> list[tuple[int, str, str, set[str]]]:
    """(section, the taxonomy YAML shown before the file, annotation JSON, expected codes)."""
    probes = []
    for section in _sections():
        for match in PROBE.finditer(section.body):
            yaml_text = list(BLOCK.finditer(section.body[: match.start()]))[-1].group(2)
            expected = set(match.group(1).replace(",", " ").split()) - {"nothing"}
            probes.append((section.number, yaml_text, match.group(2), expected))
    return probes


def _summary() -> dict[int, list[str]]:
    table = _text().split("\n## Summary", 1)[1]
    rows = {}
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].isdigit():
            rows[int(cells[0])] = cells
    return rows


def _codes(text: str) -> set[str]:
    return set(CODE.findall(text))


def _prepare(tmp_path: Path) -> None:
    """Fixture files (example images and annotations) and the page's named files."""
    shutil.copytree(FIXTURES, tmp_path, dirs_exist_ok=True)
    for snippet in _snippets():
        if snippet.file:
            (tmp_path / snippet.file).write_text(snippet.text, encoding="utf-8")


def _describe(findings: list[Finding]) -> str:
    return "\n".join(f"{f.code} {f.message}" for f in findings)


def test_sections_are_the_22_constructs() -> None:
    assert [s.number for s in _sections()] == list(range(1, 23))
    assert sorted(_summary()) == list(range(1, 23))


def test_sections_quote_the_design() -> None:
    if not DESIGN.is_file():
        pytest.skip("../shared/DESIGN.md is not present")
    design = DESIGN.read_text(encoding="utf-8").split("## What the language must express", 1)[1]
    design = design.split("\n## ", 1)[0]
    items = re.findall(r"^(\d+)\. (.*?)(?=^\d+\. |\Z)", design, re.M | re.S)
    wanted = {int(n): " ".join(t.split()) for n, t in items}
    for section in _sections():
        quote = re.search(r"^> (.*?)(?=\n\n)", section.body, re.M | re.S)
        assert quote is not None, f"section {section.number} quotes no requirement"
        said = " ".join(quote.group(1).replace("\n> ", " ").split())
        assert said == wanted[section.number], f"section {section.number}"


@pytest.mark.parametrize("section", _sections(), ids=lambda s: str(s.number))
def test_section_answers_every_question(section: Section) -> None:
    assert {"Expressible", "How", "Lint", "Check", "Site"} <= set(section.fields)
    assert section.fields["Expressible"] in EXPRESSIBLE
    assert BLOCK.search(section.body), "every construct shows a YAML example"
    if section.fields["Expressible"] == "partly":
        assert "Not checked" in section.fields, "say exactly what is not checked"
    assert all(c.startswith("T") for c in _codes(section.fields["Lint"]))
    assert not any(c.startswith("T") for c in _codes(section.fields["Check"]))


def test_every_code_named_exists() -> None:
    known = set(LINT_CODES) | set(catalogue())
    assert _codes(_text()) - known == set()


@pytest.mark.parametrize("section", _sections(), ids=lambda s: str(s.number))
def test_summary_row_agrees_with_section(section: Section) -> None:
    row = _summary()[section.number]
    assert row[2] == section.fields["Expressible"]
    assert _codes(row[3]) == _codes(section.fields["Lint"])
    assert _codes(row[4]) == _codes(section.fields["Check"])


@pytest.mark.parametrize(
    "snippet", _snippets(), ids=lambda s: f"{s.section}-{s.file or s.text.split()[1]}"
)
def test_snippet_lints_without_errors(snippet: Snippet, tmp_path: Path) -> None:
    _prepare(tmp_path)
    path = tmp_path / (snippet.file or "taxonomy.yaml")
    path.write_text(snippet.text, encoding="utf-8")
    errors = [f for f in lint([path]) if f.severity >= Severity.ERROR]
    assert errors == [], _describe(errors)


@pytest.mark.parametrize("probe", _probes(), ids=lambda p: str(p[0]))
def test_annotation_gives_the_codes_the_page_claims(
    probe: tuple[int, str, str, set[str]], tmp_path: Path
) -> None:
    _, taxonomy_text, annotation, expected = probe
    _prepare(tmp_path)
    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(taxonomy_text, encoding="utf-8")
    tax = load(taxonomy)
    data = json.loads(annotation)
    assert (data["taxonomy"], data["taxonomy_version"]) == (tax.name, tax.version)
    path = tmp_path / "annotations.json"
    path.write_text(annotation, encoding="utf-8")
    findings = run_check(tax, [path]).findings
    assert {f.code for f in findings} == expected, (
        f"update section {probe[0]} of {PAGE.name}:\n{_describe(list(findings))}"
    )


@pytest.mark.parametrize("text", WRONG.findall(_text()), ids=lambda s: s.split()[1])
def test_mistakes_the_page_says_lint_misses_are_missed(text: str, tmp_path: Path) -> None:
    path = tmp_path / "taxonomy.yaml"
    path.write_text(text, encoding="utf-8")
    serious = [f for f in lint([path]) if f.severity >= Severity.WARNING]
    assert serious == [], "lint catches this now: update the page\n" + _describe(serious)


def test_examples_agree_with_the_checker(tmp_path: Path) -> None:
    from taxonomist.guidelines.examples import sources
    from taxonomist.guidelines.verify import verify

    _prepare(tmp_path)
    snippet = next(s for s in _snippets() if s.section == 22)
    path = tmp_path / "taxonomy.yaml"
    path.write_text(snippet.text, encoding="utf-8")
    tax = load(path)
    examples = sources(tax, tmp_path)
    assert [e.example.verdict for e in examples] == ["do", "dont"]
    assert verify(tax, examples) == []
