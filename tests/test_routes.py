import pytest

from dashapp.data.reference import load_reference
from dashapp.routes import Route, parse_path, path_for, switch_language

REFERENCE = load_reference()


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/nl/", Route("nl", "nl")),
        ("/en", Route("en", "nl")),
        ("/en/veiligheidsregio", Route("en", "vr")),
        ("/nl/veiligheidsregio/VR13", Route("nl", "vr", "VR13")),
        ("/en/gemeente/gm0363", Route("en", "gm", "GM0363")),
        ("/nl/gemeente/GM9999", Route("nl", "not_found", "GM9999")),
        ("/nl/veiligheidsregio/VR26", Route("nl", "not_found", "VR26")),
        ("/nl/gemeente/VR13", Route("nl", "not_found", "VR13")),
        ("/de/", Route("nl", "not_found")),
        ("/nl/elders", Route("nl", "not_found")),
        ("/nl/gemeente/GM0363/extra", Route("nl", "not_found")),
        ("/en/faq", Route("en", "page", "faq")),
        ("/nl/methodology", Route("nl", "page", "methodology")),
        ("/nl/gemeente/GM1979", Route("nl", "later_code", "GM1979")),
        ("/nl/veiligheidsregio/GM1979", Route("nl", "not_found", "GM1979")),
        ("/nl/vergelijk", Route("nl", "compare")),
        ("/en/compare", Route("en", "compare")),
        ("/en/vergelijk/", Route("en", "compare")),  # either language's name is understood
        ("/nl/compare", Route("nl", "compare")),
        ("/nl/vergelijk/GM0363", Route("nl", "not_found")),
        ("/nl/deze-week", Route("nl", "changes")),
        ("/en/this-week", Route("en", "changes")),
        ("/nl/deze-week/feed.xml", Route("nl", "feed")),
        ("/en/this-week/feed.xml", Route("en", "feed")),
        ("/nl/vergelijk/feed.xml", Route("nl", "not_found")),
        ("/nl/deze-week/elders", Route("nl", "not_found")),
    ],
)
def test_paths_name_language_level_and_code(path, expected):
    assert parse_path(path, REFERENCE) == expected


def test_paths_are_built_back_from_routes():
    assert path_for("en", "gm", "GM0363") == "/en/gemeente/GM0363"
    assert path_for("nl", "vr") == "/nl/veiligheidsregio"
    assert path_for("nl", "nl") == "/nl/"
    assert path_for("nl", "compare") == "/nl/vergelijk"
    assert path_for("en", "compare") == "/en/compare"
    assert path_for("nl", "changes") == "/nl/deze-week"
    assert path_for("en", "feed") == "/en/this-week/feed.xml"


@pytest.mark.parametrize("language", ["nl", "en"])
@pytest.mark.parametrize("level", ["compare", "changes", "feed"])
def test_named_pages_parse_back_from_their_paths(language, level):
    assert parse_path(path_for(language, level), REFERENCE) == Route(language, level)


@pytest.mark.parametrize(
    "path, language, expected",
    [
        ("/nl/gemeente/GM0363", "en", "/en/gemeente/GM0363"),
        ("/en/", "nl", "/nl/"),
        ("/", "en", "/en/"),
        ("/nl/vergelijk", "en", "/en/compare"),
        (
            "/en/compare?areas=GM0363,VR13&metric=deceased&range=all",
            "nl",
            "/nl/vergelijk?areas=GM0363,VR13&metric=deceased&range=all",
        ),
        ("/en/this-week", "nl", "/nl/deze-week"),
        ("/nl/deze-week?area=GM0363", "en", "/en/this-week?area=GM0363"),
    ],
)
def test_language_switch_keeps_the_page(path, language, expected):
    assert switch_language(path, language) == expected
