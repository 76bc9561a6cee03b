"""Deleting a training session recorded by mistake: a confirmation page that says what goes, then the session with
its participants and materials is gone, the audit log keeps what it was (no names), a repeated POST goes back to
the list, and a GET never deletes."""

from __future__ import annotations

import pytest
from django.urls import reverse

from pseahub.audit.actions import Action
from pseahub.audit.models import AuditEvent
from pseahub.partners.models import TrainingMaterial, TrainingParticipant, TrainingSession
from pseahub.partners.trainings import material_add

from .trainings_helpers import add_participant, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas):
    made = make_session(personas.focal_point_a, personas.org_a)
    add_participant(personas.focal_point_a, made, personas.org_a, name_consent=True, name="Awa Traoré")
    add_participant(personas.focal_point_a, made, personas.org_a, sex="male")
    material_add(actor=personas.focal_point_a, session=made, title="Support", url="https://example.org/psea")
    return made


def _url(session) -> str:
    return reverse("partners:training_delete", args=[session.public_id])


def test_the_organisers_focal_point_deletes_a_session_after_seeing_what_goes(personas, client_for, session):
    client = client_for(personas.focal_point_a)
    detail = client.get(reverse("partners:training", args=[session.public_id])).content.decode()
    assert _url(session) in detail
    confirm = client.get(_url(session)).content.decode()
    assert "with its 2 participants" in confirm and "and 1 material." in confirm
    assert TrainingSession.objects.filter(pk=session.pk).exists()  # the GET deleted nothing

    response = client.post(_url(session))

    assert response["Location"] == reverse("partners:trainings")
    assert not TrainingSession.objects.filter(pk=session.pk).exists()
    assert not TrainingParticipant.objects.exists() and not TrainingMaterial.objects.exists()
    event = AuditEvent.objects.get(action=Action.TRAINING_SESSION_DELETED)
    assert event.target_id == str(session.public_id)
    assert event.data == {
        "topic": "psea_basics",
        "held_on": "2026-03-10",
        "organiser": personas.org_a.pk,
        "participants": 2,
        "materials": 1,
    }
    assert "Awa" not in str(event.data)
    assert "The session was deleted." in client.get(response["Location"]).content.decode()


def test_a_repeated_post_goes_back_to_the_list(personas, client_for, session):
    client = client_for(personas.coordinator)
    client.post(_url(session))
    again = client.post(_url(session), follow=True)
    assert again.redirect_chain[-1][0] == reverse("partners:trainings")
    assert "This session is no longer there." in again.content.decode()
    assert AuditEvent.objects.filter(action=Action.TRAINING_SESSION_DELETED).count() == 1


def test_another_organisations_focal_point_cannot_delete_it(personas, client_for, session):
    assert client_for(personas.focal_point_b).post(_url(session)).status_code == 404
    assert TrainingSession.objects.filter(pk=session.pk).exists()
