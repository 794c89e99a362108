"""Both catalogs are complete, and every string the code marks is in them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.conftest import REPO

LANGUAGES = ("nl", "en")
KEYWORDS = ("-k", "_", "-k", "gettext", "-k", "lazy_gettext", "-k", "ngettext:1,2", "-k", "N_")


def catalog(language: str):
    with (REPO / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle, locale=language)


@pytest.mark.parametrize("language", LANGUAGES)
def test_catalog_has_no_untranslated_or_fuzzy_entries(language):
    messages = [m for m in catalog(language) if m.id]
    untranslated = [m.id for m in messages if not m.string]
    fuzzy = [m.id for m in messages if m.fuzzy]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


def test_every_marked_string_in_the_code_is_in_both_catalogs(tmp_path: Path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "-q",
            "extract",
            "-F",
            "babel.cfg",
            *KEYWORDS,
            "-o",
            str(template),
            ".",
        ],
        cwd=REPO,
        check=True,
    )
    with template.open("rb") as handle:
        wanted = {m.id if isinstance(m.id, str) else m.id[0] for m in read_po(handle) if m.id}
    for language in LANGUAGES:
        have = {m.id if isinstance(m.id, str) else m.id[0] for m in catalog(language) if m.id}
        assert not wanted - have, f"missing from the {language} catalog: {sorted(wanted - have)}"


def test_dutch_catalog_really_translates():
    dutch = {m.id: m.string for m in catalog("nl") if m.id}
    assert dutch["The Netherlands"] == "Nederland"
    assert dutch["Value of %(date)s"] == "Waarde van %(date)s"


@pytest.mark.parametrize("language", LANGUAGES)
def test_translations_keep_the_placeholders_of_their_source(language):
    """A translation that names other placeholders than its source would raise at run time."""
    current = catalog(language)
    broken = [(m.id, str(error)) for m in current if m.id and m.string for error in m.check(current)]
    assert not broken, broken
