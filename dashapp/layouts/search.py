"""Finding an area: one search box for safety regions and municipalities (and postcodes), and the A-Z list.

The box is a plain text input with the browser's own suggestions (a ``<datalist>`` of every area's
label), so that it works with any keyboard and screen reader and no library markup stands between
them. Enter (or the button) sends the text to the server, which ``find_areas`` answers:

- an exact name or alias opens that area, a municipality before a region of the same alias
  ("Den Haag" is GM0518; Haaglanden, VR15, has it as an alias), but when the name itself is both a
  municipality's and a region's ("Utrecht", "Groningen") both are offered, the municipality first;
- otherwise the areas whose name contains every word typed, ignoring case, accents and apostrophes
  ("fryslan" finds Fryslân, "den bosch" 's-Hertogenbosch through its alias): one opens at once,
  several are offered as links, none is said in words with a link to the A-Z list;
- a postcode (four digits, or four digits and two letters) is looked up in the operator's postcode
  table (``dashapp.data.postcodes``); without one the answer says that postcode search is not set up.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from dash import dcc, html
from dash.development.base_component import Component

from dashapp import ids
from dashapp.data.postcodes import PostcodeTable, looks_like_postcode, normalised
from dashapp.data.reference import Reference
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.layouts.aria import Aria
from dashapp.routes import path_for

# Component ids of the search box besides the input (``ids.AREA_SEARCH``).
SEARCH_BUTTON = "area-search-button"
SEARCH_SUGGESTIONS = "area-search-suggestions"
SEARCH_RESULTS = "area-search-results"
# Longer queries are cut: no area name is longer, and the matching stays cheap whatever is sent.
MAX_QUERY = 100
# At most this many areas are offered as links; more means the query is too short to choose from.
MAX_OFFERED = 12
# A suggestion's label ends in its level in either language: "Utrecht (gemeente)".
_LEVEL_WORDS = {"gemeente": "gm", "municipality": "gm", "veiligheidsregio": "vr", "safety region": "vr"}
_LABELLED = re.compile(r"^(?P<name>.+?)\s*\((?P<level>[^()]+)\)\s*$")


def folded(text: str) -> str:
    """Lower case without accents or apostrophes: "'s-Hertogenbosch" -> "s-hertogenbosch"."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(character for character in decomposed if not unicodedata.combining(character))
    return plain.replace("'", "").replace("’", "").casefold()


def search_terms(name: str, aliases: tuple[str, ...]) -> str:
    """Everything an option should be found by, besides its label."""
    terms = [name, folded(name), *aliases, *(folded(alias) for alias in aliases)]
    unique = list(dict.fromkeys(term for term in terms if term))
    return " ".join(unique)


def sort_key(name: str) -> str:
    """Alphabetical as a reader expects: "'s-Gravenhage" under G, accents ignored."""
    return folded(name).removeprefix("s-") if name.startswith("'s-") else folded(name)


def search_options(reference: Reference) -> list[dict[str, str]]:
    """Every safety region and municipality, regions first, each alphabetically."""
    region_word, municipality_word = _("safety region"), _("municipality")
    options = []
    for code, region in sorted(reference.regions.items(), key=lambda item: sort_key(item[1].name)):
        options.append(
            {
                "label": f"{region.name} ({region_word})",
                "value": f"vr:{code}",
                "search": search_terms(region.name, reference.aliases.get(code, ())),
            }
        )
    for code, municipality in sorted(
        reference.municipalities.items(), key=lambda item: sort_key(item[1].name)
    ):
        options.append(
            {
                "label": f"{municipality.name} ({municipality_word})",
                "value": f"gm:{code}",
                "search": search_terms(municipality.name, reference.aliases.get(code, ())),
            }
        )
    return options


def search_box(reference: Reference) -> html.Div:
    """The search box: a labelled text input with suggestions, a button, and the place for the answer."""
    return html.Div(
        [
            html.Label(
                _("Find a safety region or municipality"), htmlFor=ids.AREA_SEARCH, className="form-label"
            ),
            html.Div(
                [
                    dcc.Input(
                        id=ids.AREA_SEARCH,
                        type="search",
                        list=SEARCH_SUGGESTIONS,
                        value="",
                        debounce=True,  # the text goes to the server with Enter, not with every key
                        autoComplete="off",
                        spellCheck=False,
                        maxLength=MAX_QUERY,
                        placeholder=_("A name or postcode, for example Den Bosch or Friesland"),
                        className="form-control",
                    ),
                    html.Button(_("Search"), id=SEARCH_BUTTON, type="button", n_clicks=0, className="btn"),
                ],
                className="area-search-row",
            ),
            html.Datalist(
                [html.Option(value=option["label"]) for option in search_options(reference)],
                id=SEARCH_SUGGESTIONS,
            ),
            html.Div(id=SEARCH_RESULTS, role="status", className="area-search-results"),
        ],
        className="area-search",
        role="search",
    )


