"""Retiring a term takes it out of the choice lists for new records (intake, triage, tracker filters) and leaves
it on the records that have it, readable on their case page; reactivating brings it back. Both are audited."""

from __future__ import annotations

import pytest

from pseahub.audit.models import Action
from pseahub.cases.forms import SurvivorForm
from pseahub.cases.models import Survivor
from pseahub.cases.selectors import terms_active
from pseahub.intake.forms import ReportForm
from pseahub.referrals.tests.helpers import sign_in

from .helpers import events, file_complaint, term, text

URL = "/cases/vocabularies/age_group/61+/"


def _codes(field) -> list[str]:
    return [value for value, _label in field.choices]


@pytest.mark.django_db
def test_a_retired_term_leaves_the_lists_for_new_records(personas, client_for):
    response = client_for(personas.coordinator).post(URL, {"action": "retire"})

    assert response.status_code == 302
    assert response["Location"] == URL
    assert term("age_group", "61+").is_active is False
    assert "61+" not in [t.code for t in terms_active("age_group")]
    assert "61+" not in _codes(ReportForm().fields["survivor_age_group"])
    assert "61+" not in _codes(SurvivorForm(prefix="s1").fields["age_group"])
    assert "12-17" in _codes(ReportForm().fields["survivor_age_group"])
    [event] = events(Action.TERM_RETIRED)
    assert event.actor == personas.coordinator
    assert event.data == {"vocabulary": "age_group", "code": "61+"}


@pytest.mark.django_db
def test_a_record_that_has_a_retired_term_keeps_it_and_shows_it(personas, client_for):
    elder = term("age_group", "61+")
    complaint = file_complaint(survivor_age_group=elder)
    client_for(personas.coordinator).post(URL, {"action": "retire"})

    survivor = Survivor.objects.get(complaint=complaint)
    assert survivor.age_group == elder
    client = sign_in(personas.coordinator)
    page = text(client.get(f"/cases/{complaint.public_id}/"))
    # The open complaint's survivor form still has it chosen, so saving the form keeps it.
    assert f'<option value="61+" selected>{elder.labels["en"]}</option>' in page
    response = client.post(
        f"/cases/{complaint.public_id}/survivors/{survivor.pk}/",
        {f"s{survivor.pk}-sex": "female", f"s{survivor.pk}-age_group": "61+", f"s{survivor.pk}-disability": "no"},
    )
    assert response.status_code == 302
    survivor.refresh_from_db()
    assert (survivor.sex, survivor.age_group) == ("female", elder)


@pytest.mark.django_db
def test_a_new_record_cannot_be_given_a_retired_term(personas, client_for):
    client_for(personas.coordinator).post(URL, {"action": "retire"})

    form = SurvivorForm({"s1-sex": "female", "s1-age_group": "61+", "s1-disability": "no"}, prefix="s1")

    assert not form.is_valid()
    assert "age_group" in form.errors


@pytest.mark.django_db
def test_the_term_pages_show_it_retired_and_it_can_be_reactivated(personas, client_for):
    client = client_for(personas.coordinator)
    client.post(URL, {"action": "retire"})

    page = text(client.get(URL))
    assert "The term is retired: it is no longer offered for new records." in page
    assert "retired" in text(client.get("/cases/vocabularies/age_group/"))
    assert 'value="reactivate"' in page and 'value="retire"' not in page

    assert client.post(URL, {"action": "reactivate"}).status_code == 302
    assert term("age_group", "61+").is_active is True
    assert "61+" in [t.code for t in terms_active("age_group")]
    assert len(events(Action.TERM_REACTIVATED)) == 1


@pytest.mark.django_db
def test_retiring_twice_records_once(personas, client_for):
    client = client_for(personas.coordinator)

    client.post(URL, {"action": "retire"})
    client.post(URL, {"action": "retire"})

    assert len(events(Action.TERM_RETIRED)) == 1
