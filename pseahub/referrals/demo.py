"""Demo referrals in every state, made through the real services on the demo complaints.

Services stamp "now"; afterwards the demo moves each referral's dates back to fit its complaint's age (and a
complaint closed once its referrals ended to a few days after the last one), so the tracker and the insights
pages show realistic delays, most within the SOP's deadlines and some late. Two kinds of write bypass a
service here: that back-dating, and the investigation and assistance record (investigating entity,
investigation dates, action taken, interim measures, paternity claims, each date the survivor was informed,
the survivor an assistance referral is for, the services delivered), whose focal-point and provider services
are being written beside this demo; until they land the demo sets those fields on the rows directly, with the
dates the timeline gives.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import TypeVar

from django.db import transaction
from django.utils import timezone

from pseahub.accounts.models import Role, RoleAssignment, User
from pseahub.accounts.services import user_private_key_unlock
from pseahub.cases.models import (
    Classification,
    ClosureReason,
    Complaint,
    ConsentPurpose,
    Status,
    Survivor,
    Term,
    Vocabulary,
)
from pseahub.cases.services import complaint_close, consent_allows
from pseahub.core.discovery import DemoOptions
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.models import ServiceType as MappedServiceType
from pseahub.mapping.selectors import service_list
from pseahub.network.demo import DEMO_PASSWORD
from pseahub.network.models import OrganisationType

from . import services
from .models import (
    ActionTaken,
    DeclineReason,
    InterimMeasure,
    InvestigatingEntity,
    PaternityClaim,
    Referral,
    ReferralKind,
    ReferralState,
    ServiceDelivery,
    ServiceType,
    SurvivorInformed,
)

T = TypeVar("T")

SUMMARIES = [
    "Une femme déplacée rapporte qu'un agent a exigé des rapports sexuels contre des coupons alimentaires.",
    "A staff member is alleged to have offered priority registration in exchange for sex.",
    "Relation alléguée entre un chauffeur et une bénéficiaire de l'aide en espèces.",
]
# Who investigates, by the concerned organisation's type: agencies their own office (OIG, IGO…) or OIOS,
# partners their own unit, a few go to the national authorities or are not investigated (too little to go on).
ENTITIES: dict[str, list[tuple[str, int]]] = {
    OrganisationType.UN_AGENCY: [(InvestigatingEntity.OWN_UNIT, 75), (InvestigatingEntity.OIOS, 15)],
    OrganisationType.UN_SECRETARIAT: [(InvestigatingEntity.OIOS, 90)],
    OrganisationType.GOVERNMENT: [(InvestigatingEntity.NATIONAL_AUTHORITIES, 90)],
    OrganisationType.CONTRACTOR: [(InvestigatingEntity.OWN_UNIT, 50), (InvestigatingEntity.NATIONAL_AUTHORITIES, 30)],
}
OTHER_ENTITIES: list[tuple[str, int]] = [
    (InvestigatingEntity.OWN_UNIT, 75),
    (InvestigatingEntity.NATIONAL_AUTHORITIES, 10),
]
NOT_INVESTIGATED: tuple[str, int] = (InvestigatingEntity.NONE, 10)
INTERIM = [
    (InterimMeasure.ADMINISTRATIVE_LEAVE, 35),
    (InterimMeasure.REASSIGNED, 15),
    (InterimMeasure.PAYMENTS_SUSPENDED, 5),
    (InterimMeasure.OTHER, 5),
    (InterimMeasure.NONE, 40),
]
ACTIONS = {
    "substantiated": [
        (ActionTaken.DISMISSAL, 45),
        (ActionTaken.NON_RENEWAL, 15),
        (ActionTaken.NATIONAL_AUTHORITIES, 15),
        (ActionTaken.ADMINISTRATIVE_MEASURE, 25),
    ],
    "not_substantiated": [(ActionTaken.NONE, 85), (ActionTaken.ADMINISTRATIVE_MEASURE, 15)],
}
# Hours from triage to the allegation referral: most the same day, some late (the SOP: within 24 hours of
# intake); a survivor who needs medical care is referred at once.
REFER_HOURS = [(1, 30), (2, 25), (4, 20), (8, 12), (20, 8), (48, 5)]
URGENT_REFER_HOURS = [(1, 70), (2, 30)]
# Days a focal point takes to acknowledge (the SOP: 2 working days): most in time, some late.
ACKNOWLEDGE_DAYS = [(0.25, 15), (1, 35), (2, 30), (3, 10), (5, 6), (9, 4)]
# Relationships and exchanges for aid leave children behind: paternity and child-support claims follow.
PATERNITY_SEA = ("exploitative_relationship", "transactional_sex")
PATERNITY = [
    (PaternityClaim.NONE, 75),
    (PaternityClaim.PATERNITY, 12),
    (PaternityClaim.CHILD_SUPPORT, 5),
    (PaternityClaim.BOTH, 8),
]
# What a provider delivers on a referral to each kind of mapped service (the first always, the others often).
DELIVERED: dict[str, list[str]] = {
    MappedServiceType.HEALTH: [ServiceType.MEDICAL],
    MappedServiceType.PSYCHOSOCIAL: [ServiceType.PSYCHOSOCIAL],
    MappedServiceType.LEGAL: [ServiceType.LEGAL],
    MappedServiceType.SAFETY_SHELTER: [ServiceType.SAFETY, ServiceType.MATERIAL],
    MappedServiceType.MATERIAL_LIVELIHOOD: [ServiceType.MATERIAL, ServiceType.LIVELIHOODS],
    MappedServiceType.CHILD_PROTECTION: [ServiceType.PSYCHOSOCIAL, ServiceType.SAFETY],
    MappedServiceType.OTHER: [ServiceType.MATERIAL],
}


def _weighted(rng: random.Random, pairs: Sequence[tuple[T, float]]) -> T:
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs], k=1)[0]


def _recipient(referral: Referral) -> User | None:
    people = services.recipients_for(
        kind=referral.kind, organisation=referral.organisation, complaint=referral.complaint
    )
    return people[0] if people else None


def _backdate(
    referral: Referral, sent_at: dt.datetime, *, ack_after: dt.timedelta, close_after: dt.timedelta | None = None
) -> dict[str, dt.datetime]:
    """Move the referral's dates back to ``sent_at`` and after; returns the dates it now has."""
    close_after = close_after or dt.timedelta(days=55)
    fields = {"sent_at": sent_at}
    if referral.acknowledged_at:
        fields["acknowledged_at"] = sent_at + ack_after
    if referral.first_progress_at:
        fields["first_progress_at"] = sent_at + ack_after + dt.timedelta(days=12)
    if referral.closed_at:
        fields["closed_at"] = sent_at + ack_after + close_after
    if referral.declined_at:
        fields["declined_at"] = sent_at + ack_after
    if referral.revoked_at:
        fields["revoked_at"] = sent_at + dt.timedelta(days=3)
    if referral.state == ReferralState.SENT:
        fields["due_at"] = sent_at + dt.timedelta(days=2)
    elif referral.state == ReferralState.ACKNOWLEDGED:
        fields["due_at"] = sent_at + ack_after + dt.timedelta(days=30)
    Referral.objects.filter(pk=referral.pk).update(**fields)
    referral.updates.update(at=sent_at)
    return fields


