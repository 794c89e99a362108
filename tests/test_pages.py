"""The explanatory pages: content files, the section parser, the Dash layout and pages.js."""

from __future__ import annotations

import re
import shutil
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import dash
import flask
import pytest
from dash import dcc, html
from flask_babel import Babel, force_locale

from dashapp.content import (
    CONTENT_DIR,
    PAGE_SLUGS,
    ContentError,
    content_path,
    load_page,
    parse_page,
    read_page,
)
from dashapp.data.catalog import INDICATORS
from dashapp.i18n import use_language
from dashapp.layouts import pages
from dashapp.layouts.pages import methodology_anchor, methodology_href, page_href, page_layout, page_title
from dashapp.metrics.registry import METRICS
from tests.conftest import REPO
from tests.servers import CHROMEDRIVER, CHROMIUM, missing_browser_binaries

LANGUAGES = ("nl", "en")
PAGE_LANGUAGES = [(slug, language) for slug in PAGE_SLUGS for language in LANGUAGES]

# Every question of the original dashboard's FAQ (seed 000), with the anchor that answers it.
SEED_000_QUESTIONS = {
    "What is the dashboard for?": "purpose",
    "Why a dashboard?": "why-a-dashboard",
    "Whose dashboard is it?": "whose-dashboard",
    "Why use these figures?": "why-these-figures",
    "Why is the dashboard still being developed?": "still-in-development",
    "What is an alert value?": "alert-value",
    "What can I use the figures about my municipality or region for?": "municipality-and-region",
    "Is this one of the apps that was announced?": "is-this-an-app",
    "Does the dashboard respect my privacy?": "privacy",
    "What conclusions can I draw based on the information on this dashboard?": "conclusions",
    "I can see that coronavirus is under control in my region. So why do the same measures "
    "apply here as in other regions?": "same-measures-everywhere",
    "I've found a technical vulnerability in the website. Where can I report this?": "report-vulnerability",
    "Who can I contact with questions about coronavirus and COVID-19?": "questions-about-coronavirus",
    "Why do I find a different value for the total number of confirmed cases ... if I add all "
    "the reported confirmed cases per safety region?": "negative-corrections",
}
# Questions this dashboard adds to the FAQ.
EXTRA_FAQ_ANCHORS = (
    "zero-after-correction",
    "value-of-obtained-on",
    "late-data",
    "indicative-risk-band",
    "downloads",
)
# Methodology sections that explain no single figure but how all of them are shown.
GENERAL_METHODOLOGY_ANCHORS = ("value-of-obtained-on", "freshness", "corrections")
EXTRA_INDICATOR_IDS = ("age_distribution", "risk_level_official")
RAW_HTML = re.compile(r"<!--|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^>]*)?/?>")


def page_text(slug: str, language: str) -> str:
    page = load_page(slug, language)
    parts = [page.title, page.intro]
    for section in page.sections:
        parts += [section.heading, section.body]
    return "\n".join(parts)


def walk(component) -> Iterator[object]:
    """Every component and string in a Dash component tree."""
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, list | tuple):
        for child in children:
            yield from walk(child)
    elif children is not None:
        yield from walk(children)


# ---------------------------------------------------------------------------- the parser


VALID = """
# A title

An introduction.

## First part {#first-part}

Text of the first part, with an [autolink](https://example.org) and <https://example.org>.

```
# not a heading inside a code fence
```

## Second part {#second}

- a list
- of two items
"""


def test_parser_splits_title_intro_and_sections():
    page = parse_page(VALID)
    assert page.title == "A title"
    assert page.intro == "An introduction."
    assert page.anchors == ("first-part", "second")
    assert page.section("first-part").heading == "First part"
    assert "# not a heading inside a code fence" in page.section("first-part").body
    assert page.section("second").body == "- a list\n- of two items"


def test_parser_refuses_a_section_without_anchor():
    text = "# Title\n\n## With anchor {#one}\n\nText.\n\n## Without anchor\n\nText.\n"
    with pytest.raises(ContentError, match=r"page\.md, line 7: section heading without an anchor"):
        parse_page(text, source="page.md")


