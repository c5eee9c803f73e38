"""The hierarchy walks end on unknown parents and on loops, which lint reports later."""

from __future__ import annotations

from dataclasses import dataclass

from taxonomist.taxonomy.hierarchy import ancestors, children, subtree


@dataclass(frozen=True)
class Node:
    parent: str | None


CLASSES = {
    "thing": Node(None),
    "vehicle": Node("thing"),
    "car": Node("vehicle"),
    "bus": Node("vehicle"),
    "stray": Node("nowhere"),
    "a": Node("b"),
    "b": Node("a"),
    "self": Node("self"),
}


def test_ancestors_nearest_first_and_cut_at_unknowns_and_loops() -> None:
    assert ancestors("car", CLASSES) == ("vehicle", "thing")
    assert ancestors("stray", CLASSES) == ()
    assert ancestors("a", CLASSES) == ("b",)
    assert ancestors("self", CLASSES) == ()
    assert ancestors("missing", CLASSES) == ()


def test_children_in_order_and_no_class_is_its_own_child() -> None:
    below = children(CLASSES)
    assert below["vehicle"] == ["car", "bus"] and below["thing"] == ["vehicle"]
    assert below["self"] == [] and "nowhere" not in below
    assert below["a"] == ["b"] and below["b"] == ["a"]


def test_subtree_visits_each_class_once() -> None:
    below = children(CLASSES)
    assert subtree(["vehicle"], lambda n: below[n]) == {"vehicle", "car", "bus"}
    both = subtree(["a", "thing"], lambda n: below[n])
    assert both == {"a", "b", "thing", "vehicle", "car", "bus"}
    assert subtree([], lambda n: below[n]) == frozenset()