# --- finding what was typed ------------------------------------------------------------------------


OPEN, CHOOSE, NOTHING, POSTCODES_OFF, POSTCODE_UNKNOWN = (
    "open",
    "choose",
    "nothing",
    "postcodes-off",
    "postcode-unknown",
)


@dataclass(frozen=True)
class Found:
    """What a search found: ``OPEN`` one area, ``CHOOSE`` between ``codes`` (best first), or
    ``NOTHING``; for a postcode also ``POSTCODES_OFF`` (no table) or ``POSTCODE_UNKNOWN``."""

    outcome: str
    codes: tuple[str, ...] = ()
    more: int = 0  # areas that matched beyond those offered


def key(text: str) -> str:
    """What names are compared by: folded, hyphens as spaces, single spaces ("s hertogenbosch")."""
    return " ".join(folded(text).replace("-", " ").split())


@dataclass(frozen=True)
class _Entry:
    code: str
    level: str
    name: str  # key of the official name
    aliases: tuple[str, ...]  # keys of the aliases


# The entries of a reference, built once: (the reference itself, its entries) by its id.
_ENTRIES: dict[int, tuple[Reference, tuple[_Entry, ...]]] = {}


def _entries(reference: Reference) -> tuple[_Entry, ...]:
    cached = _ENTRIES.get(id(reference))
    if cached is not None and cached[0] is reference:
        return cached[1]
    names = [("gm", code, m.name) for code, m in reference.municipalities.items()]
    names += [("vr", code, region.name) for code, region in reference.regions.items()]
    entries = tuple(
        _Entry(code, level, key(name), tuple(key(alias) for alias in reference.aliases.get(code, ())))
        for level, code, name in sorted(names, key=lambda item: (item[0] != "gm", sort_key(item[2])))
    )
    _ENTRIES[id(reference)] = (reference, entries)
    return entries


def _level_and_name(query: str) -> tuple[str | None, str]:
    """A suggestion's label names its level: "Utrecht (gemeente)" -> ("gm", "utrecht")."""
    labelled = _LABELLED.match(query)
    if labelled:
        level = _LEVEL_WORDS.get(key(labelled.group("level")))
        if level:
            return level, key(labelled.group("name"))
    return None, key(query)


def _chosen(codes: list[str]) -> Found:
    if not codes:
        return Found(NOTHING)
    if len(codes) == 1:
        return Found(OPEN, (codes[0],))
    return Found(CHOOSE, tuple(codes[:MAX_OFFERED]), max(0, len(codes) - MAX_OFFERED))


def _exact(entries: list[_Entry], typed: str) -> Found | None:
    municipalities = [e.code for e in entries if e.level == "gm" and typed in (e.name, *e.aliases)]
    regions_by_name = [e.code for e in entries if e.level == "vr" and e.name == typed]
    if municipalities and regions_by_name:
        return Found(CHOOSE, (*municipalities, *regions_by_name))
    if municipalities:
        return _chosen(municipalities)
    regions = [e.code for e in entries if e.level == "vr" and typed in (e.name, *e.aliases)]
    return _chosen(regions) if regions else None


def _partial(entries: list[_Entry], typed: str) -> Found:
    words = typed.split()

    def matches(entry: _Entry) -> bool:
        return any(all(word in text for word in words) for text in (entry.name, *entry.aliases))

    def starts(entry: _Entry) -> bool:
        return any(text.startswith(typed) for text in (entry.name, *entry.aliases))

    found = [entry for entry in entries if matches(entry)]
    # Names that start with the text first, municipalities before regions, each alphabetically.
    found.sort(key=lambda entry: (not starts(entry), entry.level != "gm"))
    return _chosen([entry.code for entry in found])


def find_postcode(query: str, postcodes: PostcodeTable | None) -> Found:
    if postcodes is None:
        return Found(POSTCODES_OFF)
    codes = postcodes.municipalities(query)
    return _chosen(list(codes)) if codes else Found(POSTCODE_UNKNOWN)


