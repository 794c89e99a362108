"""Which page a URL path asks for. Pure: no Flask, no Dash.

Paths: ``/{lang}/`` (national), ``/{lang}/veiligheidsregio[/VRxx]``, ``/{lang}/gemeente[/GMxxxx]``
and the explanatory pages ``/{lang}/{slug}``. A municipality code of a later division (one formed
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


@dataclass(frozen=True)
class Route:
    language: str
    level: str  # "nl", "vr", "gm", PAGE, LATER_CODE or NOT_FOUND
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
    return f"/{language}/{SLUG_OF_LEVEL[level]}" + (f"/{code}" if code else "")


def switch_language(path: str | None, language: str) -> str:
    """The same page in another language."""
    parts = [part for part in (path or "/").split("/") if part]
    if parts and language_of_path("/" + parts[0]):
        parts = parts[1:]
    return "/" + "/".join([language, *parts]) + ("/" if not parts else "")
