"""The demo site as annotators read it, built with each engine (mkdocs-material and Zensical)
and read in headless Chromium: every example's verdict on its thumbnail and in the lightbox
with its caption and faults, value definitions on a class page, the image-level questions on
the home page, the quiz scored as Python scores it, the quick reference listing every class,
natural search queries finding their page first, no console error and nothing fetched from
another host, and axe-core finding no violation in taxonomist's own elements, light and dark.

Each engine's site is built once for the module; the screenshots for a reader's eye go to
``test-output/guidelines/<engine>/``."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from taxonomist.guidelines.pages.label_type import image_questions, question
from taxonomist.guidelines.pages.quiz import Quiz, decode_result, quiz_of, result_code
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.browser import CHROMIUM, serve
from tests.guidelines.engines import (
    DEMO,
    ENGINES,
    Site,
    Tab,
    axe_violations,
    build_demo_site,
    chromium,
    search_results,
    tab,
    words,
)
from tests.guidelines.test_quiz_browser import scripted

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
WORDS = {"tx-do": "✓ DO", "tx-dont": "✗ DON'T"}  # the badge as shown (upper case)
SEARCHES = {
    "occlusion": "/rules/grade-occlusion/",
    "pedestrian": "/classes/person/",
    "minimum box size": "/rules/min-object-size/",
}


@pytest.fixture(scope="module")
def drawings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One drawing cache for both engines' builds: the examples are drawn once."""
    return tmp_path_factory.mktemp("drawings")


@pytest.fixture(scope="module", params=ENGINES)
def site(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, drawings: Path
) -> Iterator[Site]:
    engine: str = request.param
    if engine == "zensical":
        pytest.importorskip("zensical", reason="the zensical extra is not installed")
    root = build_demo_site(engine, tmp_path_factory.mktemp(engine), drawings)
    with serve(root) as base:
        yield Site(engine, root, base)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as opened:
        yield opened


@pytest.fixture
def reader(browser: Any, site: Site) -> Iterator[Tab]:
    with tab(browser, site) as opened:
        yield opened


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load(DEMO)


def _gallery_pages(site: Site) -> list[str]:
    """The rule pages with examples: every example is shown on its rule's page."""
    return [
        "/" + p.parent.relative_to(site.root).as_posix() + "/"
        for p in sorted(site.root.glob("rules/*/index.html"))
        if "tx-example" in p.read_text(encoding="utf-8")
    ]


def _verdict(figure: Any) -> str:
    return "tx-dont" if "tx-dont" in (figure.get_attribute("class") or "").split() else "tx-do"


def _slide(page: Any) -> tuple[str, str]:
    """The lightbox's current slide: its title and description, once shown."""
    current = page.locator(".glightbox-container .gslide.current")
    current.locator(".gslide-description").wait_for(state="visible", timeout=5_000)
    page.wait_for_timeout(300)  # the slide's own transition
    return (
        words(current.locator(".gslide-title").inner_text()),
        words(current.locator(".gslide-desc").inner_text()),
    )


def _close_lightbox(page: Any) -> None:
    page.keyboard.press("Escape")
    page.locator(".glightbox-container").wait_for(state="detached", timeout=5_000)


def _gallery(page: Any, path: str) -> list[tuple[str, str]]:
    """The verdict and caption of every example of the page's first gallery, in order,
    checking each thumbnail's badge on the way."""
    figures = page.locator("figure.tx-example")
    gallery = figures.first.locator("a.glightbox").get_attribute("data-gallery")
    shown = []
    for i in range(figures.count()):
        figure = figures.nth(i)
        kind = _verdict(figure)
        badge = figure.locator(f"figcaption .tx-verdict.tx-verdict-{kind[3:]}")
        assert badge.count() == 1, (path, i)
        assert badge.is_visible(), (path, i)
        assert words(badge.inner_text()) == WORDS[kind], (path, i)
        link = figure.locator("a.glightbox")
        assert link.locator("img").evaluate("i => i.complete && i.naturalWidth > 0"), (path, i)
        if link.get_attribute("data-gallery") == gallery:
            caption = words(figure.locator("figcaption .tx-text").first.inner_text())
            shown.append((WORDS[kind], caption))
    return shown