def _closure_backdate(complaint: Complaint, referrals: list[Referral], *, after: dt.timedelta) -> None:
    """Move a complaint closed once its referrals ended (``complaint_close`` stamps "now") to ``after`` the last
    of them ended, with its retention clock."""
    ended = [r.closed_at or r.declined_at or r.revoked_at for r in referrals]
    last = max((at for at in ended if at is not None), default=None)
    if last is None or complaint.closed_at is None or complaint.retention_until is None:
        return
    closed_at = min(last + after, complaint.closed_at)
    Complaint.objects.filter(pk=complaint.pk).update(
        closed_at=closed_at, retention_until=closed_at + (complaint.retention_until - complaint.closed_at)
    )


def _investigation_record(
    rng: random.Random,
    referral: Referral,
    dates: dict[str, dt.datetime],
    *,
    focal_point: User,
    today: dt.date,
    under_review: Term | None,
) -> None:
    """The focal point's investigation record on an acknowledged allegation referral, as far as its stage goes:
    who investigates and since when, interim measures, each date the survivor was told, and at the end the
    action taken and any paternity claim. (Set directly: see the module's docstring.)"""
    acknowledged = dates.get("acknowledged_at")
    if acknowledged is None or referral.state not in (
        ReferralState.ACKNOWLEDGED,
        ReferralState.IN_PROGRESS,
        ReferralState.CLOSED,
    ):
        return
    organisation_type = referral.organisation.type
    entity = _weighted(rng, [*ENTITIES.get(organisation_type, OTHER_ENTITIES), NOT_INVESTIGATED])
    closed = dates.get("closed_at")
    if closed is not None and referral.outcome and referral.outcome.code == "substantiated":
        entity = entity if entity != InvestigatingEntity.NONE else InvestigatingEntity.OWN_UNIT  # found by someone
    started = acknowledged.date() + dt.timedelta(days=rng.randint(2, 15))
    if closed is not None:
        started = min(started, closed.date() - dt.timedelta(days=7))
    if referral.state == ReferralState.ACKNOWLEDGED and (started > today or rng.random() < 0.5):
        # Only just acknowledged: the focal point has named who will look into it, nothing more yet.
        Referral.objects.filter(pk=referral.pk).update(investigating_entity=entity)
        return
    fields: dict[str, object] = {"investigating_entity": entity}
    if entity == InvestigatingEntity.NONE and referral.state == ReferralState.IN_PROGRESS and under_review:
        fields["outcome"] = under_review  # no one investigates: too little to go on yet
    informed: set[dt.date] = set()
    if entity != InvestigatingEntity.NONE:
        started = min(started, today)
        ended = closed.date() - dt.timedelta(days=rng.randint(1, 6)) if closed is not None else None
        fields |= {
            "investigation_started_on": started,
            "investigation_ended_on": ended,
            "interim_measure": _weighted(rng, INTERIM),
        }
        # On a long investigation the survivor is told where it stands every month or so, not only at the end.
        step = started + dt.timedelta(days=rng.randint(20, 35))
        while step <= (ended or today) and rng.random() < 0.85:
            informed.add(step)
            step += dt.timedelta(days=rng.randint(28, 50))
    if closed is not None:
        outcome = referral.outcome.code if referral.outcome else ""
        fields["action_taken"] = _weighted(rng, ACTIONS.get(outcome, [(ActionTaken.NONE, 1)]))
        sea_type = referral.allegation.sea_type if referral.allegation else None
        fields["paternity_claim"] = (
            _weighted(rng, PATERNITY) if sea_type and sea_type.code in PATERNITY_SEA else PaternityClaim.NONE
        )
        told = min(closed.date() + dt.timedelta(days=rng.randint(0, 6)), today)
        fields["survivor_informed_on"] = told
        informed.add(told)
    Referral.objects.filter(pk=referral.pk).update(**fields)
    SurvivorInformed.objects.bulk_create(
        [SurvivorInformed(referral=referral, informed_on=day, recorded_by=focal_point) for day in sorted(informed)]
    )


