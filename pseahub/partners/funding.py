"""Stakeholders and donors (issue 16 item 10): the network's work contacts, donors, funding, proposals and the
reports it owes donors, with the reminder of report deadlines.

The coordinator and the co-chairs keep them; leadership reads them (``FUNDING_READERS``); focal points do not see
them (contacts and money are the coordination's business). A stakeholder is a work contact, not an account: when
the person has an account here, ``user`` points to it and nothing of it is copied.

A donor report due may name the insights app's donor report made for it (``insights_report``, its public id):
partners sits beside insights in the layers and imports nothing of it; the page links the report by URL name
(``insights:report``), and the form offers the insights donor reports read through the app registry.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.notify import count_notices_send, site_url

from .access import PARTNERS_EDITORS, edits_partners
from .campaigns import editor_check, fields_apply
from .models import Donor, DonorReport, DonorReportStatus, FundingSource, Proposal, ProposalStatus, Stakeholder

#: Read stakeholders and funding: the editors and leadership.
FUNDING_READERS = (*PARTNERS_EDITORS, Role.LEADERSHIP)

STAKEHOLDER_FIELDS = ("kind", "organisation", "organisation_name", "user", "name", "role", "email", "phone", "notes")
FUNDING_FIELDS = ("donor", "title", "amount", "currency", "start", "end")
PROPOSAL_FIELDS = ("title", "donor", "amount_requested", "currency", "deadline", "status")
DONOR_REPORT_FIELDS = ("donor", "funding", "period_start", "period_end", "due_on", "status", "submitted_on",
                       "insights_report")  # fmt: skip
_TEXT = {"organisation_name", "name", "role", "email", "phone", "notes", "title"}

#: A report due is reminded once when its due date comes within this, and once more when it is overdue.
REMIND_BEFORE = dt.timedelta(days=14)

REMINDER_SUBJECT = gettext_lazy("Donor reports due in PSEA Hub")
REMINDER_BODY = gettext_lazy(
    "Reports the network owes donors that are due within two weeks or overdue: %(count)s.\n\n"
    "See them after signing in:\n%(link)s"
)


def reads_funding(user: Any) -> bool:
    return bool(user.is_authenticated and any(user.has_role(role) for role in FUNDING_READERS))


def _today() -> dt.date:
    return timezone.localdate()


# --- reads -------------------------------------------------------------------------------------------------------


def stakeholder_list(user: User, *, kind: str = "") -> QuerySet[Stakeholder]:
    if not reads_funding(user):
        return Stakeholder.objects.none()
    stakeholders = Stakeholder.objects.select_related("organisation", "user")
    return stakeholders.filter(kind=kind) if kind else stakeholders


def stakeholder_get_for(user: User, public_id: uuid.UUID) -> Stakeholder:
    stakeholder = stakeholder_list(user).filter(public_id=public_id).first()
    if stakeholder is None:
        raise Http404
    return stakeholder


def _get(user: User, model: Any, public_id: uuid.UUID) -> Any:
    item = model.objects.filter(public_id=public_id).first() if reads_funding(user) else None
    if item is None:
        raise Http404
    return item


def funding_get_for(user: User, public_id: uuid.UUID) -> FundingSource:
    return _get(user, FundingSource, public_id)  # type: ignore[no-any-return]


def proposal_get_for(user: User, public_id: uuid.UUID) -> Proposal:
    return _get(user, Proposal, public_id)  # type: ignore[no-any-return]


def donor_report_get_for(user: User, public_id: uuid.UUID) -> DonorReport:
    return _get(user, DonorReport, public_id)  # type: ignore[no-any-return]


def report_is_overdue(report: DonorReport, today: dt.date | None = None) -> bool:
    return report.status == DonorReportStatus.DUE and report.due_on < (today or _today())


def insights_report_url(public_id: uuid.UUID | None) -> str:
    """The insights report page of the donor report attached (by URL name: insights is not imported)."""
    if public_id is None:
        return ""
    try:
        return reverse("insights:report", args=[public_id])
    except NoReverseMatch:  # the insights app is not installed
        return ""


def insights_donor_report_choices() -> list[tuple[str, str]]:
    """The insights app's donor reports that are made, newest first, for the form (through the app registry)."""
    try:
        report_model = apps.get_model("insights", "Report")
    except LookupError:
        return []
    reports = report_model.objects.filter(kind="donor", state="done").order_by("-created_at")[:50]
    return [(str(r.public_id), f"{r.start.isoformat()} – {r.end.isoformat()} ({r.language})") for r in reports]  # noqa: RUF001