def test_every_example_shows_its_verdict_on_the_thumbnail_and_in_the_lightbox(
    site: Site, reader: Tab
) -> None:
    """Every thumbnail's caption has its verdict badge; paging through each rule's gallery
    in the lightbox, every slide carries the verdict and caption of the thumbnail it
    enlarges, and the rule it is about."""
    pages = _gallery_pages(site)
    assert len(pages) >= 9  # every demo rule with examples
    seen = 0
    for path in pages:
        reader.open(path)
        page = reader.page
        expected = _gallery(page, path)
        seen += page.locator("figure.tx-example").count()
        page.locator("figure.tx-example a.glightbox").first.click()
        for n, (verdict, caption) in enumerate(expected):
            title, description = _slide(page)
            assert title == verdict, (path, n)
            assert caption in description, (path, n, description)
            assert f"rule {path.split('/')[2]}" in description, (path, n, description)
            page.keyboard.press("ArrowRight")
        _close_lightbox(page)
    assert seen >= 22
    assert reader.errors == []
    assert reader.foreign == []


def test_a_donts_lightbox_names_its_fault(site: Site, reader: Tab) -> None:
    reader.open("/rules/clip-at-image-edge/")
    page = reader.page
    page.locator("figure.tx-dont a.glightbox").first.click()
    page.wait_for_timeout(800)
    page.screenshot(path=str(site.shots / "lightbox-dont.png"))
    title, description = _slide(page)
    assert title == WORDS["tx-dont"]
    assert "The helmet's box runs past the right and bottom borders" in description
    faults = page.locator(".glightbox-container .gslide.current .gslide-desc ol.tx-marks li")
    assert [words(faults.nth(i).inner_text()) for i in range(faults.count())] == [
        "the object is not inside the image"
    ]
    image = page.locator(".glightbox-container .gslide.current img")
    assert image.evaluate("i => i.complete && i.naturalWidth") == 512  # the photo's own size
    assert reader.errors == []
    assert reader.foreign == []


def test_a_class_page_defines_the_values_of_its_attributes(
    site: Site, browser: Any, taxonomy: Taxonomy
) -> None:
    with tab(browser, site, color_scheme="dark") as dark:
        dark.open("/classes/helmet/")
        page = dark.page
        assert page.evaluate("document.body.dataset.mdColorScheme") == "slate"
        page.screenshot(path=str(site.shots / "class-page-dark.png"))
        for name in ("depiction", "visor"):
            heading = page.locator(f"h3#values-of-{name}")
            assert words(heading.inner_text()) == f"Values of {name}"
            rows = heading.locator("xpath=following-sibling::*[1]").locator("tbody tr")
            shown = {
                words(rows.nth(i).locator("td").nth(0).inner_text()): words(
                    rows.nth(i).locator("td").nth(1).inner_text()
                )
                for i in range(rows.count())
            }
            defined = taxonomy.attributes[name].value_descriptions  # type: ignore[union-attr]
            assert shown == {value: words(text) for value, text in defined.items()}
            assert heading.is_visible()
        page.locator("h3#values-of-depiction").scroll_into_view_if_needed()
        page.wait_for_timeout(600)  # the header's title changes as the page scrolls
        page.screenshot(path=str(site.shots / "class-values-dark.png"))
        occlusion = page.locator("h3#values-of-occlusion").locator(
            "xpath=following-sibling::*[1]//tbody/tr/td[1]"
        )
        assert [occlusion.nth(i).inner_text() for i in range(occlusion.count())] == list(
            taxonomy.attributes["occlusion"].labels  # type: ignore[union-attr]
        )
    assert dark.errors == []


