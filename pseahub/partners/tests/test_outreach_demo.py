"""The demo's campaigns, key messages, stakeholders and funding: a campaign in Mopti and Gao with messages in five
languages, stakeholders (one linked to an account), two donors with funding, a proposal with a deadline, donor
reports due (one overdue); loading twice adds nothing; the public messages reach the directory."""

import pytest
from django.test import Client
from django.utils import timezone

from pseahub.audit.models import AuditEvent
from pseahub.network.demo import demo_load
from pseahub.partners.models import Campaign, Donor, DonorReport, FundingSource, KeyMessageText, Proposal, Stakeholder
from pseahub.partners.outreach_demo import demo_campaigns_load, demo_funding_load

pytestmark = pytest.mark.django_db


def test_the_demo_outreach_is_realistic_and_idempotent():
    demo_load()
    assert demo_campaigns_load() == 4 + 2  # messages, campaigns
    assert demo_funding_load() == 7 + 2 + 2 + 2 + 4  # contacts, donors, funding, proposals, reports
    events = AuditEvent.objects.count()

    campaign = Campaign.objects.get(title__startswith="16 jours")
    assert {a.pcode for a in campaign.areas.all()} == {"ML05", "ML07"}
    languages = set(
        KeyMessageText.objects.filter(message__in=campaign.messages.all()).values_list("language_code", flat=True)
    )
    assert languages == {"fr", "en", "ar", "bm", "ff"}
    assert Donor.objects.count() == 2 and FundingSource.objects.count() == 2
    assert Proposal.objects.filter(deadline__gt=timezone.localdate(), status="drafting").exists()
    assert DonorReport.objects.filter(status="due", due_on__lt=timezone.localdate()).count() == 1
    assert Stakeholder.objects.filter(user__isnull=False).exists()

    assert demo_campaigns_load() == 0 and demo_funding_load() == 0
    assert AuditEvent.objects.count() == events
    assert Campaign.objects.count() == 2 and Stakeholder.objects.count() == 7 and DonorReport.objects.count() == 4

    page = Client().get("/directory/", headers={"accept-language": "fr"}).content.decode()
    assert "Personne n&#x27;a le droit" in page and "Bamanankan" in page and "Rappel aux équipes" not in page
