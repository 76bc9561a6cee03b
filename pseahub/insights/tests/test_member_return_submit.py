"""Submitting and correcting a quarter's return (``members.member_return_submit``): each submission or correction
is a version, the latest current; the same figures again store nothing; each version is audited with its
counts and never its note; only active members, only the current or a past quarter."""

from __future__ import annotations

import copy

import pytest
import time_machine

from pseahub.audit.models import Action, AuditEvent
from pseahub.core.exceptions import ApplicationError
from pseahub.insights.members import Quarter, member_return_submit, member_return_versions
from pseahub.insights.models import MemberReturn, MemberReturnVersion

from .member_helpers import PAST, THREE, figures

pytestmark = pytest.mark.django_db

QUARTER = Quarter(*PAST)


def _events(action: Action) -> list[AuditEvent]:
    return list(AuditEvent.objects.filter(action=action).order_by("seq"))


def test_the_first_submission_is_version_1_and_is_audited_with_its_counts(personas):
    submitted = member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=THREE
    )
    assert submitted.created and submitted.version.number == 1
    assert submitted.version.submitted_by == personas.focal_point_a and submitted.version.counts == THREE
    [event] = _events(Action.MEMBER_RETURN_SUBMITTED)
    assert event.actor_id == personas.focal_point_a.pk
    assert event.target_type == "insights.memberreturn"
    assert event.target_id == str(submitted.version.member_return.public_id)
    assert event.data == {
        "organisation": str(personas.org_a.public_id), "year": 2025, "quarter": 2, "version": 1, "counts": THREE,
        "note_given": False,
    }  # fmt: skip


def test_a_correction_is_a_new_current_version_and_the_first_is_kept(personas):
    member_return_submit(actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=THREE)
    corrected = copy.deepcopy(THREE)
    corrected["sea_group"]["SE"] += 1
    corrected["entity_type"]["un_agency"] += 1
    corrected["status"]["open"] += 1
    note = "One allegation was counted in the wrong quarter."
    submitted = member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=corrected, note=note
    )
    assert submitted.created and submitted.version.number == 2
    versions = member_return_versions(submitted.version.member_return)
    assert [(v.number, v.counts) for v in versions] == [(2, corrected), (1, THREE)]
    assert versions[0].note == note
    assert MemberReturn.objects.count() == 1
    [event] = _events(Action.MEMBER_RETURN_CORRECTED)
    assert event.data["version"] == 2 and event.data["counts"] == corrected and event.data["note_given"] is True
    assert note not in str(event.data), "the note's text never goes into the audit log"


def test_the_same_figures_again_store_nothing(personas):
    first = member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=THREE
    )
    again = member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=copy.deepcopy(THREE),
        note="A note alone is no correction.",
    )  # fmt: skip
    assert not again.created and again.version == first.version
    assert MemberReturnVersion.objects.count() == 1
    assert len(_events(Action.MEMBER_RETURN_SUBMITTED)) == 1 and _events(Action.MEMBER_RETURN_CORRECTED) == []


def test_returns_of_other_quarters_and_organisations_are_apart(personas):
    member_return_submit(actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=THREE)
    other = member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER.previous(), counts=THREE
    )
    beta = member_return_submit(
        actor=personas.focal_point_b, organisation=personas.org_b, quarter=QUARTER, counts=THREE
    )
    assert other.version.number == beta.version.number == 1
    assert MemberReturn.objects.count() == 3


@time_machine.travel("2026-05-20 12:00 +0000", tick=False)
def test_the_current_quarter_may_be_reported_but_not_a_future_one(personas):
    current = member_return_submit(
        actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2026, 2), counts=THREE
    )
    assert current.created
    with pytest.raises(ApplicationError, match="not a future one"):
        member_return_submit(
            actor=personas.focal_point_a, organisation=personas.org_a, quarter=Quarter(2026, 3), counts=THREE
        )


@pytest.mark.parametrize("change", [{"is_member": False}, {"is_active": False}])
def test_only_active_members_submit(personas, change):
    for name, value in change.items():
        setattr(personas.org_a, name, value)
    personas.org_a.save()
    with pytest.raises(ApplicationError, match="Only active member organisations"):
        member_return_submit(actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER, counts=THREE)
    assert MemberReturn.objects.count() == 0


def test_inconsistent_figures_are_refused_and_nothing_is_stored(personas):
    with pytest.raises(ApplicationError, match="add up to"):
        member_return_submit(
            actor=personas.focal_point_a, organisation=personas.org_a, quarter=QUARTER,
            counts=figures(sea={"SA": 2}, entity={"unknown": 1}, status={"closed": 2}),
        )  # fmt: skip
    assert MemberReturn.objects.count() == 0 and AuditEvent.objects.filter(action__startswith="member_").count() == 0
