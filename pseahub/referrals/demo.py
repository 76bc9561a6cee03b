"""Demo referrals in every state, made through the real services on the demo complaints.

Services stamp "now"; afterwards the demo moves each referral's dates back to fit its complaint's age, so
the tracker shows realistic delays. That back-dating is the only write here that bypasses a service.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.utils import timezone

from pseahub.accounts.models import Role, User
from pseahub.accounts.services import user_private_key_unlock
from pseahub.cases.models import Classification, ClosureReason, Complaint, ConsentPurpose, Status, Term, Vocabulary
from pseahub.cases.services import complaint_close, consent_allows
from pseahub.core.discovery import DemoOptions
from pseahub.core.exceptions import ApplicationError
from pseahub.mapping.selectors import service_list
from pseahub.network.demo import DEMO_PASSWORD

from . import services
from .models import DeclineReason, Referral, ReferralKind, ReferralState

SUMMARIES = [
    "Une femme déplacée rapporte qu'un agent a exigé des rapports sexuels contre des coupons alimentaires.",
    "A staff member is alleged to have offered priority registration in exchange for sex.",
    "Relation alléguée entre un chauffeur et une bénéficiaire de l'aide en espèces.",
]


def _recipient(referral: Referral) -> User | None:
    people = services.recipients_for(
        kind=referral.kind, organisation=referral.organisation, complaint=referral.complaint
    )
    return people[0] if people else None


def _backdate(referral: Referral, sent_at: dt.datetime, *, ack_after: dt.timedelta) -> None:
    fields = {"sent_at": sent_at}
    if referral.acknowledged_at:
        fields["acknowledged_at"] = sent_at + ack_after
    if referral.first_progress_at:
        fields["first_progress_at"] = sent_at + ack_after + dt.timedelta(days=12)
    if referral.closed_at:
        fields["closed_at"] = sent_at + ack_after + dt.timedelta(days=55)
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


@transaction.atomic
def demo_referrals_load(*, seed: int = 7) -> int:
    """Refer the demo SEA complaints that have none yet, and move each referral on according to its age."""
    coordinator = User.objects.filter(role_assignments__role=Role.COORDINATOR).order_by("pk").first()
    if coordinator is None:
        return 0
    private = user_private_key_unlock(user=coordinator, password=DEMO_PASSWORD)
    rng = random.Random(seed)
    outcomes = list(Term.objects.filter(vocabulary=Vocabulary.OUTCOME))
    substantiated = [t for t in outcomes if t.code in ("substantiated", "not_substantiated", "closed_other")]
    candidates = (
        Complaint.objects.filter(
            classification=Classification.SEA, status__in=(Status.TRIAGED, Status.NEW), referrals__isnull=True
        )
        .exclude(triaged_at__isnull=True)
        .select_related("area")
        .order_by("-received_at")
    )
    made = 0
    referred: list[int] = []
    for index, complaint in enumerate(candidates):
        allegation = complaint.allegations.select_related("organisation").first()
        if allegation is None or allegation.organisation is None:
            continue
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
        age = (dt.datetime.now(dt.UTC) - complaint.received_at).days
        # The newest referrals stay waiting, the next ones are only acknowledged: every state shows up.
        if index < 5:
            age = 0
        elif index < 10:
            age = min(age, 20)
        fp = _recipient(referral)
        roll = rng.random()
        if fp is not None and age >= 10:
            if roll < 0.08:
                services.referral_decline(actor=fp, referral=referral, reason=DeclineReason.NOT_OUR_STAFF)
            elif roll < 0.12:
                services.referral_revoke(actor=coordinator, referral=referral, note="Réorientation.")
            else:
                services.referral_acknowledge(actor=fp, referral=referral)
                if age >= 40:
                    services.referral_progress(
                        actor=fp,
                        referral=referral,
                        note="Évaluation préliminaire en cours.",
                        outcome=outcomes[0] if outcomes else None,
                    )
                if age >= 120 and substantiated and rng.random() < 0.75:
                    services.referral_close(
                        actor=fp,
                        referral=referral,
                        outcome=rng.choice(substantiated),
                        survivor_informed_on=min(
                            (complaint.received_at + dt.timedelta(days=90)).date(), timezone.localdate()
                        ),
                    )
        sent_at = complaint.received_at + dt.timedelta(hours=rng.choice([6, 20, 30, 52, 80]))
        _backdate(referral, sent_at, ack_after=dt.timedelta(days=rng.choice([1, 2, 3, 5])))
        # An assistance referral where the survivor consented and a mapped service fits.
        if consent_allows(complaint=complaint, purpose=ConsentPurpose.SERVICES) and rng.random() < 0.5:
            survivor = complaint.survivors.first()
            options = [
                s
                for s in service_list(
                    area=complaint.area,
                    sex=survivor.sex if survivor else None,
                    age_group=survivor.age_group if survivor else None,
                )
                if services.recipients_for(kind=ReferralKind.ASSISTANCE, organisation=s.provider, complaint=complaint)
            ]
            if options:
                assistance = services.assistance_refer(
                    actor=coordinator,
                    complaint=complaint,
                    service=rng.choice(options),
                    summary="Soutien psychosocial et médical demandé; parle bambara et français.",
                    actor_private=private,
                )
                provider = _recipient(assistance)
                if provider is not None and age >= 10:
                    if rng.random() < 0.1:
                        services.referral_decline(actor=provider, referral=assistance, reason=DeclineReason.NO_CAPACITY)
                    else:
                        services.referral_acknowledge(actor=provider, referral=assistance)
                        if age >= 40:
                            services.referral_close(actor=provider, referral=assistance, note="Services fournis.")
                _backdate(
                    assistance, sent_at + dt.timedelta(hours=2), ack_after=dt.timedelta(hours=rng.choice([3, 20, 30]))
                )
    # Move complaints whose referrals are all finished to closed, as a coordinator would.
    for complaint in Complaint.objects.filter(pk__in=referred, status=Status.IN_PROGRESS).prefetch_related("referrals"):
        referrals = list(complaint.referrals.all())
        finished = referrals and all(
            r.state in (ReferralState.CLOSED, ReferralState.REVOKED, ReferralState.DECLINED) for r in referrals
        )
        outcome = any(r.state == ReferralState.CLOSED and r.kind == ReferralKind.ALLEGATION for r in referrals)
        if finished and outcome and rng.random() < 0.7:
            complaint_close(actor=coordinator, complaint=complaint, reason=ClosureReason.OUTCOME_REACHED)
    return made


DEMO_ORDER = 50  # after the demo complaints and services


def load(options: DemoOptions) -> dict[str, int]:
    return {"referrals": demo_referrals_load()}
