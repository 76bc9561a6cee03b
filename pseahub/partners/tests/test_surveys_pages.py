"""The survey's pages as a coordinator uses them: upload → dry run → import (safe to repeat), map a question to
an indicator, read the results with the year before, and bad files answered with a 400 and the reason."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pseahub.partners.models import Survey, SurveyIndicator

from .surveys_helpers import data, imported, regions

pytestmark = pytest.mark.django_db


def _upload(client, export="survey_2026.csv", form="survey_form.xlsx", year=2026):
    return client.post(
        reverse("partners:survey_upload"),
        {
            "year": year,
            "title": "",
            "export": SimpleUploadedFile(export, data(export)),
            "xlsform": SimpleUploadedFile(form, data(form)),
        },
    )


def test_upload_dry_run_then_import_and_again(personas, client_for):
    regions()
    client = client_for(personas.coordinator)

    response = _upload(client)
    assert response.status_code == 302
    dry_run = response["Location"]
    page = client.get(dry_run).content.decode()
    assert "12 respondents would be imported" in page
    assert "<code>respondent_name</code>" in page and "may identify a person" in page
    assert Survey.objects.count() == 0

    response = client.post(dry_run)
    survey = Survey.objects.get()
    assert response["Location"] == reverse("partners:survey", args=[survey.public_id])
    again = client.post(dry_run)  # the same confirmation twice: nothing more
    assert again.status_code == 302 and Survey.objects.count() == 1

    # the same files uploaded again: the dry run says so and offers no import
    page = client.get(_upload(client)["Location"]).content.decode()
    assert 'id="dry-run-same"' in page and ">Import<" not in page


def test_a_file_that_cannot_be_used_is_answered_with_the_reason(personas, client_for):
    client = client_for(personas.coordinator)

    response = _upload(client, form="survey_2026.csv")

    assert response.status_code == 400
    assert "The XLSForm must be an Excel workbook" in response.content.decode()


def test_map_a_question_and_read_the_year_on_year_comparison(personas, client_for):
    client = client_for(personas.coordinator)
    before, now = imported(personas.coordinator, 2025), imported(personas.coordinator, 2026)
    response = client.post(
        reverse("partners:survey_indicator_new"), {"code": "know", "name_en": "% who know how to report SEA"}
    )
    assert response.status_code == 302
    indicator = SurveyIndicator.objects.get()
    for survey in (before, now):
        question = survey.questions.get(name="know_report")
        url = reverse("partners:survey_question", args=[survey.public_id, question.public_id])
        assert client.post(url, {"indicator": indicator.pk, "positive": ["yes"]}).status_code == 302

    page = client.get(reverse("partners:survey", args=[now.public_id])).content.decode()

    assert '<table class="stack survey-table" id="indicator-know">' in page
    assert "50.0 %" in page and "75.0 %" in page and "+25.0" in page
    assert 'role="img"' in page and "withheld" in page


def test_a_mapping_without_positive_answers_is_refused(personas, client_for):
    client = client_for(personas.coordinator)
    survey = imported(personas.coordinator, 2026)
    indicator = SurveyIndicator.objects.create(code="know", names={"en": "Know"})
    question = survey.questions.get(name="know_report")

    response = client.post(
        reverse("partners:survey_question", args=[survey.public_id, question.public_id]), {"indicator": indicator.pk}
    )

    assert response.status_code == 400
    assert "Choose the answers that count towards the indicator." in response.content.decode()


def test_an_indicator_needs_a_name_and_a_free_code(personas, client_for):
    client = client_for(personas.coordinator)
    SurveyIndicator.objects.create(code="know", names={"en": "Know"})

    response = client.post(reverse("partners:survey_indicator_new"), {"code": "know"})

    assert response.status_code == 400
    page = response.content.decode()
    assert "Another indicator has this code." in page or "Name the indicator" in page
