"""Each disagreement tied to the guideline: the rules the object on either side breaks (the
checker ran on both files), the classes involved, and the thresholds it lies near.

Guidance: where no side breaks a rule, the guideline still says how to decide: an
attribute's disagreement points at the rules about that attribute (their check reads it, or
their topic is it) that apply to the object's class, and a class swap at the look-alike test
(``versus``) between the two classes. Those are where the wording may need a picture.

Near a threshold: the object's box height within ``NEAR`` (20 %) of the minimum height of a
``box-size`` rule that applies to its class; two values of a binned attribute in
neighbouring bins. Ranked over every pair, these are the guideline gaps: the rules, classes
and thresholds the annotators disagree around most."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from taxonomist.quality.agree.attributes import AttributeDiff
from taxonomist.quality.agree.inputs import Side
from taxonomist.quality.agree.matching import ImageMatch
from taxonomist.quality.agree.metrics import class_of
from taxonomist.quality.agree.model import Disagreement, Gap
from taxonomist.taxonomy.resolved import Taxonomy
from taxonomist.taxonomy.text import render_thresholds

GAP_ORDER = (
    "rule",
    "guidance",
    "versus",
    "threshold",
    "class",
)  # at equal counts, what the guideline can fix first
NEAR = 0.2  # a box height this close (as a share of the limit) to a minimum is borderline


@dataclass(frozen=True, slots=True)
class MinHeight:
    rule: str
    classes: frozenset[str]  # empty: every class
    height: float


def min_heights(taxonomy: Taxonomy) -> tuple[MinHeight, ...]:
    """The minimum box heights the taxonomy's ``box-size`` rules set, `$name`s resolved."""
    out = []
    for rule_id, resolved in taxonomy.rules.items():
        check = resolved.rule.check
        limit = getattr(check, "min_height", None) if check is not None else None
        if isinstance(limit, str) and limit.startswith("$"):
            threshold = taxonomy.thresholds.get(limit[1:])
            limit = threshold.value if threshold is not None else None
        if isinstance(limit, int | float):
            out.append(MinHeight(rule_id, resolved.classes, float(limit)))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class AttributeRule:
    rule: str
    attribute: str
    classes: frozenset[str]  # empty: every class


def attribute_rules(taxonomy: Taxonomy) -> tuple[AttributeRule, ...]:
    """The rules about an attribute: their check reads it, or their topic is its name."""
    out = []
    for rule_id, resolved in taxonomy.rules.items():
        check = resolved.rule.check
        named = getattr(check, "attribute", None) if check is not None else None
        for attribute in dict.fromkeys((named, resolved.rule.topic)):
            if isinstance(attribute, str) and attribute in taxonomy.attributes:
                out.append(AttributeRule(rule_id, attribute, resolved.classes))
    return tuple(out)


def versus_name(a: str, b: str) -> str:
    return f"{a} versus {b}"


