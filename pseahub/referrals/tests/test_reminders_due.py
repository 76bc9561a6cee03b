"""Deadline reminders, run as the periodic task does: the focal point (or provider) hears when a deadline is near
and when it has passed, the coordinators one working day later, and the coordinators when a complaint is not
referred within 24 hours. Each e-mail names the reference and links to the page; each is audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import Action
from pseahub.cases.models import Classification
from pseahub.cases.services import complaint_triage
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import Reminder, ReminderKind
from pseahub.referrals.reminders import deadlines_process
from pseahub.referrals.services import referral_acknowledge

from .helpers import events_on, network, refer, refer_assistance, sea_complaint, submit

UTC = dt.UTC


def at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text).replace(tzinfo=UTC)


def run_at(moment: dt.datetime) -> tuple[int, int]:
    with time_machine.travel(moment, tick=False):
        return deadlines_process()


@pytest.fixture
def mali(db):
    return network(timezone="Africa/Bamako", weekend_days=[6, 7], holidays=[], sla_refer_hours=24)


def _referred(personas, when: str, **kwargs):
    with time_machine.travel(at(when), tick=False):
        complaint = sea_complaint(personas, **kwargs)
        return complaint, refer(personas, complaint)


@pytest.mark.django_db
def test_it_reminds_the_focal_point_before_and_after_the_deadline(personas, mali, mailoutbox):
    complaint, referral = _referred(personas, "2026-01-16T10:00")  # Friday: due Tuesday 20 at 10:00
    link = f"http://127.0.0.1:8000/referrals/{referral.public_id}/"

    assert run_at(at("2026-01-19T21:00")) == (0, 0)  # Monday evening: 13 hours to go
    assert mailoutbox == []

    assert run_at(at("2026-01-19T23:00")) == (1, 1)  # 11 hours to go
    (due_soon,) = mailoutbox
    assert due_soon.to == [personas.focal_point_a.email]
    assert due_soon.subject == f"[PSEA Hub] Referral {complaint.reference} is due soon"
    assert link in due_soon.body

    assert run_at(at("2026-01-20T10:01")) == (1, 1)
    overdue = mailoutbox[1]
    assert overdue.to == [personas.focal_point_a.email]
    assert overdue.subject == f"[PSEA Hub] Referral {complaint.reference} is overdue"
    assert link in overdue.body
    assert [e.data for e in events_on(complaint, Action.REMINDER_SENT)] == [
        {"kind": "due_soon", "referral": str(referral.public_id)},
        {"kind": "overdue", "referral": str(referral.public_id)},
    ]
    assert all(e.actor is None for e in events_on(complaint, Action.REMINDER_SENT))


@pytest.mark.django_db
def test_it_escalates_to_the_coordinators_one_working_day_after_the_deadline(personas, mali, mailoutbox):
    complaint, referral = _referred(personas, "2026-01-14T10:00")  # Wednesday: due Friday 16 at 10:00

    run_at(at("2026-01-16T10:30"))
    assert [m.to for m in mailoutbox] == [[personas.focal_point_a.email]]  # overdue, to the focal point

    assert run_at(at("2026-01-17T11:00")) == (0, 0)  # Saturday: not a working day, no escalation yet
    assert run_at(at("2026-01-19T09:59")) == (0, 0)  # Monday, before the working day has passed

    assert run_at(at("2026-01-19T10:00")) == (1, 1)
    escalation = mailoutbox[-1]
    assert escalation.to == [personas.coordinator.email]
    assert escalation.subject == f"[PSEA Hub] Overdue referral {complaint.reference} needs your follow-up"
    assert f"http://127.0.0.1:8000/cases/{complaint.public_id}/" in escalation.body
    assert Reminder.objects.filter(referral=referral, kind=ReminderKind.ESCALATION, sent_at__isnull=False).count() == 1
    assert events_on(complaint, Action.REMINDER_SENT)[-1].data == {
        "kind": "escalation",
        "referral": str(referral.public_id),
    }


@pytest.mark.django_db
def test_a_late_first_run_sends_overdue_and_escalation_together(personas, mali, mailoutbox):
    complaint, _referral = _referred(personas, "2026-01-14T10:00")

    assert run_at(at("2026-01-21T12:00")) == (2, 2)

    assert sorted((m.to[0], m.subject) for m in mailoutbox) == [
        (personas.coordinator.email, f"[PSEA Hub] Overdue referral {complaint.reference} needs your follow-up"),
        (personas.focal_point_a.email, f"[PSEA Hub] Referral {complaint.reference} is overdue"),
    ]


@pytest.mark.django_db
def test_it_reminds_the_provider_of_an_assistance_referral(personas, mali, mailoutbox):
    service = ServiceFactory(provider=personas.org_a)
    with time_machine.travel(at("2026-01-16T10:00"), tick=False):
        complaint = sea_complaint(personas, consents=("services",))
        referral = refer_assistance(personas, complaint, service)
        refer(personas, complaint)  # so the complaint itself is not "not referred"

    run_at(at("2026-01-17T10:30"))  # 24 clock hours, Saturday or not

    overdue = [m for m in mailoutbox if "is overdue" in m.subject]
    assert [m.to for m in overdue] == [[personas.provider.email]]
    assert f"/referrals/{referral.public_id}/" in overdue[0].body


@pytest.mark.django_db
def test_it_tells_the_coordinators_when_a_complaint_is_not_referred_in_24_hours(personas, mali, mailoutbox):
    other_coordinator = UserFactory(email="coordinator2@example.org")
    role_grant(actor=None, user=other_coordinator, role=Role.COORDINATOR)
    with time_machine.travel(at("2026-01-19T10:00"), tick=False):
        complaint = submit(narrative="Nobody referred this.").complaint

    assert run_at(at("2026-01-20T09:59")) == (0, 0)
    assert run_at(at("2026-01-20T10:00")) == (1, 1)

    assert sorted(m.to[0] for m in mailoutbox) == sorted([personas.coordinator.email, other_coordinator.email])
    assert {m.subject for m in mailoutbox} == {f"[PSEA Hub] Complaint {complaint.reference} is not referred yet"}
    assert all(f"/cases/{complaint.public_id}/" in m.body for m in mailoutbox)
    (event,) = events_on(complaint, Action.REMINDER_SENT)
    assert event.data == {"kind": "refer_overdue", "referral": None}


@pytest.mark.django_db
def test_it_does_not_chase_complaints_referred_in_time_or_not_about_sea(personas, mali, mailoutbox):
    with time_machine.travel(at("2026-01-19T10:00"), tick=False):
        referred = sea_complaint(personas)
        refer(personas, referred)
        feedback = submit(narrative="The water point is broken.").complaint
        complaint_triage(
            actor=personas.coordinator,
            complaint=feedback,
            classification=Classification.PROGRAMME_FEEDBACK,
            complainant_type="anonymous",
            is_urgent=False,
            involves_child=False,
        )

    run_at(at("2026-01-20T12:00"))

    assert mailoutbox == []
    assert not Reminder.objects.filter(kind=ReminderKind.REFER_OVERDUE).exists()


@pytest.mark.django_db
def test_the_first_progress_deadline_is_chased_too(personas, mali, mailoutbox):
    complaint, referral = _referred(personas, "2026-01-16T10:00")
    with time_machine.travel(at("2026-01-19T09:00"), tick=False):
        referral_acknowledge(actor=personas.focal_point_a, referral=referral)

    run_at(at("2026-02-18T09:30"))  # 30 days after acknowledgement

    assert [(m.to, m.subject) for m in mailoutbox] == [
        ([personas.focal_point_a.email], f"[PSEA Hub] Referral {complaint.reference} is overdue")
    ]


@pytest.mark.django_db
def test_a_deactivated_coordinator_hears_nothing(personas, mali, mailoutbox):
    former = UserFactory(email="former.coordinator@example.org")
    role_grant(actor=None, user=former, role=Role.COORDINATOR)
    complaint, _referral = _referred(personas, "2026-01-14T10:00")
    with time_machine.travel(at("2026-01-15T10:00"), tick=False):
        later = submit(narrative="Not referred.").complaint
    former.is_active = False
    former.save(update_fields=["is_active"])

    run_at(at("2026-01-19T12:00"))  # escalation of the referral, "not referred" of the later complaint

    assert {m.subject for m in mailoutbox if m.to == [personas.coordinator.email]} == {
        f"[PSEA Hub] Overdue referral {complaint.reference} needs your follow-up",
        f"[PSEA Hub] Complaint {later.reference} is not referred yet",
    }
    assert all(m.to != [former.email] for m in mailoutbox)
