"""The small demo (40 complaints) that the browser tour loads still holds the referrals its pages need."""

import pytest

from pseahub.cases.models import Classification, Complaint
from pseahub.core.discovery import DemoOptions, demo_loaders
from pseahub.referrals.models import Referral, ReferralKind, ReferralState

pytestmark = pytest.mark.django_db


def _load(complaints: int) -> None:
    for _label, load in demo_loaders():
        load(DemoOptions(complaints=complaints))


def test_the_small_demo_still_gives_the_page_tour_its_referrals():
    # The browser tour (core/tests/browser/test_every_page_on_a_phone.py) loads 40 complaints and needs these.
    _load(40)

    to_amss = Referral.objects.filter(organisation__acronym="AMSS")
    assert to_amss.filter(kind=ReferralKind.ALLEGATION, state=ReferralState.SENT).exists()
    assert to_amss.filter(kind=ReferralKind.ASSISTANCE).exists()
    assert Complaint.objects.filter(classification=Classification.SEA, referrals__isnull=False).exists()
