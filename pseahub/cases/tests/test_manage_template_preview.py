""" "Preview" shows the text as the reporter will read it, in the direction of its language (right to left for
Arabic), and saves nothing."""

from __future__ import annotations

import pytest

from pseahub.audit.models import AuditEvent
from pseahub.cases.models import MessageTemplateVersion

from .helpers import text


@pytest.mark.django_db
def test_a_preview_in_arabic_is_right_to_left_and_saves_nothing(personas, client_for):
    before = AuditEvent.objects.count()
    body = "شكراً لبلاغك.\nسنتواصل معك قريباً."  # noqa: RUF001

    response = client_for(personas.coordinator).post(
        "/cases/templates/received/ar/", {"title": "تم استلام البلاغ", "body": body, "preview": "1"}
    )

    assert response.status_code == 200
    page = text(response)
    assert "Preview: the message as the reporter will read it (not saved yet)" in page
    assert f'<div class="msg" lang="ar" dir="rtl"><strong>تم استلام البلاغ</strong>\n{body}</div>' in page
    assert f"{body}</textarea>" in page  # the text typed is kept in the form
    assert not MessageTemplateVersion.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.django_db
def test_a_preview_in_french_is_left_to_right(personas, client_for):
    response = client_for(personas.coordinator).post(
        "/cases/templates/support/fr/", {"title": "Soutien", "body": "Un soutien existe.", "preview": "1"}
    )

    assert '<div class="msg" lang="fr" dir="ltr"><strong>Soutien</strong>\nUn soutien existe.</div>' in text(response)
    assert not MessageTemplateVersion.objects.exists()


@pytest.mark.django_db
def test_the_arabic_form_is_right_to_left_too(personas, client_for):
    page = client_for(personas.coordinator).get("/cases/templates/received/ar/").content.decode()

    assert 'lang="ar" dir="rtl"' in page[page.index('name="body"') - 200 : page.index('name="body"') + 200]


@pytest.mark.django_db
def test_a_preview_with_markup_shows_it_as_text(personas, client_for):
    response = client_for(personas.coordinator).post(
        "/cases/templates/received/en/", {"title": "T", "body": "<script>alert(1)</script>", "preview": "1"}
    )

    assert "<script>alert(1)</script>" not in response.content.decode()
    assert "&lt;script&gt;" in response.content.decode()
