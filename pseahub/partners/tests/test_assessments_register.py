"""The register: current rating, lead agency, agencies that work with the partner, what is overdue, and the share
of partners assessed; the renewal reminders go once."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pseahub.partners import assessments as svc
from pseahub.partners.models import PartnerAssessment
from pseahub.partners.tasks import assessment_renewal_remind

from .assessments_helpers import final, other_agency_fp

pytestmark = pytest.mark.django_db


def test_the_register_and_the_share_assessed(personas, client_for):
    assessment = final(personas)
    other = other_agency_fp()
    gamma = other.role_assignments.get().organisation
    svc.partner_link_add(actor=personas.coordinator, agency=personas.org_b, partner=gamma)  # worked with, not assessed
    svc.action_add(actor=personas.focal_point_b, assessment=assessment, action="Train", due_on=dt.date(2020, 1, 1))
    data = svc.register(personas.coordinator)
    assert (data.assessed, data.total, data.percent) == (1, 2, 50)
    row = next(r for r in data.rows if r.partner == personas.org_a)
    assert row.current == assessment and row.overdue_actions == 1 and not row.expired
    page = client_for(other).get(reverse("partners:assessments")).content.decode()
    assert "50%" in page and "Medium capacity (moderate risk)" in page and "1 action past due" in page
    assert "Not assessed" in page


def test_expired_assessments_do_not_count_and_show(personas, client_for):
    assessment = final(personas)
    PartnerAssessment.objects.filter(pk=assessment.pk).update(valid_until=dt.date(2020, 1, 1))
    data = svc.register(personas.coordinator)
    assert (data.assessed, data.percent) == (0, 0) and data.rows[0].expired
    page = client_for(personas.leadership).get(reverse("partners:assessments") + "?overdue=on").content.decode()
    assert "expired" in page and personas.org_a.name in page


def test_renewal_reminders_go_once_with_a_count_and_a_link(personas, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://hub.example.org"
    assessment = final(personas)
    other = other_agency_fp()
    today = timezone.localdate()
    assert svc.renewal_reminders_send(today=today) == 0  # valid for three years: nothing to renew yet
    PartnerAssessment.objects.filter(pk=assessment.pk).update(valid_until=today + dt.timedelta(days=30))
    with django_capture_on_commit_callbacks(execute=True):
        result = assessment_renewal_remind.enqueue()
    assert result.return_value == {"emails": 3}  # the partner's and lead agency's focal points, the coordinator
    assert sorted(m.to[0] for m in mail.outbox) == ["coordinator@example.org", "fp.a@example.org", "fp.b@example.org"]
    body = mail.outbox[0].body
    assert "https://hub.example.org/partners/assessments/?overdue=on" in body and "1 partner" in body
    assert personas.org_a.name not in body + mail.outbox[0].subject
    with django_capture_on_commit_callbacks(execute=True):
        assert svc.renewal_reminders_send(today=today) == 0  # once
    assert len(mail.outbox) == 3 and other.email not in [m.to[0] for m in mail.outbox]


def test_the_scheduler_finds_the_reminder():
    from pseahub.core.discovery import periodic_tasks

    assert (assessment_renewal_remind, 24 * 60 * 60) in periodic_tasks()
