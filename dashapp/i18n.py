"""Language choice and locale-aware formatting of numbers and dates (through Babel)."""

from __future__ import annotations

import math
from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from flask import has_request_context, request

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_COOKIE = "lang"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def language_of_path(path: str | None) -> str | None:
    """The language named by the first segment of a URL path, if it is one we serve."""
    first = (path or "").strip("/").split("/", 1)[0]
    return first if first in LANGUAGES else None


def preferred_language() -> str:
    """For ``/``: the remembered choice, else the browser's preference, else Dutch."""
    if not has_request_context():
        return DEFAULT_LANGUAGE
    remembered = request.cookies.get(LANGUAGE_COOKIE)
    if remembered in LANGUAGES:
        return remembered
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def select_locale() -> str:
    """Flask-Babel's locale selector: the language in the request path wins."""
    if has_request_context():
        from_path = language_of_path(request.path)
        if from_path:
            return from_path
    return preferred_language()


def format_number(value: float | None, decimals: int, language: str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    pattern = "#,##0" + ("." + "0" * decimals if decimals > 0 else "")
    return babel_numbers.format_decimal(value, format=pattern, locale=language)


def format_date(value: date, language: str) -> str:
    return babel_dates.format_date(value, format="long", locale=language)


def format_datetime(value: datetime, language: str) -> str:
    return babel_dates.format_datetime(value, format="long", tzinfo=AMSTERDAM, locale=language).removesuffix(
        " CET"
    )
