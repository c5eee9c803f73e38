"""Hostile and careless input to the guideline site: taxonomy text that tries to run a script
in the published pages, and ``-o`` folders a build must not destroy."""

from __future__ import annotations

import html.parser
import shutil
from pathlib import Path

import pytest

from tests.guidelines.hostile import hostile_copy
from tests.guidelines.sites import build_taxonomy_site
from tests.hostile.run import Run, environment, python


class _LiveMarkup(html.parser.HTMLParser):
    """Collects what a browser would run: script text and event handlers naming a payload,
    and ``javascript:`` links. ``<title>`` is read as a browser reads it (text up to
    ``</title>``), so markup that escapes it shows up as live elements."""

    def __init__(self) -> None:
        super().__init__()
        self.live: list[str] = []
        self.in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.in_script = tag == "script"
        for name, value in attrs:
            text = value or ""
            handler = name.startswith("on") and "__pwned" in text
            if handler or (name in ("href", "src") and text.lower().startswith("javascript:")):
                self.live.append(f"<{tag} {name}={text[:80]}>")

    def handle_data(self, data: str) -> None:
        if self.in_script and "__pwned" in data:
            self.live.append(f"<script>{data[:80]}")

    def handle_endtag(self, tag: str) -> None:
        self.in_script = False


def _live(page: Path) -> list[str]:
    parser = _LiveMarkup()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.live


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    workdir = tmp_path_factory.mktemp("hostile")
    return build_taxonomy_site(hostile_copy(workdir), workdir)


def test_markup_in_titles_and_text_is_never_live(hostile_site: Path) -> None:
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 20
    leaks = {str(p.relative_to(hostile_site)): _live(p) for p in pages}
    assert {page: live for page, live in leaks.items() if live} == {}


def test_a_hostile_title_reads_literally_in_the_title_element(hostile_site: Path) -> None:
    text = (hostile_site / "classes" / "helmet" / "index.html").read_text(encoding="utf-8")
    start = text.index("<title>") + len("<title>")
    title = text[start : text.index("</title>", start)]
    assert title.startswith("helmet `&lt;/title&gt;&lt;script&gt;window.__pwned=")


# --------------------------------------------------------------------------- -o folders

