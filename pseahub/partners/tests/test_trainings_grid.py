"""The participants' grid: blank rows skipped, per-row errors (400) that lose nothing, a name never kept without
consent, a repeated POST adding nothing twice, more rows by ?rows=, and the average gain on the session's page."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pseahub.audit.actions import Action
from pseahub.audit.models import AuditEvent
from pseahub.partners.models import TrainingParticipant

from .trainings_helpers import grid_data, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(personas):
    return make_session(personas.focal_point_a, personas.org_a)


def _grid(session):
    return reverse("partners:training_participants", args=[session.public_id])


def test_the_grid_saves_filled_rows_and_shows_the_average_gain(personas, client_for, session):
    client = client_for(personas.focal_point_a)
    page = client.get(_grid(session)).content.decode()
    assert page.count('name="p-') > 10 * 9 and 'name="p-9-pre_score"' in page and 'name="p-10-pre_score"' not in page
    org = personas.org_a.pk
    rows = [
        {"organisation": org, "sex": "female", "role": "focal_point", "pre_score": 40, "post_score": 75},
        {"organisation": org, "sex": "male", "role": "cfm_staff", "pre_score": 55, "post_score": 70},
        {"organisation": personas.org_b.pk, "sex": "female", "role": "manager", "pre_score": 62, "post_score": 90},
        {"organisation": org, "sex": "male", "role": "other", "pre_score": 30},  # not tested after: left out
    ]
    response = client.post(_grid(session), grid_data(rows))
    assert response.status_code == 302
    assert session.participants.count() == 4
    # (35 + 15 + 28) / 3 = 26.0; before (40+55+62)/3 = 52.3, after (75+70+90)/3 = 78.3
    detail = client.get(response["Location"]).content.decode()
    assert "Average gain: 26.0 points (3 participants tested: 52.3 before, 78.3 after)." in detail
    summary = detail.split('id="by-organisation"')[1].split("</table>")[0]
    alpha = summary.split('<th scope="row">ALPHA</th>')[1].split("</tr>")[0]
    assert [cell.split(">")[1].split("<")[0] for cell in alpha.split("<td")[1:]] == ["1", "2", "0", "0", "3"]
    event = AuditEvent.objects.filter(action=Action.TRAINING_PARTICIPANTS_SAVED).get()
    assert event.data == {"added": 4, "changed": 0, "removed": 0}


def test_a_bad_row_is_refused_with_its_error_and_nothing_typed_is_lost(personas, client_for, session):
    client = client_for(personas.focal_point_a)
    rows = [
        {"organisation": personas.org_a.pk, "sex": "female", "role": "focal_point", "pre_score": 40, "post_score": 80},
        {"organisation": personas.org_a.pk, "sex": "male", "role": "", "pre_score": 140, "name": "Moussa Keïta"},
    ]
    response = client.post(_grid(session), grid_data(rows))
    assert response.status_code == 400
    page = response.content.decode()
    assert "1 row needs correcting; nothing was saved." in page
    assert "Ensure this value is less than or equal to 100." in page
    assert "This field is required." in page
    assert "Tick “name may be recorded” to keep a name" in page
    assert 'value="Moussa Keïta"' in page and 'value="140"' in page and 'value="80"' in page
    assert not TrainingParticipant.objects.exists()


def test_a_name_is_never_stored_without_consent(personas, session):
    from pseahub.partners.trainings import ParticipantRow, participants_save

    row = ParticipantRow(
        id=None, entry_key="", organisation=personas.org_a, sex="female", role="focal_point", name_consent=False,
        name="Awa Traoré", language="fr", pre_score=None, post_score=None, completed=True,
    )  # fmt: skip
    participants_save(actor=personas.focal_point_a, session=session, rows=[row])
    assert TrainingParticipant.objects.get().name == ""
    with pytest.raises(IntegrityError), transaction.atomic():
        TrainingParticipant.objects.create(
            session=session, organisation=personas.org_a, sex="male", role="other", name="Sans Accord"
        )


def test_withdrawn_consent_clears_the_name(personas, client_for, session):
    client = client_for(personas.focal_point_a)
    row = {"organisation": personas.org_a.pk, "sex": "female", "role": "focal_point"}
    client.post(_grid(session), grid_data([{**row, "name_consent": True, "name": "Awa Traoré"}]))
    participant = TrainingParticipant.objects.get()
    assert participant.name == "Awa Traoré"
    edited = {**row, "id": participant.pk, "name_consent": False}
    assert client.post(_grid(session), grid_data([edited], initial=1)).status_code == 302
    participant.refresh_from_db()
    assert (participant.name, participant.name_consent) == ("", False)


def test_the_same_grid_posted_twice_adds_its_rows_once(personas, client_for, session):
    client = client_for(personas.focal_point_a)
    data = grid_data([{"organisation": personas.org_a.pk, "sex": "female", "role": "cfm_staff"}])
    assert client.post(_grid(session), data).status_code == 302
    assert client.post(_grid(session), data).status_code == 302
    assert session.participants.count() == 1


def test_more_rows_by_reloading_and_recorded_rows_can_be_removed(personas, client_for, session):
    client = client_for(personas.focal_point_a)
    client.post(_grid(session), grid_data([{"organisation": personas.org_a.pk, "sex": "male", "role": "manager"}]))
    page = client.get(_grid(session) + "?rows=20").content.decode()
    assert 'name="p-20-sex"' in page and 'name="p-21-sex"' not in page  # 1 recorded + 20 blank
    assert "?rows=30" in page
    participant = session.participants.get()
    row = {"id": participant.pk, "organisation": personas.org_a.pk, "sex": "male", "role": "manager", "remove": True}
    assert client.post(_grid(session), grid_data([row], initial=1)).status_code == 302
    assert not session.participants.exists()
