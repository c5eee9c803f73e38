"""The printable guide (downloads/guidelines.pdf): made from the demo's planned pages and drawn
examples, read back with poppler's pdftotext, pdfinfo and pdfimages.

What is printed: every annotator page (not the checks), the title, version and date on every
page, a contents list, headings never left at the foot of a page, an example's image and its
verdict caption on one page. What is refused: an image that is not an asset, any fetch. The
tests that print need WeasyPrint (the ``pdf`` extra) and poppler-utils; the others do not.
"""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from importlib.util import find_spec
from pathlib import Path

import pytest
from defusedxml import ElementTree
from PIL import Image
from selectolax.lexbor import LexborHTMLParser

from taxonomist.core.errors import UnsafeInput, UsageError
from taxonomist.guidelines import inputs as site_inputs
from taxonomist.guidelines import printable
from taxonomist.guidelines.common import Page, SiteInputs, verdict_badge
from taxonomist.guidelines.examples import Drawer, sources
from taxonomist.guidelines.plan import plan
from taxonomist.guidelines.printable import annotator_page, guide_html, guide_pdf
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.hostile import hostile_copy
from tests.snapshot import assert_snapshot

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "taxonomies" / "demo.yaml"
BUILT = date(2025, 6, 1)
POPPLER = all(shutil.which(tool) for tool in ("pdftotext", "pdfinfo", "pdfimages"))
prints = pytest.mark.skipif(
    find_spec("weasyprint") is None or not POPPLER,
    reason="needs WeasyPrint (pip install 'taxonomist[pdf]') and poppler-utils",
)
# The A4 page's content area, in PDF points (the stylesheet's 20 mm top and 18 mm bottom
# margins): the running header and footer lie outside it.
TOP, BOTTOM = 20 / 25.4 * 72, 841.89 - 18 / 25.4 * 72


@dataclass(frozen=True)
class Site:
    tax: Taxonomy
    pages: list[Page]
    assets: dict[str, bytes | str]
    inputs: SiteInputs


@dataclass(frozen=True)
class Printed:
    path: Path
    html: str
    pages: list[str]  # the text of each PDF page (pdftotext, split at form feeds)


def _site(tax: Taxonomy, cache: Path) -> Site:
    """The pages and assets the site has, drawn as the plugin draws them."""
    drawer = Drawer(tax, cache)
    drawn = tuple(drawer.example(src) for src in sources(tax, tax.path.parent.parent))
    changes, note = site_inputs.changes(tax)
    inputs = SiteInputs(
        examples=drawn,
        skeletons=drawer.skeletons(),
        checks=site_inputs.catalogue(),
        changes=changes,
        history_note=note,
    )
    return Site(tax, plan(tax, inputs), dict(drawer.assets), inputs)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return _site(load(DEMO), tmp_path_factory.mktemp("drawings"))


def _printed(site: Site, out: Path, include: Callable[[str], bool] = annotator_page) -> Printed:
    pdf = guide_pdf(site.tax, site.pages, site.assets, built=BUILT, include=include)
    out.write_bytes(pdf)
    html = guide_html(site.tax, site.pages, site.assets, built=BUILT, include=include)
    return Printed(out, html, _run("pdftotext", "-enc", "UTF-8", str(out), "-").split("\f")[:-1])


@pytest.fixture(scope="module")
def demo_pdf(demo: Site, tmp_path_factory: pytest.TempPathFactory) -> Printed:
    return _printed(demo, tmp_path_factory.mktemp("pdf") / "guidelines.pdf")


def _run(*cmd: str) -> str:
    return subprocess.run(cmd, check=True, capture_output=True, text=True, timeout=120).stdout


def _flat(text: str) -> str:
    return " ".join(text.split())


def _bare(text: str) -> str:
    return "".join(text.split())


def _info(path: Path) -> dict[str, str]:
    lines = _run("pdfinfo", str(path)).splitlines()
    return {k.strip(): v.strip() for k, _, v in (line.partition(":") for line in lines)}


