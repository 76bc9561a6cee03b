"""Small data for the campaigns and funding tests: a message, a campaign, a stakeholder, a donor with funding, a
proposal and a report due, written through the services (the demo loader's ``actor=None``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from pseahub.mapping.tests.factories import mali_areas
from pseahub.partners.campaigns import campaign_create, message_create, message_text_save
from pseahub.partners.funding import (
    donor_create,
    donor_report_create,
    funding_create,
    proposal_create,
    stakeholder_create,
)
from pseahub.partners.models import (
    Campaign,
    Donor,
    DonorReport,
    FundingSource,
    KeyMessage,
    Proposal,
    Stakeholder,
)


@dataclass
class Outreach:
    message: KeyMessage
    campaign: Campaign
    stakeholder: Stakeholder
    donor: Donor
    funding: FundingSource
    proposal: Proposal
    report: DonorReport


def outreach_world() -> Outreach:
    today = timezone.localdate()
    areas = mali_areas()
    message = message_create(actor=None, topic="free_assistance", title="Gratuité", is_public=True)
    message_text_save(
        actor=None,
        message=message,
        language_code="fr",
        language_name="Français",
        text="L'aide humanitaire est gratuite.",
    )
    campaign = campaign_create(
        actor=None,
        data={
            "title": "16 jours",
            "start": today - dt.timedelta(days=20),
            "end": today - dt.timedelta(days=5),
            "channels": ["radio"],
            "reached_total": 100,
        },
        areas=[areas["ML05"]],
        messages=[message],
    )
    stakeholder = stakeholder_create(
        actor=None, data={"kind": "cluster", "organisation_name": "Cluster Protection", "name": "Awa Diallo"}
    )
    donor = donor_create(actor=None, name="ECHO")
    funding = funding_create(
        actor=None,
        data={
            "donor": donor,
            "title": "Subvention PSEA",
            "amount": Decimal("50000"),
            "currency": "EUR",
            "start": today - dt.timedelta(days=100),
            "end": today + dt.timedelta(days=265),
        },
    )
    proposal = proposal_create(
        actor=None,
        data={
            "title": "Proposition 2027",
            "donor": donor,
            "amount_requested": Decimal("80000"),
            "currency": "EUR",
            "deadline": today + dt.timedelta(days=30),
        },
    )
    report = donor_report_create(
        actor=None,
        data={
            "donor": donor,
            "funding": funding,
            "period_start": today - dt.timedelta(days=100),
            "period_end": today - dt.timedelta(days=10),
            "due_on": today + dt.timedelta(days=40),
        },
    )
    return Outreach(message, campaign, stakeholder, donor, funding, proposal, report)
