"""A year's survey imported from the wrong files (a partial export, another form) is replaced by a new import of the
same year, only when the coordinator asks for it on the dry run's page: the old results are replaced in one go,
the questions of the same name keep their indicator and positive answers, and the replacement is audited."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.partners.models import Survey, SurveyResponse
from pseahub.partners.surveys import indicator_save, question_map, survey_draft_create, survey_import

from .surveys_helpers import data, imported

pytestmark = pytest.mark.django_db


def _other_files_for_2026(actor):
    """The 2025 fixture export (XLSX, 10 respondents) uploaded as the survey of 2026."""
    return survey_draft_create(
        actor=actor,
        year=2026,
        title="Enquête 2026 (export complet)",
        export=data("survey_2025.xlsx"),
        export_name="survey_2025.xlsx",
        form=data("survey_form.xlsx"),
        form_name="survey_form.xlsx",
    )


def test_the_coordinator_replaces_a_years_survey_and_its_indicators_carry_over(personas, client_for):
    coordinator = personas.coordinator
    first = imported(coordinator, 2026)  # the CSV: 12 respondents
    indicator = indicator_save(actor=coordinator, code="know-how-to-report", names={"en": "% who know how to report"})
    question_map(
        actor=coordinator, question=first.questions.get(name="know_report"), indicator=indicator, positive=["yes"]
    )
    draft = _other_files_for_2026(coordinator)
    client = client_for(coordinator)
    url = reverse("partners:survey_dry_run", args=[draft.public_id])

    page = client.get(url).content.decode()
    assert "already imported from other files" in page and "Replace the survey of 2026" in page

    response = client.post(url, {"replace": str(first.public_id)})

    survey = Survey.objects.get(year=2026)
    assert response["Location"] == reverse("partners:survey", args=[survey.public_id])
    assert survey.pk != first.pk and survey.respondents == 10 and survey.title == "Enquête 2026 (export complet)"
    assert not Survey.objects.filter(pk=first.pk).exists()
    assert SurveyResponse.objects.count() == 10  # the old respondents' answers went with their survey
    mapped = survey.questions.get(name="know_report")
    assert mapped.indicator == indicator and mapped.positive == ["yes"]
    event = AuditEvent.objects.get(action=Action.SURVEY_REPLACED)
    assert event.target_id == str(survey.public_id)
    assert event.data == {"year": 2026, "survey": str(first.public_id), "respondents": 12}
    shown = client.get(response["Location"]).content.decode()
    assert "The survey of 2026 is replaced: 10 respondents." in shown


def test_without_asking_to_replace_the_other_files_are_refused_and_nothing_changes(personas, client_for):
    first = imported(personas.coordinator, 2026)
    draft = _other_files_for_2026(personas.coordinator)
    client = client_for(personas.coordinator)
    url = reverse("partners:survey_dry_run", args=[draft.public_id])

    plain = client.post(url)
    stale = client.post(url, {"replace": "00000000-0000-4000-8000-000000000000"})  # not the survey shown

    assert plain.status_code == 400 and stale.status_code == 400
    assert "already imported from other files" in plain.content.decode()
    assert list(Survey.objects.all()) == [first] and first.responses.count() == 12
    assert not AuditEvent.objects.filter(action=Action.SURVEY_REPLACED).exists()


def test_a_replacement_is_only_for_the_survey_of_the_drafts_year(personas):
    imported(personas.coordinator, 2026)
    other_year = Survey.objects.create(year=2024, title="Enquête 2024", file_hash="f" * 64)
    draft = _other_files_for_2026(personas.coordinator)
    with pytest.raises(ValidationError, match="already imported"):
        survey_import(actor=personas.coordinator, draft=draft, replace=other_year)
    assert Survey.objects.count() == 2


@pytest.mark.parametrize("persona", ["co_chair", "focal_point_a", "leadership", "analyst"])
def test_no_one_else_replaces_a_survey(personas, client_for, persona):
    first = imported(personas.coordinator, 2026)
    draft = _other_files_for_2026(personas.coordinator)
    url = reverse("partners:survey_dry_run", args=[draft.public_id])
    response = client_for(getattr(personas, persona)).post(url, {"replace": str(first.public_id)})
    assert response.status_code in (302, 403, 404)  # a co-chair edits surveys, but not the coordinator's dry run
    assert list(Survey.objects.all()) == [first]