def _body_blocks(path: Path) -> list[list[tuple[float, float, str]]]:
    """Per PDF page, the text blocks inside the content area (no header, no footer), top to
    bottom, as (top, height of its first line, text)."""
    xml = _run("pdftotext", "-bbox-layout", "-enc", "UTF-8", str(path), "-")
    ns = {"x": "http://www.w3.org/1999/xhtml"}
    out = []
    for page in ElementTree.fromstring(xml).iterfind(".//x:page", ns):
        blocks = []
        for block in page.iterfind(".//x:block", ns):
            top, bottom = float(block.get("yMin")), float(block.get("yMax"))
            if top < TOP or bottom > BOTTOM:
                continue
            line = block.find("x:line", ns)
            height = float(line.get("yMax")) - float(line.get("yMin")) if line is not None else 0
            words = " ".join(w.text or "" for w in block.iterfind(".//x:word", ns))
            blocks.append((top, height, words))
        out.append(sorted(blocks))
    return out


def _images_per_page(path: Path) -> dict[int, int]:
    counts: dict[int, int] = {}
    for line in _run("pdfimages", "-list", str(path)).splitlines()[2:]:
        page = int(line.split()[0])
        counts[page] = counts.get(page, 0) + 1
    return counts


def _headings(html: str) -> set[str]:
    tree = LexborHTMLParser(html)
    return {_flat(n.text()) for n in tree.css("h1, h2, h3, h4, h5, h6, summary")}


# --------------------------------------------------------------------------- the demo guide


@prints
def test_demo_guide_is_an_a4_pdf_of_the_expected_length(demo_pdf: Printed) -> None:
    info = _info(demo_pdf.path)
    assert info["Page size"].startswith("595.276 x 841.89 pts (A4)")
    # One sheet or more per annotator page of the demo (about 45 of them), and the examples.
    assert 45 <= int(info["Pages"]) <= 120
    assert len(demo_pdf.pages) == int(info["Pages"])
    assert info["Title"] == "Space and kitchen"
    assert info["CreationDate"].startswith("Sun Jun  1 00:00:00 2025")
    assert info["JavaScript"] == "no"


@prints
def test_every_class_and_rule_and_the_verdicts_are_printed(demo: Site, demo_pdf: Printed) -> None:
    text = _flat("\n".join(demo_pdf.pages))
    titles = [p.title for p in demo.pages if p.path.startswith(("classes/", "rules/"))]
    assert len(titles) == len(demo.tax.classes) + len(demo.tax.rules) + 2  # and two indexes
    for title in titles:
        assert _flat(title) in text, title
    assert "Leave out objects lower than 16 px" in text  # a title with its threshold's value
    assert "Don't" in text
    assert "✓ DO" in text and "✗ DON'T" in text


@prints
def test_title_version_date_and_page_number_on_every_page(demo_pdf: Printed) -> None:
    total = len(demo_pdf.pages)
    for number, page in enumerate(demo_pdf.pages, 1):
        assert "Space and kitchen" in page, number
        assert "Version 1.1.0 · 2025-06-01" in page, number
        assert f"Page {number} of {total}" in page, number


@prints
def test_contents_lists_every_printed_page_with_its_page_number(
    demo: Site, demo_pdf: Printed
) -> None:
    contents = _flat(" ".join(p for p in demo_pdf.pages[:4] if "Contents" in p))
    for page in demo.pages:
        if annotator_page(page.path):
            assert re.search(re.escape(_flat(page.title)) + r" ?\.+ ?\d+", contents), page.path


