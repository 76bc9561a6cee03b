"""Coverage: focal points and CFM staff who completed a session, per organisation and area, counts only (no names),
and refreshers due when the last training on a topic is older than the network's period (24 months by default)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from pseahub.partners.models import TrainingTopic
from pseahub.partners.trainings import coverage

from .trainings_helpers import add_participant, make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def trained(personas):
    old = make_session(personas.coordinator, personas.org_a, held_on=dt.date(2024, 1, 15), area="ML07")
    recent = make_session(
        personas.coordinator, personas.org_a, topic=TrainingTopic.CFM_STAFF, held_on=dt.date(2026, 5, 2)
    )
    add_participant(personas.coordinator, old, personas.org_a, role="focal_point", name_consent=True, name="Awa")
    add_participant(personas.coordinator, recent, personas.org_a, role="cfm_staff", sex="male")
    add_participant(personas.coordinator, recent, personas.org_b, role="cfm_staff", sex="female")
    add_participant(personas.coordinator, recent, personas.org_b, role="manager")  # not counted
    add_participant(personas.coordinator, recent, personas.org_b, role="focal_point", completed=False)  # not counted
    return old, recent


def test_counts_per_organisation_and_area(personas, trained):
    data = coverage(today=dt.date(2026, 6, 1))
    by_org = {row.label: (row.focal_points, row.cfm_staff) for row in data.by_organisation}
    assert by_org == {"ALPHA": (1, 1), "BETA": (0, 1)}
    by_area = {row.label: (row.focal_points, row.cfm_staff) for row in data.by_area}
    assert by_area == {"Gao": (1, 0), "Mopti": (0, 2)}


def test_a_refresher_is_due_after_24_months(personas, trained):
    data = coverage(today=dt.date(2026, 6, 1))
    due = {(row.organisation, row.topic): (row.due, row.due_on) for row in data.refreshers}
    assert due[("ALPHA", "PSEA basics")] == (True, dt.date(2026, 1, 15))
    assert due[("ALPHA", "PSEA for CFM staff")] == (False, dt.date(2028, 5, 2))
    assert data.months == 24
    assert not coverage(today=dt.date(2026, 1, 15)).refreshers[0].due  # exactly 24 months: not yet


def test_the_period_is_the_networks_choice(personas, trained, settings):
    settings.PARTNERS_TRAINING_REFRESHER_MONTHS = 36
    data = coverage(today=dt.date(2026, 6, 1))
    assert not any(row.due for row in data.refreshers) and data.months == 36


def test_the_page_shows_charts_tables_and_the_rule_but_no_names(personas, client_for, trained):
    page = client_for(personas.coordinator).get(reverse("partners:training_coverage")).content.decode()
    assert page.count("<svg") >= 2
    assert 'id="coverage-organisation"' in page and 'id="coverage-area"' in page and 'id="refreshers"' in page
    assert "older than 24 months" in page
    assert "due now" in page
    assert "Awa" not in page


def test_the_editors_choose_the_period_on_the_coverage_page(personas, client_for, trained):
    from pseahub.audit.actions import Action
    from pseahub.audit.models import AuditEvent

    url = reverse("partners:training_refresher")
    client = client_for(personas.co_chair)
    assert (
        'action="/partners/trainings/coverage/refresher/"'
        in client.get(reverse("partners:training_coverage")).content.decode()
    )
    response = client.post(url, {"months": "0"})
    assert response.status_code == 400 and "greater than or equal to 1" in response.content.decode()
    assert client.post(url, {"months": "36"})["Location"] == reverse("partners:training_coverage")
    assert coverage(today=dt.date(2026, 6, 1)).months == 36
    assert "older than 36 months" in client.get(reverse("partners:training_coverage")).content.decode()
    assert AuditEvent.objects.get(action=Action.TRAINING_REFRESHER_SET).data == {"from": None, "months": 36}


def test_readers_do_not_see_the_form_nor_may_post_it(personas, client_for, trained):
    url = reverse("partners:training_refresher")
    page = client_for(personas.leadership).get(reverse("partners:training_coverage")).content.decode()
    assert "coverage/refresher/" not in page
    for persona in ("leadership", "focal_point_a", "provider"):
        assert client_for(getattr(personas, persona)).post(url, {"months": "12"}).status_code == 403
    assert client_for(personas.coordinator).get(url).status_code == 405
    assert coverage().months == 24
