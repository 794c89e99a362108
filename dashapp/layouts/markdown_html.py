"""The Markdown of the explanatory pages as HTML, for the page the server sends.

The pages use a small part of Markdown (``dashapp/content`` forbids raw HTML and headings inside a
section): paragraphs, lists with ``-`` or ``*`` (and ``1.`` at the start of a block), ``**strong**``,
``*emphasis*``, ``code`` and ``[links](address)``. Everything is escaped first; a link whose address
is not a path, an anchor or an http(s), mailto or tel address is shown as text.
"""

from __future__ import annotations

import re

from markupsafe import escape

_BULLET = re.compile(r"^[-*][ \t]+")
_NUMBERED = re.compile(r"^\d{1,3}\.[ \t]+")
_CODE = re.compile(r"`([^`]+)`")
_LINK = re.compile(r"\[([^\]]+)\]\(([^)\s]+)\)")
_STRONG = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*")
_EMPHASIS = re.compile(r"(?<![*\w])\*(?=\S)([^*]+?)(?<=\S)\*(?![*\w])")
_SAFE_ADDRESS = re.compile(r"^(?:/|#|https?://|mailto:|tel:)", re.IGNORECASE)


def _link(match: re.Match[str]) -> str:
    text, address = match.group(1), match.group(2)
    if not _SAFE_ADDRESS.match(address):
        return text
    return f'<a href="{address}">{text}</a>'


def inline_html(text: str) -> str:
    """One paragraph's or item's text as HTML (escaped, then the inline markup applied)."""
    pieces = _CODE.split(str(escape(text)))
    # ``split`` with one group alternates text and code: code spans get no further markup.
    out = []
    for position, piece in enumerate(pieces):
        if position % 2:
            out.append(f"<code>{piece}</code>")
            continue
        piece = _LINK.sub(_link, piece)
        piece = _STRONG.sub(r"<strong>\1</strong>", piece)
        out.append(_EMPHASIS.sub(r"<em>\1</em>", piece))
    return "".join(out)


def _blocks(text: str) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in text.splitlines():
        if line.strip():
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [block for block in blocks if block]


def _list(block: list[str], marker: re.Pattern[str], tag: str) -> str:
    items: list[list[str]] = []
    for line in block:
        if marker.match(line):
            items.append([marker.sub("", line, count=1)])
        else:  # a continuation line of the item above
            items[-1].append(line.strip())
    rendered = "".join(f"<li>{inline_html(' '.join(item))}</li>" for item in items)
    return f"<{tag}>{rendered}</{tag}>"


def markdown_html(text: str) -> str:
    """The text's blocks as HTML: lists and paragraphs."""
    parts = []
    for block in _blocks(text):
        first = block[0].lstrip()
        if _BULLET.match(first):
            parts.append(
                _list(
                    [line.lstrip() if _BULLET.match(line.lstrip()) else line for line in block], _BULLET, "ul"
                )
            )
        elif _NUMBERED.match(first):
            parts.append(_list(block, _NUMBERED, "ol"))
        else:
            parts.append(f"<p>{inline_html(' '.join(line.strip() for line in block))}</p>")
    return "".join(parts)