SAMPLE = Path(__file__).parents[1] / "guidelines" / "data"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A labeling project: its taxonomy and examples, other work, a script."""
    root = tmp_path / "project"
    shutil.copytree(SAMPLE / "sample", root / "sample")
    shutil.copy(SAMPLE / "sample.yaml", root / "taxonomy.yaml")
    (root / "examples").mkdir()
    (root / "examples" / "notes.txt").write_text("mine\n")
    (root / "train.py").write_text("print('training')\n")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _build(cwd: Path, *args: str) -> Run:
    """``guidelines build ARGS`` in ``cwd``, with the cache beside it: not in the project,
    whose files the tests compare."""
    command = ["-m", "taxonomist", "guidelines", "build", *args]
    return python(command, cwd=cwd, env=environment(cwd.parent))


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".taxonomist-" in p.name)


@pytest.mark.parametrize("clean", [[], ["--clean"]])
def test_output_dot_in_a_project_deletes_nothing(project: Path, clean: list[str]) -> None:
    before = _tree(project)
    done = _build(project, "taxonomy.yaml", "-o", ".", *clean)
    assert done.code == 2, done.err
    assert "is the current folder or one above it" in done.err
    assert "hint: name a folder of its own for the site" in done.err
    assert _tree(project) == before
    assert _siblings(project.parent) == []


def test_output_holding_the_taxonomy_is_refused_even_with_clean(project: Path) -> None:
    before = _tree(project)
    done = _build(project.parent, "project/taxonomy.yaml", "-o", "project", "--clean")
    assert done.code == 2, done.err
    assert "which the site is built from; it would be deleted" in done.err
    assert _tree(project) == before


def test_output_holding_an_example_is_refused_even_with_clean(project: Path) -> None:
    before = _tree(project)
    done = _build(project, "taxonomy.yaml", "-o", "sample", "--clean")
    assert done.code == 2, done.err
    assert f"holds {project / 'sample'}/" in done.err
    assert "which the site is built from; it would be deleted" in done.err
    assert _tree(project) == before


def test_a_folder_of_other_files_is_refused_and_clean_replaces_it(project: Path) -> None:
    done = _build(project, "taxonomy.yaml", "-o", "examples")
    assert done.code == 2, done.err
    assert "examples: not empty and not a site taxonomist built (no .taxonomist-site)" in (done.err)
    assert "pass --clean to replace everything in it" in done.err
    assert (project / "examples" / "notes.txt").read_text() == "mine\n"
    replaced = _build(project, "taxonomy.yaml", "-o", "examples", "--clean")
    assert replaced.code == 0, replaced.err
    assert (project / "examples" / ".taxonomist-site").is_file()
    assert not (project / "examples" / "notes.txt").exists()
    assert _siblings(project) == []


def test_output_naming_a_file_is_refused(project: Path) -> None:
    done = _build(project, "taxonomy.yaml", "-o", "train.py", "--clean")
    assert done.code == 2, done.err
    assert "train.py: is not a folder" in done.err
    assert (project / "train.py").read_text() == "print('training')\n"


def test_output_inside_or_holding_the_docs_folder_is_refused(project: Path) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "intro.md").write_text("# Intro\n")
    before = _tree(project)
    inside = _build(project, "taxonomy.yaml", "--docs", "docs", "-o", "docs/site")
    assert inside.code == 2, inside.err
    assert "lies inside the docs folder docs; the site would contain itself" in inside.err
    holding = _build(project, "taxonomy.yaml", "--docs", "docs", "-o", "docs", "--clean")
    assert holding.code == 2, holding.err
    assert "which the site is built from" in holding.err
    assert _tree(project) == before


def test_a_rebuild_replaces_the_previous_site_and_leaves_no_temp_folder(project: Path) -> None:
    first = _build(project, "taxonomy.yaml", "-o", "site")
    assert first.code == 0, first.err
    (project / "site" / "classes" / "person" / "index.html").write_text("stale")
    again = _build(project, "taxonomy.yaml", "-o", "site")
    assert again.code == 0, again.err
    page = (project / "site" / "classes" / "person" / "index.html").read_text()
    assert page != "stale" and "<html" in page
    assert _siblings(project) == []


def test_a_file_added_to_a_built_site_is_never_deleted(project: Path) -> None:
    assert _build(project, "taxonomy.yaml", "-o", "site").code == 0
    (project / "site" / "CNAME").write_text("guidelines.example.org\n")
    done = _build(project, "taxonomy.yaml", "-o", "site")
    assert done.code == 2, done.err
    assert "holds 'CNAME', which the last site build did not write" in done.err
    assert (project / "site" / "CNAME").read_text() == "guidelines.example.org\n"


def test_a_failed_build_leaves_the_previous_site_as_it_was(project: Path) -> None:
    """mkdocs counts strict warnings (a broken link in a page) only after it has written the
    whole site: the old site must survive that too."""
    docs = project / "docs"
    docs.mkdir()
    (docs / "intro.md").write_text("# Intro\n")
    assert _build(project, "taxonomy.yaml", "--docs", "docs", "-o", "site").code == 0
    before = _tree(project / "site")
    (docs / "intro.md").write_text("# Intro\n\nSee [the missing page](missing.md).\n")
    done = _build(project, "taxonomy.yaml", "--docs", "docs", "-o", "site")
    assert done.code == 2, done.err
    assert "missing.md" in done.err and "not built" in done.err
    assert _tree(project / "site") == before
    assert _siblings(project) == []


def test_a_failed_taxonomy_check_leaves_the_previous_site_as_it_was(project: Path) -> None:
    assert _build(project, "taxonomy.yaml", "-o", "site").code == 0
    before = _tree(project / "site")
    taxonomy = project / "taxonomy.yaml"
    taxonomy.write_text(taxonomy.read_text().replace("sample/person_tiny.json", "sample/no.json"))
    done = _build(project, "taxonomy.yaml", "-o", "site")
    assert done.code == 2, done.err
    assert "example annotation 'sample/no.json' does not exist" in done.err
    assert _tree(project / "site") == before
    assert _siblings(project) == []


def test_sigterm_mid_build_removes_the_new_site_and_keeps_the_old(project: Path) -> None:
    """The build sends itself SIGTERM from inside mkdocs' build step, so the signal lands
    mid-build every time, with no timing involved."""
    assert _build(project, "taxonomy.yaml", "-o", "site").code == 0
    before = _tree(project / "site")
    script = (
        "import os, signal, sys\n"
        "from taxonomist.guidelines import site\n"
        "real = site.BUILDERS['mkdocs']\n"
        "def killed(source, staging):\n"
        "    real(source, staging)\n"
        "    os.kill(os.getpid(), signal.SIGTERM)\n"
        "site.BUILDERS['mkdocs'] = killed\n"
        "from taxonomist.cli import build_app\n"
        "from taxonomist.cli.errors import run_guarded\n"
        "sys.exit(run_guarded(build_app, ['guidelines', 'build', 'taxonomy.yaml', '-o', 'site']))\n"
    )
    done = python(["-c", script], cwd=project, env=environment(project.parent))
    assert done.code == 130, done.err
    assert "taxonomist: terminated; the site was not built; " in done.err
    assert "site is as it was" in done.err and "Traceback" not in done.err
    assert _tree(project / "site") == before
    assert _siblings(project) == []


def _tooltip_project(tmp_path: Path, title: str) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "t.yaml").write_text(
        f"name: t\nversion: 1.0.0\ntitle: {title!r}\n"
        "classes:\n  cat: {id: 1, definition: A cat.}\n",
        encoding="utf-8",
    )
    (tmp_path / "mkdocs.yml").write_text(
        "site_name: t\ntheme:\n  name: material\n  features: [content.tooltips]\n"
        "plugins:\n  - taxonomist:\n      taxonomy: t.yaml\n",
        encoding="utf-8",
    )
    return tmp_path


@pytest.mark.parametrize(("title", "code"), [("Cats <b>only</b>", 1), ("Cats & dogs", 0)])
def test_improved_tooltips_with_a_markup_title_are_refused(
    tmp_path: Path, title: str, code: int
) -> None:
    """mkdocs-material's ``content.tooltips`` inserts a shortened title as HTML."""
    project = _tooltip_project(tmp_path, title)
    done = python(["-m", "mkdocs", "build", "-q"], cwd=project, env=environment(project))
    assert done.code == code, done.err
    if code:
        assert "would run as markup in the theme's improved tooltips" in done.err
        assert not (project / "site" / "index.html").exists()
