"""The tracker's filters over the standard record (issue 12): classification (sexual harassment too), entity
type, personnel category, victim type, child, urgent, investigating entity, outcome, action taken, imported. They
travel in the URL, keep the cursor pages and the cached counts right, and add no query per row."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from pseahub.accounts.services import user_private_key_unlock
from pseahub.cases import views
from pseahub.cases.models import Classification, Complaint, Vocabulary
from pseahub.cases.selectors import TrackerFilters, complaint_list
from pseahub.cases.services import PerpetratorInput, SurvivorInput
from pseahub.network.models import OrganisationType
from pseahub.referrals.models import Referral
from pseahub.referrals.services import allegation_refer

from .helpers import file_complaint, term, text

pytestmark = pytest.mark.django_db


def _wanted(personas) -> Complaint:
    """Sexual harassment by a UN agency's national staff member against a girl, urgent, imported, referred and
    investigated by the agency's own unit, substantiated, the staff member dismissed."""
    personas.org_a.type = OrganisationType.UN_AGENCY
    personas.org_a.save()
    complaint = file_complaint(
        survivors=[SurvivorInput(sex="female", age_group=term(Vocabulary.AGE_GROUP, "12-17"))],
        perpetrators=[
            PerpetratorInput(
                organisation=personas.org_a,
                personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "un_civilian_national"),
            )
        ],
        is_urgent=True,
        is_imported=True,
        original_reference="OLD-1",
        classification=Classification.SEXUAL_HARASSMENT,
    )
    referral = allegation_refer(
        actor=personas.coordinator,
        allegation=complaint.allegations.get(),
        summary="Summary without names.",
        share_identity=False,
        actor_private=user_private_key_unlock(user=personas.coordinator, password=personas.password),
    )
    Referral.objects.filter(pk=referral.pk).update(
        investigating_entity="own_unit", action_taken="dismissal", outcome=term(Vocabulary.OUTCOME, "substantiated")
    )
    return complaint


def _other(personas, **fields) -> Complaint:
    """SEA by an international NGO's contractor against a man: none of the wanted values."""
    return file_complaint(
        survivors=[SurvivorInput(sex="male", age_group=term(Vocabulary.AGE_GROUP, "26-40"))],
        perpetrators=[
            PerpetratorInput(
                organisation=personas.org_b, personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "contractor")
            )
        ],
        classification=Classification.SEA,
        **fields,
    )


FILTERS = [
    ("classification", "sexual_harassment"),
    ("entity_type", "un_agency"),
    ("personnel_category", "un_civilian_national"),
    ("victim_type", "girl"),
    ("child", "yes"),
    ("urgent", "yes"),
    ("investigating_entity", "own_unit"),
    ("outcome", "substantiated"),
    ("action_taken", "dismissal"),
    ("imported", "yes"),
]


@pytest.mark.parametrize(("name", "value"), FILTERS, ids=[name for name, _value in FILTERS])
def test_each_filter_in_the_query_string_narrows_the_list(personas, client_for, name, value):
    wanted, other = _wanted(personas), _other(personas)
    page = text(client_for(personas.coordinator).get("/cases/", {name: value}))
    assert wanted.reference in page
    assert other.reference not in page
    assert "1 complaint" in page


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("child", "no"),
        ("urgent", "no"),
        ("imported", "no"),
        ("victim_type", "man"),
        ("entity_type", "implementing_partner"),
    ],
)
def test_the_other_value_selects_the_others(personas, client_for, name, value):
    wanted, other = _wanted(personas), _other(personas)
    page = text(client_for(personas.coordinator).get("/cases/", {name: value}))
    assert other.reference in page
    assert wanted.reference not in page


def test_the_filters_combine(personas):
    wanted = _wanted(personas)
    _other(personas)
    both = TrackerFilters(victim_type="girl", investigating_entity="own_unit", imported=True, urgent=True)
    assert list(complaint_list(actor=personas.coordinator, filters=both)) == [wanted]
    contradicting = TrackerFilters(victim_type="man", investigating_entity="own_unit")
    assert list(complaint_list(actor=personas.coordinator, filters=contradicting)) == []


def test_a_personnel_category_set_at_triage_on_the_allegation_counts(personas):
    complaint = _other(personas)
    complaint.allegations.update(personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "un_volunteer"))
    found = complaint_list(
        actor=personas.coordinator,
        filters=TrackerFilters(personnel_category=term(Vocabulary.PERSONNEL_CATEGORY, "un_volunteer")),
    )
    assert list(found) == [complaint]


def test_an_unknown_value_is_an_error_beside_the_field(personas, client_for):
    _wanted(personas)
    page = text(client_for(personas.coordinator).get("/cases/", {"victim_type": "dragon"}))
    assert "Select a valid choice" in page


def test_the_more_filters_open_when_one_is_in_use(personas, client_for):
    client = client_for(personas.coordinator)
    assert "<details open>" not in client.get("/cases/").content.decode()
    page = client.get("/cases/", {"outcome": "substantiated"}).content.decode()
    assert "<details open>" in page
    assert "Sexual harassment" in page  # a classification to filter by


def test_the_pages_keep_the_filter(personas, client_for, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    girls = [
        file_complaint(survivors=[SurvivorInput(sex="female", age_group=term(Vocabulary.AGE_GROUP, "0-11"))])
        for _n in range(3)
    ]
    man = _other(personas)
    client = client_for(personas.coordinator)
    first = client.get("/cases/", {"victim_type": "girl"}).content.decode()
    assert "3 complaints" in first
    next_link = re.search(r'href="\?([^"]*after=[^"]*)" rel="next"', first)
    assert next_link is not None
    query = next_link.group(1).replace("&amp;", "&")
    assert "victim_type=girl" in query
    second = client.get(f"/cases/?{query}").content.decode()
    seen = {c.reference for c in girls if c.reference in first or c.reference in second}
    assert seen == {c.reference for c in girls}
    assert man.reference not in first + second


def test_the_cached_count_is_per_filter_value(personas, client_for):
    _wanted(personas)
    _other(personas)
    _other(personas)
    client = client_for(personas.coordinator)
    assert "1 complaint" in text(client.get("/cases/", {"victim_type": "girl"}))
    assert "2 complaints" in text(client.get("/cases/", {"victim_type": "man"}))
    assert "1 complaint" in text(client.get("/cases/", {"action_taken": "dismissal"}))
    assert "No complaints." in text(client.get("/cases/", {"action_taken": "repatriation"}))


def _queries(client) -> int:
    query = {name: value for name, value in FILTERS if name not in ("classification",)}
    client.get("/cases/", query)
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/cases/", query)
    assert response.status_code == 200
    return len(captured)


def test_the_filters_add_no_query_per_row(personas, client_for):
    client = client_for(personas.coordinator)
    _wanted(personas)
    few = _queries(client)
    for _n in range(4):
        _wanted(personas)
    _other(personas)
    many = _queries(client)
    assert many == few
    assert "5 complaints" in text(client.get("/cases/", {"victim_type": "girl"}))
