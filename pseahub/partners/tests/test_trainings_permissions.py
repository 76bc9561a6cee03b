"""Every trainings URL: signed out → sign in; outsiders 403; readers read, editors and the organiser's focal point
record; a focal point of another organisation gets 404 on the session's pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.partners.models import TrainingSession

from .trainings_helpers import add_participant, grid_data, make_session

pytestmark = pytest.mark.django_db

POST_ONLY = ("material", "refresher")
OUTSIDERS = ["provider", "operator", "analyst", "donor", "hq", "admin", "no_role"]


@pytest.fixture
def session(personas):
    made = make_session(personas.coordinator, personas.org_a)
    add_participant(personas.coordinator, made, personas.org_a, name_consent=True, name="Awa Traoré")
    return made


def _urls(session: TrainingSession) -> dict[str, str]:
    participant = session.participants.get()
    return {
        "list": reverse("partners:trainings"),
        "new": reverse("partners:training_new"),
        "coverage": reverse("partners:training_coverage"),
        "detail": reverse("partners:training", args=[session.public_id]),
        "edit": reverse("partners:training_edit", args=[session.public_id]),
        "delete": reverse("partners:training_delete", args=[session.public_id]),
        "grid": reverse("partners:training_participants", args=[session.public_id]),
        "certificate": reverse("partners:training_certificate", args=[session.public_id, participant.public_id]),
        "material": reverse("partners:training_material_new", args=[session.public_id]),
        "refresher": reverse("partners:training_refresher"),
    }


def test_signed_out_visitors_are_sent_to_sign_in(session):
    for name, url in _urls(session).items():
        response = Client().post(url) if name in POST_ONLY else Client().get(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse(settings.LOGIN_URL)), name


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_outsiders_are_refused_everywhere(personas, client_for, session, persona):
    client = client_for(getattr(personas, persona))
    for name, url in _urls(session).items():
        response = client.post(url) if name in POST_ONLY else client.get(url)
        assert response.status_code == 403, name


@pytest.mark.parametrize("persona", ["coordinator", "co_chair"])
def test_editors_open_every_page(personas, client_for, session, persona):
    client = client_for(getattr(personas, persona))
    for name, url in _urls(session).items():
        if name in POST_ONLY:
            continue
        assert client.get(url).status_code == 200, name


def test_leadership_reads_but_does_not_record(personas, client_for, session):
    client = client_for(personas.leadership)
    urls = _urls(session)
    for name in ("list", "coverage", "detail", "certificate"):
        assert client.get(urls[name]).status_code == 200, name
    for name in ("new", "edit", "grid", "delete"):
        assert client.get(urls[name]).status_code == 403, name
    assert client.post(urls["delete"]).status_code == 403
    assert client.post(urls["material"], {"title": "x", "url": "https://example.org"}).status_code == 403


def test_the_organisers_focal_point_records_its_sessions(personas, client_for, session):
    client = client_for(personas.focal_point_a)
    urls = _urls(session)
    for name in ("list", "new", "detail", "edit", "grid", "certificate", "delete"):
        assert client.get(urls[name]).status_code == 200, name
    assert client.get(urls["coverage"]).status_code == 403  # the network's coverage is the editors' and leadership's


def test_a_focal_point_of_another_organisation_neither_sees_nor_touches_it(personas, client_for, session):
    client = client_for(personas.focal_point_b)
    urls = _urls(session)
    assert "Sévaré" not in client.get(urls["list"]).content.decode()
    for name in ("detail", "edit", "grid", "certificate", "delete"):
        assert client.get(urls[name]).status_code == 404, name
    assert client.post(urls["delete"]).status_code == 404
    assert TrainingSession.objects.filter(pk=session.pk).exists()
    assert client.post(urls["material"], {"title": "x", "url": "https://example.org"}).status_code == 404
    row = {"organisation": personas.org_b.pk, "sex": "male", "role": "other"}
    assert client.post(urls["grid"], grid_data([row])).status_code == 404
    assert session.participants.count() == 1


def test_a_focal_point_cannot_name_another_organisation_as_organiser(personas, client_for):
    client = client_for(personas.focal_point_b)
    data = {
        "topic": "psea_basics",
        "held_on": "2026-04-01",
        "place": "Gao",
        "trainers": "BETA",
        "organiser": personas.org_a.pk,
    }
    response = client.post(reverse("partners:training_new"), data)
    assert response.status_code == 400
    assert not TrainingSession.objects.exists()
    data["organiser"] = personas.org_b.pk
    assert client.post(reverse("partners:training_new"), data).status_code == 302
    assert TrainingSession.objects.get().organiser == personas.org_b
