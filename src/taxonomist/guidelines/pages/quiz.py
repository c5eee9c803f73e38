"""The qualification quiz (``quiz/index.md``): every example of the guide shown without its
verdict; the reader answers Do or Don't, and for a Don't which rule it breaks.

The page scores itself in the browser (``assets/quiz.js``): no server, no request, nothing
leaves the page. The answers live in a JSON island on the page, so the quiz is a self-check
and a record for a lead, not an exam a determined reader cannot see through.

The items come in an order that looks shuffled but is fixed by the taxonomy's name and
version: every reader of one version sees the same quiz, and the result code (below) can be
read back from the taxonomy alone.

Result code, as the page prints it for a lead's sheet::

    TXQ1-<taxonomy>-<version>-<score>/<total>-<answers>-<checksum>

``answers`` holds one fixed-width base-36 number per item, in page order: 0 not answered,
1 Do, 2 Don't without a rule, 3 + k Don't breaking the k-th rule of the quiz's rule list
(the rules that have a Don't example, in taxonomy order). ``checksum`` is the 32-bit FNV-1a
hash (8 hex digits) of the code before it, a ``|`` and the quiz's key (a hash of its items
and rule list), so a mistyped or hand-edited code, or one from another build of the quiz,
is refused. ``decode_result`` reads a code back.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from taxonomist.core.errors import InvalidInput
from taxonomist.guidelines import markdown as mdx
from taxonomist.guidelines.common import (
    DrawnExample,
    Page,
    SiteInputs,
    bullet_list,
    join,
    rel,
    rule_path,
    section,
)
from taxonomist.taxonomy.resolved import Taxonomy

QUIZ = "quiz/index.md"
FORMAT = "TXQ1"
DATA_ID = "tx-quiz-data"
NOT_ANSWERED, DO, DONT = 0, 1, 2  # answer values; 3 + k is "Don't, breaks rule k"
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"
BUTTON = "md-button"  # mkdocs-material's button style; plain buttons elsewhere
# Shown until the page's script runs (it hides it); a root of its own, as styles are scoped.
NO_SCRIPT = (
    '<div class="tx-quiz"><p class="tx-quiz-nojs"><strong>This quiz needs JavaScript</strong> '
    "to score your answers. Without it the questions below can still be read.</p></div>"
)
_HINT = "paste the whole code as the quiz page printed it, for this taxonomy's version"


@dataclass(frozen=True, slots=True)
class QuizItem:
    """One question: an example of a rule and its right answer."""

    rule: str
    index: int  # the example's position in its rule
    verdict: str  # "do" or "dont"


@dataclass(frozen=True, slots=True)
class Quiz:
    """The questions in page order and the rules a Don't can be said to break."""

    taxonomy: str
    version: str
    items: tuple[QuizItem, ...]
    rules: tuple[str, ...]  # rule ids with a Don't item, in taxonomy order

    @property
    def key(self) -> str:
        """A short hash of the items and rule list: a code fits one build of the quiz."""
        content = {"items": [[i.rule, i.index, i.verdict] for i in self.items], "rules": self.rules}
        text = json.dumps(content, separators=(",", ":"), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:12]

    @property
    def width(self) -> int:
        """Base-36 digits per answer: enough for the largest value, 3 + the last rule."""
        return len(_base36(len(self.rules) + DONT))

    def right_value(self, item: QuizItem) -> int:
        return DO if item.verdict == "do" else DONT + 1 + self.rules.index(item.rule)


@dataclass(frozen=True, slots=True)
class ItemResult:
    """A reader's answer to one question."""

    number: int  # 1-based position on the page
    rule: str
    index: int
    verdict: str  # the right answer
    answer: str  # "do", "dont" or "" (not answered)
    answer_rule: str  # the rule the reader said a Don't breaks, or ""

    @property
    def correct(self) -> bool:
        if self.verdict == "do":
            return self.answer == "do"
        return self.answer == "dont" and self.answer_rule == self.rule


@dataclass(frozen=True, slots=True)
class QuizResult:
    """A result code read back: the score and every answer."""

    taxonomy: str
    version: str
    score: int
    total: int
    items: tuple[ItemResult, ...]

    @property
    def mistakes(self) -> tuple[ItemResult, ...]:
        return tuple(i for i in self.items if not i.correct)


