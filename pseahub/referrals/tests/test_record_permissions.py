"""Who may post the recipients' records: the investigation and the dates the survivor was informed on an
allegation referral (its organisation's focal point only), the services delivered on an assistance referral
(its organisation's provider only). Anonymous visitors go to the login page; everyone else gets 404, as for the
other answers on a referral: the focal point of another organisation, the provider on an allegation referral
(and the focal point on an assistance one), the coordinator (who reads them, never writes them). They are
POST-only, and nothing changes on a refused request."""

from __future__ import annotations

import pytest

from pseahub.accounts.models import Role
from pseahub.accounts.services import role_grant
from pseahub.accounts.tests.factories import UserFactory
from pseahub.audit.models import AuditEvent
from pseahub.mapping.tests.factories import ServiceFactory
from pseahub.referrals.models import Referral, ServiceDelivery, SurvivorInformed
from pseahub.referrals.services import referral_acknowledge

from .helpers import refer, refer_assistance, sea_complaint

LOGIN = "/accounts/login/"


@pytest.fixture
def world(personas):
    complaint = sea_complaint(personas, consents=("services",))
    allegation = refer(personas, complaint)
    referral_acknowledge(actor=personas.focal_point_a, referral=allegation)
    assistance = refer_assistance(personas, complaint, ServiceFactory(provider=personas.org_a))
    referral_acknowledge(actor=personas.provider, referral=assistance)
    return {"allegation": allegation, "assistance": assistance}


def _allegation_requests(referral):
    base = f"/referrals/{referral.public_id}"
    return [
        (f"{base}/investigation/", {"investigating_entity": "oios", "investigation_started_on": "2026-01-05"}),
        (f"{base}/informed/", {"informed_on": "2026-01-06"}),
    ]


def _assistance_requests(referral):
    return [(f"/referrals/{referral.public_id}/deliveries/", {"service_type": "medical", "delivered_on": "2026-01-06"})]


def _all(world):
    return [
        *_allegation_requests(world["allegation"]),
        *_assistance_requests(world["assistance"]),
        # The wrong kind of referral for each URL.
        *_allegation_requests(world["assistance"]),
        *_assistance_requests(world["allegation"]),
    ]


def _snapshot():
    return (
        list(Referral.objects.order_by("pk").values("investigating_entity", "investigation_started_on")),
        SurvivorInformed.objects.count(),
        ServiceDelivery.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.django_db
def test_anonymous_visitors_go_to_the_login_page(client, world):
    before = _snapshot()

    for url, data in _all(world):
        response = client.post(url, data)
        assert response.status_code == 302, url
        assert response["Location"].startswith(f"{LOGIN}?next="), url

    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["focal_point_b", "provider", "coordinator", "operator", "analyst", "admin", "no_role"]
)
def test_the_allegation_records_are_404_for_all_but_the_focal_point(personas, world, client_for, name):
    client = client_for(getattr(personas, name))
    before = _snapshot()

    for url, data in _allegation_requests(world["allegation"]):
        assert client.post(url, data).status_code == 404, url

    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["focal_point_a", "focal_point_b", "coordinator", "operator", "analyst", "admin", "no_role"]
)
def test_the_services_delivered_are_404_for_all_but_the_provider(personas, world, client_for, name):
    client = client_for(getattr(personas, name))
    before = _snapshot()

    for url, data in _assistance_requests(world["assistance"]):
        assert client.post(url, data).status_code == 404, url

    assert _snapshot() == before


@pytest.mark.django_db
def test_a_provider_of_another_organisation_gets_404(personas, world, client_for):
    provider_b = UserFactory(email="provider.b@example.org")
    role_grant(actor=None, user=provider_b, role=Role.SERVICE_PROVIDER, organisation=personas.org_b)
    before = _snapshot()

    for url, data in _assistance_requests(world["assistance"]):
        assert client_for(provider_b).post(url, data).status_code == 404, url

    assert _snapshot() == before


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["focal_point_a", "provider"])
def test_each_url_is_404_on_the_wrong_kind_of_referral_even_for_its_recipient(personas, world, client_for, name):
    client = client_for(getattr(personas, name))
    before = _snapshot()
    wrong = (
        _assistance_requests(world["allegation"])
        if name == "focal_point_a"
        else _allegation_requests(world["assistance"])
    )

    for url, data in wrong:
        assert client.post(url, data).status_code == 404, url

    assert _snapshot() == before


@pytest.mark.django_db
def test_the_recipients_reach_their_own(personas, world, client_for):
    focal_point, provider = client_for(personas.focal_point_a), client_for(personas.provider)

    for url, data in _allegation_requests(world["allegation"]):
        assert focal_point.post(url, data).status_code == 302, url
    for url, data in _assistance_requests(world["assistance"]):
        assert provider.post(url, data).status_code == 302, url

    assert Referral.objects.get(pk=world["allegation"].pk).investigating_entity == "oios"
    assert (SurvivorInformed.objects.count(), ServiceDelivery.objects.count()) == (1, 1)


@pytest.mark.django_db
def test_they_are_post_only(personas, world, client_for):
    before = _snapshot()

    for name, requests in (
        ("focal_point_a", _allegation_requests(world["allegation"])),
        ("provider", _assistance_requests(world["assistance"])),
    ):
        client = client_for(getattr(personas, name))
        for url, _data in requests:
            assert client.get(url).status_code == 405, url

    assert _snapshot() == before