@prints
def test_the_pipeline_pages_are_left_out(demo: Site, demo_pdf: Printed) -> None:
    checks = [p for p in demo.pages if p.path.startswith("checks/")]
    assert checks, "the fixture plans the check pages, so leaving them out is tested"
    tree = LexborHTMLParser(demo_pdf.html)
    printed = {n.attrs.get("id") for n in tree.css("section.tx-page")}
    assert len(printed) == sum(1 for p in demo.pages if annotator_page(p.path))
    assert not any("checks" in (i or "") for i in printed)
    # A rule's "checked by X003" keeps its words, without a link to the page left out.
    rule = next(s for s in tree.css("section.tx-page") if "clip-at-image-edge" in (s.id or ""))
    assert "X003" in rule.text()
    assert all(not (a.attrs.get("href") or "").endswith(".md") for a in tree.css("a"))


@prints
def test_no_page_ends_with_a_heading_or_holds_only_one(demo_pdf: Printed) -> None:
    headings = _headings(demo_pdf.html)
    assert {"Examples", "Do", "Don't", "Rules that apply"} <= headings
    for number, blocks in enumerate(_body_blocks(demo_pdf.path), 1):
        assert blocks, f"page {number} is empty"
        texts = [_flat(text) for _, _, text in blocks]
        assert texts[-1] not in headings, f"page {number} ends with the heading {texts[-1]!r}"
        assert not set(texts) <= headings, f"page {number} holds only headings"


@prints
def test_an_example_keeps_its_image_and_verdict_on_one_page(demo: Site, demo_pdf: Printed) -> None:
    images = _images_per_page(demo_pdf.path)
    tree = LexborHTMLParser(demo_pdf.html)
    # The start of each (its first line: two captions side by side interleave in the text),
    # without spaces: pdftotext puts one after a code span ("occlusion ,").
    captions = [_bare(n.text())[:20] for n in tree.css("figure.tx-example figcaption .tx-text")]
    assert len(captions) >= len(demo.inputs.examples)
    for number, page in enumerate(demo_pdf.pages, 1):
        flat = _flat(page)
        # A figure's caption starts with its verdict: ✓ DO or ✗ DON'T.
        shown = flat.count("✓ DO ") + flat.count("✗ DON'T ")
        assert shown <= images.get(number, 0), f"page {number}: a caption without its image"
    text = _bare(" ".join(demo_pdf.pages))
    for caption in captions:
        assert caption in text


@prints
def test_links_between_printed_pages_are_anchors_in_the_pdf(demo_pdf: Printed) -> None:
    tree = LexborHTMLParser(demo_pdf.html)
    ids = {n.attrs.get("id") for n in tree.css("[id]")}
    hrefs = [a.attrs.get("href") or "" for a in tree.css("a[href]")]
    internal = [h for h in hrefs if h.startswith("#")]
    assert len(internal) > 100
    assert all(h[1:] in ids for h in internal), [h for h in internal if h[1:] not in ids][:5]
    assert all(h.startswith(("#", "http:", "https:", "mailto:")) for h in hrefs)
    # The link from a class page to a rule page prints the page it leads to.
    person = " ".join(p for p in demo_pdf.pages if p.startswith("Space and kitchen\n\nperson\n"))
    assert re.search(r"Grade how much of a physical object is hidden \(p\. \d+\)", _flat(person))


@prints
def test_images_are_embedded_from_the_assets(demo: Site, demo_pdf: Printed) -> None:
    tree = LexborHTMLParser(demo_pdf.html)
    sources_ = [img.attrs.get("src") or "" for img in tree.css("img")]
    assert sources_
    assert all(s.startswith("asset:") and s[6:] in demo.assets for s in sources_)
    # An example prints its full drawing, not its thumbnail: paper has the resolution for
    # it (the quick reference's thumbnails stay thumbnails).
    examples = [img.attrs.get("src") or "" for img in tree.css("figure.tx-example img")]
    assert examples and not any("/thumbs/" in s for s in examples)
    assert sum(_images_per_page(demo_pdf.path).values()) == len(sources_)


# --------------------------------------------------------------------------- refusals


