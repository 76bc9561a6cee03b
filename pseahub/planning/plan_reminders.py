"""The weekly reminder of overdue activities of the action plan in force: the lead organisation's focal points get
one e-mail with how many of the activities their organisation leads are past their due date and a link to the
plan, nothing else (never an activity's title). An organisation is reminded at most once in ``REMIND_EVERY``.

Only endorsed plans count: a draft or submitted version is still being changed, a superseded one is history.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.notify import count_notices_send, site_url

from .meetings import REMIND_EVERY
from .models import PlanActivity, PlanStatus
from .plans import CLOSED

REMINDER_SUBJECT = _("Overdue action plan activities in PSEA Hub")
REMINDER_BODY = _(
    "Activities of the network's action plan that your organisation leads and that are past their due date: "
    "%(count)s.\n\nPlease report where they stand, after signing in:\n%(link)s"
)


def _overdue(today: dt.date) -> Q:
    return Q(output__outcome__plan__status=PlanStatus.ENDORSED, due_on__lt=today) & ~Q(status__in=CLOSED)


@transaction.atomic
def overdue_activity_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail the focal points of each active organisation leading overdue activities of a plan in force, when
    one of them was not reminded in the last ``REMIND_EVERY``; every overdue activity of those organisations is
    marked reminded (one weekly rhythm per organisation). Returns how many e-mails were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    overdue = _overdue(today)
    due = list(
        PlanActivity.objects.select_for_update(of=("self",))
        .filter(overdue, lead__is_active=True)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_EVERY))
        .values_list("pk", "lead_id")
    )
    if not due:
        return 0
    organisations = {lead_id for _pk, lead_id in due}
    counts = Counter(PlanActivity.objects.filter(overdue, lead_id__in=organisations).values_list("lead_id", flat=True))
    plans = set(
        PlanActivity.objects.filter(overdue, lead_id__in=organisations).values_list(
            "output__outcome__plan__public_id", flat=True
        )
    )
    link = site_url(reverse("planning:plan", args=[plans.pop()]) if len(plans) == 1 else reverse("planning:plans"))
    people = User.objects.filter(
        is_active=True, role_assignments__role=Role.FOCAL_POINT, role_assignments__organisation_id__in=organisations
    ).distinct()
    sent = count_notices_send(
        people=people,
        count_for=lambda user: sum(counts[pk] for pk in user.organisation_ids(Role.FOCAL_POINT) & organisations),
        subject=REMINDER_SUBJECT,
        body=REMINDER_BODY,
        link=link,
    )
    PlanActivity.objects.filter(overdue, lead_id__in=organisations).update(reminded_at=now)
    record(
        actor=None,
        action=Action.PLAN_ACTIVITIES_REMINDED,
        data={"activities": sum(counts.values()), "organisations": len(organisations), "emails": sent},
    )
    return sent
