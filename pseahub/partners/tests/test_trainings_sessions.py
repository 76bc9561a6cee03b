"""Recording a session: a repeated POST makes one session; bad input is a 400 with its errors; editing and adding a
material are audited (ids and codes only); the list filters by the URL."""

from __future__ import annotations

import uuid

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from pseahub.audit.actions import Action
from pseahub.audit.models import AuditEvent
from pseahub.mapping.tests.factories import mali_areas
from pseahub.partners.models import TrainingSession, TrainingTopic

from .trainings_helpers import make_session

pytestmark = pytest.mark.django_db


def _data(personas, **values):
    return {
        "topic": "psea_basics",
        "held_on": "2026-02-03",
        "place": "Mopti",
        "area": mali_areas()["ML05"].pk,
        "trainers": "Coordination PSEA",
        "organiser": personas.org_a.pk,
        **values,
    }


def test_a_repeated_record_makes_one_session(personas, client_for):
    client = client_for(personas.coordinator)
    data = _data(personas, submission=str(uuid.uuid4()))
    first = client.post(reverse("partners:training_new"), data)
    second = client.post(reverse("partners:training_new"), data)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert TrainingSession.objects.count() == 1
    event = AuditEvent.objects.get(action=Action.TRAINING_SESSION_CREATED)
    assert event.data == {"topic": "psea_basics", "organiser": personas.org_a.pk}


def test_a_forged_submission_id_of_anothers_session_makes_a_new_one(personas, client_for):
    other = make_session(personas.coordinator, personas.org_b)
    response = client_for(personas.focal_point_a).post(
        reverse("partners:training_new"), _data(personas, submission=str(other.public_id))
    )
    assert response.status_code == 302 and str(other.public_id) not in response["Location"]
    assert TrainingSession.objects.count() == 2


def test_bad_input_is_refused_with_its_errors(personas, client_for):
    client = client_for(personas.coordinator)
    response = client.post(reverse("partners:training_new"), _data(personas, topic="cooking", held_on="yesterday"))
    assert response.status_code == 400
    assert response.content.decode().count('class="errorlist"') >= 2
    assert not TrainingSession.objects.exists()


def test_editing_and_adding_a_material_are_audited(personas, client_for):
    session = make_session(personas.focal_point_a, personas.org_a)
    client = client_for(personas.focal_point_a)
    edit = reverse("partners:training_edit", args=[session.public_id])
    assert client.post(edit, _data(personas, place="Sévaré, base", topic="investigations")).status_code == 302
    session.refresh_from_db()
    assert (session.place, session.topic) == ("Sévaré, base", TrainingTopic.INVESTIGATIONS)
    event = AuditEvent.objects.get(action=Action.TRAINING_SESSION_UPDATED)
    assert sorted(event.data["fields"]) == ["held_on", "place", "topic", "trainers"]
    material = reverse("partners:training_material_new", args=[session.public_id])
    assert client.post(material, {"title": "Diapositives", "url": "not a link"}).status_code == 400
    assert client.post(material, {"title": "Diapositives", "url": "https://example.org/psea.pdf"}).status_code == 302
    page = client.get(reverse("partners:training", args=[session.public_id])).content.decode()
    assert 'href="https://example.org/psea.pdf"' in page
    assert AuditEvent.objects.filter(action=Action.TRAINING_MATERIAL_ADDED).count() == 1


def test_the_list_filters_by_the_url(personas, client_for):
    make_session(personas.coordinator, personas.org_a, topic=TrainingTopic.INVESTIGATIONS)
    make_session(personas.coordinator, personas.org_b, topic=TrainingTopic.CFM_STAFF, area="ML07")
    client = client_for(personas.coordinator)
    table = client.get(reverse("partners:trainings") + "?topic=cfm_staff").content.decode().split('id="sessions"')[1]
    assert "PSEA for CFM staff</a>" in table and "Investigations</a>" not in table
    page = client.get(reverse("partners:trainings") + f"?organiser={personas.org_a.pk}").content.decode()
    table = page.split('id="sessions"')[1]
    assert "1 session" in table and "Investigations</a>" in table and "CFM staff</a>" not in table


def test_a_material_file_is_kept_checked_and_downloaded_by_the_sessions_readers(personas, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session = make_session(personas.focal_point_a, personas.org_a)
    client = client_for(personas.focal_point_a)
    url = reverse("partners:training_material_new", args=[session.public_id])
    fake = SimpleUploadedFile("slides.pdf", b"MZ not a pdf", content_type="application/pdf")
    response = client.post(url, {"title": "Diapositives", "file": fake})
    assert response.status_code == 400 and "not what its name says" in response.content.decode()
    both = SimpleUploadedFile("slides.pdf", b"%PDF-1.4 slides", content_type="application/pdf")
    response = client.post(url, {"title": "Diapositives", "url": "https://example.org/x", "file": both})
    assert response.status_code == 400 and "Give a link or a file, not both." in response.content.decode()
    assert client.post(url, {"title": "Diapositives"}).status_code == 400
    pdf = SimpleUploadedFile("../../slides PSEA.pdf", b"%PDF-1.4 slides", content_type="application/pdf")
    assert client.post(url, {"title": "Diapositives", "file": pdf}).status_code == 302
    material = session.materials.get()
    assert (material.filename, material.size) == ("slides PSEA.pdf", 15)
    download = reverse("partners:training_material", args=[session.public_id, material.public_id])
    before = AuditEvent.objects.count()
    response = client_for(personas.leadership).get(download)
    assert response.status_code == 200 and response.content == b"%PDF-1.4 slides"
    assert response["Content-Disposition"] == 'attachment; filename="slides_PSEA.pdf"'
    assert AuditEvent.objects.count() == before
    assert client_for(personas.focal_point_b).get(download).status_code == 404
    assert client_for(personas.donor).get(download).status_code == 403
    assert Client().get(download)["Location"].startswith(reverse(settings.LOGIN_URL))
