"""The gallery's markup, rendered by Python-Markdown as the site renders it: the verdict is a
badge (icon and word) in the caption, the lightbox gets the verdict as its title and the
caption and faults as its description, and hostile captions and messages stay text there
(glightbox inserts both as HTML)."""

from __future__ import annotations

from html.parser import HTMLParser

import markdown

from taxonomist.guidelines.common import DrawnExample, gallery

HOSTILE = (
    "Too small <script>window.pwned=2</script> \"'><img src=x onerror=alert(1)> *em* _u_ "
    '[link](javascript:alert(1)) {: onclick="alert(1)" } } `code` &amp; done'
)
ALLOWED = {"div", "span", "code", "ol", "li", "em", "strong", "a"}  # markdown.py's allow-list


class Elements(HTMLParser):
    """Every start tag with its attributes (values unescaped, as a browser reads them)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, {k: v or "" for k, v in attrs}))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Elements:
    parser = Elements()
    parser.feed(html)
    parser.close()
    return parser


def rendered(*examples: DrawnExample) -> Elements:
    text = gallery("classes/person.md", examples, "person")
    return parse(markdown.markdown(text, extensions=["attr_list", "md_in_html"]))


def example(verdict: str, caption: str, marks: tuple[str, ...] = ()) -> DrawnExample:
    return DrawnExample("tiny-people", 0, verdict, caption, "assets/a.jpg", "assets/a.t.jpg",
                        ("person",), marks)  # fmt: skip


def lightbox_link(page: Elements) -> dict[str, str]:
    [link] = [
        attrs for tag, attrs in page.tags if tag == "a" and "glightbox" in attrs.get("class", "")
    ]
    return link


def test_verdict_badge_in_the_caption_and_the_lightbox_title() -> None:
    for verdict, icon, word in [("do", "✓", "Do"), ("dont", "✗", "Don't")]:
        page = rendered(example(verdict, "A caption."))
        figure = next(a for t, a in page.tags if t == "figure")
        assert figure["class"] == f"tx-example tx-{verdict}"  # the browser tests use these
        badges = [a for t, a in page.tags if t == "span" and "tx-verdict" in a.get("class", "")]
        assert badges[0]["class"] == f"tx-verdict tx-verdict-{verdict}"
        assert icon in page.text and f" {word}" in page.text  # icon and word, not colour alone
        link = lightbox_link(page)
        assert link["data-gallery"] == "person" and link["href"] == "../assets/a.jpg"
        title = parse(link["data-title"])
        assert title.tags[0] == ("span", {"class": f"tx-verdict tx-verdict-{verdict}"})
        assert "".join(title.text) == f"{icon} {word}"


def test_lightbox_description_has_the_caption_rule_and_faults() -> None:
    link = lightbox_link(rendered(example("dont", "Too *small*.", ("box height 12 < 16",))))
    description = parse(link["data-description"])
    text = "".join(description.text)
    assert "Too small." in text and "tiny-people" in text
    assert ("em", {}) in description.tags  # the caption's Markdown is rendered
    items = [t for t, _ in description.tags if t == "li"]
    assert items == ["li"] and "box height 12 < 16" in text  # a fault, as numbered on the image


def test_hostile_caption_and_message_stay_text_in_the_lightbox() -> None:
    page = rendered(example("dont", HOSTILE, (HOSTILE,)))
    link = lightbox_link(page)
    assert set(link) == {"class", "data-gallery", "data-title", "data-description", "href"}
    for value in (link["data-title"], link["data-description"]):
        inner = parse(value)  # what glightbox's innerHTML makes of the attribute
        assert {tag for tag, _ in inner.tags} <= ALLOWED
        attributes = {k for _, attrs in inner.tags for k in attrs}
        assert attributes <= {"class", "aria-hidden", "rel"}  # a javascript: link loses its href
    description = parse(link["data-description"])
    text = "".join(description.text)
    # the message is shown exactly as the checker wrote it, markup and all, as text
    assert HOSTILE in text
    assert text.count("<script>") == 1  # the caption's was rendered and sanitised away
    assert not any(t == "script" for t, _ in page.tags)
    assert not any("onclick" in attrs or "onerror" in attrs for _, attrs in page.tags)


def test_captions_starting_with_a_dot_are_not_taken_for_selectors() -> None:
    """glightbox reads a description starting with "." as a CSS selector to copy from."""
    link = lightbox_link(rendered(example("do", ".tx-verdict")))
    assert link["data-description"].startswith("<div")
