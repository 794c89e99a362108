"""One glance: at the top of the national, region and municipality pages, whether the virus is gaining
ground. A few key figures, each with its value, its date and how it changed in a week, in words (an
arrow only beside them), short enough to fit the first screen of a phone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from dash import html

from dashapp.data.catalog import INDICATORS, WEEKLY
from dashapp.data.indicators.change import DOWN, UP, Change
from dashapp.data.snapshot import Snapshot
from dashapp.i18n import gettext as _
from dashapp.labels import indicator_label
from dashapp.layouts.aria import Aria
from dashapp.layouts.formatting import ARROWS, change_words, format_indicator, value_of_text, week_change

# The figures that answer "is it gaining ground?" per level: infections, the pressure on hospitals
# and intensive care, and the early signals (reproduction number, sewage) where a level has them.
GLANCE: dict[str, tuple[str, ...]] = {
    "nl": (
        "positive_tests_per_100k",
        "hospital_admissions_3d_avg",
        "ic_admissions_3d_avg",
        "reproduction_number",
        "sewer_average",
    ),
    "vr": ("positive_tests_per_100k", "ggd_positive_pct", "hospital_admissions_3d_avg", "sewer_average"),
    "gm": ("positive_tests_per_100k", "hospital_admissions_3d_avg", "deceased", "sewer_average"),
}


@dataclass(frozen=True)
class GlanceItem:
    indicator: str
    value: float
    value_of: date
    change: Change | None


def glance_items(snapshot: Snapshot, level: str, code: str) -> list[GlanceItem]:
    """The key figures of one area that have a value, in the order of ``GLANCE``."""
    items = []
    for indicator in GLANCE[level]:
        latest = snapshot.latest(level, code, indicator)
        if latest is not None:
            items.append(GlanceItem(indicator, latest.value, latest.value_of, week_change(indicator, latest)))
    return items


def direction_word(change: Change | None) -> str:
    if change is None:
        return _("No comparison")
    if change.direction == UP:
        return _("Rising")
    if change.direction == DOWN:
        return _("Falling")
    return _("Unchanged")


def verdict(items: list[GlanceItem]) -> str:
    """How many of the figures rose in a week, in one sentence."""
    compared = [item for item in items if item.change is not None]
    rising = sum(1 for item in compared if item.change is not None and item.change.direction == UP)
    return _(
        "%(rising)s of %(compared)s figures are higher than a week earlier.",
        rising=rising,
        compared=len(compared),
    )


def _item(item: GlanceItem, target: str) -> html.Li:
    change = item.change
    weekly = INDICATORS[item.indicator].frequency == WEEKLY
    direction = {UP: "change-up", DOWN: "change-down"}.get(change.direction if change else "", "change-same")
    detail = [" · ", change_words(item.indicator, change, weekly)] if change else []
    return html.Li(
        [
            html.A(indicator_label(item.indicator), href=target, className="glance-name"),
            html.Span(format_indicator(item.indicator, item.value), className="glance-value"),
            html.Span(
                [
                    html.Span(
                        ARROWS.get(change.direction, "=") if change else "",
                        className="glance-arrow",
                        **Aria({"aria-hidden": "true"}),
                    ),
                    " ",
                    html.Strong(direction_word(change)),
                    *detail,
                ],
                className=f"glance-change {direction}",
            ),
            html.Span(value_of_text(item.indicator, item.value_of), className="glance-date"),
        ],
        className="glance-item",
        id=f"glance-{item.indicator}",
    )


def glance(
    snapshot: Snapshot, level: str, code: str, targets: dict[str, str] | None = None
) -> html.Section | None:
    """The key figures of an area as a short list; ``targets`` links each to its section or tile."""
    items = glance_items(snapshot, level, code)
    if not items:
        return None
    targets = targets or {}
    return html.Section(
        [
            html.H2(_("Is the virus gaining ground?"), id="glance-title", className="glance-title"),
            html.P(verdict(items), className="glance-verdict"),
            html.Ul(
                [_item(item, targets.get(item.indicator, f"#kpi-{item.indicator}")) for item in items],
                className="glance-list",
            ),
        ],
        className="glance",
        id="glance",
        **Aria({"aria-labelledby": "glance-title"}),
    )
