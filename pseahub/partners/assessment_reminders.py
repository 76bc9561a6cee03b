"""The weekly reminder of overdue capacity-strengthening actions: the open actions of a final partner assessment
past their due date are reminded to the partner's and the lead agency's focal points, one e-mail each with how many
and a link to the register's overdue view, nothing else (never an action's text). An assessment's actions are
reminded at most once in ``REMIND_EVERY``. (Renewals are reminded by ``assessments.renewal_reminders_send``.)
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.notify import count_notices_send, site_url

from .models import ActionStatus, AssessmentState, CapacityAction

REMIND_EVERY = dt.timedelta(days=7)

REMINDER_SUBJECT = _("Overdue capacity-strengthening actions in PSEA Hub")
REMINDER_BODY = _(
    "Capacity-strengthening actions of partner PSEA assessments you follow that are past their due date: "
    "%(count)s.\n\nPlease record where they stand, after signing in:\n%(link)s"
)


def _overdue(today: dt.date) -> Q:
    return Q(status=ActionStatus.OPEN, due_on__lt=today, assessment__state=AssessmentState.FINAL)


@transaction.atomic
def overdue_action_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail the partner's and the lead agency's focal points of each final assessment with overdue actions, one
    of which was not reminded in the last ``REMIND_EVERY``; every overdue action of those assessments is marked
    reminded. Returns how many e-mails were queued."""
    now = now or timezone.now()
    overdue = _overdue(timezone.localdate(now))
    due = set(
        CapacityAction.objects.select_for_update(of=("self",))
        .filter(overdue)
        .filter(Q(reminded_at__isnull=True) | Q(reminded_at__lt=now - REMIND_EVERY))
        .values_list("assessment_id", flat=True)
    )
    if not due:
        return 0
    actions = list(
        CapacityAction.objects.filter(overdue, assessment_id__in=due).values_list(
            "assessment__partner_id", "assessment__lead_agency_id"
        )
    )
    organisations = {org for pair in actions for org in pair}
    people = User.objects.filter(
        is_active=True, role_assignments__role=Role.FOCAL_POINT, role_assignments__organisation_id__in=organisations
    ).distinct()
    link = site_url(reverse("partners:assessments") + "?overdue=on")

    def count_for(user: User) -> int:
        mine = user.organisation_ids(Role.FOCAL_POINT) & organisations
        return sum(1 for partner, lead in actions if partner in mine or lead in mine)

    sent = count_notices_send(
        people=people, count_for=count_for, subject=REMINDER_SUBJECT, body=REMINDER_BODY, link=link
    )
    CapacityAction.objects.filter(overdue, assessment_id__in=due).update(reminded_at=now)
    record(
        actor=None,
        action=Action.CAPACITY_ACTIONS_REMINDED,
        data={"actions": len(actions), "assessments": len(due), "emails": sent},
    )
    return sent
