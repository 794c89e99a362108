"""The light and dark palettes: WCAG AA contrast of every pair of colours the page puts text in, both
dark blocks of dashboard.css alike, and the charts' colours readable on the dark chart background
(assets/theme.js gives each of our figure colours its dark counterpart)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from dashapp.charts.render import GUIDANCE_COLOUR
from dashapp.figures import charts

ASSETS = Path(__file__).resolve().parent.parent / "dashapp" / "assets"
CSS = (ASSETS / "dashboard.css").read_text(encoding="utf-8")
THEME_JS = (ASSETS / "theme.js").read_text(encoding="utf-8")

# Text colour on background colour, by custom property, as the page uses them.
TEXT_PAIRS = [
    ("--ink", "--surface"),
    ("--muted", "--surface"),
    ("--brand", "--surface"),
    ("--up", "--surface"),
    ("--down", "--surface"),
    ("--signal-text", "--surface"),
    ("--ink", "--surface-alt"),
    ("--muted", "--surface-alt"),
    ("--brand", "--surface-alt"),
    ("--ink", "--note"),
    ("--ink", "--late"),
    ("--on-brand", "--brand"),
    ("--ink", "--page"),
    ("--muted", "--page"),
    ("--brand", "--page"),
    ("--up", "--page"),
    ("--down", "--page"),
]
AA_TEXT = 4.5
AA_GRAPHICS = 3.0  # lines and marks a chart needs to be understood (WCAG 1.4.11)


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_contrast_is_worked_out_as_wcag_defines_it():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss


def declarations(block: str) -> dict[str, str]:
    return {name: value.strip() for name, value in re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", block)}


def block_after(selector: str) -> dict[str, str]:
    start = CSS.index(selector + " {")
    return declarations(CSS[start : CSS.index("}", start)])


LIGHT = {**block_after(":root"), "--page": "#ffffff"}  # Bootstrap's body background
DARK_IN_FORCE = block_after(":root[data-bs-theme=dark]")
DARK_BY_SYSTEM = block_after(":root:not([data-bs-theme])")
DARK = {**LIGHT, **DARK_IN_FORCE, "--page": DARK_BY_SYSTEM["--bs-body-bg"]}


def test_the_dark_theme_is_the_same_with_and_without_javascript():
    assert DARK_IN_FORCE, "no dark block found in dashboard.css"
    assert {name: DARK_BY_SYSTEM.get(name) for name in DARK_IN_FORCE} == DARK_IN_FORCE


def test_every_colour_of_the_light_theme_has_a_dark_value():
    ours = {name for name in LIGHT if name != "--page" and not name.startswith("--focus")}
    assert ours <= set(DARK_IN_FORCE)


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize(("text", "background"), TEXT_PAIRS)
def test_text_meets_wcag_aa_contrast(theme, text, background):
    palette = LIGHT if theme == "light" else DARK
    ratio = contrast(palette[text], palette[background])
    assert ratio >= AA_TEXT, (
        f"{theme}: {text} {palette[text]} on {background} {palette[background]}: {ratio:.2f}"
    )


def dark_map() -> dict[str, str]:
    block = THEME_JS[THEME_JS.index("var DARK = {") : THEME_JS.index("};", THEME_JS.index("var DARK = {"))]
    return dict(re.findall(r'"([^"]+)":\s*"([^"]+)"', block))


def in_dark(colour: str) -> str:
    """A figure colour as theme.js draws it in the dark theme."""
    return dark_map().get(colour.lower().replace(" ", ""), colour)


def test_the_dark_chart_background_is_the_dark_card_surface():
    assert in_dark("#ffffff") == DARK["--surface"]


@pytest.mark.parametrize(
    "colour",
    [charts.FONT["color"], charts.SIGNAL_COLOUR, GUIDANCE_COLOUR, "#4a4a4a"],
    ids=["text", "signal value", "guidance threshold", "incomplete days label"],
)
def test_chart_texts_are_readable_in_both_themes(colour):
    assert contrast(colour, "#ffffff") >= AA_TEXT
    assert contrast(in_dark(colour), in_dark("#ffffff")) >= AA_TEXT


@pytest.mark.parametrize(
    "colour", [charts.LINE_COLOUR, charts.BAR_COLOUR, "#d14900"], ids=["line", "bars", "highlight"]
)
def test_chart_marks_stand_out_on_the_dark_background(colour):
    assert contrast(in_dark(colour), in_dark("#ffffff")) >= AA_GRAPHICS
