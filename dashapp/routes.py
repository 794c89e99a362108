"""Which page a URL path asks for. Pure: no Flask, no Dash."""

from __future__ import annotations

from dataclasses import dataclass

from dashapp.data.reference import Reference
from dashapp.i18n import language_of_path

LEVEL_SLUGS = {"veiligheidsregio": "vr", "gemeente": "gm"}
SLUG_OF_LEVEL = {level: slug for slug, level in LEVEL_SLUGS.items()}


@dataclass(frozen=True)
class Route:
    language: str
    level: str  # "nl", "vr", "gm", or "not_found"
    code: str | None = None

    @property
    def found(self) -> bool:
        return self.level != "not_found"


def parse_path(path: str | None, reference: Reference, default_language: str = "nl") -> Route:
    parts = [part for part in (path or "/").split("/") if part]
    language = language_of_path(path)
    if language is None:
        return Route(default_language, "not_found")
    rest = parts[1:]
    if not rest:
        return Route(language, "nl")
    level = LEVEL_SLUGS.get(rest[0])
    if level is None or len(rest) > 2:
        return Route(language, "not_found")
    if len(rest) == 1:
        return Route(language, level)
    code = rest[1].upper()
    known = reference.regions if level == "vr" else reference.municipalities
    if code not in known:
        return Route(language, "not_found", code)
    return Route(language, level, code)


def path_for(language: str, level: str, code: str | None = None) -> str:
    if level == "nl":
        return f"/{language}/"
    return f"/{language}/{SLUG_OF_LEVEL[level]}" + (f"/{code}" if code else "")


def switch_language(path: str | None, language: str) -> str:
    """The same page in another language."""
    parts = [part for part in (path or "/").split("/") if part]
    if parts and language_of_path("/" + parts[0]):
        parts = parts[1:]
    return "/" + "/".join([language, *parts]) + ("/" if not parts else "")
