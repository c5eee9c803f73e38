"""Codes and the checks that report them.

The catalogue reads its codes from the checks, so these tests keep the checks honest: each
family declares exactly the codes its checks report, a check's findings carry only its own
codes, every documented code is emitted by something in ``src``, and every edge-case kind
of the language has one checker entry (and no entry lacks a kind).
"""

from __future__ import annotations

import ast
import json
import typing
from collections import Counter
from importlib import import_module
from pathlib import Path
from types import ModuleType

import pytest
import yaml

import taxonomist
from taxonomist.check.catalogue import CODE_SOURCES, LINT_SOURCE, check_catalogue
from taxonomist.check.engine import all_checks, make_context
from taxonomist.check.rules import FAMILIES
from taxonomist.check.rules.edge_cases import KINDS
from taxonomist.core.codes import CodeDoc
from taxonomist.dataset.model import Dataset
from taxonomist.taxonomy import model as m
from taxonomist.taxonomy.resolved import Taxonomy

from .build import DATA, native_dataset, taxonomy_from

SRC = Path(taxonomist.__file__).parent


def _families() -> list[ModuleType]:
    return [import_module(name) for name in FAMILIES]


def _registry(module: ModuleType) -> list[CodeDoc]:
    codes = module.CODES
    return list(codes.values() if isinstance(codes, dict) else codes)


@pytest.mark.parametrize("family", FAMILIES)
def test_a_family_declares_exactly_the_codes_its_checks_report(family: str) -> None:
    module = import_module(family)
    reported = [id(doc) for check in module.CHECKS for doc in check.codes]
    declared = [id(doc) for doc in module.CODES]
    assert len(reported) == len(set(reported))  # no code is reported by two checks
    assert len(declared) == len(set(declared))
    assert set(reported) == set(declared)


# --------------------------------------------------------------------- emitted somewhere


class _Uses(ast.NodeVisitor):
    """Names read and string literals written in one module, leaving out what only lists or
    declares a code: a ``CODES`` registry, a ``Check``'s ``codes=``, a ``CodeDoc``'s
    ``code=`` and docstrings. ``alias.NAME`` counts as ``alias`` + ``.NAME``."""

    def __init__(self) -> None:
        self.names: Counter[str] = Counter()
        self.attributes: Counter[tuple[str, str]] = Counter()
        self.strings: Counter[str] = Counter()
        self.imported: dict[str, str] = {}  # local name -> "module.NAME" or "module"
        self.declares: set[str] = set()  # codes declared here by CodeDoc(code=...)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        for alias in node.names:
            self.imported[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            if alias.asname:
                self.imported[alias.asname] = alias.name

    def visit_Assign(self, node: ast.Assign) -> None:
        if not any(isinstance(t, ast.Name) and t.id == "CODES" for t in node.targets):
            self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        if not (isinstance(node.target, ast.Name) and node.target.id == "CODES"):
            self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        """``CodeDoc(code=...)`` declares a code and ``Check(codes=...)`` lists codes."""
        skip = {"CodeDoc": "code", "Check": "codes"}.get(getattr(node.func, "id", ""))
        if skip == "code":
            self.declares.update(
                k.value.value
                for k in node.keywords
                if k.arg == "code" and isinstance(k.value, ast.Constant)
            )
        self.visit(node.func)
        for arg in node.args:
            self.visit(arg)
        for keyword in node.keywords:
            if keyword.arg != skip:
                self.visit(keyword.value)

    def visit_Expr(self, node: ast.Expr) -> None:
        if not (isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)):
            self.generic_visit(node)

    def visit_Name(self, node: ast.Name) -> None:
        if isinstance(node.ctx, ast.Load):
            self.names[node.id] += 1

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name):
            self.attributes[(node.value.id, node.attr)] += 1
        self.generic_visit(node)

    def visit_Constant(self, node: ast.Constant) -> None:
        if isinstance(node.value, str):
            self.strings[node.value] += 1

    def reads(self, module: str, name: str, *, home: bool) -> int:
        """How often this module reads ``module.name`` (``home``: it is ``module``)."""
        count = sum(
            n
            for (alias, attr), n in self.attributes.items()
            if attr == name and self.imported.get(alias) == module
        )
        local = [a for a, target in self.imported.items() if target == f"{module}.{name}"]
        return count + sum(self.names[a] for a in local) + (self.names[name] if home else 0)


