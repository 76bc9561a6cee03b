"""Recording a meeting: the form and its grid of participants (one number per organisation) create the meeting and
redirect to it; the same form sent twice records it once; bad input is a 400 with the form again; editing changes
the participants; every write is audited with ids and codes, never the text."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse

from pseahub.audit.models import Action, AuditEvent
from pseahub.network.tests.factories import OrganisationFactory
from pseahub.planning.meetings import meeting_create
from pseahub.planning.models import Meeting, MeetingType

pytestmark = pytest.mark.django_db


def _form(personas, **extra):
    return {
        "held_on": "2026-11-05",
        "type": MeetingType.NETWORK,
        "title": "Réunion mensuelle du réseau",
        "location": "Bamako, salle OCHA",
        "agenda": "1. Tour de table\n2. Plan d'action",
        "minutes": "Le réseau a validé le plan.",
        "submission": str(uuid.uuid4()),
        f"people_{personas.org_a.pk}": "3",
        f"people_{personas.org_b.pk}": "",
        **extra,
    }


def test_the_form_offers_one_line_per_active_organisation(personas, client_for):
    OrganisationFactory(name="Gone Ltd", is_active=False)
    page = client_for(personas.coordinator).get(reverse("planning:meeting_new")).content.decode()
    assert f'name="people_{personas.org_a.pk}"' in page and f'name="people_{personas.org_b.pk}"' in page
    assert "Gone Ltd" not in page
    assert "No names or details of any case." in page


def test_recording_a_meeting_redirects_to_it_with_its_participants(personas, client_for):
    client = client_for(personas.co_chair)
    response = client.post(reverse("planning:meeting_new"), _form(personas))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("planning:meeting", args=[meeting.public_id])
    assert meeting.recorded_by == personas.co_chair
    assert {(p.organisation, p.people) for p in meeting.participations.all()} == {(personas.org_a, 3)}
    page = client.get(response["Location"]).content.decode()
    participants = page.split('id="participants"')[1].split("</table>")[0]
    assert "Alpha Relief" in participants and "Beta Aid" not in participants
    assert "Le réseau a validé le plan." in page
    event = AuditEvent.objects.get(action=Action.MEETING_CREATED)
    assert event.data["type"] == "network"
    assert event.data["participants"] == {str(personas.org_a.public_id): 3}
    assert "Réunion" not in str(event.data) and "plan" not in str(event.data)


def test_the_same_form_sent_twice_records_the_meeting_once(personas, client_for):
    client = client_for(personas.coordinator)
    data = _form(personas)
    first = client.post(reverse("planning:meeting_new"), data)
    second = client.post(reverse("planning:meeting_new"), data)
    assert first["Location"] == second["Location"]
    assert Meeting.objects.count() == 1
    assert AuditEvent.objects.filter(action=Action.MEETING_CREATED).count() == 1


@pytest.mark.parametrize(
    "bad",
    [
        {"held_on": "not a date"},
        {"type": "tea_party"},
        {"title": ""},
        {"people_{org_a}": "-1"},
        {"people_{org_a}": "many"},
        {"people_{org_a}": "100000"},
    ],
)
def test_bad_input_is_a_400_with_the_form_and_nothing_is_recorded(personas, client_for, bad):
    bad = {key.replace("{org_a}", str(personas.org_a.pk)): value for key, value in bad.items()}
    response = client_for(personas.coordinator).post(reverse("planning:meeting_new"), _form(personas, **bad))
    assert response.status_code == 400
    assert 'class="errorlist"' in response.content.decode()
    assert Meeting.objects.count() == 0


def test_editing_changes_the_meeting_and_its_participants(personas, client_for):
    meeting = meeting_create(
        actor=personas.coordinator,
        data={"type": MeetingType.CO_CHAIRS, "title": "Co-présidence", "held_on": dt.date(2026, 10, 1)},
        participants={personas.org_a: 1},
        submission=None,
    )
    client = client_for(personas.co_chair)
    url = reverse("planning:meeting_edit", args=[meeting.public_id])
    page = client.get(url).content.decode()
    assert f'name="people_{personas.org_a.pk}" value="1"' in page
    data = _form(personas, type=MeetingType.CO_CHAIRS, title="Co-présidence (octobre)")
    data.update({f"people_{personas.org_a.pk}": "", f"people_{personas.org_b.pk}": "2"})
    response = client.post(url, data)
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.title == "Co-présidence (octobre)" and meeting.held_on == dt.date(2026, 11, 5)
    assert {(p.organisation, p.people) for p in meeting.participations.all()} == {(personas.org_b, 2)}
    event = AuditEvent.objects.get(action=Action.MEETING_UPDATED)
    assert "title" in event.data["fields"] and event.data["participants"] == {str(personas.org_b.public_id): 2}
    assert "Co-présidence" not in str(event.data)


def test_an_inactive_organisation_that_took_part_stays_on_the_edit_form(personas, client_for):
    gone = OrganisationFactory(name="Gone Ltd")
    meeting = meeting_create(
        actor=personas.coordinator,
        data={"type": MeetingType.NETWORK, "title": "Réunion", "held_on": dt.date(2026, 1, 8)},
        participants={gone: 2},
        submission=None,
    )
    gone.is_active = False
    gone.save()
    page = client_for(personas.coordinator).get(reverse("planning:meeting_edit", args=[meeting.public_id]))
    assert "Gone Ltd" in page.content.decode()


def test_saving_an_unchanged_meeting_writes_no_audit_entry(personas, client_for):
    client = client_for(personas.coordinator)
    data = _form(personas)
    client.post(reverse("planning:meeting_new"), data)
    meeting = Meeting.objects.get()
    response = client.post(reverse("planning:meeting_edit", args=[meeting.public_id]), data)
    assert response.status_code == 302
    assert not AuditEvent.objects.filter(action=Action.MEETING_UPDATED).exists()
