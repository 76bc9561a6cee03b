"""A referral's dates on its page are written in the reader's language (named formats, not ISO everywhere)."""

from __future__ import annotations

import re

import pytest

from pseahub.mapping.tests.factories import ServiceFactory

from .helpers import refer_assistance, sea_complaint, sign_in, text


@pytest.mark.django_db
def test_a_french_provider_reads_french_dates_on_the_referral_page(personas):
    personas.provider.language = "fr"
    personas.provider.save(update_fields=["language"])
    complaint = sea_complaint(personas, consents=("services",))
    referral = refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a))
    client = sign_in(personas.provider)
    base = f"/referrals/{referral.public_id}"
    client.post(f"{base}/acknowledge/")

    page = text(client.post(f"{base}/follow-up/", {"follow_up_on": "2026-12-06"}, follow=True))

    assert "6 déc. 2026" in page  # DATE_FORMAT
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", page)  # SHORT_DATETIME_FORMAT: sent, 06/12/2026 14:05
    assert not re.search(r"\d{4}-\d{2}-\d{2} \d{2}:\d{2}", page)
