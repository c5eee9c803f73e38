"""The quiz of the demo site in headless Chromium: a scripted set of answers (some right, some
wrong, one left out, the first given with the keyboard) is scored as Python scores it, each
wrong item links to its rule page, the result code reads back, nothing but the site's own
files is requested, and without JavaScript the page says so and still lists the questions."""

from __future__ import annotations

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from taxonomist.guidelines.pages.quiz import Quiz, decode_result, quiz_of, result_code
from taxonomist.taxonomy import load
from tests.guidelines.browser import CHROMIUM, CHROMIUM_ARGS, browser_page, serve
from tests.guidelines.sites import REPO, build_demo

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium"),
]
SHOTS = REPO / "test-output" / "guidelines"
ASSETS = REPO / "src" / "taxonomist" / "guidelines" / "assets"
QUIZ_ASSETS = ("quiz.css", "quiz.js")


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _link_quiz_assets(build_demo(tmp_path_factory.mktemp("quiz"), verify=False))


def _link_quiz_assets(site: Path) -> Path:
    """The quiz's script and style, linked into its page when the build did not: the renderer
    links every file of ``guidelines/assets``; a build without it does not. A no-op once it
    does."""
    target = site / "assets" / "taxonomist"
    if all((target / name).exists() for name in QUIZ_ASSETS):
        return site
    for name in QUIZ_ASSETS:
        shutil.copy(ASSETS / name, target / name)
    page = site / "quiz" / "index.html"
    text = page.read_text(encoding="utf-8")
    text = text.replace(
        "</head>", '<link rel="stylesheet" href="../assets/taxonomist/quiz.css">\n</head>', 1
    )
    text = text.replace(
        "</body>", '<script src="../assets/taxonomist/quiz.js"></script>\n</body>', 1
    )
    page.write_text(text, encoding="utf-8")
    return site


@pytest.fixture(scope="module")
def quiz() -> Quiz:
    return quiz_of(load(REPO / "taxonomies" / "demo.yaml"))


@pytest.fixture
def page(tmp_path: Path) -> Any:
    with browser_page(tmp_path / "profile") as opened:
        opened.errors = []
        opened.requests = []
        opened.on("console", lambda m: opened.errors.append(m.text) if m.type == "error" else None)
        opened.on("pageerror", lambda exc: opened.errors.append(str(exc)))
        opened.on("request", lambda r: opened.requests.append((r.url, r.resource_type)))
        yield opened


def scripted(quiz: Quiz) -> list[tuple[str, str]]:
    """Answers for the demo quiz: three in four right, the rest wrong in every way there is
    (verdict flipped, a Don't's rule mistaken, a Don't without a rule) and one left out."""
    answers: list[tuple[str, str]] = []
    for n, item in enumerate(quiz.items):
        other = next(r for r in quiz.rules if r != item.rule)
        if n == len(quiz.items) - 1:
            answers.append(("", ""))
        elif n % 4 != 3:
            answers.append(("do", "") if item.verdict == "do" else ("dont", item.rule))
        elif item.verdict == "do":
            answers.append(("dont", other if n % 8 == 3 else ""))
        else:
            answers.append(("do", "") if n % 8 == 3 else ("dont", other))
    return answers


KEYBOARD = 4  # questions answered with the keyboard alone, the rest with the mouse