@dataclass
class FundingOverview:
    donors: list[Donor]
    funding: list[FundingSource]
    proposals: list[Proposal]
    reports: list[DonorReport]
    totals: dict[str, Decimal]  # funding per currency
    overdue: int


def funding_overview(user: User, *, today: dt.date | None = None) -> FundingOverview:
    """What the funding page shows: donors, funding (with totals per currency), proposals (open ones first by
    deadline), and reports due (each with whether it is overdue and the insights report's link)."""
    if not reads_funding(user):
        raise Http404
    today = today or _today()
    funding = list(FundingSource.objects.select_related("donor"))
    totals: dict[str, Decimal] = {}
    for item in funding:
        totals[item.currency] = totals.get(item.currency, Decimal(0)) + item.amount
    reports = list(DonorReport.objects.select_related("donor", "funding"))
    for report in reports:
        report.is_overdue = report_is_overdue(report, today)  # type: ignore[attr-defined]
        report.insights_url = insights_report_url(report.insights_report)  # type: ignore[attr-defined]
    reports.sort(key=lambda r: (r.status != DonorReportStatus.DUE, r.due_on))
    proposals = sorted(
        Proposal.objects.select_related("donor"),
        key=lambda p: (p.status not in (ProposalStatus.DRAFTING, ProposalStatus.SUBMITTED), p.deadline),
    )
    return FundingOverview(
        donors=list(Donor.objects.all()),
        funding=funding,
        proposals=proposals,
        reports=reports,
        totals=dict(sorted(totals.items())),
        overdue=sum(1 for report in reports if report_is_overdue(report, today)),
    )


# --- writes ------------------------------------------------------------------------------------------------------


def _existing(model: Any, submission: uuid.UUID | None) -> Any:
    return model.objects.filter(public_id=submission).first() if submission is not None else None


def _stakeholder_check(item: Stakeholder) -> None:
    errors: dict[str, str] = {}
    if item.organisation_id is None and not item.organisation_name:
        errors["organisation_name"] = _("Choose a network organisation or give the organisation's name.")
    if item.user_id is None and not item.name:
        errors["name"] = _("Give the person's name, or choose their user account.")
    if item.user_id is not None and (item.name or item.email):
        errors["user"] = _("The account gives the name and e-mail: leave those empty.")
    if errors:
        raise ValidationError(errors)


def _create(actor: User | None, model: Any, data: Mapping[str, Any], names: tuple[str, ...],
            submission: uuid.UUID | None, check: Any = None) -> tuple[Any, bool]:  # fmt: skip
    editor_check(actor)
    existing = _existing(model, submission)
    if existing is not None:
        return existing, False
    values = {
        name: (data[name].strip() if isinstance(data[name], str) else data[name]) for name in names if name in data
    }
    item = model(**values)
    if submission is not None:
        item.public_id = submission
    if check is not None:
        check(item)
    item.full_clean()
    item.save()
    return item, True


def _update(
    actor: User | None, item: Any, data: Mapping[str, Any], names: tuple[str, ...], check: Any = None
) -> dict[str, Any]:
    editor_check(actor)
    item = type(item).objects.select_for_update().get(pk=item.pk)
    changes = fields_apply(item, data, names, _TEXT)
    if check is not None:
        check(item)
    item.full_clean()
    if changes["fields"]:
        item.save()
    changes["item"] = item
    return changes