def test_parser_refuses_a_duplicate_anchor_naming_both_lines():
    text = "# Title\n\n## One {#same}\n\nText.\n\n## Two {#same}\n\nText.\n"
    with pytest.raises(ContentError, match=r"line 7: anchor 'same' is used twice \(first on line 3\)"):
        parse_page(text)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the page is empty"),
        ("Text before the title.\n# Title\n", "must start with its title"),
        ("# Title\n\nOnly an introduction.\n", "no '## Heading"),
        ("# Title\n\n## Part {#Bad_Anchor}\n\nText.\n", "lower-case letters, digits and single hyphens"),
        ("# Title\n\n## Part {#part}\n\n### Deeper\n\nText.\n", "only '## Heading"),
        ("# Title\n\n## Part {#part}\n\n# Second title\n", "only '## Heading"),
        ("# Title\n\n## Part {#part}\n\nSome <b>bold</b> text.\n", "raw HTML is not allowed"),
        ("# Title\n\n## Part {#part}\n\n<!-- a comment -->\n", "raw HTML is not allowed"),
        ("# Title\n\n## Part {#part}\n\n## Next {#next}\n\nText.\n", "section 'part' has no text"),
        ("# Title\n\n## *Bold* part {#part}\n\nText.\n", "plain text"),
        ("# Title\n\n## Part {#part}\n\nA line\n---\n", "underlined"),
        ("# Title\n\n## Part {#part}\n\n```\nunclosed\n", "never closed"),
    ],
)
def test_parser_refuses_broken_pages_with_a_clear_message(text, message):
    with pytest.raises(ContentError, match=re.escape(message)):
        parse_page(text)


def test_a_missing_file_raises_a_clear_error_at_first_use(tmp_path: Path):
    with pytest.raises(ContentError, match=r"content file missing: .*about\.md"):
        read_page("about", "nl", directory=tmp_path)
    with pytest.raises(ContentError, match="unknown page 'contact'"):
        read_page("contact", "nl")
    with pytest.raises(ContentError, match="unknown language 'de'"):
        read_page("about", "de")


def test_a_page_file_is_read_once_per_process(tmp_path: Path, monkeypatch):
    for language in LANGUAGES:
        (tmp_path / language).mkdir()
        shutil.copy(content_path("faq", language), tmp_path / language / "faq.md")
    reads: list[str] = []

    def counting_read(slug: str, language: str, directory: Path = tmp_path):
        reads.append(slug)
        return read_page(slug, language, directory=tmp_path)

    monkeypatch.setattr("dashapp.content.read_page", counting_read)
    load_page.cache_clear()
    try:
        first = load_page("faq", "en")
        assert load_page("faq", "en") is first
        assert reads == ["faq"]
    finally:
        load_page.cache_clear()


# ------------------------------------------------------------------------------ content


@pytest.mark.parametrize(("slug", "language"), PAGE_LANGUAGES)
def test_every_page_file_exists_and_parses(slug, language):
    path = content_path(slug, language)
    assert path.is_file(), f"missing {path}"
    assert path.parent.parent == CONTENT_DIR
    assert load_page(slug, language).sections


@pytest.mark.parametrize("slug", PAGE_SLUGS)
def test_both_languages_have_the_same_sections_in_the_same_order(slug):
    assert load_page(slug, "nl").anchors == load_page(slug, "en").anchors


def test_the_faq_answers_every_question_of_the_original_dashboard():
    anchors = load_page("faq", "en").anchors
    for question, anchor in SEED_000_QUESTIONS.items():
        assert anchor in anchors, f"no answer to {question!r}"
    assert set(anchors) == set(SEED_000_QUESTIONS.values()) | set(EXTRA_FAQ_ANCHORS)
    for language in LANGUAGES:
        for section in load_page("faq", language).sections:
            assert section.heading.endswith("?"), section.heading


def test_the_methodology_has_one_section_per_figure():
    """A section for every figure of the registry (the general ones last), and no section that no
    figure needs."""
    anchors = load_page("methodology", "en").anchors
    figures = {metric.methodology for metric in METRICS.values()}
    assert set(anchors) == figures | set(GENERAL_METHODOLOGY_ANCHORS)
    assert anchors[-len(GENERAL_METHODOLOGY_ANCHORS) :] == GENERAL_METHODOLOGY_ANCHORS


def test_every_indicator_maps_to_an_existing_methodology_anchor():
    for indicator in (*INDICATORS, *EXTRA_INDICATOR_IDS):
        anchor = methodology_anchor(indicator)
        for language in LANGUAGES:
            assert anchor in load_page("methodology", language).anchors, (indicator, anchor)
    assert methodology_href("sewer_average", "nl") == "/nl/methodology#sewage"
    assert methodology_href("ic_beds_occupied_pct", "en") == "/en/methodology#intensive-care"
    with pytest.raises(KeyError, match="no_such_indicator"):
        methodology_anchor("no_such_indicator")


