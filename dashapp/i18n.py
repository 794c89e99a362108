"""Language choice and locale-aware formatting of numbers and dates (through Babel)."""

from __future__ import annotations

import contextvars
import functools
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from pathlib import Path
from typing import Literal

import flask_babel
from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from babel.support import NullTranslations, Translations
from flask import has_request_context, request

from dashapp.clock import AMSTERDAM

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
LANGUAGE_COOKIE = "lang"
# British English writes "17 October 2020" and "1,234.5", as a Dutch reader of English expects.
BABEL_LOCALES = {"nl": "nl_NL", "en": "en_GB"}
MISSING = "–"
TRANSLATIONS_DIR = Path(__file__).resolve().parent.parent / "translations"

# The language of the page being built. Flask-Babel looks the locale up through the request
# context on every call (about 30 µs); a page makes a few hundred calls, so while a page is built
# the catalog is looked up once and each translated text is remembered.
_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("dashapp_language", default=None)
_texts: dict[tuple[str, str], str] = {}


@functools.cache
def _catalog(language: str) -> NullTranslations:
    # NullTranslations (every text untranslated) when the language has no compiled catalog
    return Translations.load(str(TRANSLATIONS_DIR), [language], domain="messages")


def N_(msgid: str) -> str:
    """Mark a text for the catalogs without translating it yet (``pybabel extract -k N_``)."""
    return msgid


def gettext(msgid: str, **variables: object) -> str:
    """Translate ``msgid`` into the active language; ``%(name)s`` placeholders are filled in after."""
    language = _language.get()
    if language is None:
        return flask_babel.gettext(msgid, **variables)
    text = _texts.get((language, msgid))
    if text is None:
        text = _catalog(language).gettext(msgid)
        _texts[(language, msgid)] = text
    return text % variables if variables else text


def current_language() -> str:
    """The language of the page being built, as set by ``use_language`` where a request enters the
    app (a callback, a download, the index page). Layouts, charts and figures read it here rather than
    taking it as a parameter, so that texts and numbers always speak the same language."""
    language = _language.get()
    if language is None:
        raise LookupError("no page language: build pages and figures inside use_language(...)")
    return language


@contextmanager
def use_language(language: str) -> Iterator[None]:
    """Build texts in ``language``: our ``gettext``, our formats and Flask-Babel's (for anything else)
    all follow it. Set once where a request enters the app."""
    token = _language.set(language)
    try:
        with flask_babel.force_locale(language):
            yield
    finally:
        _language.reset(token)


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


def _locale(language: str) -> str:
    return BABEL_LOCALES.get(language, BABEL_LOCALES[DEFAULT_LANGUAGE])


@functools.cache
def _babel_locale(language: str) -> Locale:
    return Locale.parse(_locale(language))


def _missing(value: float | None) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


@functools.lru_cache(maxsize=32)
def number_formatter(decimals: int, language: str) -> Callable[[float], str]:
    """A function writing numbers as Babel does for the language (its symbols, half-even rounding of
    the value's decimal text), about fifty times faster than Babel: pages and maps format hundreds."""
    locale = _babel_locale(language)
    quantum = Decimal(1).scaleb(-decimals)
    symbols = str.maketrans(
        {",": babel_numbers.get_group_symbol(locale), ".": babel_numbers.get_decimal_symbol(locale)}
    )
    minus = babel_numbers.get_minus_sign_symbol(locale)

    def format_value(value: float) -> str:
        number = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_EVEN)
        text = f"{abs(number):,f}".translate(symbols)
        return minus + text if number.is_signed() and number != 0 else text

    return format_value


def format_number(value: float | None, decimals: int) -> str:
    if value is None or _missing(value):
        return MISSING
    return number_formatter(decimals, current_language())(value)


def format_signed(value: float | None, decimals: int) -> str:
    """A change with its sign: "+1.234", "−56" (a real minus sign), "0"."""
    if value is None or _missing(value):
        return MISSING
    text = format_number(abs(value), decimals)
    if text.strip("0.,") == "":
        return text
    return ("+" if value > 0 else "−") + text


def format_percent(value: float | None, decimals: int) -> str:
    """A percentage given in percent (12.3 -> "12,3%" in Dutch)."""
    if value is None or _missing(value):
        return MISSING
    return number_formatter(decimals, current_language())(value) + "%"


@functools.lru_cache(maxsize=8192)
def _long_date(value: date, language: str) -> str:
    return babel_dates.format_date(value, format="long", locale=_locale(language))


def format_date(value: date) -> str:
    return _long_date(value, current_language())


@functools.lru_cache(maxsize=4096)
def _week(monday: date, language: str) -> str:
    sunday = monday + timedelta(days=6)
    return babel_dates.format_interval(monday, sunday, "yMMMd", locale=_locale(language))


def format_week(monday: date) -> str:
    """A Monday-to-Sunday week: "2 t/m 8 november 2020" style, from Babel's interval formats."""
    return _week(monday, current_language())


def format_datetime(value: datetime) -> str:
    local = value.astimezone(AMSTERDAM)
    time = babel_dates.format_time(local, format="short", locale=_locale(current_language()))
    return f"{format_date(local.date())}, {time}"


@functools.cache
def plotly_locale(language: str) -> dict[str, object]:
    """The locale dictionary plotly.js needs for month and day names and number separators.

    Registered through ``dcc.Graph(config={"locale": ..., "locales": {...}})``; taken from Babel so
    that the names are the same as in the rest of the page.
    """
    locale = _locale(language)

    def names(kind: str, width: Literal["abbreviated", "wide"]) -> list[str]:
        table = babel_dates.get_month_names(width, locale=locale) if kind == "month" else None
        if table is not None:
            return [str(table[month]) for month in range(1, 13)]
        days = babel_dates.get_day_names(width, locale=locale)
        # Babel numbers days from Monday = 0; plotly (d3) starts the week on Sunday.
        return [str(days[(index + 6) % 7]) for index in range(7)]

    symbols = babel_numbers.get_decimal_symbol(locale), babel_numbers.get_group_symbol(locale)
    return {
        "moduleType": "locale",
        "name": language,
        "dictionary": {},
        "format": {
            "days": names("day", "wide"),
            "shortDays": names("day", "abbreviated"),
            "months": names("month", "wide"),
            "shortMonths": names("month", "abbreviated"),
            "date": "%d-%m-%Y" if language == "nl" else "%d/%m/%Y",
            "decimal": symbols[0],
            "thousands": symbols[1],
        },
    }


def plotly_separators() -> str:
    """Plotly's ``layout.separators``: decimal symbol, then thousands symbol."""
    locale = _locale(current_language())
    return babel_numbers.get_decimal_symbol(locale) + babel_numbers.get_group_symbol(locale)
