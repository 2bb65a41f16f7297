"""The message body: the safe HTML subset (nh3) and the plain-text part derived from it."""

from html.parser import HTMLParser

import nh3

ALLOWED_TAGS = {"p", "br", "strong", "em", "a", "ul", "ol", "li", "h2", "h3"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}


def clean_html(html: str) -> str:
    """The body reduced to the safe subset: other tags are dropped (their text kept; script
    and style with their content), links only to http, https and mailto."""
    return nh3.clean(
        html or "",
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


class _TextWriter(HTMLParser):
    """Writes the safe subset as plain text: paragraphs and headings apart, list items with a
    dash or their number, a link's address after its text."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.lists: list[list] = []  # [kind, counter]
        self.href: list[str | None] = []
        self.link_text: list[str] = []

    def _block(self):
        text = "".join(self.out)
        if text and not text.endswith("\n\n"):
            self.out.append("\n" if text.endswith("\n") else "\n\n")

    def handle_starttag(self, tag, attrs):
        if tag in ("p", "h2", "h3"):
            self._block()
        elif tag == "br":
            self.out.append("\n")
        elif tag in ("ul", "ol"):
            if not self.lists:
                self._block()
            self.lists.append([tag, 0])
        elif tag == "li":
            text = "".join(self.out)
            if text and not text.endswith("\n"):
                self.out.append("\n")
            indent = "  " * (len(self.lists) - 1)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.out.append(f"{indent}{self.lists[-1][1]}. ")
            else:
                self.out.append(f"{indent}- ")
        elif tag == "a":
            self.href.append(dict(attrs).get("href"))
            self.link_text.append("")

    def handle_endtag(self, tag):
        if tag in ("p", "h2", "h3"):
            self._block()
        elif tag in ("ul", "ol"):
            if self.lists:
                self.lists.pop()
            if not self.lists:
                self._block()
        elif tag == "a" and self.href:
            href = self.href.pop()
            text = self.link_text.pop().strip()
            if href:
                shown = href.removeprefix("mailto:")
                if shown != text:
                    self.out.append(f" ({shown})" if text else shown)

    def handle_data(self, data):
        words = " ".join(data.split())
        if data[:1].isspace():
            words = " " + words
        if data[-1:].isspace() and words != " ":
            words += " "
        data = words
        if data.startswith(" ") and (not self.out or self.out[-1].endswith(("\n", " "))):
            data = data[1:]
        if not data:
            return
        self.out.append(data)
        if self.link_text:
            self.link_text[-1] += data


def to_text(html: str) -> str:
    """The plain-text part of a body in the safe subset."""
    writer = _TextWriter()
    writer.feed(clean_html(html))
    writer.close()
    lines = [line.rstrip() for line in "".join(writer.out).splitlines()]
    text = "\n".join(lines).strip()
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text