def test_page_hrefs():
    assert page_href("faq", "nl", "negative-corrections") == "/nl/faq#negative-corrections"
    assert page_href("about", "en") == "/en/about"
    with pytest.raises(KeyError):
        page_href("contact", "en")


DUTCH_WORDS = {"de", "het", "een", "en", "van", "niet", "op", "dat", "die", "voor", "zijn", "wordt", "ook"}
ENGLISH_WORDS = {"the", "and", "of", "not", "on", "that", "for", "are", "be", "also", "when", "to", "a"}


def word_counts(text: str) -> tuple[int, int]:
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    return sum(w in DUTCH_WORDS for w in words), sum(w in ENGLISH_WORDS for w in words)


@pytest.mark.parametrize(("slug", "language"), PAGE_LANGUAGES)
def test_every_section_is_written_in_its_pages_language(slug, language):
    page = load_page(slug, language)
    for section in page.sections:
        dutch, english = word_counts(section.body)
        mine, other = (dutch, english) if language == "nl" else (english, dutch)
        assert mine >= 3 and mine > 3 * other, (slug, language, section.anchor, dutch, english)


def test_known_words_in_each_language():
    assert "veiligheidsregio" in page_text("faq", "nl")
    assert "safety region" in page_text("faq", "en")
    assert "Cijferverantwoording" in page_text("methodology", "nl")
    assert "waakzaam" in page_text("risk-levels", "nl")
    assert "caution" in page_text("risk-levels", "en")


def numbers(text: str) -> set[str]:
    """Every number in a text, with its thousands and decimal separators removed."""
    return {re.sub(r"[.,]", "", n) for n in re.findall(r"\d+(?:[.,]\d+)*", text)}


@pytest.mark.parametrize("slug", PAGE_SLUGS)
def test_each_section_states_the_same_numbers_in_both_languages(slug):
    dutch, english = load_page(slug, "nl"), load_page(slug, "en")
    assert numbers(dutch.intro) == numbers(english.intro)
    for nl_section, en_section in zip(dutch.sections, english.sections, strict=True):
        assert numbers(nl_section.body) == numbers(en_section.body), nl_section.anchor


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_risk_page_states_the_thresholds_and_levels(language):
    page = load_page("risk-levels", language)
    thresholds = page.section("guidance-thresholds").body
    for value in ("**50**", "**150**", "**250**", "**5 %**", "**10 %**"):
        assert value in thresholds
    levels = (
        ("waakzaam", "zorgelijk", "ernstig", "zeer ernstig")
        if language == "nl"
        else ("caution", "concern", "serious", "severe")
    )
    text = page_text("risk-levels", language).lower()
    for level in levels:
        assert level in text
    weekday, minister = ("maandag", "minister van vws") if language == "nl" else ("monday", "minister of vws")
    assert weekday in thresholds.lower()
    assert minister in text
    band = page.section("indicative-band").body
    assert all(v in band for v in ("250", "150", "50", "10 %", "5 %"))