def _answer(page: Any, quiz: Quiz, answers: list[tuple[str, str]], focus_shot: Path) -> None:
    """Tab moves from question to question (a radio group is one stop, a select disabled
    until Don't is chosen is skipped), Space and the arrows choose."""
    page.focus("#tx-quiz-q1 input[value=do]")
    for n, (verdict, rule) in enumerate(answers[:KEYBOARD], 1):
        assert page.evaluate("document.activeElement.name") == f"tx-quiz-q{n}"
        page.keyboard.press("Space")  # Do
        if verdict == "dont":
            page.keyboard.press("ArrowRight")
        page.keyboard.press("Tab")
        if verdict == "dont":
            assert page.evaluate("document.activeElement.id") == f"tx-quiz-q{n}-rule"
            for _ in range(quiz.rules.index(rule) + 1 if rule else 0):
                page.keyboard.press("ArrowDown")
            if not focus_shot.exists():
                page.locator(f"#tx-quiz-q{n} .tx-quiz-rule").screenshot(path=str(focus_shot))
            page.keyboard.press("Tab")
    for n, (verdict, rule) in enumerate(answers[KEYBOARD:], KEYBOARD + 1):
        if not verdict:
            continue
        page.check(f"#tx-quiz-q{n} input[value={verdict}]")
        if rule:
            page.select_option(f"#tx-quiz-q{n}-rule", rule)
    # a question answered by keyboard reads as it was answered
    for n, (verdict, rule) in enumerate(answers[:KEYBOARD], 1):
        assert page.locator(f"#tx-quiz-q{n} input:checked").get_attribute("value") == verdict
        if verdict == "dont":
            assert page.locator(f"#tx-quiz-q{n}-rule").input_value() == rule


def _plain_drawings_shown(page: Any) -> None:
    """Every question shows its example's plain drawing (no verdict badge, no marks), and it
    loads: the quiz must not give its answers away."""
    images = page.locator(".tx-quiz-image")
    for i in range(images.count()):
        images.nth(i).scroll_into_view_if_needed()
    page.wait_for_function(
        "[...document.querySelectorAll('.tx-quiz-image')].every(i => i.complete)"
    )
    shown = page.eval_on_selector_all(
        ".tx-quiz-image", "els => els.map(e => [new URL(e.src).pathname, e.naturalWidth])"
    )
    assert shown and all(
        path.startswith("/assets/taxonomist/quiz/") and width > 0 for path, width in shown
    ), shown


def _own_files_only(page: Any, base: str) -> None:
    foreign = [url for url, _ in page.requests if not url.startswith(base + "/")]
    assert foreign == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_scripted_answers_are_scored_and_link_their_rules(
    demo_site: Path, quiz: Quiz, page: Any, scheme: str
) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    answers = scripted(quiz)
    expected = decode_result(result_code(quiz, answers), load(REPO / "taxonomies" / "demo.yaml"))
    assert 0 < expected.score < expected.total
    page.emulate_media(color_scheme=scheme)
    with serve(demo_site) as base:
        page.goto(f"{base}/quiz/")
        page.wait_for_load_state("networkidle")
        assert page.locator(".tx-quiz-nojs").is_hidden()
        assert page.locator("fieldset.tx-quiz-item").count() == len(quiz.items)
        assert page.locator(".tx-quiz-feedback:visible, .tx-quiz-caption:visible").count() == 0
        _answer(page, quiz, answers, SHOTS / f"quiz-keyboard-focus-{scheme}.png")
        _plain_drawings_shown(page)
        page.locator("#tx-quiz-q1").scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / f"quiz-before-{scheme}.png"))

        before = len(page.requests)
        page.locator("button[type=submit]").focus()
        page.keyboard.press("Enter")
        status = page.locator("#tx-quiz-status")
        assert status.inner_text().startswith(f"You scored {expected.score} of {expected.total};")
        code = page.locator("#tx-quiz-code").input_value()
        assert code == result_code(quiz, answers)
        assert page.evaluate("document.activeElement.classList.contains('tx-quiz-review')")
        page.screenshot(path=str(SHOTS / f"quiz-after-{scheme}.png"))  # the review, in view
        after = page.requests[before:]
        assert [r for r in after if r[1] in ("fetch", "xhr", "websocket", "ping")] == []

        wrong = {m.number for m in expected.mistakes}
        for item in expected.items:
            fieldset = page.locator(f"#tx-quiz-q{item.number}")
            classes = fieldset.get_attribute("class") or ""
            assert ("tx-quiz-wrong" in classes) == (item.number in wrong), item
            assert fieldset.locator(".tx-quiz-caption").is_visible()
            link = fieldset.locator(".tx-quiz-feedback a")
            assert link.get_attribute("href") == f"../rules/{item.rule}/", item
        review = page.locator(".tx-quiz-review li a[href^='../rules/']")
        assert [review.nth(i).get_attribute("href") for i in range(review.count())] == [
            f"../rules/{m.rule}/" for m in expected.mistakes
        ]

        first_wrong = min(wrong)
        wrong_item = page.locator(f"#tx-quiz-q{first_wrong}")
        wrong_item.screenshot(path=str(SHOTS / f"quiz-wrong-item-{scheme}.png"))
        page.locator(f"#tx-quiz-q{first_wrong} .tx-quiz-feedback a").click()
        page.wait_for_load_state("networkidle")
        rule = expected.items[first_wrong - 1].rule
        assert page.url == f"{base}/rules/{rule}/"
        _own_files_only(page, base)
    assert page.errors == []


