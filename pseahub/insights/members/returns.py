"""Members' own figures: the returns. Who submits for which organisation, the one write
(``member_return_submit``: every submission or correction a new version, audited), and the reads of returns:
a quarter's (who submitted, who has not), an organisation's, the current versions of a period's quarters and who
has submitted for each of them."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils.translation import gettext as _

from pseahub.accounts.models import Role, User
from pseahub.audit.models import Action
from pseahub.audit.services import record
from pseahub.core.exceptions import ApplicationError
from pseahub.network.models import Organisation

from ..models import MemberReturn, MemberReturnVersion
from .categories import Quarter, counts_check, quarter_may_be_reported


# --- who submits for which organisation -------------------------------------------------------------------------
def member_organisations() -> list[Organisation]:
    """The organisations expected to submit: active members of the network."""
    return list(Organisation.objects.filter(is_member=True, is_active=True).order_by("name"))


def submitting_organisations(user: Any) -> list[Organisation]:
    """The active member organisations ``user`` is a focal point of: those whose figures they submit."""
    if not getattr(user, "is_authenticated", False) or not user.has_role(Role.FOCAL_POINT):
        return []
    ids = user.organisation_ids(Role.FOCAL_POINT)
    return [organisation for organisation in member_organisations() if organisation.pk in ids]


def submitting_organisation_get_for(user: Any, public_id: uuid.UUID) -> Organisation:
    """One of ``user``'s organisations for members' figures, or Http404 (the same for one that is not theirs,
    not a member, inactive, or missing)."""
    for organisation in submitting_organisations(user):
        if organisation.public_id == public_id:
            return organisation
    raise Http404


#: Who sees a quarter's overview (who submitted, by whom) and each return's history.
OVERVIEW_ROLES = (Role.COORDINATOR, Role.CO_CHAIR)


def members_overview_allowed(user: Any) -> bool:
    return getattr(user, "is_authenticated", False) and any(user.has_role(role) for role in OVERVIEW_ROLES)


# --- the write --------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Submitted:
    version: MemberReturnVersion
    created: bool  # False: the figures were the current ones already, nothing was stored


@transaction.atomic
def member_return_submit(
    *, actor: User | None, organisation: Organisation, quarter: Quarter, counts: Any, note: str = ""
) -> Submitted:
    """Store ``counts`` as the organisation's current figures for ``quarter``: the first version, or a correction
    (a new version). Figures equal to the current ones store nothing (a repeated submission, or a note alone), so
    submitting twice makes one version. The caller checked that ``actor`` may submit for ``organisation``."""
    if not (organisation.is_member and organisation.is_active):
        raise ApplicationError(_("Only active member organisations submit quarterly figures."))
    if not quarter_may_be_reported(quarter):
        raise ApplicationError(_("Figures are given for the current quarter or a past one, not a future one."))
    counts = counts_check(counts)
    note = note.strip()
    member_return, _created = MemberReturn.objects.get_or_create(
        organisation=organisation, year=quarter.year, quarter=quarter.quarter
    )
    member_return = MemberReturn.objects.select_for_update().get(pk=member_return.pk)
    current = member_return.versions.order_by("-number").first()
    if current is not None and current.counts == counts:
        return Submitted(version=current, created=False)
    try:
        with transaction.atomic():
            version = MemberReturnVersion.objects.create(
                member_return=member_return,
                number=current.number + 1 if current else 1,
                counts=counts,
                note=note,
                submitted_by=actor,
            )
    except IntegrityError as exc:  # a second submission at the same moment
        raise ApplicationError(_("Someone submitted these figures at the same moment. Look at them again.")) from exc
    record(
        actor=actor,
        action=Action.MEMBER_RETURN_SUBMITTED if current is None else Action.MEMBER_RETURN_CORRECTED,
        target=member_return,
        data={
            "organisation": str(organisation.public_id),
            "year": quarter.year,
            "quarter": quarter.quarter,
            "version": version.number,
            "counts": counts,
            "note_given": bool(note),
        },
    )
    return Submitted(version=version, created=True)


# --- reads ------------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class ReturnRow:
    """One organisation's return for one quarter, as the pages list it (``current`` None: not submitted)."""

    organisation: Organisation
    quarter: Quarter
    member_return: MemberReturn | None
    current: MemberReturnVersion | None
    versions: int

    @property
    def submitted(self) -> bool:
        return self.current is not None


_Found = dict[tuple[int, int, int], tuple[MemberReturn, MemberReturnVersion, int]]


