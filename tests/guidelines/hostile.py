"""A hostile copy of the demo taxonomy: every free-text field carries markup that would run a
script if it reached a page unescaped, in every context a string can land in (element text,
a ``<title>``, an attribute value, a code span, a Markdown link or attribute list).

Each payload sets ``window.__pwned`` to the field it came from, so a browser test names the
field that leaked.
"""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
# Keys whose string value (or list of strings) is free text a person writes.
TEXT_KEYS = frozenset(
    {
        "title",
        "description",
        "definition",
        "guidance",
        "caption",
        "text",
        "test",
        "question",
        "about",
        "credits",
        "includes",
        "synonyms",
        "aliases",
        "name",
        "role",
        "topic",
        "unit",
        "labels",
    }
)
# Where ``name`` is a person's name, not a reference the loader resolves.
NAME_IS_TEXT = frozenset({"owners"})


def payload(field: str) -> str:
    """Markup that runs ``window.__pwned = field`` in any context it is not escaped for."""
    mark = f"window.__pwned='{field}'"
    return (
        f"`</title><script>{mark}</script>"
        f'"\'><img src=x onerror="{mark}">'
        f"<svg onload={mark}>"
        f'{{: onclick="{mark}" }}'
        f"[link](javascript:{mark})"
        f"&lt;script&gt;{mark}&lt;/script&gt;`"
    )


def hostile_copy(workdir: Path) -> Path:
    """The demo taxonomy, its base and examples, copied to ``workdir`` with payloads added."""
    target = workdir / "taxonomies"
    shutil.copytree(REPO / "taxonomies", target)
    demo = target / "demo.yaml"
    data = yaml.safe_load(demo.read_text(encoding="utf-8"))
    data = _poison(data, "demo", parent="")
    for name, cls in data["classes"].items():
        cls.setdefault("title", name + " " + payload(f"classes.{name}.title"))
    data["attributes"]["depiction"]["values"].append(payload("enum-value"))
    demo.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    for translation in sorted(target.glob("demo.*.yaml")):
        _poison_translation(translation)
    return demo


def _poison_translation(path: Path) -> None:
    """A translation of the hostile demo, its text poisoned too. Its ``topics`` go: they are
    keyed by the source's topics, which carry payloads now (the site shows those instead)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data.pop("topics", None)
    language = data.get("language", "xx")
    kept = {k: data.pop(k) for k in ("translation_of", "language") if k in data}
    data = {**kept, **_poison(data, f"demo.{language}", parent="")}
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")


def _poison(node: Any, where: str, parent: str) -> Any:
    if isinstance(node, dict):
        return {k: _poison_item(k, v, f"{where}.{k}", parent) for k, v in node.items()}
    if isinstance(node, list):
        return [_poison(v, f"{where}.{i}", parent) for i, v in enumerate(node)]
    return node


def _poison_item(key: str, value: Any, where: str, parent: str) -> Any:
    text_key = key in TEXT_KEYS and (key != "name" or parent in NAME_IS_TEXT)
    text_key = text_key and not where.startswith("demo.thresholds.")  # units are a closed list
    if text_key and isinstance(value, str):
        return f"{value} {payload(where)}"
    if text_key and isinstance(value, list):
        return [f"{v} {payload(f'{where}.{i}')}" if isinstance(v, str) else v
                for i, v in enumerate(value)]  # fmt: skip
    return _poison(value, where, key)


def build_both(workdir: Path, timeout: float = 300) -> dict[str, Path]:
    """The hostile site built by ``taxonomist guidelines build`` with each engine and by
    ``mkdocs build`` with the repository's ``mkdocs.yml`` (its hand-written pages, the
    plugin's nav)."""
    taxonomy = hostile_copy(workdir)
    env = {**os.environ, "XDG_CACHE_HOME": str(workdir / "cache")}
    cli = [sys.executable, "-m", "taxonomist", "guidelines", "build", str(taxonomy)]
    subprocess.run([*cli, "-o", str(workdir / "built")], check=True, env=env, timeout=timeout,
                   capture_output=True)  # fmt: skip
    if importlib.util.find_spec("zensical") is not None:  # the test extra installs it
        zensical = [*cli, "--engine", "zensical", "-o", str(workdir / "zensical")]
        subprocess.run(zensical, check=True, env=env, timeout=timeout, capture_output=True)
    shutil.copytree(REPO / "guidelines", workdir / "docs")
    shutil.copytree(REPO / "examples", workdir / "examples")  # the config's stats files
    config = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("docs_dir: guidelines", "docs_dir: docs")
    (workdir / "mkdocs.yml").write_text(config, encoding="utf-8")
    mkdocs = [sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(workdir / "mkdocs")]
    subprocess.run(mkdocs, check=True, cwd=workdir, env=env, timeout=timeout, capture_output=True)
    return {
        "guidelines build": workdir / "built",
        "guidelines build --engine zensical": workdir / "zensical",
        "mkdocs build": workdir / "mkdocs",
    }
