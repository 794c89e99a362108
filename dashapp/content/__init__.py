"""The explanatory pages: one Markdown file per page and language, split into sections.

A page file looks like this::

    # Page title

    Optional introduction.

    ## A section heading {#stable-anchor}

    Markdown text of the section.

Rules, each enforced with an error naming the file and line:

- the first non-blank line is the only ``# `` title;
- every section starts with ``## Heading {#anchor}``; anchors are lower-case English slugs
  (``a-z``, ``0-9`` and single hyphens), unique within the page;
- no other heading levels (a section's heading is its only heading, which keeps the page's
  heading order right) and no raw HTML (the pages are rendered without it);
- every section has text.

Files are read once per process, at first use, never at import time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from dashapp.i18n import LANGUAGES

CONTENT_DIR = Path(__file__).resolve().parent
PAGE_SLUGS = ("about", "faq", "risk-levels", "methodology", "accessibility", "open-data")

_SECTION = re.compile(r"^##[ \t]+(?P<heading>.*?)[ \t]*\{#(?P<anchor>[^}]*)\}[ \t]*$")
_ANCHOR = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")
_ATX_HEADING = re.compile(r"^[ \t]{0,3}(#{1,6})(?:[ \t]|$)")
# A tag such as <b>, </p>, <br/>, <a href=...>, or a comment; not an autolink like <https://...>.
_RAW_HTML = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:[ \t][^>]*)?/?>")
_HEADING_MARKUP = re.compile(r"[*`\[\]<>]")
_SETEXT_UNDERLINE = re.compile(r"^[ \t]{0,3}(?:=+|-+)[ \t]*$")


class ContentError(ValueError):
    """A page file is missing or breaks one of the rules of this module."""


@dataclass(frozen=True, slots=True)
class Section:
    anchor: str
    heading: str
    body: str


@dataclass(frozen=True, slots=True)
class Page:
    title: str
    intro: str
    sections: tuple[Section, ...]

    @property
    def anchors(self) -> tuple[str, ...]:
        return tuple(section.anchor for section in self.sections)

    def section(self, anchor: str) -> Section:
        for section in self.sections:
            if section.anchor == anchor:
                return section
        raise KeyError(f"page {self.title!r} has no section {anchor!r}")


def parse_page(text: str, source: str = "<text>") -> Page:
    """Split a page into its title, introduction and sections (see the module's rules)."""
    title: str | None = None
    intro: list[str] = []
    sections: list[tuple[str, str, int, list[str]]] = []
    first_line_of: dict[str, int] = {}
    in_fence = False
    previous = ""

    def fail(number: int, message: str) -> ContentError:
        return ContentError(f"{source}, line {number}: {message}")

    for number, line in enumerate(text.splitlines(), start=1):
        if _FENCE.match(line):
            in_fence = not in_fence
        if in_fence or _FENCE.match(line):
            if title is None:
                raise fail(number, "a page must start with its title, '# Title'")
            (sections[-1][3] if sections else intro).append(line)
            continue
        if title is None:
            if not line.strip():
                continue
            if not line.startswith("# ") or not line[2:].strip():
                raise fail(number, "a page must start with its title, '# Title'")
            title = line[2:].strip()
            continue
        if _RAW_HTML.search(line):
            raise fail(number, "raw HTML is not allowed; write Markdown")
        if _SETEXT_UNDERLINE.match(line) and previous.strip():
            raise fail(
                number, "an underlined ('===' or '---') heading is not allowed; leave a blank line above"
            )
        previous = line
        heading = _ATX_HEADING.match(line)
        if heading is None:
            (sections[-1][3] if sections else intro).append(line)
            continue
        if len(heading.group(1)) != 2 or not line.startswith("##"):
            raise fail(number, "only '## Heading {#anchor}' section headings are allowed after the title")
        match = _SECTION.match(line)
        if match is None:
            raise fail(number, "section heading without an anchor; write '## Heading {#anchor}'")
        anchor, text_of_heading = match.group("anchor"), match.group("heading").strip()
        if not _ANCHOR.match(anchor):
            raise fail(number, f"anchor {anchor!r} must be lower-case letters, digits and single hyphens")
        if anchor in first_line_of:
            raise fail(number, f"anchor {anchor!r} is used twice (first on line {first_line_of[anchor]})")
        if not text_of_heading:
            raise fail(number, f"section {anchor!r} has an empty heading")
        if _HEADING_MARKUP.search(text_of_heading):
            raise fail(number, f"the heading of section {anchor!r} must be plain text, without Markdown")
        first_line_of[anchor] = number
        sections.append((anchor, text_of_heading, number, []))

    if title is None:
        raise ContentError(f"{source}: the page is empty; it needs a '# Title' and sections")
    if in_fence:
        raise ContentError(f"{source}: a code fence is opened but never closed")
    if not sections:
        raise ContentError(f"{source}: the page has no '## Heading {{#anchor}}' sections")
    finished = []
    for anchor, section_heading, number, lines in sections:
        body = "\n".join(lines).strip()
        if not body:
            raise fail(number, f"section {anchor!r} has no text")
        finished.append(Section(anchor, section_heading, body))
    return Page(title, "\n".join(intro).strip(), tuple(finished))


def content_path(slug: str, language: str, directory: Path = CONTENT_DIR) -> Path:
    if slug not in PAGE_SLUGS:
        raise ContentError(f"unknown page {slug!r}; known pages: {', '.join(PAGE_SLUGS)}")
    if language not in LANGUAGES:
        raise ContentError(f"unknown language {language!r}; known languages: {', '.join(LANGUAGES)}")
    return directory / language / f"{slug}.md"


def read_page(slug: str, language: str, directory: Path = CONTENT_DIR) -> Page:
    """Read and parse one page file (uncached)."""
    path = content_path(slug, language, directory)
    if not path.is_file():
        raise ContentError(f"content file missing: {path} (page {slug!r}, language {language!r})")
    return parse_page(path.read_text(encoding="utf-8"), source=str(path))


@cache
def load_page(slug: str, language: str) -> Page:
    """The parsed page, read from the package's content files once per process."""
    return read_page(slug, language)