def find_areas(reference: Reference, query: str, postcodes: PostcodeTable | None = None) -> Found:
    """The areas a typed text means (see the module's description)."""
    query = query[:MAX_QUERY]
    if looks_like_postcode(query):
        return find_postcode(query, postcodes)
    level, typed = _level_and_name(query)
    if not typed:
        return Found(NOTHING)
    entries = [entry for entry in _entries(reference) if level is None or entry.level == level]
    return _exact(entries, typed) or _partial(entries, typed)


def area_label(reference: Reference, code: str) -> str:
    """An area's name with its level, as the suggestions and the offered links show it."""
    if code in reference.regions:
        return f"{reference.regions[code].name} ({_('safety region')})"
    if code in reference.municipalities:
        return f"{reference.municipalities[code].name} ({_('municipality')})"
    later = next((s.new_name for s in reference.successors if s.new_code == code), code)
    return f"{later} ({_('municipality')})"


def area_path(code: str, language: str) -> str:
    return path_for(language, "vr" if code.startswith("VR") else "gm", code)


def _to_the_list(language: str) -> html.P:
    return html.P(
        dcc.Link(_("Choose from all municipalities from A to Z"), href=path_for(language, "gm")),
        className="area-search-hint",
    )


def search_feedback(reference: Reference, query: str, found: Found, language: str) -> list[Component]:
    """The answer under the box for anything but one area to open (which the page opens instead)."""
    shown = query.strip()[:MAX_QUERY]
    if found.outcome == CHOOSE:
        items = [
            html.Li(dcc.Link(area_label(reference, code), href=area_path(code, language)))
            for code in found.codes
        ]
        lines = [html.P(_("Areas that match “%(query)s”:", query=shown)), html.Ul(items)]
        if found.more:
            lines.append(html.P(_("%(count)s more: type more of the name.", count=found.more)))
        return lines
    if found.outcome == POSTCODES_OFF:
        text = _(
            "Postcode search is not set up on this site. "
            "Type the name of your municipality, or choose it from the list."
        )
        return [html.P(text), _to_the_list(language)]
    if found.outcome == POSTCODE_UNKNOWN:
        postcode = normalised(shown) or shown
        text = _("Postcode %(postcode)s is not in the postcode table of this site.", postcode=postcode)
        return [html.P(text), _to_the_list(language)]
    text = _("No safety region or municipality matches “%(query)s”.", query=shown)
    return [html.P(text), _to_the_list(language)]


def target_path(value: str | None, language: str) -> str | None:
    """Where choosing an option leads: ``"gm:GM0363"`` -> ``/nl/gemeente/GM0363``."""
    if not value or ":" not in value:
        return None
    level, code = value.split(":", 1)
    if level not in ("vr", "gm"):
        return None
    return path_for(language, level, code)


def municipality_list(reference: Reference) -> html.Section:
    """All municipalities A-Z by first letter: the keyboard and screen-reader alternative to the map."""
    groups: dict[str, list[html.Li]] = {}
    for code, municipality in sorted(
        reference.municipalities.items(), key=lambda item: sort_key(item[1].name)
    ):
        letter = sort_key(municipality.name)[:1].upper()
        groups.setdefault(letter, []).append(
            html.Li(dcc.Link(municipality.name, href=path_for(current_language(), "gm", code)))
        )
    return html.Section(
        [
            html.H2(_("All municipalities from A to Z"), id="az-title"),
            html.Nav(
                html.Ul(
                    [html.Li(html.A(letter, href=f"#az-{letter}")) for letter in groups],
                    className="az-letters",
                ),
                **Aria({"aria-label": _("Letters")}),
            ),
            *(
                html.Div(
                    [html.H3(letter, id=f"az-{letter}"), html.Ul(items, className="az-list")],
                    className="az-group",
                )
                for letter, items in groups.items()
            ),
        ],
        id="municipality-list",
        **Aria({"aria-labelledby": "az-title"}),
    )


def region_list(reference: Reference) -> html.Section:
    return html.Section(
        [
            html.H2(_("All safety regions"), id="regions-title"),
            html.Ul(
                [
                    html.Li(
                        dcc.Link(f"{region.name} ({code})", href=path_for(current_language(), "vr", code))
                    )
                    for code, region in sorted(reference.regions.items())
                ],
                className="region-list",
            ),
        ],
        id="region-list",
        **Aria({"aria-labelledby": "regions-title"}),
    )


def stand_ins() -> list[Component]:
    """One of each search component that a callback names, for the validation layout."""
    return [dcc.Input(id=ids.AREA_SEARCH), html.Button(id=SEARCH_BUTTON), html.Div(id=SEARCH_RESULTS)]