def _rows(returns: list[MemberReturn]) -> _Found:
    """Each return's current version and version count, by (organisation id, year, quarter)."""
    found: _Found = {}
    versions = (
        MemberReturnVersion.objects.filter(member_return__in=returns)
        .select_related("submitted_by")
        .order_by("member_return_id", "-number")
    )
    latest: dict[int, MemberReturnVersion] = {}
    numbers: dict[int, int] = {}
    for version in versions:
        latest.setdefault(version.member_return_id, version)
        numbers[version.member_return_id] = numbers.get(version.member_return_id, 0) + 1
    for member_return in returns:
        if member_return.pk in latest:
            key = (member_return.organisation_id, member_return.year, member_return.quarter)
            found[key] = (member_return, latest[member_return.pk], numbers[member_return.pk])
    return found


def _row(found: _Found, organisation: Organisation, quarter: Quarter) -> ReturnRow:
    key = (organisation.pk, quarter.year, quarter.quarter)
    if key not in found:
        return ReturnRow(organisation, quarter, None, None, 0)
    member_return, current, versions = found[key]
    return ReturnRow(organisation, quarter, member_return, current, versions)


def quarter_returns(quarter: Quarter) -> list[ReturnRow]:
    """Every active member organisation with its return for ``quarter`` (submitted or not), by name; returns of
    organisations no longer members are left out."""
    returns = list(MemberReturn.objects.filter(year=quarter.year, quarter=quarter.quarter))
    found = _rows(returns)
    return [_row(found, organisation, quarter) for organisation in member_organisations()]


def quarter_missing(quarter: Quarter) -> list[Organisation]:
    """The active member organisations that have not submitted figures for ``quarter``."""
    return [row.organisation for row in quarter_returns(quarter) if not row.submitted]


def organisation_returns(organisation: Organisation, quarters: list[Quarter]) -> list[ReturnRow]:
    """The organisation's return for each of ``quarters`` (in that order), and for any earlier quarter it
    reported, latest first."""
    returns = list(MemberReturn.objects.filter(organisation=organisation))
    found = _rows(returns)
    wanted = list(quarters)
    for member_return in returns:
        quarter = Quarter(member_return.year, member_return.quarter)
        if quarter not in wanted and (organisation.pk, quarter.year, quarter.quarter) in found:
            wanted.append(quarter)
    wanted.sort(reverse=True)
    return [_row(found, organisation, quarter) for quarter in wanted]


def member_return_find(organisation: Organisation, quarter: Quarter) -> MemberReturn | None:
    return MemberReturn.objects.filter(organisation=organisation, year=quarter.year, quarter=quarter.quarter).first()


def member_return_versions(member_return: MemberReturn | None) -> list[MemberReturnVersion]:
    """Every version of a return, latest first (the first one listed is current)."""
    if member_return is None:
        return []
    return list(member_return.versions.select_related("submitted_by").order_by("-number"))


def current_returns(quarters: list[Quarter], *, organisation_type: str = "") -> list[MemberReturnVersion]:
    """The current version of every return for ``quarters``, of organisations of ``organisation_type`` (any if
    empty); returns of organisations that are no longer active members still count for the quarters they gave."""
    if not quarters:
        return []
    qs = MemberReturn.objects.filter(_of_quarters(quarters))
    if organisation_type:
        qs = qs.filter(organisation__type=organisation_type)
    return [version for _return, version, _count in _rows(list(qs)).values()]


def _of_quarters(quarters: list[Quarter]) -> Q:
    """A filter of returns for any of ``quarters``."""
    wanted = Q()
    for quarter in quarters:
        wanted |= Q(year=quarter.year, quarter=quarter.quarter)
    return wanted


def version_totals(version: MemberReturnVersion) -> dict[str, int]:
    """The total of each group of a version (allegations, survivors)."""
    return {key: sum(values.values()) for key, values in version.counts.items()}


# --- who has submitted for a period -----------------------------------------------------------------------------
@dataclass(frozen=True)
class QuarterSubmissions:
    """Which of the expected member organisations have submitted figures for one quarter (by name)."""

    quarter: Quarter
    submitted: list[Organisation]
    missing: list[Organisation]

    @property
    def expected(self) -> int:
        return len(self.submitted) + len(self.missing)


def period_submissions(quarters: list[Quarter], *, organisation_type: str = "") -> list[QuarterSubmissions]:
    """For each of ``quarters`` (in that order), the active member organisations (of ``organisation_type``, any if
    empty) that have submitted figures and those that have not; two queries whatever the number of quarters."""
    if not quarters:
        return []
    expected = Organisation.objects.filter(is_member=True, is_active=True).order_by("name")
    if organisation_type:
        expected = expected.filter(type=organisation_type)
    organisations = list(expected)
    done = set(
        MemberReturn.objects.filter(_of_quarters(quarters), organisation__in=organisations, versions__isnull=False)
        .values_list("organisation_id", "year", "quarter")
        .distinct()
    )
    return [
        QuarterSubmissions(
            quarter=quarter,
            submitted=[o for o in organisations if (o.pk, quarter.year, quarter.quarter) in done],
            missing=[o for o in organisations if (o.pk, quarter.year, quarter.quarter) not in done],
        )
        for quarter in quarters
    ]
