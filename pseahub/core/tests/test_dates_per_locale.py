"""Dates read as each language writes them (pseahub/core/formats): named formats, Western digits in Arabic."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

MOMENT = dt.datetime(2026, 12, 6, 14, 5, tzinfo=dt.UTC)

EXPECTED = {
    "en": ("6 Dec 2026", "2026-12-06", "6 Dec 2026, 14:05", "2026-12-06 14:05"),
    "fr": ("6 déc. 2026", "06/12/2026", "6 déc. 2026, 14:05", "06/12/2026 14:05"),
    "ar": ("6 ديسمبر 2026", "06/12/2026", "6 ديسمبر 2026، 14:05", "06/12/2026 14:05"),
}


@pytest.mark.parametrize("language", sorted(EXPECTED))
def test_templates_write_dates_in_the_pages_language(language, settings):
    settings.TIME_ZONE = "UTC"
    template = Template(
        '{{ d|date:"DATE_FORMAT" }}|{{ d|date:"SHORT_DATE_FORMAT" }}|'
        '{{ d|date:"DATETIME_FORMAT" }}|{{ d|date:"SHORT_DATETIME_FORMAT" }}'
    )
    with translation.override(language):
        shown = template.render(Context({"d": MOMENT}))

    assert tuple(shown.split("|")) == EXPECTED[language]


def test_arabic_dates_keep_western_digits():
    with translation.override("ar"):
        shown = Template('{{ d|date:"DATETIME_FORMAT" }}').render(Context({"d": MOMENT}))

    assert not any("\u0660" <= ch <= "\u0669" for ch in shown)