def _deliveries_record(
    rng: random.Random,
    referral: Referral,
    dates: dict[str, dt.datetime],
    *,
    provider: User,
    medical: bool,
    today: dt.date,
) -> None:
    """The services the provider delivered on an accepted assistance referral, with their dates (set directly:
    see the module's docstring). Medical care for a recent rape comes first, within 72 hours."""
    acknowledged = dates.get("acknowledged_at")
    if acknowledged is None or referral.service is None:
        return
    last = min(dates["closed_at"].date(), today) if "closed_at" in dates else today
    start = acknowledged.date()
    rows: dict[tuple[str, dt.date], ServiceDelivery] = {}

    def deliver(service_type: str, day: dt.date) -> None:
        if day <= last:
            rows[(service_type, day)] = ServiceDelivery(
                referral=referral, service_type=service_type, delivered_on=day, recorded_by=provider
            )

    if medical:
        deliver(ServiceType.MEDICAL, dates["sent_at"].date() + dt.timedelta(days=rng.randint(0, 1)))
    first, *others = DELIVERED.get(referral.service.type, [ServiceType.MATERIAL])
    if first == ServiceType.PSYCHOSOCIAL:
        for session in range(rng.randint(1, 5)):  # weekly sessions
            deliver(first, start + dt.timedelta(days=1 + 7 * session))
    else:
        deliver(first, start + dt.timedelta(days=rng.randint(0, 3)))
    for other in others:
        if rng.random() < 0.5:
            deliver(other, start + dt.timedelta(days=rng.randint(5, 30)))
    if rng.random() < 0.15:  # accompanied to a legal clinic
        deliver(ServiceType.LEGAL, start + dt.timedelta(days=rng.randint(7, 40)))
    ServiceDelivery.objects.bulk_create(rows.values())