@transaction.atomic
def stakeholder_create(
    *, actor: User | None, data: Mapping[str, Any], submission: uuid.UUID | None = None
) -> Stakeholder:
    item, created = _create(actor, Stakeholder, data, STAKEHOLDER_FIELDS, submission, _stakeholder_check)
    if created:
        record(actor=actor, action=Action.STAKEHOLDER_CREATED, target=item, data={
            "kind": item.kind,
            "organisation": str(item.organisation.public_id) if item.organisation_id else None,
            "user": str(item.user.public_id) if item.user_id else None,
        })  # fmt: skip
    return item  # type: ignore[no-any-return]


@transaction.atomic
def stakeholder_update(*, actor: User | None, stakeholder: Stakeholder, data: Mapping[str, Any]) -> Stakeholder:
    changes = _update(actor, stakeholder, data, STAKEHOLDER_FIELDS, _stakeholder_check)
    item = changes.pop("item")
    if changes["fields"]:
        record(actor=actor, action=Action.STAKEHOLDER_UPDATED, target=item, data=changes)
    return item  # type: ignore[no-any-return]


@transaction.atomic
def donor_create(*, actor: User | None, name: str) -> Donor:
    """Add a donor, or return the donor of that name (a repeated form adds it once)."""
    editor_check(actor)
    existing = Donor.objects.filter(name__iexact=name.strip()).first()
    if existing is not None:
        return existing
    donor = Donor(name=name.strip())
    donor.full_clean()
    donor.save()
    record(actor=actor, action=Action.DONOR_CREATED, target=donor, data={})
    return donor


def _period_check(start_name: str, end_name: str) -> Any:
    def check(item: Any) -> None:
        start, end = getattr(item, start_name), getattr(item, end_name)
        if start and end and end < start:
            raise ValidationError({end_name: _("The end cannot be before the start.")})
        if hasattr(item, "currency"):
            item.currency = (item.currency or "").upper()

    return check


@transaction.atomic
def funding_create(
    *, actor: User | None, data: Mapping[str, Any], submission: uuid.UUID | None = None
) -> FundingSource:
    item, created = _create(actor, FundingSource, data, FUNDING_FIELDS, submission, _period_check("start", "end"))
    if created:
        record(actor=actor, action=Action.FUNDING_CREATED, target=item, data={
            "donor": str(item.donor.public_id), "amount": str(item.amount), "currency": item.currency,
            "start": item.start.isoformat(), "end": item.end.isoformat(),
        })  # fmt: skip
    return item  # type: ignore[no-any-return]


@transaction.atomic
def funding_update(*, actor: User | None, funding: FundingSource, data: Mapping[str, Any]) -> FundingSource:
    changes = _update(actor, funding, data, FUNDING_FIELDS, _period_check("start", "end"))
    item = changes.pop("item")
    if changes["fields"]:
        record(actor=actor, action=Action.FUNDING_UPDATED, target=item, data=changes)
    return item  # type: ignore[no-any-return]


@transaction.atomic
def proposal_create(*, actor: User | None, data: Mapping[str, Any], submission: uuid.UUID | None = None) -> Proposal:
    item, created = _create(actor, Proposal, data, PROPOSAL_FIELDS, submission, _period_check("deadline", "deadline"))
    if created:
        record(actor=actor, action=Action.PROPOSAL_CREATED, target=item, data={
            "donor": str(item.donor.public_id), "amount": str(item.amount_requested), "currency": item.currency,
            "deadline": item.deadline.isoformat(), "status": item.status,
        })  # fmt: skip
    return item  # type: ignore[no-any-return]


@transaction.atomic
def proposal_update(*, actor: User | None, proposal: Proposal, data: Mapping[str, Any]) -> Proposal:
    changes = _update(actor, proposal, data, PROPOSAL_FIELDS, _period_check("deadline", "deadline"))
    item = changes.pop("item")
    if changes["fields"]:
        record(actor=actor, action=Action.PROPOSAL_UPDATED, target=item, data=changes)
    return item  # type: ignore[no-any-return]


