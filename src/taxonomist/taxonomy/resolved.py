"""The resolved taxonomy: what the checker, the schema generator and the guidelines read.

``extends`` and ``include`` are merged, the hierarchy is linked, inherited label types and
attribute uses are worked out, and every name can be looked up by name, synonym, alias or id.
Built by ``taxonomy.resolve``; never written by hand.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from taxonomist.taxonomy.hierarchy import subtree
from taxonomist.taxonomy.model import (
    IMAGE_LEVEL_KINDS,
    Agreement,
    Attribute,
    AttributeUse,
    CheckOverride,
    ClassDef,
    Exclude,
    GuidelinesConfig,
    IdSpace,
    LabelMap,
    LabelType,
    Migration,
    Owner,
    Relation,
    Rule,
    Threshold,
    Translation,
    Versus,
    threshold_name,
)

if TYPE_CHECKING:
    from taxonomist.taxonomy.lock import Lock


@dataclass(frozen=True, slots=True)
class SourcePos:
    """Where something was written: file, 1-based line and column."""

    file: str
    line: int
    column: int

    def describe(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


@dataclass(frozen=True)
class TaxonomyClass:
    """A class with everything inherited worked out."""

    name: str
    spec: ClassDef
    ancestors: tuple[str, ...]  # nearest parent first
    children: tuple[str, ...]
    label_types: tuple[str, ...]  # effective (own or inherited)
    attributes: Mapping[str, AttributeUse]  # effective, inherited and overridden
    color: str  # own colour or an assigned, distinguishable one
    kind: str  # "thing" or "stuff"
    crowd: bool
    group_of: bool
    evaluated: bool
    origin: SourcePos | None = None

    @property
    def id(self) -> int:
        return self.spec.id

    @property
    def abstract(self) -> bool:
        return self.spec.abstract

    @property
    def deprecated(self) -> bool:
        return self.spec.deprecated

    @property
    def parent(self) -> str | None:
        return self.spec.parent

    @property
    def title(self) -> str:
        return self.spec.title or self.name.replace("_", " ")

    @property
    def excludes(self) -> tuple[Exclude, ...]:
        return tuple(e if isinstance(e, Exclude) else Exclude(text=e) for e in self.spec.excludes)

    @property
    def versus(self) -> tuple[Versus, ...]:
        return tuple(self.spec.versus)

    @property
    def labellable(self) -> bool:
        return not self.spec.abstract and not self.spec.deprecated


@dataclass(frozen=True)
class ResolvedRule:
    id: str
    rule: Rule
    classes: frozenset[str]  # expanded subtrees; empty = every class
    origin: SourcePos | None = None
    base_dir: Path = field(default_factory=Path)  # examples resolve against this


@dataclass(frozen=True)
class Taxonomy:
    """A loaded, linked taxonomy. Lookups never raise; they return None when nothing matches."""

    name: str
    version: str
    title: str
    description: str | None
    owners: tuple[Owner | str, ...]
    license: str | None
    guidelines: GuidelinesConfig
    classes: Mapping[str, TaxonomyClass]  # ordered by id
    label_types: Mapping[str, LabelType]
    attributes: Mapping[str, Attribute]
    thresholds: Mapping[str, Threshold]
    id_spaces: Mapping[str, IdSpace]
    relations: Mapping[str, Relation]
    label_maps: Mapping[str, LabelMap]
    rules: Mapping[str, ResolvedRule]
    check_overrides: Mapping[str, CheckOverride]
    path: Path  # the main taxonomy file
    files: tuple[Path, ...]  # every file read (main, bases, includes)
    positions: Mapping[str, SourcePos] = field(default_factory=dict)  # JSON pointer -> pos
    migrations: tuple[Migration, ...] = ()  # attribute values mapped since the last version
    previous: str | None = None  # the previous version: a path (relative) or git:REF:path
    changelog: tuple[str, ...] = ()  # git revisions holding earlier versions, newest first
    _by_id: dict[int, str] = field(default_factory=dict, repr=False)
    _by_key: dict[str, str] = field(default_factory=dict, repr=False)
    lock: Lock | None = None  # the id lock beside the main file (NAME.lock), when there is one
    language: str = "en"  # the language of its text (a translation's, once localized)
    source_language: str = "en"  # the language the taxonomy is written in
    # the text in other languages, by BCP 47 tag; taxonomy.translations applies one
    translations: Mapping[str, Translation] = field(default_factory=dict)
    agreement: Agreement = field(default_factory=Agreement)  # taxonomist agree's matching

    def __post_init__(self) -> None:
        for cls in self.classes.values():
            self._by_id.setdefault(cls.id, cls.name)
            for key in (cls.name, *cls.spec.synonyms, *cls.spec.aliases):
                self._by_key.setdefault(normalize_name(key), cls.name)

    # -- lookups ------------------------------------------------------------------------
    def by_id(self, class_id: int) -> TaxonomyClass | None:
        name = self._by_id.get(class_id)
        return None if name is None else self.classes[name]

    def lookup(self, text: str) -> TaxonomyClass | None:
        """A class by exact name, else by synonym or alias, ignoring case and spacing."""
        if text in self.classes:
            return self.classes[text]
        name = self._by_key.get(normalize_name(text))
        return None if name is None else self.classes[name]

    def names_for_suggestions(self) -> list[str]:
        """Every name, synonym and alias, for 'did you mean' hints."""
        return sorted(self._by_key)

    def subtree(self, name: str) -> frozenset[str]:
        """The class and all its descendants (is-a)."""
        roots = (name,) if name in self.classes else ()
        return subtree(roots, lambda n: self.classes[n].children)

    def expand(self, names: Iterable[str]) -> frozenset[str]:
        """Union of the subtrees of ``names``."""
        out: set[str] = set()
        for name in names:
            out |= self.subtree(name)
        return frozenset(out)

    def threshold(self, value: float | str | None) -> float | None:
        """A number, or the value of the ``$name`` threshold it refers to."""
        if value is None:
            return None
        ref = threshold_name(value)
        if ref is None:
            return float(value)
        found = self.thresholds.get(ref)
        return None if found is None else found.value

    def rules_for(self, class_name: str) -> list[ResolvedRule]:
        """Rules that apply to the class (directly, through a subtree, or to every class)."""
        return [r for r in self.rules.values() if not r.classes or class_name in r.classes]

    def image_level_types(self) -> dict[str, LabelType]:
        return {n: t for n, t in self.label_types.items() if t.kind in IMAGE_LEVEL_KINDS}

    def object_types(self) -> dict[str, LabelType]:
        return {n: t for n, t in self.label_types.items() if t.kind not in IMAGE_LEVEL_KINDS}

    def url(self, kind: str, name: str) -> str | None:
        """Guideline page URL for a class, rule or check, when the taxonomy sets a base URL."""
        base = self.guidelines.base_url
        return None if not base else f"{base.rstrip('/')}/{kind}/{name}/"

    def position(self, pointer: str) -> SourcePos | None:
        return self.positions.get(pointer)


def normalize_name(text: str) -> str:
    """Case- and spacing-insensitive key: 'Traffic  Light' == 'traffic_light' == 'traffic-light'."""
    return "".join(ch for ch in text.casefold() if ch.isalnum())