def _one_page(markdown: str, path: str = "rules/x.md") -> list[Page]:
    return [Page(path, "X", markdown)]


@pytest.mark.parametrize(
    "src",
    [
        "https://example.com/tracker.png",
        "//example.com/tracker.png",
        "data:image/png;base64,iVBORw0KGgo=",
        "file:///etc/passwd",
        "/etc/passwd",
        "../../../etc/passwd",
        "../assets/taxonomist/examples/not-drawn.jpg",
    ],
)
def test_an_image_that_is_not_an_asset_is_refused(sample: Taxonomy, src: str) -> None:
    pages = _one_page(f"# X\n\n![a picture]({src})\n")
    with pytest.raises(UnsafeInput, match=r"^rules/x\.md: the image .* not one of the site's"):
        guide_html(sample, pages, {"assets/taxonomist/examples/drawn.jpg": b""}, built=BUILT)


def test_an_asset_image_is_named_for_the_fetcher(sample: Taxonomy) -> None:
    pages = _one_page("# X\n\n![a picture](../assets/taxonomist/examples/drawn.jpg)\n")
    html = guide_html(sample, pages, {"assets/taxonomist/examples/drawn.jpg": b""}, built=BUILT)
    assert 'src="asset:assets/taxonomist/examples/drawn.jpg"' in html


def test_nothing_that_loads_or_runs_survives(sample: Taxonomy) -> None:
    markdown = (
        "# X\n\n"
        '<div style="background: url(https://example.com/x.png)">styled</div>\n\n'
        '<iframe src="https://example.com/"></iframe><script>alert(1)</script>\n\n'
        '<link rel="stylesheet" href="https://example.com/x.css">\n\n'
        '<a rel="attachment" href="https://example.com/payload.bin">attached</a>\n\n'
        '<svg><image href="https://example.com/x.png"/></svg>\n'
    )
    html = guide_html(sample, _one_page(markdown), {}, built=BUILT)
    body = html.split("<body>", 1)[1]
    for gone in ("url(", "<iframe", "<script", "<link", 'rel="attachment"', "x.png"):
        assert gone not in body
    assert "styled" in body
    assert 'href="https://example.com/payload.bin"' in body  # printed as its address


def test_the_fetcher_answers_from_the_assets_only() -> None:
    weasy = pytest.importorskip("weasyprint")
    refused: list[str] = []
    fetch = printable._fetcher(weasy, {"assets/a.png": b"png"}, refused)
    assert fetch("asset:assets/a.png").read() == b"png"
    for url in ("https://example.com/a.png", "file:///etc/passwd", "asset:assets/b.png"):
        with pytest.raises(ValueError, match="not one of the site's assets"):
            fetch(url)
    assert len(refused) == 3


