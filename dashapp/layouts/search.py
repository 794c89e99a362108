"""Finding an area: one search box for safety regions and municipalities, and the A-Z list.

The search runs in the browser (Dash's Dropdown searches the ``label`` and ``search`` of each
option, ignoring case). Accents are handled by putting the name without accents and the known
aliases ("Den Bosch", "Friesland") into ``search``: "fryslan" and "Fryslân" both find the
region, "den bosch" finds 's-Hertogenbosch.
"""

from __future__ import annotations

import unicodedata

from dash import dcc, html

from dashapp import ids
from dashapp.data.reference import Reference
from dashapp.i18n import current_language
from dashapp.i18n import gettext as _
from dashapp.layouts.aria import Aria
from dashapp.layouts.components import dropdown_labels
from dashapp.routes import path_for


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


def search_box(reference: Reference):
    return html.Div(
        [
            html.Label(
                _("Find a safety region or municipality"), htmlFor=ids.AREA_SEARCH, className="form-label"
            ),
            dcc.Dropdown(
                id=ids.AREA_SEARCH,
                options=search_options(reference),
                value=None,
                placeholder=_("Type a name, for example Den Bosch or Friesland"),
                clearable=False,
                searchable=True,
                labels=dropdown_labels(),
                search_order="index",
            ),
        ],
        className="area-search",
        role="search",
    )


def target_path(value: str | None, language: str) -> str | None:
    """Where choosing an option leads: ``"gm:GM0363"`` -> ``/nl/gemeente/GM0363``."""
    if not value or ":" not in value:
        return None
    level, code = value.split(":", 1)
    if level not in ("vr", "gm"):
        return None
    return path_for(language, level, code)


def municipality_list(reference: Reference):
    """All municipalities A-Z by first letter: the keyboard and screen-reader alternative to the map."""
    groups: dict[str, list] = {}
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


def region_list(reference: Reference):
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
