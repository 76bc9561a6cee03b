"""A report's language, from the reporter's own words (mail, SMS, WhatsApp, field forms).

``report_language`` is called once per inbound message that opens a complaint (``pipeline.py``); replies
and message templates then go out in that language. The web and operator forms keep the language the
reporter or operator chose and never come here.

- Arabic is certain from its script: when Arabic letters are the majority of the letters, the report is
  Arabic, whatever its length. A text mixing Arabic and French (or English) goes by the majority of its
  letters; on a tie, Arabic (the Latin words in such messages are mostly names and acronyms).
- Otherwise English or French is decided by py3langid (an offline n-gram model, restricted to the
  platform's Latin-script languages), on texts of at least ``MIN_WORDS`` words and with a confidence of at
  least ``MIN_CONFIDENCE``; below that the channel's default language stands.
- Only languages of ``settings.LANGUAGES`` are ever returned.

The model (numpy arrays, about 0.6 s and some 100 MB to load) is loaded on the first detection, not at
import, so web workers that never receive a message do not pay for it.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from py3langid.langid import LanguageIdentifier

    from .models import IntakeChannel

#: Fewer words than this and the text says too little: the channel's default stands.
MIN_WORDS = 3
#: py3langid's normalised probability (between the candidate languages) below which the default stands.
MIN_CONFIDENCE = 0.8

_WORD = re.compile(r"\w+")
_LATIN_LANGUAGES = ("en", "fr")


def _platform_languages() -> set[str]:
    return {code.split("-")[0] for code, _name in settings.LANGUAGES}


def channel_default_language(channel: IntakeChannel) -> str:
    """The channel's first configured language that the platform has (else the site's): the fall-back."""
    languages = channel.languages if isinstance(channel.languages, list) else []
    codes = {code for code, _name in settings.LANGUAGES}
    for language in languages:
        if isinstance(language, str) and language in codes:
            return language
    return settings.LANGUAGE_CODE


@functools.cache
def _identifier(languages: tuple[str, ...]) -> LanguageIdentifier:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(languages))
    return identifier


def _letters(text: str) -> tuple[int, int]:
    """(Arabic-script letters, Latin-script letters) in ``text``."""
    arabic = latin = 0
    for char in text:
        if not char.isalpha():
            continue
        name = unicodedata.name(char, "")
        if name.startswith("ARABIC"):
            arabic += 1
        elif name.startswith("LATIN"):
            latin += 1
    return arabic, latin


def report_language(text: str, *, default: str) -> str:
    """The language ``text`` is written in, among the platform's; ``default`` when it cannot tell."""
    platform = _platform_languages()
    arabic, latin = _letters(text)
    if arabic and arabic >= latin and "ar" in platform:
        return "ar"
    candidates = tuple(code for code in _LATIN_LANGUAGES if code in platform)
    if not latin or len(candidates) < 2:
        return default
    # Only the Latin-script part is classified (a mixed text's Arabic words would only add noise).
    latin_text = " ".join(
        word for word in _WORD.findall(text) if any(unicodedata.name(c, "").startswith("LATIN") for c in word)
    )
    if len(latin_text.split()) < MIN_WORDS:
        return default
    language, confidence = _identifier(candidates).classify(latin_text)
    return str(language) if confidence >= MIN_CONFIDENCE else default