def _donor_report_check(item: DonorReport) -> None:
    _period_check("period_start", "period_end")(item)
    if item.funding is not None and item.funding.donor_id != item.donor_id:
        raise ValidationError({"funding": _("This funding comes from another donor.")})
    if item.status == DonorReportStatus.SUBMITTED and item.submitted_on is None:
        item.submitted_on = _today()
    if item.status != DonorReportStatus.SUBMITTED:
        item.submitted_on = None


@transaction.atomic
def donor_report_create(
    *, actor: User | None, data: Mapping[str, Any], submission: uuid.UUID | None = None
) -> DonorReport:
    item, created = _create(actor, DonorReport, data, DONOR_REPORT_FIELDS, submission, _donor_report_check)
    if created:
        record(actor=actor, action=Action.DONOR_REPORT_CREATED, target=item, data={
            "donor": str(item.donor.public_id), "due_on": item.due_on.isoformat(), "status": item.status,
            "insights_report": str(item.insights_report) if item.insights_report else None,
        })  # fmt: skip
    return item  # type: ignore[no-any-return]


@transaction.atomic
def donor_report_update(*, actor: User | None, report: DonorReport, data: Mapping[str, Any]) -> DonorReport:
    """Edit a report due: its status (submitted records the day), dates, the insights report attached. A new due
    date is reminded again."""
    before_due = report.due_on
    changes = _update(actor, report, data, DONOR_REPORT_FIELDS, _donor_report_check)
    item: DonorReport = changes.pop("item")
    if changes["fields"]:
        if item.due_on != before_due:
            item.reminded_at = item.overdue_reminded_at = None
            item.save(update_fields=["reminded_at", "overdue_reminded_at"])
        record(actor=actor, action=Action.DONOR_REPORT_UPDATED, target=item, data=changes)
    return item


# --- the reminder ------------------------------------------------------------------------------------------------


@transaction.atomic
def donor_report_reminders_send(*, now: dt.datetime | None = None) -> int:
    """E-mail the coordinators when reports due come within ``REMIND_BEFORE`` (each report once) or become
    overdue (each once more): one e-mail each with how many reports are due soon or overdue and a link, nothing
    else. Returns how many e-mails were queued."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    due = DonorReport.objects.select_for_update().filter(status=DonorReportStatus.DUE)
    soon = list(due.filter(due_on__lte=today + REMIND_BEFORE, reminded_at__isnull=True).values_list("pk", flat=True))
    late = list(due.filter(due_on__lt=today, overdue_reminded_at__isnull=True).values_list("pk", flat=True))
    if not soon and not late:
        return 0
    count = DonorReport.objects.filter(status=DonorReportStatus.DUE, due_on__lte=today + REMIND_BEFORE).count()
    link = site_url(reverse("partners:funding"))
    people = User.objects.filter(is_active=True, role_assignments__role=Role.COORDINATOR).distinct()
    sent = count_notices_send(
        people=people, count_for=lambda _user: count, subject=REMINDER_SUBJECT, body=REMINDER_BODY, link=link
    )
    DonorReport.objects.filter(pk__in=soon).update(reminded_at=now)
    DonorReport.objects.filter(pk__in=late).update(overdue_reminded_at=now)
    record(
        actor=None,
        action=Action.DONOR_REPORTS_REMINDED,
        data={"due_soon": len(soon), "overdue": len(late), "emails": sent},
    )
    return sent


def funding_due_count(user: User, *, today: dt.date | None = None) -> int:
    """Reports due within two weeks or overdue (the partners page's notice for editors)."""
    if not edits_partners(user):
        return 0
    today = today or _today()
    return DonorReport.objects.filter(status=DonorReportStatus.DUE, due_on__lte=today + REMIND_BEFORE).count()
