"""consent_record: one dated record per decision; a withdrawal is its own record; the latest one counts."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from pseahub.audit.models import Action
from pseahub.cases.models import Consent, ConsentDecision, ConsentGiver, Vocabulary
from pseahub.cases.services import consent_allows, consent_current, consent_record
from pseahub.core.exceptions import ApplicationError

from .helpers import events_on, file_complaint, term

DAY_ONE = dt.datetime(2026, 2, 2, 10, 0, tzinfo=dt.UTC)
DAY_TEN = dt.datetime(2026, 2, 11, 16, 30, tzinfo=dt.UTC)


@pytest.mark.django_db
def test_it_records_a_dated_decision_and_audits_it(personas):
    complaint = file_complaint()

    with time_machine.travel(DAY_ONE, tick=False):
        consent = consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="services",
            decision=ConsentDecision.GIVEN,
            given_by=ConsentGiver.SURVIVOR,
        )

    assert (consent.purpose, consent.decision, consent.given_by) == ("services", "given", "survivor")
    assert consent.decided_at == DAY_ONE
    assert consent.recorded_by == personas.coordinator
    assert consent_allows(complaint=complaint, purpose="services")
    (event,) = events_on(complaint, Action.CONSENT_RECORDED)
    assert event.data == {"purpose": "services", "decision": "given", "given_by": "survivor"}


@pytest.mark.django_db
def test_a_withdrawal_is_its_own_dated_record_and_leaves_the_earlier_one_untouched(personas):
    complaint = file_complaint()
    with time_machine.travel(DAY_ONE, tick=False):
        given = consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="share_identity",
            decision="given",
            given_by="survivor",
        )

    with time_machine.travel(DAY_TEN, tick=False):
        withdrawn = consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="share_identity",
            decision="withdrawn",
            given_by="survivor",
        )

    given.refresh_from_db()
    assert (given.decision, given.decided_at) == ("given", DAY_ONE)
    assert (withdrawn.decision, withdrawn.decided_at) == ("withdrawn", DAY_TEN)
    assert withdrawn.pk != given.pk
    assert list(Consent.objects.filter(complaint=complaint).values_list("decision", flat=True)) == [
        "given",
        "withdrawn",
    ]
    assert consent_current(complaint=complaint)["share_identity"] == withdrawn
    assert not consent_allows(complaint=complaint, purpose="share_identity")
    (event,) = events_on(complaint, Action.CONSENT_WITHDRAWN)
    assert event.data == {"purpose": "share_identity", "decision": "withdrawn", "given_by": "survivor"}


@pytest.mark.django_db
def test_the_current_state_is_the_latest_record_per_purpose(personas):
    complaint = file_complaint()
    for purpose, decision in [
        ("services", "given"),
        ("statistics", "refused"),
        ("services", "withdrawn"),
        ("services", "given"),
    ]:
        consent_record(
            actor=personas.coordinator, complaint=complaint, purpose=purpose, decision=decision, given_by="survivor"
        )

    current = consent_current(complaint=complaint)
    assert {purpose: c.decision for purpose, c in current.items()} == {"services": "given", "statistics": "refused"}
    assert consent_allows(complaint=complaint, purpose="services")
    assert not consent_allows(complaint=complaint, purpose="statistics")
    assert not consent_allows(complaint=complaint, purpose="investigation")


@pytest.mark.django_db
@pytest.mark.parametrize("earlier", [None, "refused"])
def test_only_a_given_consent_can_be_withdrawn(personas, earlier):
    complaint = file_complaint()
    if earlier:
        consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="investigation",
            decision=earlier,
            given_by="survivor",
        )

    with pytest.raises(ApplicationError, match="Only a consent that was given"):
        consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="investigation",
            decision="withdrawn",
            given_by="survivor",
        )

    assert not Consent.objects.filter(complaint=complaint, decision="withdrawn").exists()
    assert not events_on(complaint, Action.CONSENT_WITHDRAWN)


@pytest.mark.django_db
def test_a_best_interests_determination_is_refused_for_an_adult(personas):
    complaint = file_complaint(survivor_age_group=term(Vocabulary.AGE_GROUP, "26-40"))

    with pytest.raises(ApplicationError, match="only for a child"):
        consent_record(
            actor=personas.coordinator,
            complaint=complaint,
            purpose="services",
            decision="given",
            given_by=ConsentGiver.BEST_INTERESTS,
        )

    assert not Consent.objects.filter(complaint=complaint).exists()
    assert not events_on(complaint, Action.CONSENT_RECORDED)


@pytest.mark.django_db
def test_a_best_interests_determination_is_recorded_for_a_child(personas):
    complaint = file_complaint(survivor_age_group=term(Vocabulary.AGE_GROUP, "12-17"))

    consent = consent_record(
        actor=personas.coordinator,
        complaint=complaint,
        purpose="services",
        decision="given",
        given_by=ConsentGiver.BEST_INTERESTS,
    )

    assert consent.given_by == "best_interests"
    assert events_on(complaint, Action.CONSENT_RECORDED)[0].data["given_by"] == "best_interests"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("purpose", "decision", "given_by"),
    [("gossip", "given", "survivor"), ("services", "maybe", "survivor"), ("services", "given", "neighbour")],
)
def test_it_refuses_unknown_values(personas, purpose, decision, given_by):
    complaint = file_complaint()

    with pytest.raises(ApplicationError):
        consent_record(
            actor=personas.coordinator, complaint=complaint, purpose=purpose, decision=decision, given_by=given_by
        )

    assert not Consent.objects.exists()
