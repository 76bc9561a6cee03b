"""The survey's PDF summary in English, French and Arabic: a PDF whose first page is not blank, in DejaVu Sans."""

import pytest
from django.urls import reverse

from pseahub.insights.tests.helpers import first_page, ink, pdf_fonts, pdf_text

from .surveys_helpers import imported

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("language", "heading"), [("en", "Indicators"), ("fr", None), ("ar", None)])
def test_the_summary_pdf_in_each_language(personas, client_for, tmp_path, language, heading):
    survey = imported(personas.coordinator, 2026)

    response = client_for(personas.leadership).get(
        reverse("partners:survey_summary", args=[survey.public_id, language])
    )

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    pdf = response.content
    assert pdf.startswith(b"%PDF")
    assert ink(first_page(pdf, tmp_path)) > 0.01
    assert "DejaVu" in pdf_fonts(pdf, tmp_path)
    text = pdf_text(pdf, tmp_path)
    assert "2026" in text
    if heading:
        assert heading in text and "75.0 %" in text
