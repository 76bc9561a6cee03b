"""Deadline reminders and escalation, run periodically by the task worker (see tasks.py).

Each run: (1) record the reminders that are due (idempotently, by key); (2) claim and send the unsent ones,
one by one, releasing the claim when it reached nobody (mail server down) so the next run retries. Once it
reached someone it counts as sent, so a refused address never makes the others get it again. E-mails name the
reference and link to the page; nothing else.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.cases.models import Complaint, Status
from pseahub.core.notify import email_deliver, notice_render
from pseahub.network.selectors import network_settings_get
from pseahub.vault.models import GrantKind

from .deadlines import Calendar
from .models import OPEN_STATES, Referral, Reminder, ReminderKind
from .services import _coordinators_of, recipients_for

log = logging.getLogger(__name__)

DUE_SOON = dt.timedelta(hours=12)
CLAIM_TIMEOUT = dt.timedelta(minutes=10)
MAX_ATTEMPTS = 10

SUBJECTS = {
    ReminderKind.DUE_SOON: _("Referral %(reference)s is due soon"),
    ReminderKind.OVERDUE: _("Referral %(reference)s is overdue"),
    ReminderKind.ESCALATION: _("Overdue referral %(reference)s needs your follow-up"),
    ReminderKind.REFER_OVERDUE: _("Complaint %(reference)s is not referred yet"),
}


def _remember(*, key: str, complaint: Complaint, referral: Referral | None, kind: str, due_at: dt.datetime) -> bool:
    try:
        with transaction.atomic():
            Reminder.objects.create(key=key, complaint=complaint, referral=referral, kind=kind, due_at=due_at)
    except IntegrityError:
        return False
    return True


def reminders_collect(*, now: dt.datetime) -> int:
    """Record every reminder that is due now; returns how many are new."""
    settings = network_settings_get()
    calendar = Calendar.of(settings)
    new = 0
    # A closed complaint's referrals are no longer chased, whatever state they were left in.
    referrals = Referral.objects.filter(
        state__in=OPEN_STATES, due_at__isnull=False, due_at__lte=now + DUE_SOON
    ).exclude(complaint__status=Status.CLOSED)
    for referral in referrals.select_related("complaint"):
        due_at = referral.due_at
        if due_at is None:  # excluded by the query; keeps the type checker honest
            continue
        stamp = due_at.isoformat()
        kinds = [ReminderKind.OVERDUE if due_at <= now else ReminderKind.DUE_SOON]
        if calendar.add_working_days(due_at, 1) <= now:
            kinds.append(ReminderKind.ESCALATION)
        for kind in kinds:
            new += _remember(
                key=f"referral:{referral.pk}:{kind}:{stamp}",
                complaint=referral.complaint,
                referral=referral,
                kind=kind,
                due_at=due_at,
            )
    cutoff = now - dt.timedelta(hours=settings.sla_refer_hours)
    late = Complaint.objects.filter(
        status__in=(Status.NEW, Status.TRIAGED), received_at__lte=cutoff, classification__in=("unclassified", "sea")
    )
    for complaint in late:
        due_at = complaint.received_at + dt.timedelta(hours=settings.sla_refer_hours)
        new += _remember(
            key=f"complaint:{complaint.pk}:{ReminderKind.REFER_OVERDUE}",
            complaint=complaint,
            referral=None,
            kind=ReminderKind.REFER_OVERDUE,
            due_at=due_at,
        )
    return new


def _audience(reminder: Reminder) -> list[User]:
    if reminder.referral is not None and reminder.kind in (ReminderKind.DUE_SOON, ReminderKind.OVERDUE):
        referral = reminder.referral
        return recipients_for(kind=referral.kind, organisation=referral.organisation, complaint=referral.complaint)
    if reminder.referral is not None:
        return _coordinators_of(reminder.complaint)
    return list(
        User.objects.filter(
            key_grants__keyring=reminder.complaint.keyring_id, key_grants__kind=GrantKind.USER, is_active=True
        ).distinct()
    )


def _path(reminder: Reminder) -> str:
    if reminder.referral is not None and reminder.kind != ReminderKind.ESCALATION:
        return f"/referrals/{reminder.referral.public_id}/"
    return f"/cases/{reminder.complaint.public_id}/"


def _is_stale(reminder: Reminder) -> bool:
    if reminder.referral is not None:
        return reminder.referral.state not in OPEN_STATES or reminder.referral.due_at != reminder.due_at
    return reminder.complaint.status not in (Status.NEW, Status.TRIAGED)


def reminders_send(*, now: dt.datetime) -> int:
    """Send every unsent reminder once. Returns how many were sent."""
    sent = 0
    stale = now - CLAIM_TIMEOUT
    pending = Reminder.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS).filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale)
    )
    for reminder_id in pending.values_list("pk", flat=True):
        # Claim with a conditional update: if another worker got there first, this matches no row.
        claimed = (
            Reminder.objects.filter(pk=reminder_id, sent_at__isnull=True)
            .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
            .update(claimed_at=now)
        )
        if claimed != 1:
            continue
        reminder = Reminder.objects.select_related("complaint", "referral__organisation").get(pk=reminder_id)
        # Skip reminders whose deadline moved on (acknowledged, closed; complaint referred) since they were recorded.
        if _is_stale(reminder):
            Reminder.objects.filter(pk=reminder_id).update(sent_at=now)
            continue
        audience = _audience(reminder)
        delivered = 0
        for user in audience:
            subject, body = notice_render(
                subject=SUBJECTS[ReminderKind(reminder.kind)],
                reference=reminder.complaint.reference,
                path=_path(reminder),
                language=user.language,
            )
            try:
                email_deliver(to=user.email, subject=subject, body=body)
            except Exception:  # one refused address must not stop (or, on retry, repeat) the others' reminder
                log.exception("reminder %s: sending to user %s failed", reminder_id, user.pk)
            else:
                delivered += 1
        if audience and not delivered:  # nothing went out (mail server down): release the claim, the next run retries
            Reminder.objects.filter(pk=reminder_id).update(claimed_at=None, attempts=reminder.attempts + 1)
            continue
        Reminder.objects.filter(pk=reminder_id).update(sent_at=timezone.now(), attempts=reminder.attempts + 1)
        record(
            actor=None,
            action=Action.REMINDER_SENT,
            target=reminder.complaint,
            data={"kind": reminder.kind, "referral": str(reminder.referral.public_id) if reminder.referral else None},
        )
        sent += 1
    return sent


def deadlines_process(*, now: dt.datetime | None = None) -> tuple[int, int]:
    """One periodic run: collect due reminders, then send them."""
    now = now or timezone.now()
    return reminders_collect(now=now), reminders_send(now=now)
