"""The quiz page's plan: one question per example, the answers in a JSON island that taxonomy
text cannot break out of, a fixed order per version; the result code and its decoder."""

from __future__ import annotations

import html.parser
import io
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest
from PIL import Image, ImageDraw

from taxonomist.core.errors import InvalidInput
from taxonomist.guidelines import marks, palette
from taxonomist.guidelines.common import DrawnExample, SiteInputs
from taxonomist.guidelines.examples import Drawer, sources
from taxonomist.guidelines.nav import build_nav
from taxonomist.guidelines.pages.quiz import (
    QUIZ,
    Quiz,
    QuizItem,
    checksum,
    data_island,
    decode_result,
    quiz_image,
    quiz_of,
    read_code,
    result_code,
)
from taxonomist.guidelines.plan import plan
from taxonomist.taxonomy import load
from taxonomist.taxonomy.resolved import Taxonomy
from tests.guidelines.hostile import hostile_copy
from tests.snapshot import assert_snapshot

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "taxonomies" / "demo.yaml"
KITCHEN_SINK = REPO / "tests" / "data" / "taxonomies" / "kitchen_sink" / "kitchen_sink.yaml"
ISLAND = re.compile(r'<script type="application/json" id="tx-quiz-data">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def demo() -> Taxonomy:
    return load(DEMO)


def drawn(tax: Taxonomy) -> tuple[DrawnExample, ...]:
    """Every example of the taxonomy as the plugin hands it in, with made-up image paths."""
    return tuple(
        DrawnExample(
            r.id,
            i,
            ex.verdict,
            ex.caption,
            f"assets/taxonomist/examples/{r.id}-{i}.jpg",
            f"assets/taxonomist/thumbs/{r.id}-{i}.jpg",
            plain=f"assets/taxonomist/quiz/{r.id}-{i}.jpg",
        )
        for r in tax.rules.values()
        for i, ex in enumerate(r.rule.examples)
    )


def quiz_markdown(tax: Taxonomy) -> str:
    pages = {p.path: p for p in plan(tax, SiteInputs(examples=drawn(tax)))}
    return pages[QUIZ].markdown


def island(markdown: str) -> dict[str, object]:
    found = ISLAND.findall(markdown)
    assert len(found) == 1
    data: dict[str, object] = json.loads(found[0])
    return data


def test_one_question_per_example_in_the_plan_and_nav(demo: Taxonomy) -> None:
    md = quiz_markdown(demo)
    examples = drawn(demo)
    assert md.count('<fieldset class="tx-quiz-item"') == len(examples) == 22
    assert md.count("This quiz needs JavaScript") == 1
    for ex in examples:
        assert quiz_image(ex) == ex.plain
        assert md.count(f'src="../{ex.plain}"') == 1
        assert ex.thumb not in md and ex.image not in md  # the badged drawings
    pages = plan(demo, SiteInputs(examples=examples))
    assert {"Quiz": QUIZ} in build_nav(pages, {}, 150)


def test_an_example_without_a_plain_drawing_shows_its_drawing() -> None:
    ex = DrawnExample("r", 0, "do", "c", "assets/taxonomist/examples/a.jpg", "t.jpg")
    assert quiz_image(ex) == ex.image


BADGE_COLOURS = {"do": [palette.DO_COLOR], "dont": [palette.DONT_COLOR, palette.DONT_STRIPE]}


def test_the_demo_quiz_never_shows_a_badged_drawing(demo: Taxonomy, tmp_path: Path) -> None:
    """Drawn for real: every question shows its example's plain drawing, whose badge corner
    lacks the badge the lightbox drawing has there (the photo and the labels may hold a few
    pixels of its colours: the astronaut's flag, the person's crimson)."""
    drawer = Drawer(demo, tmp_path)
    examples = tuple(drawer.example(s) for s in sources(demo, REPO))
    pages = {p.path: p for p in plan(demo, SiteInputs(examples=examples))}
    md = pages[QUIZ].markdown
    shown = re.findall(r'<img class="tx-quiz-image[^"]*" src="\.\./([^"]+)"', md)
    assert sorted(shown) == sorted(ex.plain for ex in examples)
    assert [i["image"] for i in island(md)["items"]] == [f"../{p}" for p in shown]
    badged = {ex.image for ex in examples} | {ex.thumb for ex in examples}
    assert not badged & set(shown) and all(p.startswith("assets/taxonomist/quiz/") for p in shown)
    for ex in examples:
        plain, full = drawer.assets[ex.plain], drawer.assets[ex.image]
        assert plain != full
        colours = BADGE_COLOURS[ex.verdict]
        assert 3 * _badge_pixels(plain, ex.verdict, colours) < _badge_pixels(
            full, ex.verdict, colours
        )


def _badge_pixels(jpeg: bytes, verdict: str, colours: list[tuple[int, int, int]]) -> int:
    """Pixels within 40 of one of ``colours`` where the badge of ``verdict`` is drawn."""
    image = Image.open(io.BytesIO(jpeg)).convert("RGB")
    pen = ImageDraw.Draw(Image.new("RGB", image.size))
    x0, y0, x1, y1 = (round(v) for v in marks.badge(pen, verdict, image.size, thumb=False))
    pixels = np.asarray(image.crop((x0, y0, x1, y1))).astype(int)
    return sum(int((np.abs(pixels - np.array(c)).max(axis=2) <= 40).sum()) for c in colours)


def test_no_examples_no_quiz(demo: Taxonomy) -> None:
    pages = plan(demo, SiteInputs())
    assert QUIZ not in {p.path for p in pages}
    assert all("Quiz" not in item for item in build_nav(pages, {}, 150))


def test_the_island_holds_the_right_answers_and_no_verdict_is_shown(demo: Taxonomy) -> None:
    md = quiz_markdown(demo)
    data = island(md)
    by_image = {f"../{ex.plain}": ex for ex in drawn(demo)}
    items = data["items"]
    assert isinstance(items, list) and len(items) == len(by_image)
    for n, item in enumerate(items, 1):
        ex = by_image[item["image"]]
        assert (item["rule"], item["index"], item["verdict"]) == (ex.rule, ex.index, ex.verdict)
        assert item["rule_page"] == f"rules/{ex.rule}.md"
        # the question shows that very image
        question = md.split(f'id="tx-quiz-q{n}"', 1)[1].split("</fieldset>", 1)[0]
        assert f'src="{item["image"]}"' in question
        assert "Do:" not in question and "tx-do" not in question and "tx-dont" not in question
    dont_rules = [r for r in demo.rules if any(i["rule"] == r and i["verdict"] == "dont"
                                                 for i in items)]  # fmt: skip
    assert data["rules"] == dont_rules
    assert (data["taxonomy"], data["version"]) == (demo.name, demo.version)
    # the rule select offers exactly those rules, titled as the taxonomy titles them
    first = md.split('id="tx-quiz-q1-rule"', 1)[1].split("</select>", 1)[0]
    assert re.findall(r'<option value="([^"]*)"', first) == ["", *dont_rules]
    assert ">The scene is where the photo was taken<" not in first  # it has Do examples only
    assert ">Leave out objects lower than 16 px<" in first  # $threshold resolved


def test_order_is_shuffled_fixed_and_seeded_by_name_and_version(
    demo: Taxonomy, tmp_path: Path
) -> None:
    assert quiz_markdown(demo) == quiz_markdown(load(DEMO))
    order = [(i.rule, i.index) for i in quiz_of(demo).items]
    in_taxonomy = [(ex.rule, ex.index) for ex in drawn(demo)]
    assert order != in_taxonomy and sorted(order) == sorted(in_taxonomy)
    copy = tmp_path / "taxonomies"
    shutil.copytree(DEMO.parent, copy)
    text = (copy / "demo.yaml").read_text(encoding="utf-8")
    assert f"version: {demo.version}" in text
    (copy / "demo.yaml").write_text(text.replace(f"version: {demo.version}", "version: 9.0.0"))
    other = [(i.rule, i.index) for i in quiz_of(load(copy / "demo.yaml")).items]
    assert other != order and sorted(other) == sorted(order)


def test_the_plan_quiz_and_the_decoders_quiz_agree(demo: Taxonomy) -> None:
    data = island(quiz_markdown(demo))
    quiz = quiz_of(demo)
    assert data["key"] == quiz.key and data["width"] == quiz.width == 1
    assert [(i["rule"], i["index"]) for i in data["items"]] == [  # type: ignore[attr-defined]
        (i.rule, i.index) for i in quiz.items
    ]


class _Markup(html.parser.HTMLParser):
    """What a browser would build: elements, handlers, script bodies."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[str | None, str]] = []
        self.handlers: list[str] = []
        self.fieldsets = 0
        self._script: str | None = None
        self._type: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handlers += [f"{tag} {k}" for k, v in attrs if k.startswith("on")]
        self.handlers += [f"{tag} {k}" for k, v in attrs if (v or "").startswith("javascript:")]
        self.fieldsets += tag == "fieldset"
        if tag == "script":
            self._script, self._type = "", dict(attrs).get("type")

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.scripts.append((self._type, self._script))
            self._script = None


def test_hostile_captions_and_titles_stay_text(tmp_path: Path) -> None:
    import markdown  # type: ignore[import-untyped]

    tax = load(hostile_copy(tmp_path))
    md = quiz_markdown(tax)
    # the payloads reach the page (as text), in the rule list, the select and the captions
    assert md.count("shuttle-is-a-model.title") > 2 and "examples.1.caption" in md
    extensions = ["attr_list", "md_in_html", "tables", "admonition", "toc", "fenced_code"]
    for text in (md, markdown.markdown(md, extensions=extensions)):
        markup = _Markup()
        markup.feed(text)
        assert markup.handlers == []
        assert markup.scripts == [("application/json", ISLAND.findall(md)[0])]
        assert markup.fieldsets == len(drawn(tax))
        assert not re.search(r"<(img|svg)[^>]*\bon\w+=", text)
    assert island(md)["taxonomy"] == tax.name


def test_the_island_cannot_be_closed_by_what_it_holds() -> None:
    hostile = {"x": "</script><script>alert(1)</script><!-- & -->", "y": ["</SCRIPT >"]}
    text = data_island(hostile)
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == hostile


def scripted(quiz: Quiz) -> list[tuple[str, str]]:
    """One of every kind of answer: right Do, right Don't, wrong verdict, wrong rule, a Don't
    without a rule, none."""
    answers = []
    for n, item in enumerate(quiz.items):
        other = next(r for r in quiz.rules if r != item.rule)
        kind = n % 5
        if kind == 0:
            answers.append(("do", "") if item.verdict == "do" else ("dont", item.rule))
        elif kind == 1:
            answers.append(("dont", other) if item.verdict == "do" else ("do", ""))
        elif kind == 2:
            answers.append(("dont", other))
        elif kind == 3:
            answers.append(("dont", ""))
        else:
            answers.append(("", ""))
    return answers


def test_result_code_round_trip(demo: Taxonomy) -> None:
    quiz = quiz_of(demo)
    answers = scripted(quiz)
    code = result_code(quiz, answers)
    assert re.fullmatch(
        rf"TXQ1-{demo.name}-{demo.version}-\d+/22-[0-9a-z]{{22}}-[0-9a-f]{{8}}", code
    )
    result = decode_result(code, demo)
    assert [(i.answer, i.answer_rule) for i in result.items] == answers
    assert [(i.rule, i.index, i.verdict) for i in result.items] == [
        (i.rule, i.index, i.verdict) for i in quiz.items
    ]
    assert (
        result.score
        == sum(i.correct for i in result.items)
        == len(quiz.items) - len(result.mistakes)
    )
    right = [("do", "") if i.verdict == "do" else ("dont", i.rule) for i in quiz.items]
    perfect = decode_result(result_code(quiz, right), demo)
    assert (perfect.score, perfect.total, perfect.mistakes) == (22, 22, ())
    assert decode_result(f"  {code}\n", demo) == result  # pasted with blanks around it


def test_the_code_on_the_page_decodes(demo: Taxonomy) -> None:
    example = re.search(r"`(TXQ1-[^`]+)`", quiz_markdown(demo))
    assert example is not None
    assert decode_result(example.group(1), demo).score == 0


def _tamper(code: str, at: int, char: str) -> str:
    return code[:at] + char + code[at + 1 :]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: _tamper(c, c.rindex("-") - 1, "9" if c[c.rindex("-") - 1] != "9" else "8"),
         "checksum does not match"),
        (lambda c: c.replace("-1.1.0-", "-1.0.0-"), "not a quiz code of space-and-kitchen 1.1.0"),
        (lambda c: c.replace("TXQ1", "TXQ2"), "not a quiz code"),
        (lambda c: c[:-1], "not a well-formed quiz code"),
        (lambda c: "", "an empty code"),
    ],
)  # fmt: skip
def test_a_tampered_code_is_refused(demo: Taxonomy, change: object, message: str) -> None:
    code = result_code(quiz_of(demo), scripted(quiz_of(demo)))
    with pytest.raises(InvalidInput, match=message) as caught:
        decode_result(change(code), demo)  # type: ignore[operator]
    assert "\n" not in caught.value.message and caught.value.hint


def _resigned(quiz: Quiz, body: str) -> str:
    """A forged code that carries a correct checksum: the decoder checks the content too."""
    return f"{body}-{checksum(body, quiz.key)}"


def test_a_resigned_code_with_a_false_score_is_refused(demo: Taxonomy) -> None:
    quiz = quiz_of(demo)
    code = result_code(quiz, scripted(quiz))
    body = code.rsplit("-", 1)[0]
    score = decode_result(code, demo).score
    forged = body.replace(f"-{score}/22-", "-22/22-")
    with pytest.raises(InvalidInput, match="score does not match the answers"):
        decode_result(_resigned(quiz, forged), demo)
    with pytest.raises(InvalidInput, match="not one answer per question"):
        decode_result(_resigned(quiz, body + "1"), demo)
    with pytest.raises(InvalidInput, match="names no rule"):
        decode_result(_resigned(quiz, body[:-1] + "z"), demo)


def test_a_code_of_another_build_of_the_quiz_is_refused(demo: Taxonomy) -> None:
    quiz = quiz_of(demo)
    fewer = Quiz(quiz.taxonomy, quiz.version, quiz.items[1:] + quiz.items[:1], quiz.rules)
    with pytest.raises(InvalidInput, match="checksum does not match"):
        read_code(result_code(fewer, [("do", "")] * len(fewer.items)), quiz)


def test_many_rules_take_two_digits_an_answer() -> None:
    rules = tuple(f"rule-{n}" for n in range(40))
    items = tuple(QuizItem(r, 0, "dont") for r in rules)
    quiz = Quiz("big", "2.0.0", items, rules)
    assert quiz.width == 2
    answers = [("dont", r) for r in rules[:-1]] + [("dont", rules[0])]
    code = result_code(quiz, answers)
    assert code.startswith("TXQ1-big-2.0.0-39/40-0304") and "-" not in code.split("-")[-2]
    result = read_code(code, quiz)
    assert [(i.answer, i.answer_rule) for i in result.items] == answers
    assert [m.number for m in result.mistakes] == [40]


def test_kitchen_sink_quiz_page_snapshot() -> None:
    tax = load(KITCHEN_SINK)
    assert_snapshot("guidelines/quiz.md", quiz_markdown(tax))
