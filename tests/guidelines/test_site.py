from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

from taxonomist.core.errors import InvalidInput
from tests.guidelines.sites import build_taxonomy_site

DATA = Path(__file__).parent / "data"
# A live tag from the taxonomy: a script element or an event handler inside a tag.
ACTIVE = re.compile(r"<script>window\.pwned|<[^<>]*\bonerror\s*=")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_taxonomy_site(DATA / "sample.yaml", tmp_path_factory.mktemp("sample"))


def test_stable_urls_for_classes_rules_label_types(site: Path) -> None:
    for page in ("classes/person", "classes/mannequin", "rules/tiny-people",
                 "label-types/pose", "downloads", "about"):  # fmt: skip
        assert (site / page / "index.html").is_file(), page
    assert (site / "downloads" / "sample.yaml").read_bytes() == (DATA / "sample.yaml").read_bytes()
    assert (site / "downloads" / "taxonomy.schema.json").is_file()


def test_header_shows_taxonomy_title_and_version(site: Path) -> None:
    html = (site / "classes" / "person" / "index.html").read_text(encoding="utf-8")
    assert "Sample &lt;b&gt;guidelines&lt;/b&gt; · v1.2.0" in html


def test_the_title_is_escaped_once_everywhere(site: Path) -> None:
    """The header, tooltips and labels show the title as written, never entity text."""
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "&amp;lt;" not in text and "&amp;amp;" not in text, page


def test_no_script_from_the_taxonomy_reaches_any_page(site: Path) -> None:
    for page in site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert not ACTIVE.search(text), (page, ACTIVE.search(text))


def test_examples_are_drawn_into_the_site(site: Path) -> None:
    html = (site / "rules" / "tiny-people" / "index.html").read_text(encoding="utf-8")
    assert 'class="glightbox"' in html or "glightbox" in html
    drawn = list((site / "assets" / "taxonomist" / "examples").glob("*.jpg"))
    assert len(drawn) == 2


def test_cli_build_reports_a_broken_taxonomy_with_file_and_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from taxonomist.guidelines.site import build_site

    bad = tmp_path / "bad.yaml"
    bad.write_text("name: bad\nversion: 1.0.0\nclasses:\n  a: {id: 0, parent: nowhere}\n")
    with pytest.raises(InvalidInput, match=r"bad\.yaml:4:\d+"):
        build_site(bad, tmp_path / "site")


def test_cli_builds_a_site_and_reports_errors_with_exit_codes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    from taxonomist.cli import build_app
    from taxonomist.cli.errors import run_guarded

    out = tmp_path / "site"
    assert (
        run_guarded(build_app, ["guidelines", "build", str(DATA / "sample.yaml"), "-o", str(out)])
        == 0
    )
    assert (out / "classes" / "person" / "index.html").is_file()
    missing = str(tmp_path / "missing.yaml")
    assert run_guarded(build_app, ["guidelines", "build", missing, "-o", str(out)]) == 2


def test_a_subfolder_project_takes_in_the_folder_of_the_base_it_extends(tmp_path: Path) -> None:
    from taxonomist.guidelines.site import example_root

    base = tmp_path / "taxonomies" / "base.yaml"
    base.parent.mkdir()
    base.write_text("name: base\nversion: 1.0.0\nclasses:\n  a: {id: 1, definition: A.}\n")
    project = tmp_path / "projects" / "a" / "taxonomy.yaml"
    project.parent.mkdir(parents=True)
    project.write_text("name: p\nversion: 1.0.0\nextends: ../../taxonomies/base.yaml\n")
    assert example_root(project) == str(tmp_path.resolve())
    assert example_root(base) == str(base.parent.resolve())
    broken = tmp_path / "projects" / "broken.yaml"
    broken.write_text("name: b\nversion: 1.0.0\nextends: nowhere.yaml\n")
    assert example_root(broken) == str(broken.parent.resolve())


def test_the_printed_guide_is_a_download_of_the_built_site(tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    from taxonomist.guidelines.render import Options
    from taxonomist.guidelines.site import build_site

    options = Options(DATA, tmp_path / "cache", verify_examples=False, pdf=True)
    build_site(DATA / "sample.yaml", tmp_path / "site", options=options)
    guide = (tmp_path / "site" / "downloads" / "guidelines.pdf").read_bytes()
    assert guide.startswith(b"%PDF-")
    downloads = (tmp_path / "site" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert 'href="guidelines.pdf"' in downloads


def test_render_writes_a_source_that_either_engine_builds(tmp_path: Path) -> None:
    """The source holds both configs naming the same nav and docs; mkdocs builds it with the
    plugin in its rendered-source mode, Zensical with no plugin at all."""
    import tomllib

    import yaml

    from taxonomist.guidelines.render import Options
    from taxonomist.guidelines.site import build_mkdocs, build_zensical, render_source

    options = Options(DATA, tmp_path / "cache", verify_examples=False)
    render_source(DATA / "sample.yaml", tmp_path / "source", options=options)
    source = tmp_path / "source"
    mkdocs = yaml.safe_load((source / "mkdocs.yml").read_text(encoding="utf-8"))
    zensical = tomllib.loads((source / "zensical.toml").read_text(encoding="utf-8"))["project"]
    assert mkdocs["nav"] == zensical["nav"] and mkdocs["docs_dir"] == zensical["docs_dir"]
    assert "taxonomist" in mkdocs["plugins"] and "taxonomist" not in zensical["plugins"]
    assert (source / "docs" / "classes" / "person.md").is_file()
    built = {"mkdocs": tmp_path / "mk"}
    build_mkdocs(source, built["mkdocs"])
    if importlib.util.find_spec("zensical") is not None:
        built["zensical"] = tmp_path / "zs"
        built["zensical"].mkdir()
        build_zensical(source, built["zensical"])
    for site in built.values():
        html = (site / "classes" / "person" / "index.html").read_text(encoding="utf-8")
        assert "tx-swatch" in html, site
        assert (site / "assets" / "taxonomist" / "taxonomist.css").is_file(), site
