"""The provider of an assistance referral records the services actually delivered (medical, psychosocial,
legal, material, safety, livelihoods) with their date: not in the future, once per service and day (the same
again is a plain notice, not an error page), only once the referral is accepted. They are listed on the referral
page and on the coordinator's case page; each new one is audited."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from pseahub.audit.models import Action
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import ServiceDelivery
from pseahub.referrals.selectors import network_today
from pseahub.referrals.services import referral_acknowledge, referral_close

from .helpers import events_on, refer_assistance, sea_complaint, text


@pytest.fixture
def accepted(personas):
    complaint = sea_complaint(personas, consents=("services",))
    referral = refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a, name="Clinic Nord"))
    referral_acknowledge(actor=personas.provider, referral=referral)
    return referral


def _url(referral):
    return f"/referrals/{referral.public_id}/deliveries/"


def _rows(referral):
    return list(ServiceDelivery.objects.filter(referral=referral).values_list("service_type", "delivered_on"))


def _delivered_events(referral):
    return [e for e in events_on(referral.complaint, Action.REFERRAL_PROGRESS) if "service_delivered" in e.data]


@pytest.mark.django_db
def test_the_provider_records_services_and_both_pages_list_them(personas, accepted, client_for):
    provider = client_for(personas.provider)

    for data in (
        {"service_type": "medical", "delivered_on": "2026-06-01"},
        {"service_type": "psychosocial", "delivered_on": "2026-06-03"},
        {"service_type": "medical", "delivered_on": "2026-06-08"},
    ):
        response = provider.post(_url(accepted), data)
        assert response.status_code == 302 and response["Location"] == f"/referrals/{accepted.public_id}/"

    assert _rows(accepted) == [
        ("medical", dt.date(2026, 6, 1)),
        ("psychosocial", dt.date(2026, 6, 3)),
        ("medical", dt.date(2026, 6, 8)),
    ]
    (first, *_rest) = _delivered_events(accepted)
    assert first.actor == personas.provider
    assert first.data == {
        "referral": str(accepted.public_id),
        "service_delivered": "medical",
        "delivered_on": "2026-06-01",
    }
    referral_page = text(provider.get(f"/referrals/{accepted.public_id}/"))
    case_page = text(client_for(personas.coordinator).get(f"/cases/{accepted.complaint.public_id}/"))
    for page in (referral_page, case_page):
        table = re.search(r'<table class="stack deliveries">(.*?)</table>', page, re.S).group(1)
        assert "<caption" in table and 'scope="col"' in table
        rows = re.findall(r'<th scope="row">(.*?)</th>.*?<time[^>]*>(.*?)</time>', table, re.S)
        assert rows == [("Medical", "1 Jun 2026"), ("Psychosocial", "3 Jun 2026"), ("Medical", "8 Jun 2026")]
    assert "Record the service delivered" not in case_page


@pytest.mark.django_db
def test_the_same_service_on_the_same_day_is_kept_once(personas, accepted, client_for):
    provider = client_for(personas.provider)
    data = {"service_type": "legal", "delivered_on": "2026-06-01"}
    provider.post(_url(accepted), data)

    response = provider.post(_url(accepted), data, follow=True)

    assert response.status_code == 200
    assert "This service was already recorded on that date." in text(response)
    assert _rows(accepted) == [("legal", dt.date(2026, 6, 1))]
    assert len(_delivered_events(accepted)) == 1


@pytest.mark.django_db
def test_a_date_in_the_future_comes_back_beside_the_field(personas, accepted, client_for):
    tomorrow = (network_today() + dt.timedelta(days=1)).isoformat()

    response = client_for(personas.provider).post(_url(accepted), {"service_type": "safety", "delivered_on": tomorrow})

    assert response.status_code == 200
    page = text(response)
    error = re.search(r'<ul class="errorlist" id="delivery-delivered_on_error">(.*?)</ul>', page, re.S)
    assert error and "A service cannot be delivered in the future." in error.group(1)
    assert _rows(accepted) == []


@pytest.mark.django_db
def test_a_missing_service_comes_back_beside_the_field(personas, accepted, client_for):
    response = client_for(personas.provider).post(_url(accepted), {"service_type": "", "delivered_on": "2026-06-01"})

    assert response.status_code == 200
    assert 'id="delivery-service_type_error"' in text(response)
    assert _rows(accepted) == []


@pytest.mark.django_db
def test_not_before_the_referral_is_accepted_but_still_after_it_is_done(personas, client_for):
    complaint = sea_complaint(personas, consents=("services",))
    referral = refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a))
    provider = client_for(personas.provider)
    data = {"service_type": "material", "delivered_on": "2026-06-01"}

    assert "Record the service delivered" not in text(provider.get(f"/referrals/{referral.public_id}/"))
    response = provider.post(_url(referral), data, follow=True)
    assert "This referral is Sent; that step is not possible now." in text(response)
    assert _rows(referral) == []

    referral_acknowledge(actor=personas.provider, referral=referral)
    referral_close(actor=personas.provider, referral=referral)
    assert provider.post(_url(referral), data).status_code == 302
    assert _rows(referral) == [("material", dt.date(2026, 6, 1))]
