"""Stakeholders and funding: a stakeholder with an account is linked, not copied; adding the same form twice adds
once; bad input is a form error (400); a report due links the insights donor report by its page; submitting a
report records the day; the audit holds ids and codes only."""

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.audit.models import Action, AuditEvent
from pseahub.partners.models import Donor, DonorReport, FundingSource, Stakeholder
from pseahub.partners.tests.outreach_world import outreach_world

pytestmark = pytest.mark.django_db


def test_a_stakeholder_with_an_account_points_to_it(personas, client_for):
    client = client_for(personas.coordinator)
    url = reverse("partners:stakeholder_new")
    data = {"submission": str(uuid.uuid4()), "kind": "donor", "organisation": personas.org_b.pk,
            "user": personas.donor.pk, "role": "Chargée de programme"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the same form again adds nothing
    stakeholder = Stakeholder.objects.get()
    assert stakeholder.user == personas.donor and stakeholder.name == "" and stakeholder.email == ""
    page = client.get(reverse("partners:stakeholders")).content.decode()
    assert personas.donor.email in page and "Beta Aid" in page
    event = AuditEvent.objects.get(action=Action.STAKEHOLDER_CREATED)
    assert event.data == {"kind": "donor", "organisation": str(personas.org_b.public_id),
                          "user": str(personas.donor.public_id)}  # fmt: skip

    copied = {**data, "submission": str(uuid.uuid4()), "name": "Copie", "email": "copie@example.org"}
    assert client.post(url, copied).status_code == 400  # name and e-mail come from the account
    nothing = {"submission": str(uuid.uuid4()), "kind": "cluster"}
    response = client.post(url, nothing)
    assert response.status_code == 400 and Stakeholder.objects.count() == 1


def test_a_report_due_links_the_insights_report_and_records_submission(personas, client_for):
    world = outreach_world()
    client = client_for(personas.coordinator)
    report_id = uuid.uuid4()
    DonorReport.objects.filter(pk=world.report.pk).update(insights_report=report_id)
    page = client.get(reverse("partners:funding")).content.decode()
    assert reverse("insights:report", args=[report_id]) in page

    url = reverse("partners:donor_report_edit", args=[world.report.public_id])
    form = client.get(url).content.decode()
    assert str(report_id) in form  # kept when it is not among the made insights reports
    data = {"donor": world.donor.pk, "funding": world.funding.pk, "period_start": world.report.period_start,
            "period_end": world.report.period_end, "due_on": world.report.due_on, "status": "submitted",
            "insights_report": str(report_id)}  # fmt: skip
    assert client.post(url, data).status_code == 302
    world.report.refresh_from_db()
    assert world.report.submitted_on == timezone.localdate()
    event = AuditEvent.objects.get(action=Action.DONOR_REPORT_UPDATED)
    assert event.data["fields"] == ["status"] and event.data["new"] == {"status": "submitted"}


def test_bad_funding_input_is_a_form_error(personas, client_for):
    world = outreach_world()
    client = client_for(personas.coordinator)
    today = timezone.localdate()
    bad_period = {"donor": world.donor.pk, "title": "X", "amount": "10", "currency": "EUR",
                  "start": today.isoformat(), "end": (today - dt.timedelta(days=1)).isoformat()}  # fmt: skip
    assert client.post(reverse("partners:funding_new"), bad_period).status_code == 400
    other = {"name": "Autre bailleur"}
    client.post(reverse("partners:donor_new"), other)
    client.post(reverse("partners:donor_new"), other)  # the same donor once
    assert Donor.objects.filter(name="Autre bailleur").count() == 1
    another = Donor.objects.get(name="Autre bailleur")
    wrong_funding = {"donor": another.pk, "funding": world.funding.pk, "period_start": today.isoformat(),
                     "period_end": today.isoformat(), "due_on": today.isoformat(), "status": "due"}  # fmt: skip
    assert client.post(reverse("partners:donor_report_new"), wrong_funding).status_code == 400
    assert FundingSource.objects.count() == 1 and DonorReport.objects.count() == 1
    proposal = {"submission": str(uuid.uuid4()), "title": "P", "donor": world.donor.pk, "amount_requested": "abc",
                "currency": "EUR", "deadline": today.isoformat(), "status": "drafting"}  # fmt: skip
    assert client.post(reverse("partners:proposal_new"), proposal).status_code == 400


def test_editing_a_contact_audits_field_names_only(personas, client_for):
    world = outreach_world()
    client = client_for(personas.co_chair)
    url = reverse("partners:stakeholder_edit", args=[world.stakeholder.public_id])
    data = {"kind": "government", "organisation_name": "Cluster Protection", "name": "Awa Diallo-Keïta",
            "role": "Conseillère", "email": "awa.dk@example.org", "phone": "+223 76 11 22 33"}  # fmt: skip
    assert client.post(url, data).status_code == 302
    event = AuditEvent.objects.get(action=Action.STAKEHOLDER_UPDATED)
    assert set(event.data["fields"]) == {"kind", "name", "role", "email", "phone"}
    assert event.data["new"] == {"kind": "government"}
    assert "Keïta" not in str(event.data) and "example.org" not in str(event.data) and "76 11" not in str(event.data)
    page = client.get(reverse("partners:stakeholders"), {"kind": "government"}).content.decode()
    assert "Awa Diallo-Keïta" in page and 'href="mailto:awa.dk@example.org"' in page
    assert "Awa Diallo-Keïta" not in client.get(reverse("partners:stakeholders"), {"kind": "donor"}).content.decode()
