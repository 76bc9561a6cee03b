"""Who opens the survey's pages: signed out → sign in; the network's readers read the results; only the editors
(coordinator, co-chairs) import, map and keep the indicators; a dry run is its author's alone."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.partners.surveys import indicator_save, survey_draft_create

from .surveys_helpers import data, imported, regions

pytestmark = pytest.mark.django_db

EDITORS = ["coordinator", "co_chair"]
READERS = ["focal_point_a", "leadership"]
OUTSIDERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]


def _draft(actor):
    regions()
    return survey_draft_create(
        actor=actor,
        year=2027,
        title="",
        export=data("survey_2026.csv"),
        export_name="survey_2026.csv",
        form=data("survey_form.xlsx"),
        form_name="survey_form.xlsx",
    )


@pytest.fixture
def urls(personas):
    survey = imported(personas.coordinator, 2026)
    question = survey.questions.get(name="know_report")
    indicator = indicator_save(actor=personas.coordinator, code="know", names={"en": "Know"})
    draft = _draft(personas.co_chair)
    return {
        "read": [
            reverse("partners:surveys"),
            reverse("partners:survey", args=[survey.public_id]),
            reverse("partners:survey_summary", args=[survey.public_id, "en"]),
        ],
        "edit": [
            reverse("partners:survey_upload"),
            reverse("partners:survey_indicator_new"),
            reverse("partners:survey_indicator", args=[indicator.public_id]),
            reverse("partners:survey_question", args=[survey.public_id, question.public_id]),
        ],
        "draft": reverse("partners:survey_dry_run", args=[draft.public_id]),
    }


def test_signed_out_visitors_are_sent_to_sign_in(urls):
    for url in [*urls["read"], *urls["edit"], urls["draft"]]:
        assert Client().get(url)["Location"].startswith(reverse(settings.LOGIN_URL)), url
        assert Client().post(url)["Location"].startswith(reverse(settings.LOGIN_URL)), url


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_others_are_refused_everywhere(personas, client_for, urls, persona):
    client = client_for(getattr(personas, persona))
    for url in [*urls["read"], *urls["edit"], urls["draft"]]:
        assert client.get(url).status_code == 403, url
    assert client.post(urls["draft"]).status_code == 403


@pytest.mark.parametrize("persona", READERS)
def test_readers_read_the_results_and_cannot_import_or_map(personas, client_for, urls, persona):
    client = client_for(getattr(personas, persona))
    for url in urls["read"]:
        assert client.get(url).status_code == 200, url
    for url in [*urls["edit"], urls["draft"]]:
        assert client.get(url).status_code == 403, url
        assert client.post(url).status_code == 403, url
    page = client.get(urls["read"][1]).content.decode()
    assert "Map to an indicator" not in page and reverse("partners:survey_upload") not in page


@pytest.mark.parametrize("persona", EDITORS)
def test_editors_open_every_page(personas, client_for, urls, persona):
    client = client_for(getattr(personas, persona))
    for url in [*urls["read"], *urls["edit"]]:
        assert client.get(url).status_code == 200, url
    assert "Map to an indicator" in client.get(urls["read"][1]).content.decode()


def test_a_dry_run_is_its_authors_only(personas, client_for, urls):
    assert client_for(personas.co_chair).get(urls["draft"]).status_code == 200
    assert client_for(personas.coordinator).get(urls["draft"]).status_code == 404


def test_unknown_objects_and_languages_are_not_found(personas, client_for, urls):
    client = client_for(personas.coordinator)
    survey_url = urls["read"][1]
    assert (
        client.get(survey_url.replace(survey_url.split("/")[-2], "00000000-0000-0000-0000-000000000000")).status_code
        == 404
    )
    assert client.get(urls["read"][2].replace("summary-en", "summary-de")).status_code == 404
