"""The catalogues keep one name per concept and each language's typography (issue 11, item 8)."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def _catalogue(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def _translations(entry: polib.POEntry) -> list[str]:
    return [entry.msgstr, *entry.msgstr_plural.values()] if entry.msgstr_plural else [entry.msgstr]


def test_french_puts_a_narrow_no_break_space_before_high_punctuation():
    offending = [
        text
        for entry in _catalogue("fr")
        for text in _translations(entry)
        # ":" ";" "?" "!" ending a clause (followed by a space, a closing quote or the end), not inside JSON ("en":)
        if re.search(r"(?<![\"'\u202f])[:;?!](?=[\s»]|$)", text)
    ]
    assert offending == []


def test_french_says_peas_and_never_the_english_acronym():
    offending = [
        text
        for entry in _catalogue("fr")
        if "PSEA" in entry.msgid
        for text in _translations(entry)
        if re.search(r"PSEA(?! Hub| Network|-\d)", text)  # the product, English data, a reference
    ]
    assert offending == []


def test_arabic_uses_the_arabic_question_mark_and_comma():
    offending = [
        text
        for entry in _catalogue("ar")
        for text in _translations(entry)
        if re.search(r"\?(\s|$)", text) or re.search(r"[\u0600-\u06ff], ", text)
    ]
    assert offending == []


@pytest.mark.parametrize(
    ("context", "masculine", "feminine"),
    # A referral is "un référencement" and an outgoing message "un message": their states agree in the masculine.
    [("state of a referral", "Envoyé", "Envoyée"), ("state of an outgoing message", "Envoyé", "Envoyée")],
)
def test_french_state_names_agree_with_the_noun_they_qualify(context, masculine, feminine):
    translations = {entry.msgstr for entry in _catalogue("fr") if entry.msgctxt == context}
    assert masculine in translations
    assert feminine not in translations