def _scans() -> dict[str, _Uses]:
    """Every module of ``src``, by dotted name."""
    scans = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = path.relative_to(SRC.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        uses = _Uses()
        uses.visit(ast.parse(path.read_text(encoding="utf-8")))
        scans[name] = uses
    return scans


def _declared() -> list[tuple[ModuleType, CodeDoc]]:
    """(declaring module, code) for every code of the check catalogue and the lint
    catalogue: the module whose ``CodeDoc(code=...)`` writes it, wherever a registry
    gathers it from."""
    scans = _scans()

    def home(doc: CodeDoc) -> ModuleType:
        homes = [m for m, scan in scans.items() if doc.code in scan.declares]
        assert len(homes) == 1, f"{doc.code} is declared in {homes or 'no module'}"
        return import_module(homes[0])

    # a family package gathers its codes from the modules beside the checks that emit them
    found = [(home(doc), doc) for mod in _families() for doc in mod.CODES]
    for name in (*CODE_SOURCES, LINT_SOURCE):
        found += [(home(doc), doc) for doc in _registry(import_module(name))]
    return found


def test_every_catalogued_code_is_emitted_somewhere() -> None:
    """A code's constant is read somewhere other than a registry or a check's ``codes``.

    Every code is a named constant in the module that declares it (a code looked up by its
    string counts as never emitted), and some module other than a registry reads it.
    """
    scans = _scans()
    unused = []
    for module, doc in _declared():
        home = module.__name__
        constants = [n for n, v in vars(module).items() if v is doc and n.isupper()]
        emitted = any(
            scan.reads(home, n, home=name == home)
            for name, scan in scans.items()
            for n in constants
        )
        if not emitted:
            unused.append(f"{doc.code} ({home})")
    assert unused == []


def test_the_scan_covers_the_catalogues() -> None:
    from taxonomist.taxonomy.linter.codes import CODES as LINT_CODES

    codes = {doc.code for _, doc in _declared()}
    assert codes == set(check_catalogue()) | set(LINT_CODES)


# --------------------------------------------------------------------- checks stay in their lane


def _case_datasets(path: Path, tmp: Path) -> list[tuple[Taxonomy, Dataset]]:
    from taxonomist.formats import reader

    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    found = []
    for index, case in enumerate(spec["cases"]):
        taxonomy = taxonomy_from(case.get("taxonomy", spec.get("taxonomy", "base")), tmp)
        fmt = case.get("format", spec.get("format", "native"))
        if fmt == "dataset":
            dataset = native_dataset(case["document"], taxonomy, case.get("kind", "instances"))
            found.append((taxonomy, dataset))
            continue
        documents = case.get("documents") or {"": case["document"]}  # image cases: several
        for number, document in enumerate(documents.values()):
            file = tmp / f"case-{index}-{number}.json"
            file.write_text(json.dumps(document), encoding="utf-8")
            found.extend((taxonomy, d) for d in reader(fmt).read(file))
    return found


@pytest.mark.parametrize("path", sorted((DATA / "cases").glob("*.yaml")), ids=lambda p: str(p.stem))
def test_a_check_reports_only_its_own_codes(path: Path, tmp_path: Path) -> None:
    for taxonomy, dataset in _case_datasets(path, tmp_path):
        ctx = make_context(taxonomy, dataset)
        for check in all_checks():
            allowed = {doc.code for doc in check.codes}
            assert {f.code for f in check.run(ctx)} <= allowed, check.run


# --------------------------------------------------------------------- edge-case kinds


def _language_kinds() -> set[str]:
    union = typing.get_args(m.Check)[0]  # Annotated[Union[...], Field(discriminator=...)]
    names = set()
    for cls in typing.get_args(union):
        (name,) = typing.get_args(cls.model_fields["name"].annotation)
        names.add(name)
    return names


def test_every_kind_of_the_language_has_one_checker_entry_and_no_other() -> None:
    assert sorted(KINDS) == sorted(_language_kinds())
    for name, kind in KINDS.items():
        assert kind.doc.name == name and kind.doc.code.startswith("X")
    assert len({kind.doc.code for kind in KINDS.values()}) == len(KINDS)