# -- the quiz -------------------------------------------------------------------------------


def quiz_image(ex: DrawnExample) -> str:
    """The drawing a question shows. It must not give the answer away: the example's plain
    drawing (no verdict badge, no marks), or its usual drawing only when it has none."""
    return ex.plain or ex.image


def build_quiz(tax: Taxonomy, keys: Iterable[tuple[str, int, str]]) -> Quiz:
    """The quiz of these (rule, index, verdict) examples, in its fixed shuffled order; an
    example of a rule the taxonomy does not have cannot be answered and is left out."""
    known = (QuizItem(*k) for k in keys if k[0] in tax.rules)
    items = sorted(known, key=lambda i: _order(tax, i))
    dont = {i.rule for i in items if i.verdict == "dont"}
    return Quiz(tax.name, tax.version, tuple(items), tuple(r for r in tax.rules if r in dont))


def quiz_of(tax: Taxonomy) -> Quiz:
    """The quiz of every example of the taxonomy: what the site shows, its examples verified."""
    keys = [
        (r.id, i, ex.verdict) for r in tax.rules.values() for i, ex in enumerate(r.rule.examples)
    ]
    return build_quiz(tax, keys)


def _order(tax: Taxonomy, item: QuizItem) -> str:
    # A hash per item, not a shuffle of the list: an added example leaves the others' order.
    seed = f"{tax.name}\n{tax.version}\n{item.rule}\n{item.index}"
    return hashlib.sha256(seed.encode()).hexdigest()


# -- the result code ------------------------------------------------------------------------


def result_code(quiz: Quiz, answers: Sequence[tuple[str, str]]) -> str:
    """The code the page prints for these (answer, rule) pairs, one per item in page order;
    an answer is "do", "dont" or "" and the rule "" when none was chosen."""
    if len(answers) != len(quiz.items):
        raise ValueError(f"{len(answers)} answers for {len(quiz.items)} questions")
    values = [_value(quiz, answer, rule) for answer, rule in answers]
    score = sum(v == quiz.right_value(i) for v, i in zip(values, quiz.items, strict=True))
    digits = "".join(_base36(v).rjust(quiz.width, "0") for v in values)
    body = f"{FORMAT}-{quiz.taxonomy}-{quiz.version}-{score}/{len(values)}-{digits}"
    return f"{body}-{checksum(body, quiz.key)}"


def _value(quiz: Quiz, answer: str, rule: str) -> int:
    if answer == "do":
        return DO
    if answer != "dont":
        return NOT_ANSWERED
    return DONT + 1 + quiz.rules.index(rule) if rule in quiz.rules else DONT


def checksum(body: str, key: str) -> str:
    """32-bit FNV-1a of ``body|key`` in UTF-8, as 8 hex digits (the page computes the same)."""
    value = 0x811C9DC5
    for byte in f"{body}|{key}".encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{value:08x}"


def decode_result(code: str, tax: Taxonomy) -> QuizResult:
    """Read a result code back against the taxonomy it was made for.

    Raises ``InvalidInput`` for a code of another taxonomy or version, a malformed code and
    one whose checksum or score does not add up (mistyped, edited, or from another build)."""
    return read_code(code, quiz_of(tax))


def read_code(code: str, quiz: Quiz) -> QuizResult:
    """Read a result code back against the quiz it was made for (see ``decode_result``)."""
    code = code.strip()
    prefix = f"{FORMAT}-{quiz.taxonomy}-{quiz.version}-"
    if not code.startswith(prefix):
        found = code[:60] or "an empty code"
        raise InvalidInput(
            f"{found!r}: not a quiz code of {quiz.taxonomy} {quiz.version}", hint=_HINT
        )
    match = re.fullmatch(r"(\d+)/(\d+)-([0-9a-z]+)-([0-9a-f]{8})", code[len(prefix) :])
    if match is None:
        raise InvalidInput(f"{code[:80]!r}: not a well-formed quiz code", hint=_HINT)
    score, total, digits, check = match.groups()
    if check != checksum(code[: -len(check) - 1], quiz.key):
        raise InvalidInput(
            f"{code[:80]!r}: checksum does not match (mistyped, edited, or from another "
            "build of the quiz)",
            hint=_HINT,
        )
    result = _read_answers(quiz, digits)
    if int(total) != result.total or int(score) != result.score:
        raise InvalidInput(f"{code[:80]!r}: score does not match the answers", hint=_HINT)
    return result