class Attributor:
    """Builds the disagreements of one pair of sides."""

    def __init__(self, taxonomy: Taxonomy, a: Side, b: Side) -> None:
        self.a, self.b = a, b
        self.limits = min_heights(taxonomy)
        self.about = attribute_rules(taxonomy)
        self.versus = {
            (name, v.other) for name, cls in taxonomy.classes.items() for v in cls.versus
        }

    def all(
        self, images: Sequence[ImageMatch], diffs: Sequence[AttributeDiff]
    ) -> list[Disagreement]:
        out: list[Disagreement] = []
        for image in images:
            out += [self.one("miss", image.image, ra, None) for ra in image.missed]
            out += [self.one("extra", image.image, None, rb) for rb in image.extra]
            out += [
                self.swap(image.image, ra, rb)
                for ra, rb, _ in image.matches
                if class_of(self.a, ra) != class_of(self.b, rb)
            ]
        out += [self.attribute(d) for d in diffs]
        return out

    def swap(self, image: str, ra: int, rb: int) -> Disagreement:
        """A matched pair labelled as two classes, with their look-alike test if any."""
        base = self.one("class-swap", image, ra, rb)
        x, y = class_of(self.a, ra), class_of(self.b, rb)
        tests = [versus_name(p, q) for p, q in ((x, y), (y, x)) if (p, q) in self.versus]
        return replace(base, guidance=tuple(tests))

    def one(self, kind: str, image: str, ra: int | None, rb: int | None) -> Disagreement:
        """A miss (``rb`` None), an extra (``ra`` None) or a class swap."""
        present = [(s, r) for s, r in ((self.a, ra), (self.b, rb)) if r is not None]
        return Disagreement(
            kind=kind,
            image=image,
            classes=tuple(dict.fromkeys(class_of(s, r) for s, r in present)),
            a_id=None if ra is None else str(self.a.dataset.objects.ids[ra]),
            b_id=None if rb is None else str(self.b.dataset.objects.ids[rb]),
            rules=self.rules(ra, rb),
            near=tuple(dict.fromkeys(n for s, r in present for n in self.near(s, r))),
        )

    def attribute(self, diff: AttributeDiff) -> Disagreement:
        """Two matched objects whose values of one attribute differ."""
        base = self.one("attribute", diff.image, diff.a_row, diff.b_row)
        bins = (f"{diff.attribute}: neighbouring bins",) if diff.adjacent else ()
        near = tuple(dict.fromkeys((*base.near, *bins)))
        broken = {rule for rule, _ in base.rules}
        name = base.classes[0] if base.classes else ""
        guidance = tuple(
            dict.fromkeys(
                r.rule
                for r in self.about
                if r.attribute == diff.attribute
                and (not r.classes or name in r.classes)
                and r.rule not in broken
            )
        )
        return replace(
            base, attribute=diff.attribute, values=diff.values, near=near, guidance=guidance
        )

    def rules(self, ra: int | None, rb: int | None) -> tuple[tuple[str, str], ...]:
        """(rule, side) for each rule the A object, then the B object, breaks."""
        out = []
        for side, row, label in ((self.a, ra, "A"), (self.b, rb, "B")):
            if row is not None:
                out += [(r, label) for r in sorted(side.checked.rules.get(row, ()))]
        return tuple(out)

    def near(self, side: Side, row: int) -> list[str]:
        height = float(side.dataset.objects.box[row, 3])
        name = class_of(side, row)
        return [
            f"{limit.rule}: height {height:g} px near {limit.height:g} px"
            for limit in self.limits
            if (not limit.classes or name in limit.classes)
            and abs(height - limit.height) <= NEAR * limit.height
        ]


def gaps(taxonomy: Taxonomy, disagreements: Iterable[Disagreement]) -> tuple[Gap, ...]:
    """Rules, classes and thresholds ranked by the disagreements they are part of."""
    found = list(disagreements)
    kinds: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    example: dict[tuple[str, str], str] = {}
    for item in found:
        for key in _keys(item):
            kinds[key][item.kind] += 1
            example.setdefault(key, item.image)
    total = len(found) or 1
    ranked = sorted(kinds, key=lambda k: (-sum(kinds[k].values()), GAP_ORDER.index(k[0]), k[1]))
    titles = _titles(taxonomy, {name for kind, name in ranked if kind in ("rule", "guidance")})
    titles |= _versus_tests(taxonomy, {name for kind, name in ranked if kind == "versus"})
    return tuple(_gap(k, titles.get(k[1], ""), kinds[k], total, example[k]) for k in ranked)


def _titles(taxonomy: Taxonomy, names: set[str]) -> dict[str, str]:
    """A taxonomy rule's title (thresholds written out), a checker code's name and summary."""
    from taxonomist.check.catalogue import check_catalogue

    codes = check_catalogue() if names - set(taxonomy.rules) else {}
    out = {}
    for name in names:
        rule, doc = taxonomy.rules.get(name), codes.get(name)
        if rule is not None:
            out[name] = render_thresholds(rule.rule.title, taxonomy)
        elif doc is not None:
            out[name] = f"{doc.name}: {doc.summary}"
    return out


def _versus_tests(taxonomy: Taxonomy, names: set[str]) -> dict[str, str]:
    """Each look-alike pair's test, as its class states it."""
    out = {}
    for name, cls in taxonomy.classes.items():
        for v in cls.versus:
            if versus_name(name, v.other) in names:
                out[versus_name(name, v.other)] = v.test.strip()
    return out


def _keys(item: Disagreement) -> list[tuple[str, str]]:
    rules = dict.fromkeys(("rule", r) for r, _ in item.rules)
    near = dict.fromkeys(("threshold", n.split(":")[0]) for n in item.near)
    guidance = [("versus" if " versus " in g else "guidance", g) for g in item.guidance]
    return [*rules, *guidance, *(("class", c) for c in item.classes), *near]


def _gap(key: tuple[str, str], title: str, kinds: Counter[str], total: int, example: str) -> Gap:
    kind, name = key
    count = sum(kinds.values())
    return Gap(kind, name, title, count, count / total, tuple(sorted(kinds.items())), example)