def test_the_home_page_asks_the_image_level_questions(
    site: Site, reader: Tab, taxonomy: Taxonomy
) -> None:
    reader.open("/")
    page = reader.page
    heading = page.locator("article h2#for-every-image-answer")
    assert words(heading.inner_text()) == "For every image, answer"
    page.screenshot(path=str(site.shots / "home.png"))
    heading.scroll_into_view_if_needed()
    page.wait_for_timeout(600)  # the header's title changes as the page scrolls
    page.screenshot(path=str(site.shots / "home-questions.png"))
    items = heading.locator("xpath=following-sibling::ol[1]/li")
    names = image_questions(taxonomy)
    assert items.count() == len(names) >= 3
    for i, name in enumerate(names):
        link = items.nth(i).locator("a").first
        assert link.get_attribute("href") == f"label-types/{name}/"
        assert words(link.inner_text()) == question(taxonomy, name)
    assert reader.errors == []


@pytest.fixture(scope="module")
def quiz(taxonomy: Taxonomy) -> Quiz:
    return quiz_of(taxonomy)


def _answer_quiz(page: Any, answers: list[tuple[str, str]]) -> None:
    for n, (verdict, rule) in enumerate(answers, 1):
        if verdict:
            page.check(f"#tx-quiz-q{n} input[value={verdict}]")
        if rule:
            page.select_option(f"#tx-quiz-q{n}-rule", rule)
    page.locator("button[type=submit]").click()


def test_the_quiz_scores_scripted_answers_as_python_does(
    site: Site, reader: Tab, quiz: Quiz, taxonomy: Taxonomy
) -> None:
    answers = scripted(quiz)
    code = result_code(quiz, answers)
    expected = decode_result(code, taxonomy)
    assert 0 < expected.score < expected.total
    reader.open("/quiz/")
    page = reader.page
    assert page.locator("fieldset.tx-quiz-item").count() == len(quiz.items)
    _answer_quiz(page, answers)
    status = page.locator("#tx-quiz-status")
    assert status.inner_text().startswith(f"You scored {expected.score} of {expected.total};")
    assert page.locator("#tx-quiz-code").input_value() == code
    page.screenshot(path=str(site.shots / "quiz-scored.png"))
    wrong = {m.number for m in expected.mistakes}
    for item in expected.items:
        classes = page.locator(f"#tx-quiz-q{item.number}").get_attribute("class") or ""
        assert ("tx-quiz-wrong" in classes) == (item.number in wrong), item
    review = page.locator(".tx-quiz-review li a[href^='../rules/']")
    assert [review.nth(i).get_attribute("href") for i in range(review.count())] == [
        f"../rules/{m.rule}/" for m in expected.mistakes
    ]
    assert reader.errors == []
    assert reader.foreign == []


def test_the_quick_reference_lists_every_class(site: Site, reader: Tab, taxonomy: Taxonomy) -> None:
    if not (site.root / "quick-reference" / "index.html").is_file():
        pytest.skip("this build has no /quick-reference/ page")
    reader.open("/quick-reference/")
    page = reader.page
    page.screenshot(path=str(site.shots / "quick-reference.png"), full_page=True)
    links = page.locator("article a[href^='../classes/']")
    linked = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert {f"../classes/{name}/" for name in taxonomy.classes} <= linked
    rule_links = page.locator("article a[href^='../rules/']")
    linked |= {rule_links.nth(i).get_attribute("href") for i in range(rule_links.count())}
    assert {f"../rules/{rule}/" for rule in taxonomy.rules} <= linked
    broken = page.evaluate(
        "Array.from(document.images).filter(i => !(i.complete && i.naturalWidth > 0))"
        ".map(i => i.src)"
    )
    assert broken == []  # the full-page screenshot scrolled every lazy thumbnail in
    assert reader.errors == []
    assert reader.foreign == []


@pytest.mark.parametrize("query", list(SEARCHES))
def test_a_natural_query_finds_its_page_first(site: Site, reader: Tab, query: str) -> None:
    reader.open("/")
    found = search_results(reader.page, query)
    reader.page.screenshot(path=str(site.shots / f"search-{query.replace(' ', '-')}.png"))
    assert found[:1] == [SEARCHES[query]], found[:5]