def _read_answers(quiz: Quiz, digits: str) -> QuizResult:
    width = quiz.width
    if len(digits) != width * len(quiz.items):
        raise InvalidInput(f"{digits[:40]!r}: not one answer per question", hint=_HINT)
    values = [int(digits[i : i + width], 36) for i in range(0, len(digits), width)]
    items = tuple(
        _item_result(quiz, n, item, v)
        for n, (item, v) in enumerate(zip(quiz.items, values, strict=True), 1)
    )
    score = sum(i.correct for i in items)
    return QuizResult(quiz.taxonomy, quiz.version, score, len(items), items)


def _item_result(quiz: Quiz, number: int, item: QuizItem, value: int) -> ItemResult:
    if value > DONT + len(quiz.rules):
        raise InvalidInput(f"question {number}: answer {value} names no rule", hint=_HINT)
    answer = {NOT_ANSWERED: "", DO: "do"}.get(value, "dont")
    rule = quiz.rules[value - DONT - 1] if value > DONT else ""
    return ItemResult(number, item.rule, item.index, item.verdict, answer, rule)


def _base36(value: int) -> str:
    out = ""
    while True:
        value, digit = divmod(value, 36)
        out = _DIGITS[digit] + out
        if value == 0:
            return out


# -- the page -------------------------------------------------------------------------------


def quiz_pages(tax: Taxonomy, inputs: SiteInputs) -> list[Page]:
    """The quiz page, or none when the taxonomy has no examples."""
    if not inputs.examples:
        return []
    drawn = {(e.rule, e.index): e for e in inputs.examples}
    quiz = build_quiz(tax, [(e.rule, e.index, e.verdict) for e in inputs.examples])
    if not quiz.items:
        return []
    examples = [drawn[(i.rule, i.index)] for i in quiz.items]
    body = join(
        "# Quiz",
        _intro(quiz),
        NO_SCRIPT,
        section("Rules in this quiz", _rule_list(tax, quiz)),
        section("Questions", _form(tax, quiz, examples)),
        section("For leads: the result code", _for_leads(tax, quiz)),
    )
    return [Page(QUIZ, "Quiz", body)]


def _intro(quiz: Quiz) -> str:
    n = len(quiz.items)
    which = " and, for a Don't, which rule it breaks" if quiz.rules else ""
    return (
        f"Test yourself on this guide's {n} examples. Each picture shows an annotation; say "
        f"whether it is a **Do** (labelled as the guide asks) or a **Don't**{which}. "
        "Then press *Score my answers*: the page marks every answer, links the rule behind "
        "each mistake and gives you a result code for your lead.\n\n"
        "The page scores your answers itself: nothing you choose is sent anywhere."
    )


def _rule_list(tax: Taxonomy, quiz: Quiz) -> str:
    asked = {i.rule for i in quiz.items}
    lines = [
        f'[{mdx.plain(_title(tax, r))}]({rel(QUIZ, rule_path(r))}){{: data-tx-rule="{r}" }}'
        for r in tax.rules
        if r in asked
    ]
    return bullet_list(lines)


def _title(tax: Taxonomy, rule_id: str) -> str:
    return mdx.title_text(tax.rules[rule_id].rule.title, tax.thresholds)


def _form(tax: Taxonomy, quiz: Quiz, examples: Sequence[DrawnExample]) -> str:
    """The questions as one raw HTML block: no blank line in it, so Markdown leaves it be."""
    total = len(examples)
    island = data_island(_data(quiz, examples))
    lines = [
        f'<div class="tx-quiz" id="tx-quiz" data-total="{total}">',
        # Out of the search index: a copy of the rule list per question, hidden captions.
        # (On the form: mkdocs-material's search stops excluding at the first nested end
        # tag of the excluded element's own name.)
        '<form class="tx-quiz-form" novalidate data-search-exclude>',
        *(_question(tax, quiz, n, ex, total) for n, ex in enumerate(examples, 1)),
        '<div class="tx-quiz-actions">',
        _button("submit", f"{BUTTON}--primary", "Score my answers"),
        _button("button", "tx-quiz-again", "Start again"),
        "</div>",
        "</form>",
        '<p class="tx-quiz-status" id="tx-quiz-status" role="status" aria-live="polite" '
        'aria-atomic="true"></p>',
        '<div class="tx-quiz-review" tabindex="-1" hidden></div>',
        "</div>",
        f'<script type="application/json" id="{DATA_ID}">{island}</script>',
    ]
    return "\n".join(lines)