def test_start_again_clears_the_answers(demo_site: Path, quiz: Quiz, page: Any) -> None:
    with serve(demo_site) as base:
        page.goto(f"{base}/quiz/")
        page.check("#tx-quiz-q1 input[value=dont]")
        assert page.locator("#tx-quiz-q1-rule").is_enabled()
        assert page.locator("#tx-quiz-q2-rule").is_disabled()  # no Don't chosen there
        page.locator("button[type=submit]").click()
        assert page.locator("#tx-quiz-q1 input[value=do]").is_disabled()  # answers recorded
        page.locator(".tx-quiz-again").click()
        assert page.locator("input[type=radio]:checked").count() == 0
        assert page.locator(".tx-quiz-review").is_hidden()
        assert page.locator("button[type=submit]").is_visible()
        assert page.locator("fieldset.tx-quiz-wrong, fieldset.tx-quiz-right").count() == 0
        assert page.evaluate("document.activeElement.name") == "tx-quiz-q1"
    assert page.errors == []


@contextlib.contextmanager
def _page_without_javascript(profile: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            java_script_enabled=False,
        )
        try:
            yield context.new_page()
        finally:
            context.close()


def test_without_javascript_the_page_says_so_and_lists_the_questions(
    demo_site: Path, quiz: Quiz, tmp_path: Path
) -> None:
    with serve(demo_site) as base, _page_without_javascript(tmp_path / "profile") as page:
        page.goto(f"{base}/quiz/")
        assert "This quiz needs JavaScript" in page.locator(".tx-quiz-nojs").inner_text()
        assert page.locator("fieldset.tx-quiz-item legend").count() == len(quiz.items)
        assert page.locator("button:visible", has_text="Score my answers").count() == 0
        assert page.locator(".tx-quiz-caption:visible").count() == 0  # no answers shown
        page.screenshot(path=str(SHOTS / "quiz-no-javascript.png"))


def test_questions_stay_out_of_the_search_index(demo_site: Path) -> None:
    import json

    index = json.loads((demo_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    quiz = {d["location"]: d["text"] for d in index["docs"] if d["location"].startswith("quiz/")}
    assert "quiz/#questions" in quiz and quiz["quiz/#questions"] == ""
    assert "Leave out objects lower than 16 px" in quiz["quiz/#rules-in-this-quiz"]


def test_the_script_does_nothing_on_other_pages(demo_site: Path, page: Any) -> None:
    with serve(demo_site) as base:
        page.goto(f"{base}/classes/space_shuttle/")
        article = page.locator("article").inner_html()
        page.add_script_tag(path=str(ASSETS / "quiz.js"))
        page.add_style_tag(path=str(ASSETS / "quiz.css"))
        assert page.locator(".tx-quiz").count() == 0
        assert page.locator("article").inner_html() == article
    assert page.errors == []