READER_PAGES = (
    "/",
    "/classes/",
    "/classes/helmet/",
    "/rules/clip-at-image-edge/",
    "/label-types/blurry/",
    "/quiz/",
    "/quick-reference/",
    "/dataset/",
    "/classes/cat/",
)


def test_the_dataset_page_shows_its_plots_and_class_pages_their_thumbnails(
    site: Site, reader: Tab
) -> None:
    reader.open("/dataset/")
    plots = reader.page.locator("figure.tx-plot > svg[role=img]")
    assert plots.count() == 4
    titles = [plots.nth(i).get_attribute("aria-label") for i in range(4)]
    assert titles == [
        "Objects per class, by area",
        "Objects per image",
        "Object size",
        "Box aspect",
    ]
    assert reader.page.locator("figure.tx-plot svg").first.bounding_box()["width"] > 300
    reader.page.screenshot(path=str(site.shots / "dataset.png"), full_page=True)
    reader.open("/classes/cat/")
    thumbs = reader.page.locator(".tx-thumbs img")
    assert thumbs.count() == 1
    assert thumbs.first.evaluate("i => i.complete && i.naturalWidth > 0")
    assert reader.page.locator("figure.tx-plot > svg").count() == 1


def test_pages_log_no_error_and_load_nothing_from_elsewhere(site: Site, reader: Tab) -> None:
    for path in READER_PAGES:
        if path == "/quick-reference/" and not (site.root / "quick-reference").is_dir():
            continue
        reader.open(path)
        broken = reader.page.evaluate(
            "Array.from(document.images).filter(i => i.loading !== 'lazy'"
            " && !(i.complete && i.naturalWidth > 0)).map(i => i.src)"
        )
        assert broken == [], path
        if path == "/rules/clip-at-image-edge/":
            reader.page.locator("a.glightbox").first.click()
            _slide(reader.page)
            _close_lightbox(reader.page)
    reader.open("/")
    search_results(reader.page, "helmet")  # the search index and its worker load
    assert reader.errors == []
    assert reader.foreign == []


# taxonomist's own elements: galleries and examples, the quiz, the class index and filter,
# the quick reference, the badges and swatches, taxonomy text, the home page's questions
# and the tables the pages print. The
# theme's header, nav, search and footer are not ours and are left out.
OWN = [
    ".tx-gallery",
    ".tx-example",
    ".tx-quiz",
    ".tx-qr",
    ".tx-filter",
    ".tx-index-group",
    ".tx-neighbours",
    ".tx-swatch",
    ".tx-text",
    "#for-every-image-answer + ol",
    "article table",
    ".tx-plot",
    ".tx-thumbs",
]
AXE_PAGES = (
    "/",
    "/classes/",
    "/classes/helmet/",
    "/rules/clip-at-image-edge/",
    "/rules/grade-occlusion/",
    "/label-types/scene/",
    "/quick-reference/",
    "/dataset/",
    "/classes/cat/",
)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_violation_in_our_elements(
    site: Site, browser: Any, quiz: Quiz, scheme: str
) -> None:
    pytest.importorskip("axe_playwright_python", reason="axe-core comes with the test extra")
    found: dict[str, list[str]] = {}
    with tab(browser, site, color_scheme=scheme) as reader:
        for path in AXE_PAGES:
            if path == "/quick-reference/" and not (site.root / "quick-reference").is_dir():
                continue
            reader.open(path)
            found[path] = axe_violations(reader.page, OWN)
        reader.open("/quiz/")
        found["/quiz/"] = axe_violations(reader.page, OWN)
        _answer_quiz(reader.page, scripted(quiz))  # right and wrong answers marked
        found["/quiz/ scored"] = axe_violations(reader.page, OWN)
    report = [f"{path}: {line}" for path, lines in found.items() for line in lines]
    (site.shots / f"axe-{scheme}.txt").write_text("".join(f"{r}\n" for r in report))
    assert report == [], "\n".join(report)