def _button(kind: str, extra: str, text: str) -> str:
    # Hidden until the script runs: without it they would do nothing.
    return f'<button type="{kind}" class="{BUTTON} {extra}" hidden>{text}</button>'


def _question(tax: Taxonomy, quiz: Quiz, n: int, ex: DrawnExample, total: int) -> str:
    name = f"tx-quiz-q{n}"
    parts = [
        f'<fieldset class="tx-quiz-item" id="{name}" data-item="{n - 1}">',
        f"<legend>Question {n} of {total}: Do or Don't?</legend>",
        f'<img class="tx-quiz-image off-glb" src="{html.escape(rel(QUIZ, quiz_image(ex)))}" '
        f'alt="The example of question {n}, drawn with its annotation" loading="lazy">',
        '<div class="tx-quiz-choices">',
        f'<label><input type="radio" name="{name}" value="do"> Do</label>',
        f'<label><input type="radio" name="{name}" value="dont"> Don\'t</label>',
        "</div>",
    ]
    if quiz.rules:
        parts.append(_rule_select(tax, quiz, name))
    parts += [
        '<p class="tx-quiz-feedback" hidden></p>',
        f'<p class="tx-quiz-caption" hidden>{mdx.inline(ex.caption)}</p>',
        "</fieldset>",
    ]
    return "\n".join(parts)


def _rule_select(tax: Taxonomy, quiz: Quiz, name: str) -> str:
    options = "".join(
        f'<option value="{r}">{mdx.attr(_title(tax, r))}</option>' for r in quiz.rules
    )
    label = "For a Don't, the rule it breaks:"
    return (
        f'<p class="tx-quiz-rule"><label for="{name}-rule">{label}</label> '
        f'<select id="{name}-rule" name="{name}-rule"><option value="">Choose a rule</option>'
        f"{options}</select></p>"
    )


def _data(quiz: Quiz, examples: Sequence[DrawnExample]) -> dict[str, object]:
    """What the page's script needs: the answers, and the code's parts. No taxonomy text: the
    rule titles and links are read from the page, where they are escaped and resolved."""
    items = [
        {
            "rule": i.rule,
            "index": i.index,
            "verdict": i.verdict,
            "image": rel(QUIZ, quiz_image(ex)),
            "rule_page": rule_path(i.rule),
        }
        for i, ex in zip(quiz.items, examples, strict=True)
    ]
    return {
        "format": FORMAT,
        "taxonomy": quiz.taxonomy,
        "version": quiz.version,
        "key": quiz.key,
        "width": quiz.width,
        "rules": list(quiz.rules),
        "items": items,
    }


def data_island(data: object) -> str:
    """JSON for a ``<script type="application/json">``: ``<``, ``>`` and ``&`` escaped, so no
    text in it can close the element or open a comment."""
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _for_leads(tax: Taxonomy, quiz: Quiz) -> str:
    example = result_code(quiz, [("", "")] * len(quiz.items))
    return (
        "After scoring, the page prints a code such as\n\n"
        f"`{example}`\n\n"
        f"that is `{FORMAT}`, the taxonomy, its version, the score out of the number of "
        "questions, the answers and a checksum. The answers are one base-36 number per "
        f"question ({quiz.width} digit{'s' if quiz.width > 1 else ''} each), in page order: "
        "`0` not answered, `1` Do, `2` Don't without a rule, `3` and up Don't breaking the "
        "first, second, ... rule of the list offered. The checksum (FNV-1a, 8 hex digits) "
        "catches a mistyped or edited code and one from another version of this quiz. "
        "Read a code back in Python:\n\n"
        "```python\n"
        "from taxonomist.taxonomy import load\n"
        "from taxonomist.guidelines.pages.quiz import decode_result\n\n"
        f'result = decode_result(code, load("{tax.path.name}"))\n'
        "print(result.score, result.total, [(m.number, m.rule) for m in result.mistakes])\n"
        "```\n\n"
        "The answers are on this page for its script to read, so the quiz is a self-check "
        "and a record, not a proctored exam."
    )
