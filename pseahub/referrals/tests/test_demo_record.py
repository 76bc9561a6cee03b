"""load_demo's complaints and referrals hold every field of the inter-agency record, spread as a Mali network
sees them: several survivors and perpetrators, uniformed nationality, intake facts, duplicates, the
investigation record with each informed date, assistance per survivor with the services delivered, and delays
(triage, referral, acknowledgement, closure) mostly within the SOP's deadlines."""

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import Count
from django.utils import timezone

from pseahub.cases.models import (
    Classification,
    ClosureReason,
    Complaint,
    EntityType,
    Perpetrator,
    PerpetratorRole,
    Survivor,
    TimeOfDay,
    YesNoUnknown,
)
from pseahub.core.discovery import DemoOptions, demo_loaders
from pseahub.core.tests.module_data import module_transaction
from pseahub.referrals.models import (
    Referral,
    ReferralKind,
    ReferralState,
    ServiceDelivery,
    ServiceType,
    SurvivorInformed,
)

pytestmark = pytest.mark.django_db

PERSON_CLASSES = (Classification.SEA, Classification.SEXUAL_HARASSMENT)


def _load(complaints: int) -> None:
    for _label, load in demo_loaders():
        load(DemoOptions(complaints=complaints))


@pytest.fixture(scope="module")
def demo(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The demo with 120 complaints, loaded once for the module's tests (they only read it)."""
    with module_transaction(django_db_blocker):
        with django_db_blocker.unblock():
            _load(120)  # the seeded draws put every case below in these (deterministic)
        yield


def test_the_demo_counts_several_survivors_and_perpetrators_and_uniformed_nationality(demo):
    person = Complaint.objects.filter(classification__in=PERSON_CLASSES).annotate(
        survivors_n=Count("survivors", distinct=True), perpetrators_n=Count("perpetrators", distinct=True)
    )
    multi_survivor = person.filter(survivors_n__gt=1)
    assert 0.10 <= multi_survivor.count() / person.count() <= 0.30
    assert person.filter(perpetrators_n__gt=1).exists()
    # Two perpetrators of two organisations make two allegations, each linked to its own perpetrator and to
    # every survivor of the complaint.
    two_orgs = Complaint.objects.annotate(n=Count("allegations")).filter(n=2)
    assert two_orgs.exists()
    for complaint in two_orgs:
        first, second = complaint.allegations.order_by("pk")
        assert first.organisation != second.organisation
        assert {p.organisation for p in first.perpetrators.all()} == {first.organisation}
        assert set(first.survivors.all()) == set(complaint.survivors.all())
    # The survivors of a group complaint are counted each with their own profile.
    survivors = Survivor.objects.filter(complaint__in=multi_survivor)
    assert survivors.exclude(victim_type="unknown").exists()
    # Uniformed personnel carry their contingent's nationality, and no one else does.
    uniformed = Perpetrator.objects.filter(personnel_category__group="UNIFORMED")
    assert uniformed.exists()
    for perpetrator in uniformed:
        assert len(perpetrator.nationality) == 3 and perpetrator.nationality.isupper()
        assert (perpetrator.entity_type, perpetrator.role) == (EntityType.UN_PEACE_OPERATION, PerpetratorRole.UNIFORMED)
    assert not Perpetrator.objects.exclude(personnel_category__group="UNIFORMED").exclude(nationality="").exists()
    assert len(set(Perpetrator.objects.values_list("entity_type", flat=True))) >= 4


def test_the_intake_facts_duplicates_and_survivor_profiles_are_spread(demo):
    complaints = Complaint.objects.all()
    unknown = complaints.filter(incident_date_unknown=True)
    assert unknown.exists() and not unknown.exclude(incident_date=None).exists()
    assert {TimeOfDay.MORNING, TimeOfDay.AFTERNOON, TimeOfDay.EVENING_NIGHT} <= set(
        complaints.values_list("incident_time_of_day", flat=True)
    )
    transactional = complaints.filter(allegations__sea_type__code="transactional_sex").distinct()
    assert transactional.exists()
    assert set(transactional.values_list("goods_exchanged", flat=True)) == {YesNoUnknown.YES}
    medical = complaints.filter(needs_medical=True)
    assert medical.exists() and not medical.filter(is_urgent=False).exists()
    assert complaints.filter(needs_safety=True).exists() and complaints.filter(needs_shelter=True).exists()
    assert complaints.filter(reported_before=YesNoUnknown.YES).exclude(reported_before_to="").exists()
    received_earlier = [c for c in complaints.exclude(first_reported_at=None) if c.first_reported_at < c.received_at]
    assert received_earlier and complaints.exclude(received_by_organisation=None).exists()
    classes = set(complaints.values_list("classification", flat=True))
    assert {Classification.SEXUAL_HARASSMENT, Classification.OTHER_MISCONDUCT, Classification.SEA} <= classes
    # A duplicate is closed as such and points to the earlier complaint.
    duplicates = Complaint.objects.exclude(duplicate_of=None).select_related("duplicate_of")
    assert duplicates.exists()
    for complaint in duplicates:
        assert (complaint.status, complaint.closure_reason) == ("closed", ClosureReason.DUPLICATE)
        assert complaint.duplicate_of.received_at <= complaint.received_at
        assert complaint.duplicate_of.duplicate_of is None
    # Survivors have GBV types, and most are displaced.
    survivors = Survivor.objects.filter(complaint__classification__in=PERSON_CLASSES)
    assert survivors.exclude(gbv_type=None).count() >= survivors.count() / 2
    displacement = Counter(survivors.values_list("displacement__code", flat=True))
    assert displacement.most_common(1)[0][0] == "idp"


def test_allegation_referrals_carry_the_investigation_record_at_every_stage(demo):
    allegations = Referral.objects.filter(kind=ReferralKind.ALLEGATION)
    closed = allegations.filter(state=ReferralState.CLOSED).exclude(investigation_started_on=None)
    assert closed.exists()
    for referral in closed:
        assert referral.investigating_entity and referral.action_taken and referral.paternity_claim
        assert referral.investigation_days is not None and referral.investigation_days > 0
        assert referral.survivor_informed_on in set(referral.informed_dates.values_list("informed_on", flat=True))
    running = allegations.filter(state=ReferralState.IN_PROGRESS).exclude(investigation_started_on=None)
    assert running.exists() and not running.exclude(investigation_ended_on=None).exists()
    assert not running.exclude(action_taken="").exists()
    assert allegations.exclude(interim_measure="").exclude(interim_measure="none").exists()
    assert allegations.filter(state=ReferralState.SENT).exclude(investigating_entity="").count() == 0
    # A long investigation: the survivor was told where it stands several times, never in the future.
    assert allegations.annotate(n=Count("informed_dates")).filter(n__gte=3).exists()
    today = timezone.localdate()
    for informed in SurvivorInformed.objects.select_related("referral"):
        assert informed.referral.sent_at.date() <= informed.informed_on <= today


def test_assistance_referrals_name_their_survivor_and_record_the_services_delivered(demo):
    assistance = Referral.objects.filter(kind=ReferralKind.ASSISTANCE)
    assert assistance.exists()
    for referral in assistance.select_related("survivor"):
        assert referral.survivor is not None and referral.survivor.complaint_id == referral.complaint_id
    deliveries = ServiceDelivery.objects.select_related("referral__complaint")
    assert {ServiceType.MEDICAL, ServiceType.PSYCHOSOCIAL, ServiceType.MATERIAL} <= set(
        deliveries.values_list("service_type", flat=True)
    )
    for delivery in deliveries:
        assert delivery.referral.state == ReferralState.CLOSED or delivery.referral.acknowledged_at is not None
        assert delivery.delivered_on <= timezone.localdate()
    # Medical care for a rape reported within days comes within 72 hours of the incident.
    for delivery in deliveries.filter(service_type=ServiceType.MEDICAL):
        complaint = delivery.referral.complaint
        assert complaint.needs_medical and complaint.incident_date is not None
        assert delivery.delivered_on - complaint.incident_date <= dt.timedelta(days=3)


def test_its_delays_mostly_meet_the_sop_deadlines_and_some_do_not(demo):
    now = timezone.now()
    # Triage hours after receipt, never later than now; a closure at triage (forward, duplicate) on that day.
    triaged = Complaint.objects.exclude(triaged_at=None)
    for complaint in triaged:
        assert complaint.received_at < complaint.triaged_at <= now
        if complaint.closed_at is not None:
            assert complaint.triaged_at <= complaint.closed_at <= now
            assert complaint.retention_until > complaint.closed_at
    late_triage = [c for c in triaged if c.triaged_at - c.received_at > dt.timedelta(hours=24)]
    assert 0 < len(late_triage) < triaged.count() / 4
    # Referred after triage; most within the 24 hours of intake the SOP asks for, some later.
    allegations = Referral.objects.filter(kind=ReferralKind.ALLEGATION).select_related("complaint")
    for referral in allegations:
        assert referral.complaint.triaged_at <= referral.sent_at
    late = [r for r in allegations if r.sent_at - r.complaint.received_at > dt.timedelta(hours=24)]
    assert 0 < len(late) < allegations.count() / 2
    # Acknowledged mostly within two days, some later.
    acknowledged = [r for r in allegations if r.acknowledged_at is not None]
    slow = [r for r in acknowledged if r.acknowledged_at - r.sent_at > dt.timedelta(days=2)]
    assert 0 < len(slow) < len(acknowledged) / 2
    # A complaint closed once its referrals ended is closed days after the last one, not on the day of the load.
    outcome = Complaint.objects.filter(closure_reason=ClosureReason.OUTCOME_REACHED).prefetch_related("referrals")
    assert outcome.exists()
    for complaint in outcome:
        ended = [r.closed_at or r.declined_at or r.revoked_at for r in complaint.referrals.all()]
        last = max(at for at in ended if at is not None)
        assert last <= complaint.closed_at <= last + dt.timedelta(days=14)
