"""Which page a URL path asks for. Pure: no Flask, no Dash.

Paths: ``/{lang}/`` (national), ``/{lang}/veiligheidsregio[/VRxx]``, ``/{lang}/gemeente[/GMxxxx]``,
the explanatory pages ``/{lang}/{slug}``, the comparison of areas (``/nl/vergelijk``,
``/en/compare``: its query string holds the selection) and this week's changes (``/nl/deze-week``,
``/en/this-week``, with the Atom feed ``…/feed.xml`` below it, served by ``dashapp.insights``).
Either language's name of those two pages is understood in both languages; links use the page
language's own. A municipality code of a later division (one formed
by a merger after 2020, such as GM1979 Eemsdelta) is known too: it leads to a page that names
the 2020 municipalities it was formed from.
"""

from __future__ import annotations

from dataclasses import dataclass

from dashapp.content import PAGE_SLUGS
from dashapp.data.reference import Reference
from dashapp.i18n import language_of_path

LEVEL_SLUGS = {"veiligheidsregio": "vr", "gemeente": "gm"}
SLUG_OF_LEVEL = {level: slug for slug, level in LEVEL_SLUGS.items()}
NOT_FOUND = "not_found"
PAGE = "page"
# A municipality code of a later division, not in the one this dashboard uses.
LATER_CODE = "later_code"
COMPARE = "compare"
CHANGES = "changes"
# This week's changes as an Atom feed: not a Dash page (``dashapp.insights`` serves it).
FEED = "feed"
FEED_FILE = "feed.xml"
# The pages whose address has a name of their own in each language.
NAMED_PAGES: dict[str, dict[str, str]] = {
    COMPARE: {"nl": "vergelijk", "en": "compare"},
    CHANGES: {"nl": "deze-week", "en": "this-week"},
}
_NAMED_SLUGS = {slug: level for level, names in NAMED_PAGES.items() for slug in names.values()}


@dataclass(frozen=True)
class Route:
    language: str
    level: str  # "nl", "vr", "gm", PAGE, LATER_CODE, COMPARE, CHANGES, FEED or NOT_FOUND
    code: str | None = None  # area code, page slug, or the unknown code

    @property
    def found(self) -> bool:
        return self.level != NOT_FOUND

    @property
    def is_area_level(self) -> bool:
        return self.level in ("vr", "gm")

    @property
    def key(self) -> str:
        """What identifies the page's frame: everything but the area within a level."""
        return f"{self.language}|{self.level}"


def parse_path(path: str | None, reference: Reference, default_language: str = "nl") -> Route:
    parts = [part for part in (path or "/").split("/") if part]
    language = language_of_path(path)
    if language is None:
        return Route(default_language, NOT_FOUND)
    rest = parts[1:]
    if not rest:
        return Route(language, "nl")
    if len(rest) == 1 and rest[0] in PAGE_SLUGS:
        return Route(language, PAGE, rest[0])
    named = _NAMED_SLUGS.get(rest[0])
    if named is not None:
        if len(rest) == 1:
            return Route(language, named)
        if named == CHANGES and rest[1:] == [FEED_FILE]:
            return Route(language, FEED)
        return Route(language, NOT_FOUND)
    level = LEVEL_SLUGS.get(rest[0])
    if level is None or len(rest) > 2:
        return Route(language, NOT_FOUND)
    if len(rest) == 1:
        return Route(language, level)
    code = rest[1].upper()
    known = reference.regions if level == "vr" else reference.municipalities
    if code in known:
        return Route(language, level, code)
    if level == "gm" and any(s.new_code == code for s in reference.successors):
        return Route(language, LATER_CODE, code)
    return Route(language, NOT_FOUND, code)


def path_for(language: str, level: str, code: str | None = None) -> str:
    if level == "nl":
        return f"/{language}/"
    if level == PAGE:
        return f"/{language}/{code}"
    if level in NAMED_PAGES:
        return f"/{language}/{NAMED_PAGES[level][language]}"
    if level == FEED:
        return f"/{language}/{NAMED_PAGES[CHANGES][language]}/{FEED_FILE}"
    return f"/{language}/{SLUG_OF_LEVEL[level]}" + (f"/{code}" if code else "")


def switch_language(path: str | None, language: str) -> str:
    """The same page in another language; a query string (``?areas=…``) is kept."""
    path, mark, query = (path or "/").partition("?")
    parts = [part for part in path.split("/") if part]
    if parts and language_of_path("/" + parts[0]):
        parts = parts[1:]
    if parts and parts[0] in _NAMED_SLUGS:
        parts[0] = NAMED_PAGES[_NAMED_SLUGS[parts[0]]][language]
    return "/" + "/".join([language, *parts]) + ("/" if not parts else "") + mark + query
