"""A service not verified for six months (or never) is flagged "due" on the list, the list can keep only those,
and the provider's and the coordinator's landing pages tell how many need verifying, with a link."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from pseahub.mapping.models import Service
from pseahub.mapping.tests.factories import ServiceFactory

pytestmark = pytest.mark.django_db


def _verified(service: Service, days_ago: int) -> None:
    Service.objects.filter(pk=service.pk).update(last_verified_at=timezone.now() - dt.timedelta(days=days_ago))


@pytest.fixture
def three(personas):
    fresh = ServiceFactory(provider=personas.org_a, name="Fresh service")
    _verified(fresh, 30)
    old = ServiceFactory(provider=personas.org_a, name="Old service")
    _verified(old, 200)
    never = ServiceFactory(provider=personas.org_a, name="Never verified service")
    inactive = ServiceFactory(provider=personas.org_a, name="Closed service", is_active=False)
    return fresh, old, never, inactive


def _rows(page: str) -> dict[str, str]:
    rows = {}
    for row in page.split("<tr>")[2:]:
        for name in ("Fresh service", "Old service", "Never verified service", "Closed service"):
            if name in row:
                rows[name] = row
    return rows


def test_the_list_flags_those_due(personas, client_for, three):
    page = client_for(personas.provider).get(reverse("mapping:services")).content.decode()

    rows = _rows(page)
    assert "(due)" not in rows["Fresh service"]
    assert "(due)" in rows["Old service"]
    assert "(due)" in rows["Never verified service"] and "Never" in rows["Never verified service"]
    assert "(due)" not in rows["Closed service"]  # an inactive service is not chased
    assert "2 services below need verifying." in page


def test_the_filter_keeps_only_those_due(personas, client_for, three):
    page = client_for(personas.coordinator).get(reverse("mapping:services"), {"overdue": "on"}).content.decode()

    assert set(_rows(page)) == {"Old service", "Never verified service"}


def test_the_coordinator_filters_by_organisation_and_type(personas, client_for, three):
    ServiceFactory(provider=personas.org_b, name="Beta legal aid", type="legal")
    client = client_for(personas.coordinator)

    by_org = client.get(reverse("mapping:services"), {"organisation": personas.org_b.pk}).content.decode()
    by_type = client.get(reverse("mapping:services"), {"type": "legal"}).content.decode()

    assert "Beta legal aid" in by_org and "Fresh service" not in by_org
    assert "Beta legal aid" in by_type and "Old service" not in by_type


def test_the_providers_list_has_no_organisation_filter(personas, client_for, three):
    page = client_for(personas.provider).get(reverse("mapping:services")).content.decode()

    assert 'name="organisation"' not in page


@pytest.mark.parametrize(("persona", "landing"), [("provider", "referrals:inbox"), ("coordinator", "cases:inbox")])
def test_the_landing_page_tells_how_many_need_verifying(personas, client_for, three, persona, landing):
    page = client_for(getattr(personas, persona)).get(reverse(landing)).content.decode()

    assert "2 services in the registry need verifying" in page
    assert f'href="{reverse("mapping:services")}?overdue=on"' in page


def test_no_notice_when_none_is_due_or_for_a_focal_point(personas, client_for, three):
    _fresh, old, never, _inactive = three
    focal_point_page = client_for(personas.focal_point_a).get(reverse("referrals:inbox")).content.decode()
    assert "need verifying" not in focal_point_page
    for service in (old, never):
        _verified(service, 1)
    page = client_for(personas.provider).get(reverse("referrals:inbox")).content.decode()
    assert "need verifying" not in page and "needs verifying" not in page