FACTS = {
    ("about", "questions-about-coronavirus"): ("0800-1351", "+31 20 205 1351", "8.00", "20.00"),
    ("faq", "questions-about-coronavirus"): ("0800-1351", "+31 20 205 1351", "8.00", "20.00"),
    ("about", "security"): ("NCSC", "/.well-known/security.txt"),
    ("about", "data-sources"): ("RIVM", "NICE", "LCPS", "Nivel", "CBS"),
    ("faq", "alert-value"): ("40", "10", "7"),
    ("methodology", "positive-tests"): ("17", "233", "GGD Noord-Holland Noord", "462", "734", "10.00"),
    ("methodology", "hospital-admissions"): ("13", "2020", "40", "Osiris", "NICE"),
    ("methodology", "intensive-care"): ("10", "LCPS"),
    ("methodology", "hospital-beds"): ("1 ",),
    ("methodology", "reproduction-number"): ("11 ", "2020"),
    ("methodology", "nursing-homes"): ("29 ", "1 ", "28"),
    ("methodology", "gp-suspicions"): ("350",),
    ("methodology", "sewage"): ("28", "80", "300", "7 ", "100"),
}
LOCAL_FACTS = {
    ("about", "who-made-it"): {
        "nl": ("Volksgezondheid, Welzijn en Sport", "niet de website"),
        "en": ("Health, Welfare and Sport", "not the website"),
    },
    ("methodology", "positive-tests"): {
        "nl": ("17.408.573", "7 positief"),
        "en": ("17,408,573", "7 positive"),
    },
    ("methodology", "infectious-people"): {"nl": ("13 oktober 2020",), "en": ("13 October 2020",)},
    ("methodology", "reproduction-number"): {
        "nl": ("11 juni 2020", "dinsdag"),
        "en": ("11 June 2020", "Tuesday"),
    },
    ("methodology", "nursing-homes"): {"nl": ("29 september 2020",), "en": ("29 September 2020",)},
    ("methodology", "gp-suspicions"): {"nl": ("donderdag", "zondag"), "en": ("Thursday", "Sunday")},
    ("methodology", "sewage"): {"nl": ("7 september 2020", "20 juli"), "en": ("7 September 2020", "20 July")},
    ("methodology", "hospital-beds"): {"nl": ("1 juni 2020",), "en": ("1 June 2020",)},
    ("methodology", "hospital-admissions"): {"nl": ("13 oktober 2020",), "en": ("13 October 2020",)},
    ("accessibility", "target"): {"nl": ("WCAG 2.1", "AA"), "en": ("WCAG 2.1", "AA")},
    ("accessibility", "known-limitations"): {"nl": ("Plotly", "tabel"), "en": ("Plotly", "table")},
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_facts_of_the_seeds_appear_in_both_languages(language):
    for (slug, anchor), facts in FACTS.items():
        body = " ".join(load_page(slug, language).section(anchor).body.split())
        for fact in facts:
            assert fact in body, (slug, anchor, language, fact)
    for (slug, anchor), by_language in LOCAL_FACTS.items():
        body = " ".join(load_page(slug, language).section(anchor).body.split())
        for fact in by_language[language]:
            assert fact in body, (slug, anchor, language, fact)


@pytest.mark.parametrize(("slug", "language"), PAGE_LANGUAGES)
def test_links_stay_in_the_pages_language_and_reach_existing_anchors(slug, language):
    page = load_page(slug, language)
    for section in page.sections:
        for target in re.findall(r"\]\(([^)\s]+)\)", section.body):
            if target.startswith("#"):
                assert target[1:] in page.anchors, (slug, language, target)
            elif target.startswith("/"):
                match = re.fullmatch(r"/(nl|en)/([a-z-]+)(?:#([a-z0-9-]+))?", target)
                assert match, target
                assert match.group(1) == language, (slug, language, target)
                assert match.group(2) in PAGE_SLUGS, target
                if match.group(3):
                    assert match.group(3) in load_page(match.group(2), language).anchors, target
            else:
                assert target.startswith("https://"), target


@pytest.mark.parametrize("slug", ("about", "faq", "accessibility"))
def test_no_placeholder_addresses(slug):
    for language in LANGUAGES:
        text = page_text(slug, language)
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "no e-mail addresses (and no fake ones)"
        assert "example." not in text and "TODO" not in text


# ------------------------------------------------------------------------------ layout


def layout_in(slug: str, language: str):
    """The page as a callback builds it: in the language the route sets."""
    with use_language(language):
        return page_layout(slug)


@pytest.mark.parametrize(("slug", "language"), PAGE_LANGUAGES)
def test_layout_gives_each_section_its_anchor_as_element_id(slug, language):
    page = load_page(slug, language)
    layout = layout_in(slug, language)
    assert layout.lang == language
    components = [c for c in walk(layout) if hasattr(c, "to_plotly_json")]
    ids = [c.id for c in components if getattr(c, "id", None)]
    assert len(ids) == len(set(ids)), "element ids are unique"
    expected_type = html.Details if slug in pages.COLLAPSIBLE_PAGES else html.Section
    for section in page.sections:
        element = next(c for c in components if getattr(c, "id", None) == section.anchor)
        assert isinstance(element, expected_type)
    titles = [c for c in components if isinstance(c, html.H1)]
    assert [t.children for t in titles] == [page.title], "one h1: the page's title"
    contents = next(c for c in components if isinstance(c, html.Nav))
    hrefs = [c.href for c in walk(contents) if isinstance(c, html.A)]
    assert hrefs == [f"#{anchor}" for anchor in page.anchors]


@pytest.mark.parametrize(("slug", "language"), PAGE_LANGUAGES)
def test_layout_contains_no_raw_html(slug, language):
    for node in walk(layout_in(slug, language)):
        if isinstance(node, dcc.Markdown):
            assert not node.dangerously_allow_html
            assert not RAW_HTML.search(node.children)
        elif isinstance(node, str):
            assert not RAW_HTML.search(node)
        else:
            assert not isinstance(node, html.Iframe | html.Script | html.ObjectEl | html.Embed)


def test_collapsible_sections_show_their_heading_in_the_summary():
    layout = layout_in("faq", "en")
    details = next(c for c in walk(layout) if getattr(c, "id", None) == "negative-corrections")
    summary = details.children[0]
    assert isinstance(summary, html.Summary)
    assert summary.children.startswith("Why does adding up the safety regions")
    assert isinstance(details.children[1], dcc.Markdown)


@pytest.fixture(scope="module")
def babel_app() -> flask.Flask:
    app = flask.Flask(__name__)
    app.config["BABEL_TRANSLATION_DIRECTORIES"] = str(REPO / "translations")
    Babel(app)
    return app


@pytest.mark.parametrize(("slug", "language"), PAGE_LANGUAGES)
def test_page_title_is_the_title_of_the_content_file(babel_app, slug, language):
    with babel_app.test_request_context(f"/{language}/{slug}"), force_locale(language):
        assert page_title(slug) == load_page(slug, language).title


def test_layout_strings_are_translated(babel_app):
    with babel_app.test_request_context("/en/faq"):
        dutch = layout_in("faq", "nl")
        english = layout_in("faq", "en")
    dutch_strings = {n for n in walk(dutch) if isinstance(n, str)}
    english_strings = {n for n in walk(english) if isinstance(n, str)}
    assert {"Inhoud", "Terug naar het dashboard"} <= dutch_strings
    assert {"Contents", "Back to the dashboard"} <= english_strings


def test_page_title_of_an_unknown_page():
    with pytest.raises(KeyError, match="contact"):
        page_title("contact")


# ------------------------------------------------------------------------------ pages.js


def test_pages_script_needs_no_unsafe_eval_or_inline_code():
    script = (REPO / "dashapp" / "assets" / "pages.js").read_text(encoding="utf-8")
    for forbidden in (
        "eval(",
        "new Function",
        "innerHTML",
        "document.write",
        'setTimeout("',
        'setAttribute("on',
    ):
        assert forbidden not in script
    assert "hashchange" in script and "DETAILS" in script


@pytest.fixture(scope="module")
def page_server() -> Iterator[str]:
    """A bare Dash app showing the English FAQ, behind a strict Content-Security-Policy."""
    from werkzeug.serving import make_server

    server = flask.Flask(__name__)
    app = dash.Dash(
        __name__,
        server=server,
        assets_folder=str(REPO / "dashapp" / "assets"),
        serve_locally=True,
        update_title=None,
    )
    app.layout = html.Div([html.Div(style={"height": "3000px"}), layout_in("faq", "en")])
    policy = "default-src 'self'; script-src 'self' " + " ".join(app.csp_hashes()) + "; style-src 'self'"

    @server.after_request
    def add_policy(response: flask.Response) -> flask.Response:
        response.headers["Content-Security-Policy"] = policy
        return response

    http = make_server("127.0.0.1", 0, server, threaded=True)
    thread = threading.Thread(target=http.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{http.server_port}"
    finally:
        http.shutdown()
        thread.join(timeout=5)


@pytest.mark.browser
@pytest.mark.skipif(
    bool(missing_browser_binaries()), reason="Debian's chromium and chromedriver are not installed"
)
def test_pages_script_opens_the_section_named_by_the_hash(page_server):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1200,800"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)

    def wait_for(script: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            value = driver.execute_script(script)
            if value:
                return value
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for: {script}")

    try:
        driver.get(page_server + "/#negative-corrections")
        wait_for("const d = document.getElementById('negative-corrections'); return d && d.open;")
        assert driver.execute_script("return document.getElementById('privacy').open") is False
        # Dash renders the Markdown a moment after the sections, which moves them; the script keeps
        # the opened one in view, so wait for it to settle there rather than reading it at once.
        wait_for(
            "const top = document.getElementById('negative-corrections').getBoundingClientRect().top;"
            "return top >= 0 && top < 200;"
        )

        driver.execute_script("document.querySelector('a[href=\"#privacy\"]').click()")
        wait_for("return document.getElementById('privacy').open;")
        assert driver.execute_script("return document.getElementById('negative-corrections').open")

        violations = [
            entry["message"]
            for entry in driver.get_log("browser")
            if "Content Security Policy" in entry["message"] and "script" in entry["message"]
        ]
        assert not violations, violations
    finally:
        driver.quit()
