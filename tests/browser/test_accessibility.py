"""Every kind of page, in both languages, checked the way assistive technology and small screens meet it.

One page load per page kind and language:

1. at phone width (390 CSS px, a mobile viewport) the page must not scroll sideways (WCAG 1.4.10
   Reflow) and no chart may be drawn taller than its box (it would cover the buttons below it); for
   the three tabs and one explanatory page a full-page screenshot is saved;
2. the viewport then widens to desktop size (1280 px), as when a window is resized or a tablet turned:
   the same checks and screenshot, and axe-core runs on the whole document with the rules tagged
   wcag2a, wcag2aa, wcag21a, wcag21aa and best-practice.

A violation fails the test when it is WCAG-tagged and serious or critical, unless its rule and element
are in ``ALLOWED`` below. Everything else axe finds (best practices, minor and moderate findings, the
allowed ones, rules axe could not evaluate) is printed per page (``pytest -rP`` or ``-s``), written to
``artifacts/axe/`` as JSON, and summed up by rule at the end of the run.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest

from tests.browser.conftest import AXE_JS, DESKTOP, PHONE, REPO

pytestmark = pytest.mark.browser

AXE_REPORTS = REPO / "artifacts" / "axe"
WCAG_TAGS = frozenset({"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"})
FAILING_IMPACTS = frozenset({"serious", "critical"})


@dataclass(frozen=True)
class Allowed:
    """A known violation we accept: the rule, the elements it may hit (a CSS selector), and why."""

    rule: str
    selector: str
    reason: str


# Empty: the chart cards' time ranges and the sewage plants are buttons with aria-pressed, the map
# controls buttons too, and the search box a plain input (dcc.RadioItems and dcc.Dropdown, whose own
# markup axe faulted, are gone from these pages).
ALLOWED: tuple[Allowed, ...] = ()


@dataclass(frozen=True)
class Page:
    name: str
    path: str  # with {lang}
    ready: str  # an element that exists once the page has been built
    status: int = 200
    screenshot: bool = False


PAGES = (
    Page("national", "/{lang}/", "#national", screenshot=True),
    Page("region", "/{lang}/veiligheidsregio/VR02", "#risk", screenshot=True),
    Page("municipality", "/{lang}/gemeente/GM0796", "#region-link", screenshot=True),
    Page("region-index", "/{lang}/veiligheidsregio", "#region-list"),
    Page("municipality-index", "/{lang}/gemeente", "#municipality-list"),
    Page("about", "/{lang}/about", "#page-about", screenshot=True),
    Page("faq", "/{lang}/faq", "#page-faq"),
    Page("risk-levels", "/{lang}/risk-levels", "#page-risk-levels"),
    Page("methodology", "/{lang}/methodology", "#page-methodology"),
    Page("accessibility", "/{lang}/accessibility", "#page-accessibility"),
    Page("not-found", "/{lang}/gemeente/GM9999", "#not-found", status=404),
    Page(
        "compare",
        "/{lang}/vergelijk?areas=NL,VR13,VR02,VR24,GM0363,GM0599,GM0518,GM0344,GM0935,GM1900&range=all",
        "#compare-graph",
        screenshot=True,
    ),
    Page("changes", "/{lang}/deze-week", "#changes-page", screenshot=True),
)


def allowed_for(violation: dict, node: dict) -> Allowed | None:
    for entry in ALLOWED:
        if entry.rule == violation["id"] and entry.selector in node["marks"]:
            return entry
    return None


def fails(violation: dict) -> bool:
    return violation["impact"] in FAILING_IMPACTS and bool(WCAG_TAGS & set(violation["tags"]))


def classify(violations: list[dict]) -> dict[str, list[str]]:
    """One line per rule and outcome: FAILING, reported, allowed, or not checked (axe threw)."""
    outcomes: dict[str, list[str]] = {"FAILING": [], "reported": [], "allowed": [], "not checked": []}
    for violation in violations:
        tags = ",".join(tag for tag in violation["tags"] if tag in WCAG_TAGS or tag == "best-practice")
        title = f"{violation['id']} ({violation['impact']}, {tags}) {violation['help']}"
        if violation["impact"] == "error":
            outcomes["not checked"].append(f"{title}: axe threw on {violation['nodes'][0]['target']}")
            continue
        open_nodes = [node for node in violation["nodes"] if allowed_for(violation, node) is None]
        accepted = len(violation["nodes"]) - len(open_nodes)
        if accepted:
            outcomes["allowed"].append(f"{title}: {accepted} element(s)")
        if open_nodes:
            examples = "; ".join(f"{node['target']} :: {node['summary']}" for node in open_nodes[:3])
            line = f"{title}: {len(open_nodes)} element(s), e.g. {examples}"
            outcomes["FAILING" if fails(violation) else "reported"].append(line)
    return outcomes


def layout_problems(browser, viewport) -> list[str]:
    """Sideways scrolling (WCAG 1.4.10 Reflow) and charts spilling over their box, at this width."""
    assert browser.js("return window.innerWidth") == viewport.width
    problems = []
    overflow = browser.horizontal_overflow()
    if overflow > 0:
        problems.append(
            f"at {viewport.width} px wide the page scrolls sideways by {overflow} px (WCAG 1.4.10)"
        )
    for graph in browser.spilling_graphs():
        problems.append(f"at {viewport.width} px wide a chart covers what follows it: {graph}")
    return problems


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("page", PAGES, ids=[page.name for page in PAGES])
def test_page_fits_phone_and_desktop_without_serious_axe_violations(browser, record_property, page, language):
    path = page.path.format(lang=language)
    problems = []

    browser.set_viewport(PHONE)
    browser.open(path, status=page.status, ready=page.ready)
    problems += layout_problems(browser, PHONE)
    if page.screenshot:
        browser.screenshot(f"{page.name}-{language}-{PHONE.name}-{PHONE.width}")

    browser.set_viewport(DESKTOP)  # as when a window is resized or a tablet turned
    browser.wait_for_graph_sizes()
    problems += layout_problems(browser, DESKTOP)
    if page.screenshot:
        browser.screenshot(f"{page.name}-{language}-{DESKTOP.name}-{DESKTOP.width}")

    if not AXE_JS.exists():
        assert not problems, "\n".join(problems)
        pytest.skip(f"axe-core is not installed ({AXE_JS} is missing; scripts/setup.sh runs npm ci)")
    violations = browser.axe(marks={entry.selector: entry.selector for entry in ALLOWED})
    outcomes = classify(violations)

    AXE_REPORTS.mkdir(parents=True, exist_ok=True)
    (AXE_REPORTS / f"{page.name}-{language}.json").write_text(
        json.dumps({"url": path, "violations": violations}, indent=1, ensure_ascii=False)
    )
    record_property("axe", {"path": path, "outcomes": outcomes})
    print(f"axe on {path}:")
    for outcome, lines in outcomes.items():
        for line in lines:
            print(f"  {outcome}: {line}")

    problems += [f"axe: {line}" for line in outcomes["FAILING"]]
    assert not problems, f"{path}:\n" + "\n".join(problems)