def test_missing_weasyprint_is_a_one_line_error_with_the_install_hint(
    sample: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # import fails as if not installed
    with pytest.raises(UsageError) as caught:
        guide_pdf(sample, _one_page("# X\n"), {}, built=BUILT)
    assert caught.value.message == (
        "the printable guide (PDF) needs WeasyPrint, which is not installed"
    )
    assert caught.value.hint == "pip install 'taxonomist[pdf]'"


def test_weasyprint_without_pango_says_which_libraries(
    sample: Taxonomy, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_pango(name: str) -> object:
        raise OSError("cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open")

    monkeypatch.setattr(printable, "import_module", no_pango)
    with pytest.raises(UsageError, match="cannot load its libraries") as caught:
        printable._weasyprint()
    assert "\n" not in caught.value.message
    assert "libpango-1.0-0" in (caught.value.hint or "")


# --------------------------------------------------------------------------- the page choice


def test_annotator_pages_are_the_default_choice() -> None:
    for path in ("index.md", "classes/person.md", "rules/index.md", "label-types/box.md"):
        assert annotator_page(path)
    for path in ("quick-reference.md", "changes.md", "about.md"):
        assert annotator_page(path)
    for path in ("checks/X003.md", "checks/index.md", "reference/language.md", "downloads.md"):
        assert not annotator_page(path)


def test_a_predicate_chooses_the_pages(sample: Taxonomy) -> None:
    pages = plan(sample)
    html = guide_html(sample, pages, {}, built=BUILT, include=lambda p: p.startswith("rules/"))
    sections = LexborHTMLParser(html).css("section.tx-page")
    assert len(sections) == sum(1 for p in pages if p.path.startswith("rules/"))
    assert all("-rules-" in (s.id or "") for s in sections)


def test_a_large_taxonomy_prints_only_the_class_pages_with_examples(demo: Site) -> None:
    # The demo has 20 class pages; with a limit of 5 it counts as large.
    html = guide_html(demo.tax, demo.pages, demo.assets, built=BUILT, class_pages=5)
    tree = LexborHTMLParser(html)
    printed = [s.id or "" for s in tree.css("section.tx-page") if "-classes-" in (s.id or "")]
    with_examples = [
        p for p in demo.pages if p.path.startswith("classes/") and "tx-example" in p.markdown
    ]
    assert 0 < len(with_examples) < len(demo.tax.classes)
    assert len(printed) == len(with_examples) + 1  # and the class index
    left_out = len(demo.tax.classes) - len(with_examples)
    note = tree.css_first(".tx-cover-note")
    assert note is not None
    assert note.text().startswith(f"{left_out} of the {len(demo.tax.classes)} class pages")
    everything = guide_html(demo.tax, demo.pages, demo.assets, built=BUILT)
    assert "tx-cover-note" not in everything


def test_collapsed_blocks_are_printed_open(sample: Taxonomy) -> None:
    markdown = '# X\n\n??? note "For the pipeline"\n\n    The check is `box-size`.\n'
    html = guide_html(sample, _one_page(markdown), {}, built=BUILT)
    details = LexborHTMLParser(html).css_first("details")
    assert details is not None and "open" in details.attrs
    assert "The check is" in details.text()


def test_heading_ids_are_unique_across_pages(sample: Taxonomy) -> None:
    pages = [Page("a.md", "A", "# A\n\n## Examples\n"), Page("b.md", "B", "# B\n\n## Examples\n")]
    tree = LexborHTMLParser(guide_html(sample, pages, {}, built=BUILT))
    ids = [n.attrs.get("id") for n in tree.css("[id]")]
    assert len(ids) == len(set(ids)) >= 4


# --------------------------------------------------------------------------- text snapshot


def _swatch_png() -> bytes:
    from io import BytesIO

    out = BytesIO()
    Image.new("RGB", (64, 48), (46, 125, 50)).save(out, "PNG")
    return out.getvalue()


def _small_site(tax: Taxonomy) -> tuple[Sequence[Page], dict[str, bytes | str]]:
    """A few hand-made pages, so the snapshot follows the guide's layout rather than what
    the page generators write."""
    figure = (
        '<div class="tx-gallery" markdown>\n\n<figure class="tx-example tx-dont" markdown>\n\n'
        "[![Don't: a box too small](../assets/taxonomist/thumbs/t.png)]"
        "(../assets/taxonomist/examples/e.png)\n\n"
        f"<figcaption markdown>{verdict_badge('dont')} A box too small ([`tiny`](tiny.md))"
        "</figcaption>\n\n"
        "</figure>\n\n</div>\n"
    )
    pages = [
        Page("index.md", "Small guide", "# Small guide\n\nRead the [rule](rules/tiny.md).\n"),
        Page("rules/index.md", "Rules", "# Rules\n\n- [Tiny things](tiny.md#examples)\n"),
        Page(
            "rules/tiny.md",
            "Tiny things",
            "# Tiny things\n\n## Guidance\n\nLeave out what is smaller than 16 px; see "
            "[X001](../checks/X001.md).\n\n## Examples\n\n" + figure,
        ),
        Page("checks/X001.md", "X001", "# X001\n\nFor the pipeline.\n"),
    ]
    png = _swatch_png()
    assets: dict[str, bytes | str] = {
        "assets/taxonomist/thumbs/t.png": png,
        "assets/taxonomist/examples/e.png": png,
    }
    return pages, assets


@prints
def test_small_guide_text_snapshot(sample: Taxonomy, tmp_path: Path) -> None:
    pages, assets = _small_site(sample)
    first = guide_pdf(sample, pages, assets, built=BUILT)
    second = guide_pdf(sample, pages, assets, built=BUILT)
    assert first == second  # deterministic to the byte
    (tmp_path / "small.pdf").write_bytes(first)
    text = _run("pdftotext", "-layout", "-enc", "UTF-8", str(tmp_path / "small.pdf"), "-")
    assert_snapshot("guidelines/printable/small-guide.txt", text)


# --------------------------------------------------------------------------- hostile text


HOSTILE_PRINTED = frozenset(
    {
        "index.md",
        "classes/index.md",
        "classes/person.md",
        "rules/index.md",
        "rules/clip-at-image-edge.md",
        "label-types/coco_pose.md",
        "about.md",
    }
)


def _hostile(demo: Site, tax: Taxonomy) -> Site:
    """The hostile taxonomy's pages over the demo's drawings (the same images; drawing them
    again would only change their legends), captions from the hostile copy."""
    examples = tuple(
        replace(ex, caption=tax.rules[ex.rule].rule.examples[ex.index].caption)
        for ex in demo.inputs.examples
    )
    inputs = replace(demo.inputs, examples=examples, changes=(), history_note="")
    assert any("__pwned" in ex.caption for ex in examples)
    return Site(tax, plan(tax, inputs), demo.assets, inputs)


@prints
def test_hostile_taxonomy_prints_without_running_or_fetching(
    demo: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    site = _hostile(demo, load(hostile_copy(tmp_path)))
    asked: list[str] = []
    real = printable._fetcher

    def watched(weasy: object, assets: dict[str, bytes | str], refused: list[str]) -> object:
        fetcher = real(weasy, assets, refused)
        inner = fetcher.fetch

        def fetch(url: str, headers: object = None) -> object:
            asked.append(url)
            return inner(url, headers)

        fetcher.fetch = fetch
        return fetcher

    def no_network(*args: object) -> None:
        raise AssertionError(f"the printable guide opened a connection: {args}")

    monkeypatch.setattr(printable, "_fetcher", watched)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    # Every page's HTML is checked; a page of each kind is printed (all of them take long:
    # every string carries a long payload).
    printed = _printed(site, tmp_path / "hostile.pdf", include=HOSTILE_PRINTED.__contains__)
    assert asked and all(u.startswith("asset:") for u in asked)
    tree = LexborHTMLParser(guide_html(site.tax, site.pages, site.assets, built=BUILT))
    assert not tree.css("script, iframe, object, embed, svg, link[href]")
    for node in tree.css("*"):
        assert not [a for a in node.attrs if a.lower().startswith("on")], node.html
        href = (node.attrs.get("href") or "").lower()
        assert not href.startswith(("javascript:", "data:", "file:")), href
    assert _info(printed.path)["JavaScript"] == "no"
    # The payloads are printed as the text they are.
    assert "window.__pwned" in _flat(" ".join(printed.pages))


def test_printing_leaves_pillow_refusing_truncated_images() -> None:
    """WeasyPrint's import makes Pillow accept truncated images process-wide; after the
    guide's import of it, a cut-short mask is still refused (in a fresh process, where the
    import really runs)."""
    pytest.importorskip("weasyprint")
    script = (
        "from PIL import ImageFile\n"
        "from taxonomist.guidelines.printable import _weasyprint\n"
        "_weasyprint()\n"
        "print(ImageFile.LOAD_TRUNCATED_IMAGES)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "False"