@transaction.atomic
def demo_referrals_load(*, seed: int = 7) -> int:
    """Refer the demo SEA and harassment complaints that have none yet, each allegation to its organisation,
    and move each referral on according to its age."""
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    private = user_private_key_unlock(user=coordinator, password=DEMO_PASSWORD)
    # Each complaint its own draws (by its rank among the complaints), for its allegations and for assistance, so
    # that what happens to one does not depend on the others nor on the day the demo is loaded.
    ranks = {pk: rank for rank, pk in enumerate(Complaint.objects.order_by("pk").values_list("pk", flat=True))}
    terms = {t.code: t for t in Term.objects.filter(vocabulary=Vocabulary.OUTCOME)}
    preliminary = terms.get("preliminary_assessment")
    investigating = terms.get("under_investigation") or preliminary
    substantiated = [terms[c] for c in ("substantiated", "not_substantiated", "closed_other") if c in terms]
    candidates = (
        Complaint.objects.filter(
            classification__in=(Classification.SEA, Classification.SEXUAL_HARASSMENT),
            status__in=(Status.TRIAGED, Status.NEW),
            referrals__isnull=True,
        )
        .exclude(triaged_at__isnull=True)
        .select_related("area")
        .order_by("-received_at")
    )
    today = timezone.localdate()
    made = 0
    referred: list[int] = []
    waiting: set[int] = set()  # organisations with a referral left waiting for their focal point
    # Providers with an account and no assistance referral yet: each gets one as soon as a survivor near one of
    # its services consents (the page tour opens one, even in a small demo).
    unserved = set(
        RoleAssignment.objects.filter(role=Role.SERVICE_PROVIDER, organisation__isnull=False)
        .exclude(organisation__in=Referral.objects.filter(kind=ReferralKind.ASSISTANCE).values("organisation"))
        .values_list("organisation_id", flat=True)
    )
    for index, complaint in enumerate(candidates):
        rng = random.Random(seed * 1_000_003 + ranks[complaint.pk])
        assist = random.Random(seed * 2_000_003 + ranks[complaint.pk])
        age = (dt.datetime.now(dt.UTC) - complaint.received_at).days
        # The newest referrals stay waiting, the next ones are only acknowledged: every state shows up.
        if index < 5:
            age = 0
        elif index < 10:
            age = min(age, 20)
        triaged_at = complaint.triaged_at or complaint.received_at
        sent_at = triaged_at + dt.timedelta(
            hours=_weighted(rng, URGENT_REFER_HOURS if complaint.needs_medical else REFER_HOURS),
            minutes=rng.randint(0, 59),
        )
        ack_after = dt.timedelta(days=_weighted(rng, ACKNOWLEDGE_DAYS))
        allegations = complaint.allegations.select_related("organisation", "sea_type").exclude(
            organisation__isnull=True
        )
        for allegation in allegations:
            try:
                referral = services.allegation_refer(
                    actor=coordinator,
                    allegation=allegation,
                    summary=rng.choice(SUMMARIES),
                    share_identity=consent_allows(complaint=complaint, purpose=ConsentPurpose.SHARE_IDENTITY)
                    and rng.random() < 0.5,
                    actor_private=private,
                )
            except ApplicationError:
                continue  # e.g. an organisation without a focal point account: it stays overdue, as in real life
            made += 1
            referred.append(complaint.pk)
            stage_age = age
            # Every focal point finds its newest referral waiting in their inbox (one of the last months, but in
            # a small demo, such as the page tour's, perhaps an older one, long overdue).
            if referral.organisation_id not in waiting:
                stage_age = 0
            if stage_age < 10:
                waiting.add(referral.organisation_id)
            fp = _recipient(referral)
            roll = rng.random()
            close_after = dt.timedelta(days=rng.randint(45, max(45, min(stage_age - 10, 300))))
            if fp is not None and stage_age >= 10:
                if roll < 0.08:
                    services.referral_decline(actor=fp, referral=referral, reason=DeclineReason.NOT_OUR_STAFF)
                elif roll < 0.12:
                    services.referral_revoke(actor=coordinator, referral=referral, note="Réorientation.")
                else:
                    services.referral_acknowledge(actor=fp, referral=referral)
                    if stage_age >= 40:
                        services.referral_progress(
                            actor=fp,
                            referral=referral,
                            note="Évaluation préliminaire en cours.",
                            outcome=investigating if stage_age >= 70 else preliminary,
                        )
                    if stage_age >= 120 and substantiated and rng.random() < 0.75:
                        services.referral_close(actor=fp, referral=referral, outcome=rng.choice(substantiated))
            dates = _backdate(referral, sent_at, ack_after=ack_after, close_after=close_after)
            if fp is not None:
                _investigation_record(
                    rng, referral, dates, focal_point=fp, today=today, under_review=terms.get("under_review")
                )
        if complaint.pk not in referred:
            continue
        # Assistance referrals where the survivor consented and a mapped service fits: one per survivor
        # (several survivors, several referrals), each naming the survivor it is for; always when medical care
        # is needed or a provider without any referral yet works in the area, else for about half.
        wanted = assist.random() < 0.5 or complaint.needs_medical
        consented = consent_allows(complaint=complaint, purpose=ConsentPurpose.SERVICES)
        if consented and not wanted and unserved:
            wanted = any(s.provider_id in unserved for s in service_list(area=complaint.area))
        if not consented or not wanted:
            continue
        used: set[int] = set()
        for number, survivor in enumerate(Survivor.objects.filter(complaint=complaint).select_related("age_group")):
            if number and assist.random() < 0.4:
                continue
            options = [
                s
                for s in service_list(area=complaint.area, sex=survivor.sex, age_group=survivor.age_group)
                if s.pk not in used
                and services.recipients_for(kind=ReferralKind.ASSISTANCE, organisation=s.provider, complaint=complaint)
            ]
            if not options:
                continue
            # Psychosocial support is what most survivors are offered first; medical care when it is needed.
            preferred = {MappedServiceType.PSYCHOSOCIAL} | (
                {MappedServiceType.HEALTH} if complaint.needs_medical else set()
            )
            options = [s for s in options if s.provider_id in unserved] or options
            service = assist.choices(options, weights=[3 if s.type in preferred else 1 for s in options])[0]
            used.add(service.pk)
            unserved.discard(service.provider_id)
            assistance = services.assistance_refer(
                actor=coordinator,
                complaint=complaint,
                service=service,
                summary="Soutien psychosocial et médical demandé; parle bambara et français.",
                actor_private=private,
                survivor=survivor,
            )
            provider = _recipient(assistance)
            if provider is not None and age >= 10:
                if assist.random() < 0.1:
                    services.referral_decline(actor=provider, referral=assistance, reason=DeclineReason.NO_CAPACITY)
                else:
                    services.referral_acknowledge(actor=provider, referral=assistance)
                    if age >= 40:
                        services.referral_close(actor=provider, referral=assistance, note="Services fournis.")
            assistance_dates = _backdate(
                assistance,
                sent_at + dt.timedelta(hours=2),
                ack_after=dt.timedelta(hours=assist.choice([3, 20, 30])),
            )
            if provider is not None:
                medical = complaint.needs_medical and number == 0
                _deliveries_record(
                    assist, assistance, assistance_dates, provider=provider, medical=medical, today=today
                )
    # Move complaints whose referrals are all finished to closed, as a coordinator would.
    for complaint in Complaint.objects.filter(pk__in=referred, status=Status.IN_PROGRESS).prefetch_related("referrals"):
        referrals = list(complaint.referrals.all())
        finished = referrals and all(
            r.state in (ReferralState.CLOSED, ReferralState.REVOKED, ReferralState.DECLINED) for r in referrals
        )
        outcome = any(r.state == ReferralState.CLOSED and r.kind == ReferralKind.ALLEGATION for r in referrals)
        closing = random.Random(seed * 3_000_003 + ranks[complaint.pk])
        if finished and outcome and closing.random() < 0.7:
            complaint_close(actor=coordinator, complaint=complaint, reason=ClosureReason.OUTCOME_REACHED)
            _closure_backdate(complaint, referrals, after=dt.timedelta(days=closing.randint(1, 14)))
    return made


DEMO_ORDER = 50  # after the demo complaints and services


def load(options: DemoOptions) -> dict[str, int]:
    return {"referrals": demo_referrals_load()}
